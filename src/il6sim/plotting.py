"""matplotlib for the figures il6sim writes to files, without taking over a user's display.

Every figure function gets pyplot through :func:`pyplot`: it keeps a backend that draws
without a window (Agg, SVG, PDF, ...) or inline in a notebook, and switches anything
else (a desktop GUI, or no choice made yet) to Agg, so that a command run over SSH or in
CI never needs a display. The web server sets Agg itself (``web.figures``).

>>> plt = pyplot()
>>> plt.get_backend().lower() in HEADLESS or "inline" in plt.get_backend()
True
"""

from __future__ import annotations

HEADLESS = ("agg", "svg", "pdf", "ps", "cairo", "pgf", "template")


def pyplot():
    """``matplotlib.pyplot``, on a backend that needs no window (the current one if it needs none)."""
    import matplotlib

    backend = matplotlib.get_backend().lower()
    if backend not in HEADLESS and "inline" not in backend:
        try:
            matplotlib.use("Agg", force=True)
        except Exception:  # pragma: no cover - a GUI event loop that refuses to let go
            pass
    import matplotlib.pyplot as plt

    return plt


#: one colour per signalling route, the same in every figure il6sim draws (comparison time courses and
#: dose-responses, protocol time courses): classic = IL-6 alone, trans = IL-6 + sIL-6R, hyper = Hyper-IL-6
ROUTE_COLORS = {"classic": "#1f77b4", "trans": "#d62728", "hyper": "#9467bd"}
#: the seed's sgp130Fc conditions, drawn alike wherever they appear: orange dots for classic + sgp130Fc
#: (drawn over the classic line, which it often matches) and grey dashes for trans + sgp130Fc
SGP130FC_STYLE = {"classic": dict(color="#ff7f0e", ls=(0, (1, 1.6)), lw=2.2),
                  "trans": dict(color="#555555", ls="--")}
#: colours for groups that are not one of the routes (e.g. sIL-6R alone, a drug alone): none of them is a
#: route's colour, nor the orange and grey of the sgp130Fc conditions
OTHER_COLORS = ("#2ca02c", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f4f00", "#006d5b", "#b15928")
