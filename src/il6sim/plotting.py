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
