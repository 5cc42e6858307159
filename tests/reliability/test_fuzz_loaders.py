"""Hypothesis fuzzing of every loader: any bytes, text or YAML structure gives a valid result or one
clean InputError whose problems are single lines; never another exception."""

import os
import tempfile

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from il6sim.errors import InputError

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

PROTOCOL_KEYS = ["name", "cell", "medium", "groups", "readouts", "description", "serum_starvation", "notes",
                 "preset", "parameters", "knockout", "at", "add", "dose", "set", "wash", "observables", "times",
                 "volume", "cells", "IL6R_per_cell", "V_medium", "huvec", "trans"]
SWEEP_KEYS = ["protocol", "design", "readouts", "fixed", "execution", "method", "n", "seed", "parameters", "dist",
              "low", "high", "cv", "median", "scheduler", "chunk_size", "workers", "metrics", "IL6R_per_cell",
              "seed:trans_huvec", "observables", "times"]
PROBLEM_KEYS = ["format_version", "parameter_file", "problems", "sbml_files", "condition_files",
                "measurement_files", "observable_files", "name", "measurements", "conditions", "observables",
                "parameters", "cell", "set", "model", "dose", "agent"]

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
                    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=20),
                    st.sampled_from(["10 ng/mL", "0 min", "-45 min", "huvec", "IL-6", "seed:trans_huvec", "1 mL",
                                     "3e-06", "2e5", "pSTAT3", "lhs", "serial", "nan", "/dev/zero", "1"]))


def structures(keys):
    key = st.one_of(st.sampled_from(keys), st.text(max_size=8))
    return st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                         st.dictionaries(key, inner, max_size=5)), max_leaves=25)


def yaml_texts(keys):
    docs = st.dictionaries(st.sampled_from(keys), structures(keys), max_size=6)
    return docs.map(lambda d: yaml.safe_dump(d, allow_unicode=True, sort_keys=False))


def raw_inputs(keys):
    return st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode),
                     yaml_texts(keys).map(str.encode))


def _file(data: bytes, suffix: str) -> str:
    fd, name = tempfile.mkstemp(suffix=suffix)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return name


def _clean(fn, data: bytes, suffix: str):
    path = _file(data, suffix)
    try:
        return fn(path)
    except InputError as exc:
        assert exc.problems and all("\n" not in str(p) for p in exc.problems), exc.problems
        return None
    finally:
        os.unlink(path)


@FUZZ
@given(raw_inputs(PROTOCOL_KEYS))
def test_protocol_loader(data):
    from il6sim.protocols import load_protocol

    _clean(load_protocol, data, ".yaml")


@FUZZ
@given(raw_inputs(SWEEP_KEYS))
def test_sweep_spec_loader(data):
    from il6sim.sweeps import load_sweep_spec

    _clean(load_sweep_spec, data, ".yaml")


@FUZZ
@given(raw_inputs(PROBLEM_KEYS))
def test_problem_loader_petab_and_fit_yaml(data):
    from il6sim.fitting.problem import load_problem

    _clean(load_problem, data, ".yaml")


def csv_texts():
    cell = st.one_of(st.text(max_size=8), st.sampled_from(["ctrl", "il6", "GAPDH", "SOCS3", "pSTAT3", "STAT3",
                                                           "18", "25.5", "nan", "inf", "-1", "Undetermined", ""]))
    header = st.lists(st.sampled_from(["sample", "condition", "gene", "ct", "target", "signal", "time_min",
                                       "experiment", "Cq", "x"]), min_size=0, max_size=6)
    rows = st.lists(st.lists(cell, max_size=6), max_size=6)
    sep = st.sampled_from([",", "\t", ";"])
    return st.tuples(header, rows, sep).map(
        lambda t: (t[2].join(t[0]) + "\n" + "\n".join(t[2].join(r) for r in t[1])).encode())


@FUZZ
@given(st.one_of(st.binary(max_size=300), csv_texts()))
def test_qpcr_table_loader(data):
    from il6sim.fitting.labdata import qpcr_fold_change

    _clean(lambda p: qpcr_fold_change(p, reference="GAPDH", control="ctrl"), data, ".csv")


@FUZZ
@given(st.one_of(st.binary(max_size=300), csv_texts()))
def test_densitometry_table_loader(data):
    from il6sim.fitting.labdata import densitometry_ratios

    _clean(lambda p: densitometry_ratios(p, target="pSTAT3", normaliser="STAT3", control="ctrl"), data, ".csv")


@FUZZ
@given(st.one_of(st.binary(max_size=300), csv_texts()))
def test_measurement_table_loader(data):
    from il6sim.io.tables import read_measurements

    _clean(read_measurements, data, ".csv")


@FUZZ
@given(st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode),
                 yaml_texts(PROTOCOL_KEYS).map(str.encode)))
def test_yaml_loader_itself(data):
    from il6sim.io.files import load_yaml_file

    _clean(load_yaml_file, data, ".yaml")
