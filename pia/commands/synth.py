"""``pia synth --flows N [--systems S] [--seed K] -o MODEL.yaml``: write a synthetic model."""
from __future__ import annotations

import sys


def register(sub) -> None:
    p = sub.add_parser(
        "synth", help="write a realistic synthetic model of any size (for trying pia at scale)",
        description="Write a synthetic but realistic model: an organisation with its systems, vendors in "
        "many countries, sub-processor chains, purposes, legal bases and some unknown values. The same "
        "arguments always give the same file. `--flows 21 --systems 4` has the size of the bundled "
        "Cloud Connectors model.")
    p.add_argument("--flows", required=True, metavar="N", help="number of data flows (at least 1)")
    p.add_argument("--systems", metavar="S", help="number of systems (default: 3 + N/25)")
    p.add_argument("--seed", default="0", metavar="K", help="random seed, a whole number (default: 0)")
    p.add_argument("-o", "--output", required=True, metavar="MODEL.yaml", help="file to write (replaced if it exists)")
    p.set_defaults(func=run)


def _whole(value: str | None, option: str, minimum: int | None) -> int | None:
    if value is None:
        return None
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"{option} must be a whole number, got {value!r}") from None
    if minimum is not None and number < minimum:
        raise ValueError(f"{option} must be at least {minimum}, got {number}")
    return number


def run(args) -> int:
    from ..synth import write

    try:
        flows = _whole(args.flows, "--flows", 1)
        systems = _whole(args.systems, "--systems", 1)
        seed = _whole(args.seed, "--seed", None)
    except ValueError as exc:
        print(f"pia synth: {exc}", file=sys.stderr)
        return 2
    try:
        sizes = write(args.output, flows, systems, seed)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        print(f"pia synth: cannot write {args.output}: {reason}", file=sys.stderr)
        return 2
    print(f"{args.output}: synthetic model with {sizes['flows']} flows, {sizes['systems']} systems, "
          f"{sizes['parties']} parties, {sizes['subject_groups']} subject groups, {sizes['activities']} "
          f"activities, {sizes['controls']} controls (seed {seed})")
    return 0
