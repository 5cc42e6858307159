"""A folder of results appears whole or not at all."""

import pytest

from il6sim.io.staging import staged_dir


def test_files_move_into_a_new_folder(tmp_path):
    out = tmp_path / "results"
    with staged_dir(out) as stage:
        (stage / "figures").mkdir()
        (stage / "figures" / "a.png").write_bytes(b"png")
        (stage / "table.csv").write_text("x\n")
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == ["figures", "figures/a.png", "table.csv"]
    assert [p.name for p in tmp_path.iterdir()] == ["results"]


def test_an_existing_folder_keeps_other_files_and_gets_the_new_ones(tmp_path):
    out = tmp_path / "results"
    (out / "figures").mkdir(parents=True)
    (out / "notes.txt").write_text("mine")
    (out / "table.csv").write_text("old")
    with staged_dir(out) as stage:
        (stage / "table.csv").write_text("new")
        (stage / "figures").mkdir()
        (stage / "figures" / "b.png").write_bytes(b"png")
    assert (out / "notes.txt").read_text() == "mine" and (out / "table.csv").read_text() == "new"
    assert (out / "figures" / "b.png").exists()


def test_a_failure_half_way_leaves_nothing(tmp_path):
    out = tmp_path / "results"
    with pytest.raises(OSError, match="No space left"):
        with staged_dir(out) as stage:
            (stage / "table.csv").write_text("x\n")
            raise OSError(28, "No space left on device")
    assert list(tmp_path.iterdir()) == []


def test_run_that_fails_while_drawing_writes_no_files(tmp_path, monkeypatch, capsys):
    import il6sim.report.plots as plots
    from il6sim.cli.main import main

    def broken(result, figdir, **kwargs):
        raise OSError(28, "No space left on device", str(figdir / "western_blot.png"))

    monkeypatch.setattr(plots, "save_protocol_figures", broken)
    out = tmp_path / "out"
    assert main(["run", "seed:trans_huvec", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.strip() == (f"il6sim: error: cannot read or write {out / 'figures' / 'western_blot.png'}: No space "
                           "left on device (free space, or write the results to another disk); nothing was written")
    assert list(tmp_path.iterdir()) == []


def test_the_folder_gets_the_users_usual_permissions(tmp_path):
    import os
    import stat

    from il6sim.io.staging import umask

    out = tmp_path / "results"
    with staged_dir(out) as stage:
        (stage / "a.csv").write_text("x\n")
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o777 & ~umask()


def test_a_refused_job_removes_the_parent_folders_it_made_and_nothing_else(tmp_path):
    # `--out a/b/c` refused inside the lock left a/b behind (only c, the folder itself, was removed)
    from il6sim.errors import InputError
    from il6sim.io.locking import locked_dir

    with pytest.raises(InputError), locked_dir(tmp_path / "a" / "b" / "c"):
        raise InputError("refused", "--out")
    assert list(tmp_path.iterdir()) == []
    # folders that were there before stay, and so does a made folder that something else wrote into
    (tmp_path / "keep").mkdir()
    with pytest.raises(InputError), locked_dir(tmp_path / "keep" / "new" / "out"):
        (tmp_path / "keep" / "new" / "other.txt").write_text("not the job's")
        raise InputError("refused", "--out")
    assert sorted(p.name for p in (tmp_path / "keep" / "new").iterdir()) == ["other.txt"]


def test_export_sbml_that_fails_half_way_keeps_the_old_file(tmp_path, monkeypatch, capsys):
    # the SBML was written in place: a full disk left a truncated model over the old one
    import pathlib

    from il6sim.cli.main import main

    model = tmp_path / "model.xml"
    model.write_text("<old/>", encoding="utf-8")
    real = pathlib.Path.write_text

    def half(self, text, *args, **kwargs):
        real(self, text[:100], *args, **kwargs)
        raise OSError(28, "No space left on device", str(self))

    monkeypatch.setattr(pathlib.Path, "write_text", half)
    assert main(["export-sbml", str(model)]) == 2
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert err.strip() == (f"il6sim: error: cannot read or write {model}: No space left on device (free space, or "
                           "write the results to another disk); nothing was written")
    assert model.read_text(encoding="utf-8") == "<old/>"
    assert [p.name for p in tmp_path.iterdir()] == ["model.xml"]


def test_a_staged_file_follows_a_link_and_writes_a_device_in_place(tmp_path):
    import os
    import stat

    from il6sim.io.staging import staged_file, umask

    target = tmp_path / "model.xml"
    target.write_text("old", encoding="utf-8")
    (tmp_path / "link.xml").symlink_to("model.xml")
    with staged_file(tmp_path / "link.xml") as tmp:
        tmp.write_text("new", encoding="utf-8")
    assert (tmp_path / "link.xml").is_symlink() and target.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o666 & ~umask()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.xml", "model.xml"]
    with staged_file("/dev/null") as dev:  # a rename would have put a file in the device's place
        assert str(dev) == "/dev/null"
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.parametrize("code, remedy", [
    (13, "check the permissions, or write the results to a folder you can write"),
    (30, "check the permissions, or write the results to a folder you can write"),
    (36, "check the path, or write the results elsewhere"),
])
def test_a_write_error_names_the_remedy_for_its_cause(tmp_path, monkeypatch, capsys, code, remedy):
    # every such error said "free space or pick another --out", also for a permission and for export-sbml's FILE
    import os

    from il6sim.cli.main import main

    def refused(*args, **kwargs):
        raise OSError(code, os.strerror(code), str(tmp_path / "model.xml"))

    monkeypatch.setattr("il6sim.io.staging.staged_file", refused)
    assert main(["export-sbml", str(tmp_path / "model.xml")]) == 2
    assert capsys.readouterr().err.strip() == (f"il6sim: error: cannot read or write {tmp_path / 'model.xml'}: "
                                               f"{os.strerror(code)} ({remedy}); files written before the error "
                                               "may be incomplete")
    assert list(tmp_path.iterdir()) == []
