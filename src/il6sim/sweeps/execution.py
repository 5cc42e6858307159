"""Run a design through a :class:`~il6sim.sweeps.plan.RunPlan`: serially or on Dask, chunked and resumable.

Runs are cut into chunks of ``chunk_size`` consecutive run ids. A worker runs
a whole chunk on its own compiled model and returns plain columns; the
caller's process writes each finished chunk atomically as
``parts/part-NNNNNN.parquet`` in the output directory. Starting again on the
same directory with the same sweep skips the chunks already written, so an
interrupted sweep loses at most the chunks in flight and computes nothing
twice. At the end the parts are merged, in run order, into ``runs.parquet``.

Schedulers: ``"serial"`` (this process), ``"local"`` (a Dask LocalCluster of
worker processes, one thread each), ``"auto"`` (serial below
:data:`AUTO_SERIAL_MAX_SIMS` simulations, else local), or the address of a
running Dask scheduler (``tcp://host:8786``).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import numpy as np
import pandas as pd

from ..errors import InputError, require
from ..io.locking import LOCK, locked_dir
from ..io.staging import umask
from ..progress import LineProgress, check_progress, progress_meter  # noqa: F401 (LineProgress is imported from here too)
from ..provenance import Provenance
from ..validate import check_count, check_flag
from .plan import RunPlan, run_chunk, warm_worker, worker_simulator
from .readouts import select

log = logging.getLogger(__name__)

#: "auto" runs serially up to this many simulations (runs x groups)
AUTO_SERIAL_MAX_SIMS = 2000

RUNS = "runs.parquet"
DESIGN = "design.parquet"
PROVENANCE = "provenance.json"
PARTS = "parts"

COLUMNS = ("run_id", "group", "observable", "readout", "time_min", "value", "status")

#: what the sweep, sensitivity and population commands write from the runs (summaries, per-cell table,
#: indices, figures): --overwrite removes these with the runs, so that none of an earlier sweep's stays
#: beside the new results (a figure not drawn again with --no-plot, a summary of another command)
DERIVED = ("summary.csv", "summary.png", "cells.parquet", "population.png", "indices.csv", "indices_s2.csv")
DERIVED_PATTERNS = ("sensitivity_*.png",)


def _schema():
    """The columns of one chunk's part (what a worker returns)."""
    import pyarrow as pa

    return pa.schema([
        ("run_id", pa.int64()), ("group", pa.string()), ("observable", pa.string()), ("readout", pa.string()),
        ("time_min", pa.float64()), ("value", pa.float64()), ("status", pa.string()),
    ])


def _runs_schema():
    """The columns of runs.parquet: a part's, and ``unit`` (of ``value``) after ``value``."""
    import pyarrow as pa

    s = _schema()
    return s.insert(s.get_field_index("value") + 1, pa.field("unit", pa.string()))


#: the unit of each metric's value; None: the observable's unit (see il6sim.readouts.metrics)
_METRIC_UNITS = {"baseline": None, "peak": None, "peak_response": None, "time_to_peak": "min", "duration": "min",
                 "auc": "{} x min", "late_fraction": "fraction of the peak response"}


def value_unit(unit_words: str, readout: str) -> str:
    """The unit of a value read as ``readout`` (a metric, or a value at a time) from an observable whose unit
    is ``unit_words`` (:attr:`~il6sim.model.spec.Observable.unit_words`, the words ``il6sim run``'s tables use).

    >>> value_unit("fraction of total STAT3", "value"), value_unit("fraction of total STAT3", "auc")
    ('fraction of total STAT3', 'fraction of total STAT3 x min')
    >>> value_unit("nM", "time_to_peak"), value_unit("nM", "peak")
    ('min', 'nM')
    """
    m = _METRIC_UNITS.get(readout)
    return unit_words if m is None else m.format(unit_words)


def unit_pattern(plan: RunPlan) -> list[str]:
    """The unit of ``value`` in each row of one run, in the order :func:`run_chunk` writes the rows.

    Said as ``il6sim run``'s tables say it (:attr:`~il6sim.model.spec.Observable.unit_words`,
    :func:`il6sim.protocols.runner.unit_in_words`): values at a time and peaks in the observable's
    unit ('fraction of total STAT3', 'nM'), times to peak in min, areas in that unit x min
    ('fraction of total STAT3 x min', as :func:`il6sim.compare.comparison.readout_unit` says them).
    """
    from ..model.reference import reference_model

    obs_map = (plan.model.spec or reference_model()).observable_map
    row = []
    for o in plan.observables:
        u = obs_map[o].unit_words if o in obs_map else ""
        row.extend(value_unit(u, r) for r, _ in plan.readouts)
    return row * len(plan.groups)


def parameter_units(plan: RunPlan) -> dict[str, str]:
    """The model's unit of each parameter that ``plan`` varies ('molecules/cell', 'nM', ...; '1': no unit).

    >>> from il6sim.sweeps.spec import load_sweep_spec
    >>> spec = load_sweep_spec({"protocol": "seed:trans_huvec", "design": {"method": "random", "n": 1,
    ...     "parameters": {"IL6R_per_cell": {"low": 10, "high": 100}, "K_SOCS3": {}}}})
    >>> parameter_units(spec.run_plan())
    {'IL6R_per_cell': 'molecules/cell', 'K_SOCS3': 'nM'}
    """
    from ..model.reference import reference_model

    pmap = (plan.model.spec or reference_model()).parameter_map
    return {n: pmap[n].unit for n in plan.names if n in pmap}


def _with_units(table, pattern: list[str]):
    """``table`` (whole runs, rows in run order) with the ``unit`` column after ``value``."""
    import pyarrow as pa
    import pyarrow.compute as pc

    n = table.num_rows // len(pattern) if pattern else 0
    idx = np.tile(np.arange(len(pattern), dtype=np.int32), n)
    units = pc.take(pa.array(pattern, type=pa.string()), pa.array(idx))
    return table.add_column(table.schema.get_field_index("value") + 1, "unit", units)


def _to_arrow(cols: dict[str, np.ndarray]):
    import pyarrow as pa

    schema = _schema()
    return pa.Table.from_arrays([pa.array(cols[c], type=schema.field(c).type) for c in COLUMNS], schema=schema)


def now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


@dataclass
class SweepResult:
    """What a sweep produced. ``table()`` reads the long-format results (one row per run and readout)."""

    n_runs: int
    n_failed: int
    chunks_computed: int
    chunks_skipped: int
    elapsed_s: float
    scheduler: str
    provenance: dict = field(default_factory=dict)
    out_dir: Path | None = None
    _table: Any = field(default=None, repr=False)
    _design: Any = field(default=None, repr=False)

    def __repr__(self) -> str:  # the provenance record would fill a screen
        where = f" in {self.out_dir}" if self.out_dir is not None else ""
        return (f"<SweepResult: {self.n_runs} runs, {self.n_failed} failed, {self.scheduler}, "
                f"{self.elapsed_s:.1f} s{where}; .table() and .design() are DataFrames>")

    def table(self):
        """Results as a pandas DataFrame: run_id, group, observable, readout, time_min, value, unit, status.

        A copy: changing it (adding a column, rescaling ``value``) leaves :meth:`values` and later calls as they were.
        """
        return self._runs().copy(deep=False)  # copy-on-write (pandas 3): cheap, and a change stays in the copy

    def design(self):
        """The design: run_id and one column per varied parameter (a copy, as :meth:`table`)."""
        if self._design is None:
            self._design = pd.read_parquet(self.out_dir / DESIGN)
        return self._design.copy(deep=False)

    def _runs(self):
        """The results as read once (shared: never handed out to be changed)."""
        if self._table is None:
            self._table = pd.read_parquet(self.out_dir / RUNS)
        return self._table

    def values(self, selector: str) -> np.ndarray:
        """One number per run for ``"GROUP:OBSERVABLE:READOUT"`` (or a ratio ``"A / B"``); NaN where failed."""
        return select(self._runs(), selector, self.n_runs)

    @property
    def sims_per_second(self) -> float:
        """Simulations (runs x groups) per second of wall-clock time; NaN when no time was measured."""
        groups = self.provenance.get("groups") or [None]
        return self.n_runs * len(groups) / self.elapsed_s if self.elapsed_s > 0 else float("nan")


# ---------------------------------------------------------------------------
# output directory: manifest, parts, resume
# ---------------------------------------------------------------------------


def _design_sha(values: np.ndarray) -> str:
    return hashlib.sha256(np.ascontiguousarray(values, dtype=np.float64).tobytes()).hexdigest()


def _tmp_path(path: Path) -> Path:
    """A new, uniquely named temporary file next to ``path`` (same file system, so os.replace is atomic)."""
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.fchmod(fd, 0o666 & ~_UMASK)  # mkstemp makes 0600; results get the user's usual permissions
    os.close(fd)
    return Path(name)


_UMASK = umask()


def _clean_tmp(out: Path) -> None:
    """Remove temporaries left by a killed writer (called with the lock held)."""
    for d in (out, out / PARTS):
        for stale in d.glob(".*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()
        for stale in d.glob("*.tmp"):  # names of earlier versions
            with contextlib.suppress(OSError):
                stale.unlink()


def _atomic_write_bytes(path: Path, data: bytes) -> None:
    tmp = _tmp_path(path)
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _write_json(path: Path, obj: dict) -> None:
    _atomic_write_bytes(path, (json.dumps(obj, indent=2, default=str, allow_nan=True) + "\n").encode())


def annotate_provenance(out: Path, key: str, values: dict) -> None:
    """Merge ``values`` into ``provenance.json[key]`` of a finished sweep folder, with the command and time.

    For what is computed from the runs after the sweep (indices, population
    summaries): run again on a finished folder, the runs are reused and only
    that part is recomputed, so provenance.json must say what made it.
    """
    from ..provenance import _command, utc_now

    path = out / PROVENANCE
    try:
        prov = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    block = dict(prov.get(key) or {})
    block.update(values)
    block.update({f"{key}_command": _command(), f"{key}_created_utc": utc_now()})
    prov[key] = block
    _write_json(path, prov)


def _write_parquet(path: Path, table) -> None:
    import pyarrow.parquet as pq

    tmp = _tmp_path(path)
    try:
        pq.write_table(table, tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _part_path(out: Path, chunk: int) -> Path:
    return out / PARTS / f"part-{chunk:06d}.parquet"


def _prepare_dir(out: Path, fingerprint: str, design_sha: str, n_runs: int, chunk_size: int,
                 overwrite: bool) -> tuple[int, bool]:
    """Check a resumed directory; return (chunk_size to use, already complete)."""
    prov_path = out / PROVENANCE
    if out.exists() and not out.is_dir():
        raise InputError(f"'{out}' exists and is not a directory", "out_dir")
    if prov_path.exists():
        try:
            old = json.loads(prov_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            old = {}
        same = old.get("fingerprint") == fingerprint and old.get("design_sha256") == design_sha
        if same and not overwrite:
            complete = (out / RUNS).exists() and old.get("complete", False)
            kept = int(old.get("chunk_size", chunk_size))
            if kept != chunk_size and not complete:
                log.warning("%s: resuming with the folder's chunk size %d (a chunk size of %d applies to a new "
                         "sweep only)", out, kept, chunk_size)
            return kept, complete
        if not overwrite:
            raise InputError(f"'{out}' holds the results of a different sweep; choose another output directory "
                             "or pass overwrite=True to replace them", "out_dir")
    elif out.exists() and any(p.name != LOCK for p in out.iterdir()) and not overwrite:
        if not (out / PARTS).exists():
            raise InputError(f"'{out}' is not empty and holds no sweep; choose an empty or new directory", "out_dir")
    if overwrite:
        derived = [p for pattern in DERIVED_PATTERNS for p in out.glob(pattern)] if out.is_dir() else []
        for path in [out / name for name in (RUNS, DESIGN, PROVENANCE, *DERIVED)] + derived:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        shutil.rmtree(out / PARTS, ignore_errors=True)
    return chunk_size, False


def _consolidate(out: Path, n_chunks: int, units: list[str]) -> tuple[int, int]:
    """Merge parts in run order into runs.parquet (with the ``unit`` column); return (rows, failed runs)."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    rows = 0
    failed: set[int] = set()
    tmp = _tmp_path(out / RUNS)
    try:
        with pq.ParquetWriter(tmp, _runs_schema()) as writer:
            for c in range(n_chunks):
                t = pq.read_table(_part_path(out, c), schema=_schema())
                writer.write_table(_with_units(t, units))
                rows += t.num_rows
                bad = pc.invert(pc.equal(t["status"], "ok"))
                failed.update(pc.unique(pc.filter(t["run_id"], bad)).to_pylist())
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, out / RUNS)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return rows, len(failed)


# ---------------------------------------------------------------------------
# schedulers
# ---------------------------------------------------------------------------


_ADDRESS = re.compile(r"^(?:[a-z][a-z0-9+]*://)?[A-Za-z0-9_.\-\[\]:]*[A-Za-z0-9_.\-\]]:[0-9]{1,5}$")


def check_scheduler(scheduler: object, where: str = "execution.scheduler") -> str:
    """``serial``, ``local``, ``auto`` or a Dask address ``[proto://]host:port``; else one-line InputError."""
    # ("client" is only the label of a sweep given a Client object, never a scheduler to choose)
    if isinstance(scheduler, str) and (scheduler in ("serial", "local", "auto") or _ADDRESS.match(scheduler)):
        return scheduler
    from ..validate import did_you_mean

    raise InputError(f"must be serial, local, auto or a Dask scheduler address such as tcp://host:8786 "
                     f"(got {scheduler!r}){did_you_mean(scheduler, ('serial', 'local', 'auto'))}", where)


def _is_address(scheduler: object) -> bool:
    """True for the address of a running Dask scheduler (not serial, local, auto or client)."""
    return isinstance(scheduler, str) and scheduler not in ("serial", "local", "auto", "client") \
        and bool(_ADDRESS.match(scheduler))


def resolve_scheduler(scheduler: str, n_sims: int) -> str:
    if scheduler == "auto":
        return "serial" if n_sims <= AUTO_SERIAL_MAX_SIMS else "local"
    return scheduler


def _serial(plan: RunPlan, chunks: list[tuple[int, np.ndarray, np.ndarray]]) -> Iterator[tuple[int, dict]]:
    for c, ids, vals in chunks:
        yield c, run_chunk(plan, ids, vals)


#: how long to try to reach a running Dask scheduler before giving up
CONNECT_TIMEOUT = "20s"


def ignore_interrupt() -> None:
    """Run on each worker of a local cluster: leave Ctrl-C to the command.

    Ctrl-C reaches every process of the terminal's group; each worker process then
    printed a KeyboardInterrupt traceback of Dask's nanny before the command's own
    one-line message. The command stops the cluster itself when it is interrupted.
    Runs on the worker's event loop, in its main thread, where a signal handler may be set.
    """
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextlib.contextmanager
def _quiet_start():
    """While a local cluster starts: Ctrl-C or SIGTERM waits until the cluster is up, then stops it cleanly.

    A signal to the terminal's process group (Ctrl-C; a batch system's SIGTERM) reaches the
    worker processes too. Half-started workers printed KeyboardInterrupt tracebacks, killed
    ones made the scheduler warn of failed broadcasts and restarted workers, and the command,
    interrupted inside LocalCluster(), left a cluster that Dask's exit handler failed to close
    (``AssertionError: Status.init``). Both signals are blocked in this thread while the
    cluster starts: the threads and processes Dask starts from it inherit the block, so the
    workers never see them (they are stopped by their nanny, or end with this process), and
    here a signal that came meanwhile is noted and raised once the cluster can be closed. Outside the
    main thread (a web server's request) nothing is changed.
    """
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    # multiprocessing's resource tracker, started on first use, unblocks both signals in the thread that
    # starts it (Dask's event loop, which spawns the workers): started here first, it leaves the block in place
    from multiprocessing import resource_tracker

    resource_tracker.ensure_running()
    stops = (signal.SIGINT, signal.SIGTERM)
    held: list[int] = []
    # another thread may take a signal this one blocks; its Python handler runs here, and only notes it
    previous = {s: signal.signal(s, lambda signum, frame: held.append(signum)) for s in stops}
    signal.pthread_sigmask(signal.SIG_BLOCK, stops)
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, signal.SIG_DFL if handler is None else handler)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, stops)  # one still pending is raised here
        for s in dict.fromkeys(held):  # and one noted meanwhile, by the command's own handler
            signal.raise_signal(s)


@contextlib.contextmanager
def dask_client(scheduler: str, workers: int):
    """A Dask client: a new LocalCluster for ``"local"``, else connect to ``scheduler``."""
    require("distributed")
    from distributed import Client, LocalCluster

    if scheduler == "local":
        import dask

        # the workers' statistical profiler samples every thread each 10 ms and takes the GIL
        # from the simulations; a sweep does not need it. The scheduler's HTTP server gets any free
        # local port: with none named it takes 8787, and while another local sweep holds that port
        # Dask printed "Port 8787 is already in use" onto the terminal
        with contextlib.ExitStack() as stack:
            with _quiet_start():
                stack.enter_context(dask.config.set({"distributed.worker.profile.enabled": False}))
                # the workers' own log records stay off the terminal: a stopped sweep's worker that still beat
                # its heartbeat to the closing scheduler printed a CommClosedError traceback above the command's
                # one line; a run's failure comes back as its status, a lost worker as the command's error
                cluster = stack.enter_context(LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                           dashboard_address="127.0.0.1:0",
                                                           silence_logs=logging.CRITICAL))
                client = stack.enter_context(Client(cluster))
                client.run(ignore_interrupt)
            yield client
    else:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            raise InputError(f"cannot reach the Dask scheduler at {scheduler!r} ({exc})", "--scheduler") from None
        with client:
            yield client


def _dask(plan: RunPlan, chunks: list[tuple[int, np.ndarray, np.ndarray]], client) -> Iterator[tuple[int, dict]]:
    from distributed import as_completed

    n_workers = max(1, sum(client.nthreads().values()))
    client.run(warm_worker, plan.model)  # compile once per worker, in parallel, before the clock of the chunks
    window = 3 * n_workers
    it = iter(chunks)
    tag = plan.fingerprint()[:10]

    def submit(item):
        c, ids, vals = item
        return client.submit(run_chunk, plan, ids, vals, key=f"il6sim-{tag}-chunk-{c}", pure=False)

    futures = {}
    for item in it:
        futures[submit(item)] = item[0]
        if len(futures) >= window:
            break
    ac = as_completed(list(futures))
    try:
        for fut in ac:
            c = futures.pop(fut)
            cols = fut.result()
            fut.release()
            nxt = next(it, None)
            if nxt is not None:
                f = submit(nxt)
                futures[f] = nxt[0]
                ac.add(f)
            yield c, cols
    finally:
        for f in futures:
            f.cancel()


# ---------------------------------------------------------------------------
# the driver
# ---------------------------------------------------------------------------


def execute(plan: RunPlan, values: np.ndarray, *, out_dir: str | os.PathLike | None = None,
            scheduler: str = "auto", workers: int = 2, chunk_size: int = 200, progress: bool = False,
            overwrite: bool = False, provenance: dict | None = None, design_frame=None,
            client=None, on_chunk: Callable[[int], None] | None = None,
            progress_desc: str = "sweep") -> SweepResult:
    """Run every row of ``values`` (shape (n_runs, len(plan.names))) through ``plan``.

    With ``out_dir`` the results go to ``runs.parquet`` there (with
    ``design.parquet`` and ``provenance.json``) and an interrupted sweep resumes;
    without it they are kept in memory. ``client``: an existing Dask client
    (overrides ``scheduler``). ``on_chunk(chunk_index)`` is called after each
    chunk is stored. ``progress_desc``: the name the progress shows (the command:
    ``sensitivity``, ``population``). One process at a time writes into an output directory
    (:func:`locked_dir`); a second is refused with an :class:`InputError`.
    """
    # the arguments of a Python call: a spec's execution: values were checked (and YAML's '2' taken) when it
    # was read (parse_execution); here text, fractions and bools are refused, not taken as numbers or as true
    chunk_size, workers = check_count(chunk_size, "chunk_size"), check_count(workers, "workers")
    progress, overwrite = check_progress(progress), check_flag(overwrite, "overwrite")
    if client is not None and not (callable(getattr(client, "submit", None))
                                   and callable(getattr(client, "nthreads", None))):
        raise InputError(f"client must be a dask.distributed.Client, e.g. Client('tcp://host:8786'), or None to use "
                         f"the scheduler (got {type(client).__name__} {client!r:.40})")
    if client is None:
        check_scheduler(scheduler)
    out = None
    if out_dir is not None:
        from ..io.outputs import check_out_dir

        out = check_out_dir(out_dir, "out_dir")
    if client is None and _is_address(scheduler):
        # connect before anything is written: an unreachable scheduler leaves no files behind
        with dask_client(scheduler, workers) as remote:
            return execute(plan, values, out_dir=out, scheduler=scheduler, workers=workers, chunk_size=chunk_size,
                           progress=progress, overwrite=overwrite, provenance=provenance,
                           design_frame=design_frame, client=remote, on_chunk=on_chunk,
                           progress_desc=progress_desc)
    kw = dict(scheduler=scheduler, workers=workers, chunk_size=chunk_size, progress=progress, overwrite=overwrite,
              provenance=provenance, design_frame=design_frame, client=client, on_chunk=on_chunk,
              progress_desc=progress_desc)
    if out is None:
        return _execute(plan, values, None, **kw)
    with locked_dir(out, where="out_dir"):
        _clean_tmp(out)
        return _execute(plan, values, out, **kw)


def _execute(plan: RunPlan, values: np.ndarray, out: Path | None, *, scheduler: str, workers: int, chunk_size: int,
             progress: bool, overwrite: bool, provenance: dict | None, design_frame, client,
             on_chunk: Callable[[int], None] | None, progress_desc: str = "sweep") -> SweepResult:
    import pandas as pd

    values = np.asarray(values, dtype=float).reshape(-1, len(plan.names))
    n_runs = len(values)
    fp = plan.fingerprint()
    dsha = _design_sha(values)
    complete = False
    if out is not None:
        chunk_size, complete = _prepare_dir(out, fp, dsha, n_runs, chunk_size, overwrite)
    n_chunks = -(-n_runs // chunk_size) if n_runs else 0
    if design_frame is None:
        design_frame = pd.DataFrame(values, columns=list(plan.names))
        design_frame.insert(0, "run_id", np.arange(n_runs, dtype=np.int64))
    prov: dict[str, Any] = Provenance.record(
        worker_simulator(plan.model), kind="sweep", parameters=dict(plan.base),
        fingerprint=fp, design_sha256=dsha, n_runs=n_runs, chunk_size=chunk_size, n_chunks=n_chunks,
        groups=[g for g, _ in plan.groups], observables=list(plan.observables), times_min=list(plan.times),
        metrics=list(plan.metrics), varied_parameters=list(plan.names), cell_free=plan.cell_free).to_dict()
    prov.update(provenance or {})
    # the unit of each varied parameter: design.parquet's columns (its attrs["units"], as the frames of the
    # Python API hold theirs) and provenance.json say it, as runs.parquet's unit column says that of the values
    units = parameter_units(plan)
    prov["parameter_units"] = units
    design_frame.attrs["units"] = {n: units[n] for n in design_frame.columns if n in units}
    if out is not None and complete:
        old = json.loads((out / PROVENANCE).read_text(encoding="utf-8"))
        log.info("%s: sweep already complete; nothing to compute", out)
        return SweepResult(n_runs, int(old.get("n_failed", 0)), 0, n_chunks, 0.0, "none", old, out)

    started = time.perf_counter()
    store: dict[int, Any] = {}
    if out is not None:
        (out / PARTS).mkdir(parents=True, exist_ok=True)
        if not (out / DESIGN).exists():
            _write_parquet(out / DESIGN, _frame_to_arrow(design_frame))
        old_started = None
        if (out / PROVENANCE).exists():
            with contextlib.suppress(OSError, ValueError):
                old_started = json.loads((out / PROVENANCE).read_text(encoding="utf-8")).get("started_at")
        prov["started_at"] = old_started or now()
        prov["complete"] = False
        _write_json(out / PROVENANCE, prov)
        done = {c for c in range(n_chunks) if _part_path(out, c).exists()}
    else:
        prov["started_at"] = now()
        done = set()
    pending = [(c, np.arange(c * chunk_size, min(n_runs, (c + 1) * chunk_size), dtype=np.int64),
                values[c * chunk_size:(c + 1) * chunk_size]) for c in range(n_chunks) if c not in done]
    done_runs = sum(min(n_runs, (c + 1) * chunk_size) - c * chunk_size for c in done)
    if done:
        log.info("resuming: %d of %d chunks already written", len(done), n_chunks)
    if client is not None and _is_address(scheduler):
        used = scheduler
    else:
        used = resolve_scheduler(scheduler if client is None else "client",
                                 len(pending) * chunk_size * len(plan.groups))
    bar = progress_meter(progress, n_runs, done_runs, desc=progress_desc)
    computed = 0
    try:
        with contextlib.ExitStack() as stack:
            if used == "serial" or not pending:
                stream = _serial(plan, pending)
            else:
                if client is None:
                    client = stack.enter_context(dask_client(used, workers))
                stream = _dask(plan, pending, client)
                # closed (its futures cancelled) before the client: left to the garbage collector, an
                # interrupted stream cancelled them after the client had closed and printed
                # "Exception ignored ... RuntimeError: IOLoop is closed" under the command's message
                stack.enter_context(contextlib.closing(stream))
            for c, cols in stream:
                table = _to_arrow(cols)
                if out is not None:
                    _write_parquet(_part_path(out, c), table)
                else:
                    store[c] = table
                computed += 1
                if bar is not None:
                    bar.update(len(np.unique(cols["run_id"])))
                if on_chunk is not None:
                    on_chunk(c)
    finally:
        if bar is not None:
            bar.close()
    elapsed = time.perf_counter() - started
    prov.update({"finished_at": now(), "scheduler": used, "workers": workers if used == "local" else None,
                 "elapsed_s_last_invocation": round(elapsed, 3)})
    if out is not None:
        rows, n_failed = _consolidate(out, n_chunks, unit_pattern(plan))
        prov.update({"complete": True, "n_rows": rows, "n_failed": n_failed})
        _write_json(out / PROVENANCE, prov)
        shutil.rmtree(out / PARTS, ignore_errors=True)
        table = None
    else:
        import pyarrow as pa

        tab = pa.concat_tables([store[c] for c in range(n_chunks)]) if n_chunks else _schema().empty_table()
        table = _with_units(tab, unit_pattern(plan)).to_pandas()
        n_failed = int(table.loc[table["status"] != "ok", "run_id"].nunique())
        prov.update({"complete": True, "n_rows": len(table), "n_failed": n_failed})
    return SweepResult(n_runs, n_failed, computed, len(done), elapsed, used, prov, out, table, design_frame)


def _frame_to_arrow(df):
    import pyarrow as pa

    return pa.Table.from_pandas(df, preserve_index=False)
