"""Argument types of the command line: numbers, whole numbers within a range; refused by argparse with exit 2."""

from __future__ import annotations


def whole_number(low: int, high: int):
    """An argparse type: a whole number from ``low`` to ``high`` (argparse prints the message and exits 2)."""
    import argparse

    from ..validate import whole_number as whole

    def parse(text: str) -> int:
        value = whole(text)  # '1e3' and '2000.0' too, as a spec file takes them
        if value is None:
            raise argparse.ArgumentTypeError(f"must be a whole number from {low:,} to {high:,} (got {text!r})")
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be a whole number from {low:,} to {high:,} (got {value:,})")
        return value

    parse.__name__ = "whole number"
    return parse


def any_whole_number(text: str) -> int:
    """An argparse type: a whole number, its range checked by the command (argparse's own message for 'abc'
    said 'invalid int value')."""
    import argparse

    from ..validate import whole_number as whole

    value = whole(text)
    if value is None:
        raise argparse.ArgumentTypeError(f"must be a whole number (got {text!r})")
    return value


any_whole_number.__name__ = "whole number"


def plain_number(example: str, what: str = "a number without a unit"):
    """An argparse type: a number without a unit (the option's help says which), e.g. ``--background 150``;
    argparse's own message for '150 a.u.' said 'invalid float value'. ``what`` says what the number is."""
    import argparse

    def parse(text: str) -> float:
        try:
            return float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be {what}, e.g. {example} (got {text!r})") from None

    parse.__name__ = "number"
    return parse


#: seeds of random designs (numpy takes 0 to 2**32 - 1)
SEED = whole_number(0, 2**32 - 1)
#: multi-start optimisation starts
STARTS = whole_number(1, 10_000)
#: most worker processes on one machine (fit, calibrate, a local sweep cluster)
MAX_WORKERS = 64
WORKERS = whole_number(1, MAX_WORKERS)
#: optimiser iterations (residual evaluations) per start
ITERATIONS = whole_number(1, 1_000_000)
#: runs of a sweep per task
CHUNK_SIZE = whole_number(1, 1_000_000)
#: profile-likelihood steps each way
STEPS = whole_number(1, 10_000)
