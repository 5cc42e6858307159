"""Sweeps, sensitivity and populations at scale: scheduler choice, units in the result tables."""

import json

import numpy as np
import pandas as pd
import pytest

from il6sim.errors import InputError
from il6sim.sweeps import run_sweep

SPEC = {
    "protocol": "seed:trans_huvec",
    "design": {"method": "lhs", "n": 4, "seed": 3, "parameters": {
        "IL6R_per_cell": {"dist": "loguniform", "low": 10, "high": 5000}}},
    "readouts": {"observables": ["pSTAT3"], "times": ["0 min", "30 min"], "metrics": ["peak", "time_to_peak", "auc"]},
}


@pytest.mark.parametrize("where", ["--scheduler", "execution.scheduler"])
def test_client_is_not_a_scheduler_name(tmp_path, where):
    # "client" passed the check (it labels a sweep given a Client object) and the sweep then wrote its
    # design and provenance before Dask failed on the address 'client' with a traceback
    from il6sim.sweeps.execution import check_scheduler

    with pytest.raises(InputError, match="must be serial, local, auto or a Dask scheduler address"):
        check_scheduler("client", where)
    out = tmp_path / "s"
    with pytest.raises(InputError):
        run_sweep(SPEC, out, scheduler="client")
    assert not out.exists()


def test_cli_refuses_scheduler_client_before_writing(tmp_path, capsys):
    import yaml

    from il6sim.cli.main import main

    (tmp_path / "s.yaml").write_text(yaml.safe_dump(SPEC))
    rc = main(["sweep", str(tmp_path / "s.yaml"), "-o", str(tmp_path / "out"), "--scheduler", "client"])
    assert rc == 2
    assert "--scheduler: must be serial, local, auto" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
