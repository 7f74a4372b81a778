"""``pia diff OLD NEW [-o DIR]``: what changed between two versions of a model, and whether the
privacy notice must change. Exit 0: no material change; 1: material change (a CI gate); 2: invalid
input."""
from __future__ import annotations

import sys


def register(sub) -> None:
    p = sub.add_parser(
        "diff", help="compare two versions of a model; exit 1 when the privacy notice must change",
        description="Compare two versions of a model (files, folders, or REV:PATH for a git revision, e.g. "
        "HEAD~1:model.yaml). Lists added, removed and changed activities, flows, recipients, data categories, "
        "countries, legal bases and retention, and new, resolved and re-scored findings; says whether the change "
        "is material for the privacy notice. Writes change.html and change.json into DIR. "
        "Exit 0: no material change; 1: material change; 2: invalid input.")
    p.add_argument("old", metavar="OLD", help="the old version: model file, folder, or REV:PATH")
    p.add_argument("new", metavar="NEW", help="the new version: model file, folder, or REV:PATH")
    p.add_argument("-o", "--output", metavar="DIR",
                   help="folder for change.html and change.json (default: reports/<assessment id>-change/)")
    p.add_argument("--no-findings", action="store_true", help="compare the models only, not their findings")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..diff import diff, format_text, write_change
    from ..text import terminal_safe

    change = diff(args.old, args.new, findings=not args.no_findings)
    out = args.output or f"reports/{change.new['id']}-change"
    paths = write_change(change, out)
    print(terminal_safe(format_text(change)))
    print(terminal_safe("  wrote " + ", ".join(str(p) for p in paths)))
    return 1 if change.material else 0
