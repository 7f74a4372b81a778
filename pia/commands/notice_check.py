"""``pia notice-check [MODEL] --policy FILE [-o DIR] [--draft MODEL.yaml]``: compare a model with its notice."""
from __future__ import annotations

import sys
from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser(
        "notice-check", help="check a model against its published privacy notice",
        description="Read a privacy notice (plain text, Markdown or HTML), extract who collects or receives "
        "which data for what, and, with a MODEL, label each flow clear, vague, omitted or contradicted and "
        "fill the GDPR Art. 13/14 checklist. Writes notice-check.html and notice-check.json. Exit 2 on an "
        "invalid model or an unreadable notice.")
    p.add_argument("model", nargs="?", metavar="MODEL", help="model file or folder (optional)")
    p.add_argument("--policy", required=True, metavar="FILE", help="the privacy notice: .txt, .md or .html")
    p.add_argument("-o", "--output", default=".", metavar="DIR", help="folder for the outputs (default: current folder)")
    p.add_argument("--draft", metavar="MODEL.yaml", help="also write a draft model built from the notice's statements")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..model import load
    from ..notice import check, draft_model
    from ..notice.report import _atomic_write, write_outputs

    model = load(args.model) if args.model else None
    nc = check(args.policy, model)
    paths = write_outputs(nc, args.output)
    if args.draft:
        target = Path(args.draft)
        target.parent.mkdir(parents=True, exist_ok=True)
        _atomic_write(target, draft_model(nc, model_id=_draft_id(target)))
        paths.append(target)
    s = nc.summary()
    line = f"{args.policy}: {s['statements']} statements ({s['negated']} negative) in {s['segments']} segments"
    if model is not None:
        line += ("; flows: " + ", ".join(f"{s['flows_' + k]} {k}" for k in ("clear", "vague", "omitted", "contradicted"))
                 + f"; {s['missing_practices']} practices missing from the model")
    line += f"; {s['checklist_not_stated']} Art. 13/14 items not stated"
    print(line)
    for p in paths:
        print(f"  wrote {p}")
    return 0


def _draft_id(path: Path) -> str:
    import re

    return re.sub(r"[^A-Za-z0-9_.-]+", "-", path.stem).strip("-.") or "draft"
