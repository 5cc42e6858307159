"""The CLI run in-process, as the tests of tests/cli call it."""

from il6sim.cli.main import main


def run(capsys, *argv):
    """``(exit status, stdout, stderr)`` of ``il6sim ARGV`` (arguments turned into text; argparse's exits too)."""
    try:
        rc = main([str(a) for a in argv])
    except SystemExit as exc:  # argparse usage errors
        rc = exc.code
    out, err = capsys.readouterr()
    return rc, out, err
