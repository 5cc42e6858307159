"""Every user file goes through one bounded, safe loader: the same limits and one-line messages everywhere.

Loaders: protocol YAML (``run``), sweep specs (``sweep``), PEtab problem YAML and il6sim fit YAML
(``fit``, ``profile``), lab-data tables (``qpcr``, ``densitometry``). Each case breaks one thing.
"""

import os
import subprocess
import sys

import pytest

PETAB_HEAD = "format_version: 1\nparameter_file: parameters.tsv\n"

#: loader -> (argument list with {f} for the file and {o} for an output folder, what a good file starts with)
LOADERS = {
    "protocol": ["run", "{f}", "--format", "csv"],
    "sweep": ["sweep", "{f}", "-o", "{o}", "--scheduler", "serial"],
    "petab": ["fit", "{f}", "-o", "{o}", "--starts", "1"],
    "profile": ["profile", "{f}", "-o", "{o}", "--starts", "1"],
    "qpcr": ["qpcr", "{f}", "--reference", "GAPDH", "--control", "ctrl", "-o", "{o}"],
    "densitometry": ["densitometry", "{f}", "--target", "pSTAT3", "--normalise-to", "STAT3", "--control", "ctrl",
                     "-o", "{o}"],
}
YAML_LOADERS = ["protocol", "sweep", "petab", "profile"]
TABLE_LOADERS = ["qpcr", "densitometry"]


def _args(loader, f, o):
    return [a.format(f=f, o=o) for a in LOADERS[loader]]


def _check(code, out, err, words, f):
    lines = err.strip().splitlines()
    assert code == 2, (code, err[-2000:])
    assert len(lines) == 1, err[-2000:]
    assert lines[0].startswith("il6sim: error: ") and str(f) in lines[0] and words in lines[0], lines[0]
    assert "Traceback" not in err


def _run_sub(args, timeout=60):
    """The CLI in a child process (a loader that blocks or fills memory must not take the test run with it)."""
    try:
        r = subprocess.run([sys.executable, "-m", "il6sim.cli.main", *args], capture_output=True, text=True,
                           timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        pytest.fail(f"il6sim {' '.join(args)} still running after {timeout} s (blocked on its input)")
    return r.returncode, r.stdout, r.stderr


@pytest.mark.parametrize("loader", list(LOADERS))
def test_device_is_refused_without_reading_it(loader, tmp_path, snapshot):
    before = snapshot(tmp_path)
    code, out, err = _run_sub(_args(loader, "/dev/zero", tmp_path / "o"))
    words = "is a device, not a regular" if loader not in ("petab", "profile") else "not found"
    _check(code, out, err, words, "/dev/zero")
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("loader", ["protocol", "sweep", "qpcr", "densitometry"])
def test_fifo_is_refused_without_blocking(loader, tmp_path, snapshot):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    before = snapshot(tmp_path)
    code, out, err = _run_sub(_args(loader, fifo, tmp_path / "o"), timeout=30)
    _check(code, out, err, "is a FIFO (named pipe), not a regular", fifo)
    assert snapshot(tmp_path) == before


def test_sweep_naming_a_device_as_its_protocol_is_refused(tmp_path, cli, snapshot):
    f = tmp_path / "spec.yaml"
    f.write_text("protocol: /dev/zero\ndesign: {method: lhs, n: 2, parameters: {IL6R_per_cell: {low: 1, high: 2}}}\n")
    before = snapshot(tmp_path)
    code, out, err = _run_sub(["sweep", str(f), "-o", str(tmp_path / "o"), "--scheduler", "serial"])
    assert code == 2 and "/dev/zero" in err and "is a device" in err and len(err.strip().splitlines()) == 1, err
    assert snapshot(tmp_path) == before


def _write(tmp_path, loader, content: bytes, name=None):
    f = tmp_path / (name or ("data.csv" if loader in TABLE_LOADERS else "input.yaml"))
    f.write_bytes(content)
    return f


def _yaml_prefix(loader):
    return PETAB_HEAD.encode() if loader in ("petab", "profile") else b""


@pytest.mark.parametrize("loader", list(LOADERS))
def test_too_large_file_is_refused(loader, tmp_path, cli, snapshot):
    limit = 50_000_000 if loader in TABLE_LOADERS else 1_000_000
    f = _write(tmp_path, loader, b"")
    with open(f, "wb") as fh:  # sparse: no disk used
        fh.truncate(limit + 1)
    before = snapshot(tmp_path)
    _check(*cli(*_args(loader, f, tmp_path / "o")), "too large", f)
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("loader", list(LOADERS))
def test_binary_file_is_refused(loader, tmp_path, cli, snapshot):
    f = _write(tmp_path, loader, _yaml_prefix(loader) + b"a: \x00\x01\x02\xff\xfe binary")
    before = snapshot(tmp_path)
    _check(*cli(*_args(loader, f, tmp_path / "o")), "binary, not text", f)
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("loader", [k for k in LOADERS if k not in TABLE_LOADERS])  # tables: Windows-1252 too
def test_undecodable_text_is_refused(loader, tmp_path, cli, snapshot):
    f = _write(tmp_path, loader, _yaml_prefix(loader) + "name: caf\u00e9\n".encode("latin-1"))
    before = snapshot(tmp_path)
    _check(*cli(*_args(loader, f, tmp_path / "o")), "not UTF-8 text", f)
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("loader", TABLE_LOADERS)
def test_damaged_workbook_is_refused(loader, tmp_path, cli):
    # XLSX workbooks are read (instrument exports); one that is not a valid workbook is refused in one line
    f = _write(tmp_path, loader, b"PK\x03\x04" + b"\x14\x00" * 20, name="data.xlsx")
    _check(*cli(*_args(loader, f, tmp_path / "o")), "not a readable Excel workbook (.xlsx)", f)


@pytest.mark.parametrize("loader", TABLE_LOADERS)
def test_workbook_named_csv_is_refused_with_a_hint(loader, tmp_path, cli):
    f = _write(tmp_path, loader, b"PK\x03\x04" + b"\x14\x00" * 20, name="data.csv")
    _check(*cli(*_args(loader, f, tmp_path / "o")), "save it as CSV", f)


@pytest.mark.parametrize("loader", TABLE_LOADERS)
def test_empty_table_is_refused(loader, tmp_path, cli, snapshot):
    f = _write(tmp_path, loader, b"")
    before = snapshot(tmp_path)
    _check(*cli(*_args(loader, f, tmp_path / "o")), "table file is empty", f)
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("loader", YAML_LOADERS)
def test_deep_nesting_is_refused(loader, tmp_path, cli, snapshot):
    f = _write(tmp_path, loader, _yaml_prefix(loader) + b"x: " + b"[" * 50000)
    before = snapshot(tmp_path)
    _check(*cli(*_args(loader, f, tmp_path / "o")), "nested more than", f)
    assert snapshot(tmp_path) == before


BOMB = "a: &a [x,x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{n}: &{n} [{', '.join(['*' + p] * 10)}]\n" for p, n in zip("abcdefgh", "bcdefghi"))


@pytest.mark.parametrize("where", ["top", "readouts.observables", "description"])
@pytest.mark.parametrize("loader", YAML_LOADERS)
def test_alias_bomb_is_refused(loader, where, tmp_path, cli, snapshot):
    body = BOMB.replace("i: &i", {"top": "i: &i", "readouts.observables": "readouts:\n  observables: &i",
                                  "description": "description: &i"}[where])
    f = _write(tmp_path, loader, _yaml_prefix(loader) + body.encode())
    before = snapshot(tmp_path)
    _check(*cli(*_args(loader, f, tmp_path / "o")), "aliases repeat too much", f)
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("loader", YAML_LOADERS)
def test_duplicate_key_is_refused_with_key_and_lines(loader, tmp_path, cli, snapshot):
    f = _write(tmp_path, loader, _yaml_prefix(loader) + b"name: one\nname: two\n")
    before = snapshot(tmp_path)
    n = len(_yaml_prefix(loader).splitlines())
    _check(*cli(*_args(loader, f, tmp_path / "o")),
           f"line {n + 2}, column 1: duplicate key 'name' (first at line {n + 1})", f)
    assert snapshot(tmp_path) == before


def test_petab_file_naming_a_device_is_refused(tmp_path, cli, snapshot):
    f = tmp_path / "problem.yaml"
    f.write_text("format_version: 1\nparameter_file: /dev/zero\nproblems:\n- sbml_files: [model.xml]\n")
    before = snapshot(tmp_path)
    code, out, err = _run_sub(["fit", str(f), "-o", str(tmp_path / "o")])
    assert code == 2 and "parameter_file '/dev/zero'" in err and "is a device" in err, err
    assert len(err.strip().splitlines()) == 1 and snapshot(tmp_path) == before


def test_sweep_spec_reads_yaml_12_exponents_as_numbers(tmp_path):
    """``low: 3e-06`` is a number (YAML 1.1 would read it as text), as in protocols."""
    from il6sim.sweeps import load_sweep_spec

    f = tmp_path / "s.yaml"
    f.write_text("protocol: seed:trans_huvec\ndesign: {method: lhs, n: 2, seed: 1, parameters: "
                 "{kon_sIL6R: {dist: loguniform, low: 3e-04, high: 6e-2}}}\n")
    spec = load_sweep_spec(f)
    values = spec.design.sample()
    assert values.shape == (2, 1) and ((values >= 3e-4) & (values <= 6e-2)).all()


def test_two_columns_meaning_the_same_are_refused(tmp_path, cli):
    """Found by fuzzing: 'ct' and its alias 'Cq' side by side crashed the qPCR reader."""
    f = tmp_path / "ct.csv"
    f.write_text("sample,condition,gene,ct,Cq\na,ctrl,GAPDH,18,18\n")
    _check(*cli("qpcr", f, "--reference", "GAPDH", "--control", "ctrl"), "columns 'ct' and 'Cq' both give 'ct'", f)


def test_empty_cells_in_a_blot_table_are_reported_not_crashing(tmp_path, cli):
    """Found by fuzzing: a row with only a sample name crashed the densitometry reader."""
    f = tmp_path / "b.csv"
    f.write_text("sample,condition,target,signal\n0\n")
    code, out, err = cli("densitometry", f, "--target", "pSTAT3", "--normalise-to", "STAT3", "--control", "ctrl")
    assert code == 2 and "Traceback" not in err and all(ln.startswith("il6sim: error: ") for ln in err.splitlines())


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be"])
def test_utf16_protocol_with_byte_order_mark_is_read(codec, tmp_path, cli):
    # Windows Notepad's "Unicode" is UTF-16 with a byte-order mark; it was refused as "binary, not text"
    text = ("name: notepad\r\ncell: hepg2\r\ngroups:\r\n  IL-6: [{at: 0 min, add: IL-6, dose: 10 ng/mL}]\r\n"
            "readouts: {observables: [pSTAT3], times: [30 min]}\r\n")
    f = _write(tmp_path, "protocol", (b"" if codec == "utf-16" else "\ufeff".encode(codec)) + text.encode(codec))
    code, out, err = cli(*_args("protocol", f, tmp_path / "o"))
    assert code == 0, err
    assert out.splitlines()[0].startswith("group,observable") and "IL-6,pSTAT3,30" in out


@pytest.mark.parametrize("loader", YAML_LOADERS)
def test_utf16_without_byte_order_mark_is_named(loader, tmp_path, cli, snapshot):
    f = _write(tmp_path, loader, (_yaml_prefix(loader).decode() + "name: x\n").encode("utf-16-le"))
    before = snapshot(tmp_path)
    _check(*cli(*_args(loader, f, tmp_path / "o")), "UTF-16 text (little-endian) without a byte-order mark", f)
    assert snapshot(tmp_path) == before
