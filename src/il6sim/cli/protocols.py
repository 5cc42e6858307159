"""``il6sim protocols``: list the bundled protocols (one per line, name first), or print one."""

from __future__ import annotations

import json
import sys


def add_parser(sub, name):
    p = sub.add_parser(name, help="list the bundled protocols (run one with `il6sim run seed:NAME`)",
                       description="List the bundled protocols, one per line, name first. "
                                   "Run one with `il6sim run seed:NAME`; copy one with `--show NAME > my.yaml`.")
    p.add_argument("name", nargs="?", metavar="NAME", help="print this bundled protocol's YAML (as --show NAME)")
    p.add_argument("--show", metavar="NAME", help="print the YAML of one bundled protocol (to copy and edit)")
    p.add_argument("--json", action="store_true", help="print a JSON mapping name -> description")
    return p


def run(args) -> int:
    from ..protocols import bundled_protocol_text, bundled_protocols

    from ..errors import InputError

    if args.name and args.show and args.name != args.show:
        raise InputError(f"name one protocol: got {args.name!r} and --show {args.show!r}", "protocols")
    shown = args.show if args.show is not None else args.name
    if shown is not None:  # an empty name is refused, not taken for the list
        name = shown[5:] if shown.startswith("seed:") else shown
        sys.stdout.write(bundled_protocol_text(name, where="--show" if args.show is not None else "protocols NAME"))
        return 0
    items = bundled_protocols()
    if args.json:
        json.dump(items, sys.stdout, indent=2)
        print()
        return 0
    width = max((len(n) for n in items), default=0)
    for n, desc in items.items():
        print(f"{n:<{width}}  {desc}")
    return 0
