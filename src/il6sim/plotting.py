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



def check_formats(formats: object, where: str = "formats") -> tuple[str, ...]:
    """Figure formats to write, checked before anything is written: a list such as ``("png", "svg")``
    (one name alone is taken as a list of one), each one matplotlib can save; else one-line InputError.

    >>> check_formats("png"), check_formats(["png", "svg"])
    (('png',), ('png', 'svg'))
    """
    from .errors import InputError
    from .validate import did_you_mean, show

    if isinstance(formats, str):
        formats = (formats,)
    if not isinstance(formats, (list, tuple)) or not formats or not all(isinstance(f, str) for f in formats):
        raise InputError(f"must be a list of figure formats such as ('png', 'svg') (got {show(formats)})", where)
    from matplotlib.backend_bases import FigureCanvasBase

    known = sorted(FigureCanvasBase.get_supported_filetypes())
    for f in formats:
        if f not in known:
            raise InputError(f"unknown figure format {f!r}{did_you_mean(f, known)} (known: {', '.join(known)})",
                             where)
    return tuple(formats)

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



def _escaped(formatter):
    """``formatter`` with each '$' of the labels it writes escaped, as matplotlib reads a literal dollar sign."""
    from matplotlib.ticker import FuncFormatter

    def label(x, pos=None):
        return str(formatter(x, pos)).replace("$", "\\$")

    out = FuncFormatter(label)
    out.il6sim_literal = True
    return out


def literal_text(fig) -> None:
    """Have every text of ``fig`` drawn as written: a '$' in a protocol, group, condition or gene name is not
    read as a formula.

    matplotlib reads text between two '$' as mathtext; a name such as ``$\\frac{1}$`` then stopped the
    drawing with a parse error, and ``cost $5 and $6`` came out in math italics. il6sim's own labels use no
    mathtext, so every text object is made literal, and so are the tick labels that il6sim gives (names set
    with ``set_xticklabels``, labels written by a function); tick labels that matplotlib's own formatters
    write (the powers of ten of a log axis) keep their mathtext. Call it on the complete figure, before saving.
    """
    from matplotlib.text import Text
    from matplotlib.ticker import FixedFormatter, FuncFormatter

    formatted = set()  # tick labels, rewritten by their axis' formatter at each drawing
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            formatted.add(id(axis.offsetText))
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                formatted.update((id(tick.label1), id(tick.label2)))
            for fmt, setter in ((axis.get_major_formatter(), axis.set_major_formatter),
                                (axis.get_minor_formatter(), axis.set_minor_formatter)):
                if isinstance(fmt, (FixedFormatter, FuncFormatter)) and not getattr(fmt, "il6sim_literal", False):
                    setter(_escaped(fmt))
    for text in fig.findobj(Text):
        if id(text) not in formatted:
            text.set_parse_math(False)
