"""The ``il6sim`` command: one module per subcommand under ``il6sim.cli``.

Each subcommand module defines ``add_parser(subparsers)`` and
``run(args) -> int``. Errors in user input print one line per problem to
stderr and exit with status 2; no traceback.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import logging
import re
import sys

from .._version import __version__
from ..errors import Il6simError, InputError

#: subcommand name -> module under il6sim.cli
COMMANDS = {
    "presets": "presets",
    "model": "model",
    "simulate": "simulate",
    "export-sbml": "export_sbml",
    "run": "run",
    "protocols": "protocols",
    "compare": "compare",
    "dose-response": "dose_response",
    "export-petab": "export_petab",
    "fit": "fit",
    "profile": "profile",
    "calibrate": "calibrate",
    "qpcr": "qpcr",
    "densitometry": "densitometry",
    "sweep": "sweep",
    "sensitivity": "sensitivity",
    "population": "population",
    "serve": "serve",
}


#: operating-system errors that come from the machine or the paths given, not from il6sim: exit 2, one line
_ENVIRONMENT_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EISDIR,
                       errno.ENOTDIR, errno.ENAMETOOLONG, errno.EFBIG}


def _os_remedy(code: int | None) -> str:
    """What to do about an error of the file system (the output may be --out, FILE or a cache folder)."""
    if code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return "free space, or write the results to another disk"
    if code in (errno.EROFS, errno.EACCES, errno.EPERM):
        return "check the permissions, or write the results to a folder you can write"
    return "check the path, or write the results elsewhere"


class _NoteFormatter(logging.Formatter):
    """Warnings as one line in the form of the command's other messages (``il6sim: warning: ...``), not
    logging's ``WARNING il6sim.fitting.petab: ...``; a library's warning keeps its name, so that the reader
    knows where it comes from. With ``-v`` the progress lines (INFO, DEBUG) keep the logger's name."""

    def format(self, record: logging.LogRecord) -> str:
        if record.levelno < logging.WARNING:
            return super().format(record)
        msg = " ".join(record.getMessage().split())  # one line, whatever the message's own line breaks
        if record.exc_info and record.exc_info[1] is not None:  # the exception's message, not its traceback
            msg += f" ({' '.join(str(record.exc_info[1]).split()) or type(record.exc_info[1]).__name__})"
        source = "" if record.name.split(".")[0] == "il6sim" else f"{record.name}: "
        return f"il6sim: warning: {source}{msg}"


class _DaskCancelRace(logging.Filter):
    """Drops one known message of Dask's ``distributed.utils.sync``: stopped (Ctrl-C, SIGTERM) before the call it
    waits for has started, its clean-up callback reads a variable that is not set yet, and Tornado logs the
    NameError as ``Exception in callback ... cannot access free variable 'future'``. There was nothing to cancel,
    so the message says nothing true; it would stand above the command's one line saying how to resume."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if record.name != "tornado.application" or not isinstance(exc, NameError) or exc.__traceback__ is None:
            return True
        tb = exc.__traceback__
        while tb.tb_next is not None:
            tb = tb.tb_next
        code = tb.tb_frame.f_code
        where = code.co_filename.replace("\\", "/")
        return not (code.co_name == "cancel" and where.endswith("distributed/utils.py"))


class _StoreOnce(argparse._StoreAction):
    """The default action of an option that takes one value: given twice with different values, it is refused
    (argparse would keep the last one and drop the first without a word: `--il6 '10 ng/mL' --il6 '1 ng/mL'`)."""

    given: object = None

    def __call__(self, parser, namespace, values, option_string=None):
        if self.option_strings and self.given is not None and self.given != values:
            parser.error(f"{'/'.join(self.option_strings)}: given twice ({self.given!r} and {values!r}); give it once")
        if self.option_strings:
            self.given = values
        super().__call__(parser, namespace, values, option_string)


class _Parser(argparse.ArgumentParser):
    #: subcommand name whose example lines end this parser's help (set by build_parser; unwrapped, to copy as is)
    example_for: str | None = None

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.register("action", None, _StoreOnce)
        self.register("action", "store", _StoreOnce)

    def format_help(self) -> str:
        text = super().format_help()
        if self.example_for is None:
            return text
        from .examples import help_section

        return text + help_section(self.example_for)

    def parse_known_args(self, args=None, namespace=None):
        self._given = list(sys.argv[1:] if args is None else args)  # what this parser reads, for error()
        for action in self._actions:  # each parse starts with no option given
            if isinstance(action, _StoreOnce):
                action.given = None
        return super().parse_known_args(args, namespace)

    def error(self, message: str) -> None:  # one line, exit 2
        self.exit(2, f"il6sim: error: {self._explained(message)}\n")

    def _explained(self, message: str) -> str:
        """argparse's ``message`` with the name that was meant: a near-miss option or choice is suggested, and an
        option the command does not have is named instead of the value that then fell to a positional argument."""
        from ..validate import did_you_mean

        given = getattr(self, "_given", [])
        given = given[:given.index("--")] if "--" in given else given
        choice = re.match(r"(argument .+?: invalid choice: )('.*?') (\(choose from .*\))$", message)
        missing = re.match(r"argument (\S+): expected one argument$", message)
        if missing:  # `--sil6r -5ng/mL` or `--out` last: say what followed the option and what to write
            parser = self._command_parser(given)
            names = missing.group(1).split("/")
            at = max((i for i, a in enumerate(given) if a in names), default=None)
            opt = names[-1] if at is None else given[at]  # as typed: -o or --out
            after = given[at + 1] if at is not None and at + 1 < len(given) else None
            if after is None:
                return f"{message}: nothing follows {opt}; give its value after it (see `{parser.prog} --help`)"
            if after.split("=", 1)[0] in parser._option_string_actions:
                return f"{message}: {opt} is followed by the option {after}; give its value right after it"
            return (f"{message}: {after!r} starts with '-' and so reads as an option; write {opt}={after} to "
                    "give it as the value")
        if message.startswith("unrecognized arguments: "):
            parser = self._command_parser(given)
            unknown = [a.split("=", 1)[0] for a in message.split(": ", 1)[1].split() if parser._is_option(a)]
            if unknown:
                known = parser._long_options()
                return f"{message}{did_you_mean(unknown[0], known) or ''} (see `{parser.prog} --help`)"
            spaced = parser._spaced_value(given, message.split(": ", 1)[1].split()[0])
            if spaced:  # `--il6 10 ng/mL`: the shell split the value at its space
                opt, value = spaced
                return (f"{message}: the value of {opt} has a space, so the shell split it; put it in quotes, "
                        f"{opt} '{value}'")
        elif choice:
            foreign = [a.split("=", 1)[0] for a in given if self._is_option(a)
                       and a.split("=", 1)[0] not in self._option_string_actions]
            if foreign:  # `il6sim model --cell huvec`: the option is the mistake, not 'huvec'
                known = self._long_options()
                return (f"unrecognized arguments: {foreign[0]}{did_you_mean(foreign[0], known)} (not an option of "
                        f"`{self.prog}`; see `{self.prog} --help`)")
            head, value, tail = choice.groups()
            options = re.findall(r"'(.*?)'", tail)
            return f"{head}{value}{did_you_mean(value[1:-1], options)} {tail}"
        return message

    def _spaced_value(self, given: list[str], stray: str) -> tuple[str, str] | None:
        """(option, value as meant) when ``stray`` is the rest of a value that the shell split at a space:
        ``--il6 10 ng/mL`` gives ('--il6', '10 ng/mL'), ``--set V_medium=2 mL`` ('--set', 'V_medium=2 mL'): a
        number and its unit, the word before ``stray`` (after any ``=``) being a number."""
        number = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")
        for i, a in enumerate(given):
            if a != stray or i == 0 or not number.fullmatch(given[i - 1].rsplit("=", 1)[-1]):
                continue
            prev = given[i - 1]
            head = prev.split("=", 1)[0]
            if prev.startswith("--") and "=" in prev and self._takes_value(head):  # --il6=10 ng/mL
                return head, f"{prev.split('=', 1)[1]} {stray}"
            if i >= 2 and self._takes_value(given[i - 2]) and not self._is_option(prev):
                return given[i - 2], f"{prev} {stray}"
        return None

    def _takes_value(self, option: str) -> bool:
        action = self._option_string_actions.get(option)
        return action is not None and action.nargs is None

    def _long_options(self) -> list[str]:
        return [o for o in self._option_string_actions if o.startswith("--") and o not in ("--help", "--version")]

    def _is_option(self, arg: str) -> bool:
        return arg.startswith("-") and arg != "-" and not self._negative_number_matcher.match(arg)

    def _command_parser(self, given: list[str]) -> argparse.ArgumentParser:
        """The subcommand's parser when ``given`` names one, else this parser."""
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction):
                name = next((a for a in given if not a.startswith("-")), None)
                return action.choices.get(name, self)
        return self


def _command_in(argv: list[str]) -> str | None:
    """The subcommand named in ``argv`` (the first word that is not an option), if it is one."""
    for a in argv:
        if not a.startswith("-"):
            return a if a in COMMANDS else None
    return None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; with ``only``, the other subcommands' modules are not imported (faster start)."""
    parser = _Parser(prog="il6sim", description="In-silico laboratory for IL-6 classic and trans-signalling.")
    parser.add_argument("--version", action="version", version=f"il6sim {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output (-vv for debug)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, mod in COMMANDS.items():
        if only is not None and name != only:
            sub.add_parser(name)
            continue
        try:
            module = importlib.import_module(f"il6sim.cli.{mod}")
        except ImportError as exc:
            # a listed subcommand that cannot be loaded is a broken installation, never hidden
            raise ImportError(f"il6sim: subcommand {name!r} cannot be loaded (module il6sim.cli.{mod}): {exc}",
                              name=exc.name) from exc
        p = module.add_parser(sub, name)
        p.example_for = name
        p.set_defaults(_run=module.run)
    return parser


def _plain_terminals() -> None:
    """Units such as µM print on any terminal: characters an ASCII stream cannot hold are replaced."""
    for stream in (sys.stdout, sys.stderr):
        enc = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if enc != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


class _ReaderMayLeave:
    """Standard output whose reader may go away (``| head``): further text is dropped, the command goes on.

    A command prints its table before it writes its files; a closed pipe must not leave those unwritten.
    """

    def __init__(self, stream):
        self._stream = stream
        self._gone = False

    def _guard(self, call, *args):
        if self._gone:
            return None
        try:
            return call(*args)
        except BrokenPipeError:
            self._gone = True
            _silence_stdout()
            return None

    def write(self, text):
        self._guard(self._stream.write, text)
        return len(text)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        self._guard(self._stream.flush)

    def __getattr__(self, name):
        return getattr(self._stream, name)


class Terminated(KeyboardInterrupt):
    """SIGTERM (a scheduler's kill, ``timeout``), raised like Ctrl-C so that the same clean-up runs: a
    sweep's finished chunks stay on disk, its workers and lock are released, and the command says so."""


def _on_sigterm(signum, frame):
    raise Terminated()


def main(argv: list[str] | None = None) -> int:
    import signal
    import threading

    _plain_terminals()
    stdout = sys.stdout
    sys.stdout = _ReaderMayLeave(stdout)
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return _main(argv)
    finally:
        sys.stdout = stdout
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _stderr_handler(level: int) -> logging.Handler:
    """The command's log handler: messages on stderr in its own one-line form, less Dask's cancel race."""
    handler = logging.StreamHandler()
    handler.setLevel(level)
    handler.setFormatter(_NoteFormatter("%(levelname)s %(name)s: %(message)s"))
    handler.addFilter(_DaskCancelRace())
    return handler


def _main(argv: list[str] | None) -> int:
    parser = build_parser(_command_in(sys.argv[1:] if argv is None else [str(a) for a in argv]))
    args = parser.parse_args(argv)
    level = [logging.WARNING, logging.INFO, logging.DEBUG][min(args.verbose, 2)]
    # the level sits on the handler too: libraries that set their own loggers to INFO (Dask's
    # distributed) would otherwise print their start-up chatter on every run
    logging.basicConfig(level=level, handlers=[_stderr_handler(level)])
    if not getattr(args, "_run", None):
        parser.print_help()
        return 2
    try:
        if getattr(args, "out", None) == "":  # e.g. an unset shell variable: never skip or redirect the results
            raise InputError("empty; give a folder for the results, or leave the option out", "--out")
        return int(args._run(args) or 0)
    except InputError as exc:
        for line in exc.lines():
            print(f"il6sim: error: {line}", file=sys.stderr)
        return 2
    except Il6simError as exc:
        print(f"il6sim: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. piped into head: the reader has what it wanted
        _silence_stdout()
        return 0
    except MemoryError:
        print("il6sim: error: not enough memory for this job; make it smaller (fewer runs, samples, starts or "
              "time points)", file=sys.stderr)
        return 2
    except OSError as exc:
        if exc.errno not in _ENVIRONMENT_ERRNOS:
            raise
        where = f" {exc.filename}" if exc.filename else ""
        written = ("nothing was written" if getattr(exc, "nothing_written", False)
                   else "files written before the error may be incomplete")
        print(f"il6sim: error: cannot read or write{where}: {exc.strerror} ({_os_remedy(exc.errno)}); "
              f"{written}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as exc:
        resumable = args.command in ("sweep", "sensitivity", "population")  # finished chunks are on disk
        stopped = "terminated" if isinstance(exc, Terminated) else "interrupted"
        print(f"il6sim: {stopped}" + ("; run the same command again to resume (finished chunks are kept)"
                                      if resumable else ""), file=sys.stderr)
        return 143 if isinstance(exc, Terminated) else 130


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so that flushing it at exit cannot fail again on the closed pipe."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # pragma: no cover - stdout without a file descriptor (tests)
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
