"""``run_sweep``: a sweep spec in, a Parquet table of every run's readouts out."""

from __future__ import annotations

import os
from typing import Mapping

from .execution import SweepResult, execute
from .spec import SweepSpec, load_sweep_spec, spec_provenance


def run_sweep(spec: SweepSpec | str | os.PathLike | Mapping, out_dir: str | os.PathLike | None = None, *,
              scheduler: str | None = None, workers: int | None = None, chunk_size: int | None = None,
              progress: bool = False, overwrite: bool = False, simulator=None, client=None) -> SweepResult:
    """Run every point of the spec's design through its protocol.

    ``out_dir``: write ``runs.parquet`` (one row per run and readout),
    ``design.parquet`` and ``provenance.json`` there; running again on the same
    directory resumes an interrupted sweep. Without it, results stay in memory.
    ``scheduler``/``workers``/``chunk_size`` override the spec's ``execution``.
    Raises :class:`~il6sim.errors.InputError` for a bad spec (every problem, named by its key), a bad
    scheduler, workers or chunk size, or an ``out_dir`` that holds something else (``overwrite``
    replaces a different sweep's results).

    >>> res = run_sweep({"protocol": "seed:trans_huvec", "readouts": {"metrics": ["auc"]},
    ...                  "design": {"method": "lhs", "n": 4, "seed": 1,
    ...                             "parameters": {"IL6R_per_cell": {"dist": "loguniform", "low": 10, "high": 5000}}}},
    ...                 scheduler="serial")
    >>> res.values("trans:pSTAT3:auc").shape
    (4,)
    """
    if not isinstance(spec, SweepSpec):
        spec = load_sweep_spec(spec)
    ex = spec.execution
    plan = spec.run_plan(simulator=simulator)
    design = spec.design.to_frame()
    return execute(plan, design[spec.design.names].to_numpy(), out_dir=out_dir,
                   scheduler=scheduler or ex.scheduler, workers=ex.workers if workers is None else workers,
                   chunk_size=ex.chunk_size if chunk_size is None else chunk_size, progress=progress,
                   overwrite=overwrite,
                   provenance={"kind": "sweep", **spec_provenance(spec)}, design_frame=design, client=client)
