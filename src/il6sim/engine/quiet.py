"""Keep the native solver's own messages off the terminal.

SUNDIALS (CVODE) inside libroadrunner prints ``[ERROR][rank 0][...cvodes.c:...]`` and
``[WARNING]`` lines straight to the process's file descriptors, below Python and
below libroadrunner's Logger. :func:`quiet_simulate` points descriptors 1 and 2 at a
scratch file for the duration of one ``rr.simulate`` call, then restores them. Solver
lines found there are attached to the ``RuntimeError`` that the failed call raises (and
so to the :class:`~il6sim.errors.SolverError` the engine makes of it) or logged at
DEBUG level; anything else that arrived meanwhile (another thread's output) is written
back to where it was going.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import tempfile
import threading

log = logging.getLogger(__name__)

_SOLVER_LINE = re.compile(r"^\[(ERROR|WARNING|WARN|NOTICE)\]")
_LOCATION = re.compile(r"^(?:\[[^\]]*\])+\s*")
_state = threading.local()
_lock = threading.Lock()
_scratch: int | None = None


def _scratch_fd() -> int:
    global _scratch
    if _scratch is None:
        fd, name = tempfile.mkstemp(prefix="il6sim-solver-", suffix=".log")
        os.unlink(name)  # anonymous: gone when the process ends
        _scratch = fd
    return _scratch


def _flush_c_stdio() -> None:
    """fflush(NULL): C-level buffered output goes to the scratch file, not to the restored descriptor."""
    global _libc
    if _libc is None:
        import ctypes

        try:
            _libc = ctypes.CDLL(None)
        except OSError:  # pragma: no cover
            _libc = False
    if _libc:
        _libc.fflush(None)


_libc = None

_CODE = re.compile(r"\bCV_[A-Z_]+\b")
_LONG_NUMBER = re.compile(r"(?<![\w.])\d+\.\d{4,}(?:e[-+]?\d+)?")
_CPP_PLACE = re.compile(r";?\s*In (?:virtual )?[\w:<>*& ]+(?:\(.*)?$")


def solver_reason(line: str, error: str) -> str:
    """One balanced clause saying why the solver stopped, for a message meant for people.

    ``line`` is CVODE's own error line (from :func:`solver_message`, may be empty) and
    ``error`` the text of libroadrunner's exception, which repeats it with the CVODE code,
    a parenthesis it does not always close and the C++ function it came from. The result
    keeps CVODE's sentence and its code in brackets, drops the C++ location and writes
    long numbers to four significant digits:
    ``At t = 0 and h = 8.054e-18, the corrector convergence test failed repeatedly or with
    |h| = hmin [CV_CONV_FAILURE]``.
    """
    code = _CODE.search(error)
    text = line.strip().rstrip(".").strip() if line.strip() else _CPP_PLACE.sub("", error.strip())
    text = _LONG_NUMBER.sub(lambda m: f"{float(m.group()):.4g}", " ".join(text.split()))
    text = text.replace("(", "").replace(")", "") if text.count("(") != text.count(")") else text
    if code and code.group(0) not in text:
        text = f"{text} [{code.group(0)}]" if text else code.group(0)
    return text or "no reason given by the solver"


def solver_message(text: str) -> str:
    """The first solver error line of ``text`` without its ``[ERROR][rank 0][file:line][function]`` prefix."""
    lines = [ln for ln in text.splitlines() if _SOLVER_LINE.match(ln)]
    errors = [ln for ln in lines if ln.startswith("[ERROR]")] or lines
    return _LOCATION.sub("", errors[0]).strip() if errors else ""


def _simulate(rr, grid):
    """``rr.simulate(times=grid)`` without the Python wrapper's per-call bookkeeping.

    libroadrunner's ``RoadRunner.simulate`` (2.10) validates its keyword arguments, toggles
    the integrator's variable-step setting four times and lower-cases every time-course
    selection on each call: about 0.2 ms, as much as a short integration. With fixed output
    times, no selections and no output file, all it does besides is fill its options
    object with the times and call ``_simulate``; that is done here directly, falling back
    to the public call if those internals are missing.
    """
    opts = getattr(rr, "_RoadRunner__simulateOptions", None)
    if opts is None or not hasattr(rr, "_setSimulateOptionsTimes") or not hasattr(rr, "_simulate"):
        return rr.simulate(times=grid)  # pragma: no cover - other libroadrunner versions
    rr._setSimulateOptionsTimes(opts, grid.tolist() if hasattr(grid, "tolist") else list(grid))
    opts.output_file = ""
    return rr._simulate(opts)


def _restore(saved: list) -> None:
    """Point each redirected descriptor back at its saved copy, once (the list is emptied)."""
    while saved:
        target, copy = saved.pop()
        os.dup2(copy, target)
        os.close(copy)


def quiet_simulate(rr, grid):
    """``rr.simulate(times=grid)`` with the native solver's console output captured."""
    if getattr(_state, "active", False):  # nested: the outer call captures
        return _simulate(rr, grid)
    with _lock:
        fd = _scratch_fd()
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (AttributeError, OSError, ValueError):  # pragma: no cover - closed or replaced streams
                pass
        saved = []
        error: RuntimeError | None = None
        # one finally from the first redirect on: an interrupt (Ctrl-C, SIGTERM) raised between any two
        # statements must not leave standard output and error pointing at the scratch file
        try:
            try:
                for target in (1, 2):
                    saved.append((target, os.dup(target)))
                    os.dup2(fd, target)
            except OSError:  # pragma: no cover - no descriptors to redirect (embedded interpreters)
                _restore(saved)
                return _simulate(rr, grid)
            _state.active = True
            try:
                res = _simulate(rr, grid)
            except RuntimeError as exc:
                error = exc
        finally:
            _state.active = False
            if saved:
                _flush_c_stdio()
                _restore(saved)
        text = ""
        if os.lseek(fd, 0, os.SEEK_END) > 0:
            os.lseek(fd, 0, os.SEEK_SET)
            text = os.read(fd, 1 << 20).decode("utf-8", "replace")
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
    if text:
        other = "".join(ln for ln in text.splitlines(keepends=True) if not _SOLVER_LINE.match(ln))
        if other:
            try:
                os.write(2, other.encode())
            except OSError:  # pragma: no cover
                pass
        msg = solver_message(text)
        if msg and error is None:
            log.debug("solver: %s", msg)
    if error is not None:
        raise RuntimeError(solver_reason(solver_message(text), str(error))) from None
    return res
