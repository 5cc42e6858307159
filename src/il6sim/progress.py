"""Progress of long work on stderr: a tqdm bar on a terminal, a plain line every 5 % in logs and pipes.

Sweeps, sensitivity analyses, populations, fits and profiles all report through
:func:`progress_meter`, so a run whose stderr goes to a file or a pipe still says
how far it has come (a bar needs a terminal: in a log it is one long line of
carriage returns).

>>> import io
>>> buf = io.StringIO()
>>> p = LineProgress(4, desc="fit hepg2", unit="starts", stream=buf)
>>> p.update(1); p.set_postfix(best="12.5"); p.update(1)
>>> print(buf.getvalue(), end="")
fit hepg2: 25% (1/4 starts)
fit hepg2: 50% (2/4 starts, best 12.5)
"""

from __future__ import annotations

import math


class LineProgress:
    """Progress for logs and pipes: one line per ``step`` percent of the work (a bar needs a terminal)."""

    def __init__(self, total: int, initial: int = 0, *, desc: str = "sweep", step: float = 5.0, stream=None,
                 unit: str = "runs"):
        import sys

        self.total, self.n, self.desc, self.step, self.unit = max(int(total), 1), int(initial), desc, step, unit
        self.stream = stream if stream is not None else sys.stderr
        self._last = math.floor(100.0 * self.n / self.total / step)
        self._postfix = ""

    def update(self, k: int = 1) -> None:
        self.n += int(k)
        level = math.floor(100.0 * self.n / self.total / self.step)
        if level > self._last:
            self._last = level
            self.stream.write(f"{self.desc}: {100.0 * self.n / self.total:.0f}% ({self.n}/{self.total} "
                              f"{self.unit}{self._postfix})\n")
            self.stream.flush()

    def set_postfix(self, **values) -> None:
        """Shown in the next line, as tqdm shows it beside the bar (``best=12.5`` -> ``, best 12.5``)."""
        self._postfix = "".join(f", {k} {v}" for k, v in values.items())

    def close(self) -> None:
        pass


def progress_meter(enabled, total: int, initial: int = 0, *, desc: str = "sweep", unit: str = "run",
                   leave: bool = True):
    """``True`` or ``"bar"``: a tqdm bar (a terminal); ``"lines"``: a line every 5 %; falsy: None (no progress).

    Commands choose with :func:`progress_mode`. ``unit``: what is counted, singular (``run``, ``start``).
    """
    if not enabled:
        return None
    if enabled == "lines":
        return LineProgress(total, initial, desc=desc, unit=f"{unit}s")
    from tqdm.auto import tqdm

    return tqdm(total=total, initial=initial, unit=unit, desc=desc, dynamic_ncols=True, leave=leave)


def check_progress(value: object, name: str = "progress"):
    """A Python caller's ``progress``: True/False (or None: off), ``"bar"`` or ``"lines"``; other text
    (``"no"``, true in Python) raises an InputError naming ``name``."""
    if value is None or value in ("bar", "lines") and isinstance(value, str):
        return value
    from .errors import InputError, is_bool
    from .validate import given

    if is_bool(value):
        return bool(value)
    raise InputError(f"must be True, False, 'bar' or 'lines' (got {given(value)})", name)


def progress_mode(off: bool = False):
    """What a command shows (its ``--no-progress`` is ``off``): ``"bar"`` on a terminal, else ``"lines"``."""
    import sys

    if off:
        return False
    return "bar" if sys.stderr.isatty() else "lines"
