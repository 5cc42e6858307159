"""``il6sim serve``: the web app (protocol builder, "classic or trans?", lab data) on a local port."""

from __future__ import annotations

import sys

from ..errors import InputError
from .argtypes import any_whole_number, plain_number


def add_parser(sub, name):
    p = sub.add_parser(name, help="start the web app (protocol builder, classic or trans?, lab data)",
                       description="Start the il6sim web app and print its URL; it runs until stopped (Ctrl+C). "
                                   "Simulations run in worker processes; the JSON API is under /api "
                                   "(/api/docs lists it).")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=any_whole_number, default=8050, help="port (default 8050)")
    p.add_argument("--workers", type=any_whole_number, default=None, metavar="N",
                   help="simulation worker processes (default 2, or 1 on a one-core machine)")
    p.add_argument("--timeout", type=plain_number("60"), default=60.0, metavar="SECONDS",
                   help="longest a request waits for its simulation, in seconds (default 60 s)")
    return p


def run(args) -> int:
    problems = []
    if not args.host.strip():  # e.g. an unset shell variable: '' would listen on every interface
        problems.append("--host is empty; give an address such as 127.0.0.1 (this machine only) or 0.0.0.0 "
                        "(every interface)")
    if not 0 < args.port < 65536:
        problems.append(f"--port must be 1-65535 (got {args.port})")
    if args.workers is not None and not 1 <= args.workers <= 64:
        problems.append(f"--workers must be 1-64 (got {args.workers})")
    if not 1 <= args.timeout <= 3600:
        problems.append(f"--timeout must be 1-3600 seconds (got {args.timeout:g})")
    if problems:
        raise InputError(problems)
    import socket

    try:
        with socket.socket(socket.AF_INET6 if ":" in args.host else socket.AF_INET) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
            s.bind((args.host, args.port))
    except OSError as exc:
        raise InputError(f"cannot listen on {args.host}:{args.port} ({exc.strerror or exc}); "
                         "choose another --port or --host") from None
    import uvicorn

    from ..web.app import Settings, create_app

    app = create_app(Settings(workers=args.workers, timeout_s=args.timeout))
    shown = f"[{args.host}]" if ":" in args.host else args.host
    print(f"il6sim: serving the web app on http://{shown}:{args.port}/ (Ctrl+C to stop)", file=sys.stderr, flush=True)
    # uvicorn.run() would swallow the Ctrl-C or SIGTERM that its server raises again after a graceful shutdown
    # (the command ended with status 0 and no word); the server itself lets it through to the command's
    # "il6sim: interrupted" (130) or "terminated" (143), as for the other commands
    uvicorn.Server(uvicorn.Config(app, host=args.host, port=args.port, log_level="warning")).run()
    return 0
