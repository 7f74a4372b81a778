"""``pia map MODEL [--focus KIND:ID] [-o DIR]``: the disclosure map of a model, alone."""
from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser(
        "map", help="write the disclosure map of a model (disclosure-map.html, disclosures.csv)",
        description="Validate MODEL and write into DIR: disclosure-map.html (who receives which personal "
        "data, where and why: flow map, matrix, transfers, per-group tables) and disclosures.csv (the "
        "disclosure register, one row per group of people, data category and recipient). Exit 0 done; "
        "2 invalid model or focus; 3 a step failed (named).")
    p.add_argument("model", metavar="MODEL", help="model file, or folder holding one model")
    p.add_argument("--focus", metavar="KIND:ID",
                   help="also draw the map of one subject group, data category or recipient, "
                   "e.g. recipient:google-analytics, subject:website-visitors, category:user.contact")
    p.add_argument("-o", "--output", metavar="DIR", help="output folder (default: reports/<assessment id>/)")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..maps import write_map

    dest = write_map(args.model, args.output, focus=args.focus)
    print(f"{dest}/: disclosure-map.html, disclosures.csv")
    return 0
