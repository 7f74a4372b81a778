"""``pia validate PATH...``: check models and print a short summary of each."""
from __future__ import annotations

import sys


def register(sub) -> None:
    p = sub.add_parser("validate", help="check models (files or folders) and summarise them",
                       description="Validate each model; print a summary of each valid one. Exit 0 when "
                       "all are valid, 2 otherwise (every problem listed with file, line and field).")
    p.add_argument("paths", nargs="+", metavar="PATH", help="model file, or folder holding one model")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..errors import ModelError
    from ..model import load

    status = 0
    for path in args.paths:
        try:
            model = load(path)
        except ModelError as exc:
            print(str(exc), file=sys.stderr)
            status = 2
            continue
        print(format_summary(model))
    return status


def format_summary(model) -> str:
    from ..text import terminal_safe

    s = model.summary()
    a = model.assessment
    lines = [
        f"{model.path}: valid model '{a.id}' ({a.title}), version {a.version}",
        f"  parties: {s['parties']}   subject groups: {s['subject_groups']}   systems: {s['systems']}",
        f"  data categories: {s['data_categories']}   activities: {s['activities']}   flows: {s['flows']}",
        f"  third-country flows: {s['third_country_flows']}   flows to unknown locations: {s['flows_to_unknown_locations']}",
        f"  controls: {s['controls']}   fingerprint: {model.fingerprint[:16]}",
    ]
    return terminal_safe("\n".join(lines))
