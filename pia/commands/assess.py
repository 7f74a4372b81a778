"""``pia assess MODEL [-o DIR] [--fail-on LEVEL] [--date YYYY-MM-DD]``: write the PIA of a model."""
from __future__ import annotations

import datetime as dt
import sys

LEVELS = ("low", "medium", "high", "critical")


def _date(text: str) -> str:
    import argparse

    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid date {text!r} (accepted: YYYY-MM-DD)") from None


def register(sub) -> None:
    p = sub.add_parser(
        "assess", help="write the privacy impact assessment of a model (pia.html, findings.json, ...)",
        description="Validate MODEL, assess it and write into DIR: pia.html (the report for reviewers), "
        "findings.json, pia.ipynb (the executed notebook), ropa.csv (Art. 30 record), disclosures.csv and "
        "disclosure-map.html. The previous report stays until a complete new one replaces it. Exit 0 done; "
        "1 when --fail-on is given and a finding not accepted reaches that level after measures; 2 invalid "
        "model; 3 a step failed (named).")
    p.add_argument("model", metavar="MODEL", help="model file, or folder holding one model")
    p.add_argument("-o", "--output", metavar="DIR", help="output folder (default: reports/<assessment id>/)")
    p.add_argument("--fail-on", metavar="LEVEL", choices=LEVELS,
                   help="exit 1 when a finding not accepted has this residual level or higher: " + ", ".join(LEVELS))
    p.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help="date printed in the report (default: today)")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..report import assess

    dest, data = assess(args.model, args.output, report_date=args.date)
    findings = data.get("findings", [])
    print(f"{dest}/: pia.html, findings.json ({len(findings)} findings), "
          f"{data.get('screening', {}).get('verdict', 'screening done')}")
    if args.fail_on:
        hits = gate(findings, args.fail_on)
        if hits:
            print(f"pia: {len(hits)} finding{'s' if len(hits) != 1 else ''} not accepted at {args.fail_on} "
                  f"risk or above after measures (--fail-on {args.fail_on})", file=sys.stderr)
            return 1
    return 0


def gate(findings: list[dict], level: str) -> list[dict]:
    """Findings (as in findings.json) not accepted whose residual risk is ``level`` or higher.

    >>> gate([{"status": "open", "residual_risk": "high"}, {"status": "accepted", "residual_risk": "critical"},
    ...       {"status": "mitigated", "residual_risk": "medium"}], "medium")
    [{'status': 'open', 'residual_risk': 'high'}, {'status': 'mitigated', 'residual_risk': 'medium'}]
    """
    floor = LEVELS.index(level)
    return [f for f in findings if f.get("status") != "accepted"
            and LEVELS.index(f.get("residual_risk") or f.get("risk") or "low") >= floor]
