"""``pia check MODEL [--fail-on LEVEL] [--format text|json|sarif]``: findings without a report.

For CI gates and editors: text for people, findings.json content, or SARIF 2.1.0 so that
code-scanning tools show each finding on the line of the model that causes it. Exit 0; 1 when
``--fail-on`` is given and a finding that is not accepted reaches that residual level; 2 when the
model is invalid.
"""
from __future__ import annotations

import json
import sys
import textwrap
from pathlib import PurePath

from ..findings import LEVELS, SCALE

__all__ = ["register", "run", "format_text", "to_sarif"]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}


def register(sub) -> None:
    p = sub.add_parser("check", help="list a model's privacy findings (text, json or SARIF) for CI and editors",
                       description="Evaluate the rule catalogue on a model, check it against the privacy notice's "
                       "text when a source gives its path, and print the findings with their "
                       "inherent and residual risk and the DPIA screening. Exit 0; 1 when --fail-on LEVEL is "
                       "reached by a finding that is not accepted (residual level); 2 when the model is invalid.")
    p.add_argument("model", metavar="MODEL", help="model file, or folder holding one model")
    p.add_argument("--fail-on", choices=LEVELS, metavar="LEVEL",
                   help="exit 1 when a finding not accepted has this residual level or higher (low, medium, high, critical)")
    p.add_argument("--format", choices=("text", "json", "sarif"), default="text", help="output format (default: text)")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..analysis import analyse
    from ..model import load

    analysis = analyse(load(args.model))
    if args.format == "json":
        out = json.dumps(analysis.as_json(), indent=2, ensure_ascii=False)
    elif args.format == "sarif":
        out = json.dumps(to_sarif(analysis), indent=2, ensure_ascii=False)
    else:
        from ..text import terminal_safe

        out = terminal_safe(format_text(analysis, fail_on=args.fail_on))  # model text cannot act on the terminal
    sys.stdout.write(out + "\n")
    if args.fail_on and analysis.open_at(args.fail_on):
        return 1
    return 0


def _where(model, ids) -> str:
    parts = []
    for e in ids:
        loc = model.position(e)
        kind = model.kind_of(e) if e in model.index else "element"
        parts.append(f"{kind} {e} ({loc})")
    return "; ".join(parts)


def _anchor_loc(model, f):
    if f.anchor:
        return model.position(tuple(f.anchor.split(".")))
    for e in f.elements:
        loc = model.position(e)
        if loc.line:
            return loc
    return model.position(())


def format_text(analysis, fail_on: str | None = None, width: int = 100) -> str:
    """Findings for people: a header with the screening, then the findings by residual level."""
    from ..risk import counts, short_ids

    m = analysis.model
    fs = analysis.findings
    c = counts(fs)
    lines = [f"{m.path}: {m.assessment.title}",
             f"DPIA screening: {analysis.screening.verdict}",
             *[f"  - {r}" for r in analysis.screening.reasons],
             f"{len(fs)} findings after measures: " + ", ".join(f"{c[lv]} {lv}" for lv in reversed(LEVELS))
             + f"; {sum(f.status == 'accepted' for f in fs)} accepted, {sum(f.status == 'mitigated' for f in fs)} mitigated."]
    wrap = lambda label, text: textwrap.fill(text, width=width, initial_indent=f"    {label:<10}",
                                             subsequent_indent=" " * 14)
    current = None
    for sid, f in zip(short_ids(fs), fs):
        if f.residual_risk != current:
            current = f.residual_risk
            lines += ["", f"== {current.upper()} (residual risk) " + "=" * max(0, width - 25 - len(current))]
        lines += ["", f"  {sid} {f.rule} {f.title} [{f.status}]"]
        lines.append(wrap("where:", _where(m, f.elements) if f.elements else str(_anchor_loc(m, f))))
        lines.append(wrap("why:", f.description))
        if f.missing:
            lines.append(wrap("missing:", "; ".join(f.missing)))
        if f.evidence:
            lines.append(wrap("source:", "; ".join(f.evidence)))
        lines.append(wrap("law:", "; ".join(f.refs)))
        bad = (f"severity {f.severity} {SCALE[f.severity]} x likelihood {f.likelihood} {SCALE[f.likelihood]} = {f.risk}")
        if f.controls:
            bad += (f"; after {', '.join(f.controls)}: severity {f.residual_severity} x likelihood "
                    f"{f.residual_likelihood} = {f.residual_risk}")
        if f.controls_pending:
            bad += f"; not counted (planned, unknown or partial): {', '.join(f.controls_pending)}"
        lines.append(wrap("how bad:", bad))
        if f.status == "accepted":
            lines.append(wrap("accepted:", f"by {f.accepted_by}: {f.accepted_reason}"))
        lines.append(wrap("do:", f.recommendation))
    if fail_on:
        hit = analysis.open_at(fail_on)
        lines += ["", f"--fail-on {fail_on}: {len(hit)} finding(s) not accepted at {fail_on} or above"
                  + (" -> exit 1" if hit else " -> pass")]
    return "\n".join(lines)


def to_sarif(analysis) -> dict:
    """A SARIF 2.1.0 log: one run, the catalogue's rules that fired in ``tool.driver.rules``, one
    result per finding located at the model line of its first element (others as related)."""
    from .. import __version__
    from ..rules import CATALOGUE, CATALOGUE_VERSION
    from ..risk import short_ids

    m = analysis.model
    fired = {f.rule for f in analysis.findings}
    rules, index = [], {}
    for r in CATALOGUE:
        if r.id not in fired:
            continue
        index[r.id] = len(rules)
        help_text = (f"{r.recommendation}\n\nLaw: {'; '.join(r.refs)}.\nSeverity {r.severity} ({SCALE[r.severity]}): "
                     f"{r.severity_reason}\nLikelihood {r.likelihood} ({SCALE[r.likelihood]}): {r.likelihood_reason}")
        rules.append({
            "id": r.id, "name": _pascal(r.title),
            "shortDescription": {"text": r.title},
            "fullDescription": {"text": f"{r.title} ({r.theme}; LINDDUN: {r.linddun})."},
            "help": {"text": help_text},
            "defaultConfiguration": {"level": _SARIF_LEVEL[_level(r.severity, r.likelihood)]},
            "properties": {"tags": ["privacy", r.theme, r.linddun], "refs": list(r.refs)},
        })
    for f in analysis.findings:  # findings added by other analyses (e.g. the notice check)
        if f.rule not in index:
            index[f.rule] = len(rules)
            rules.append({"id": f.rule, "name": _pascal(f.title), "shortDescription": {"text": f.title},
                          "help": {"text": f"{f.recommendation}\n\nLaw: {'; '.join(f.refs)}."},
                          "properties": {"tags": ["privacy", f.category or "other", f.linddun or "Non-compliance"]}})
    results = []
    for sid, f in zip(short_ids(analysis.findings), analysis.findings):
        located = [(e, m.position(e)) for e in f.elements]
        primary = _anchor_loc(m, f)
        res = {
            "ruleId": f.rule, "ruleIndex": index[f.rule], "level": _SARIF_LEVEL[f.residual_risk],
            "message": {"text": f"{f.title}: {f.description}"
                        + (f" Missing: {'; '.join(f.missing)}." if f.missing else "") + f" Do: {f.recommendation}"},
            "locations": [_location(primary, f.elements[0] if f.elements and not f.anchor else f.anchor)],
            "partialFingerprints": {"piaFindingKey/v1": f.key},
            "properties": {"id": sid, "status": f.status, "risk": f.risk, "residual_risk": f.residual_risk,
                           "severity": f.severity, "likelihood": f.likelihood,
                           "residual_severity": f.residual_severity, "residual_likelihood": f.residual_likelihood,
                           "elements": list(f.elements), "refs": list(f.refs), "evidence": list(f.evidence),
                           "controls": list(f.controls)},
        }
        related = [_location(loc, e, i + 1) for i, (e, loc) in enumerate(located[1:] if not f.anchor else located) if loc.line]
        if related:
            res["relatedLocations"] = related
        if f.status == "accepted":
            res["suppressions"] = [{"kind": "external", "status": "accepted",
                                    "justification": f"Accepted by {f.accepted_by}: {f.accepted_reason}"}]
        results.append(res)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "pia", "version": __version__, "semanticVersion": __version__,
                                "rules": rules,
                                "properties": {"rulesVersion": CATALOGUE_VERSION}}},
            "automationDetails": {"id": f"pia/{m.assessment.id}"},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def _pascal(title: str) -> str:
    """'No legal basis recorded' -> 'NoLegalBasisRecorded' (SARIF rule names)."""
    import re

    return "".join(w[:1].upper() + w[1:] for w in re.findall(r"[A-Za-z0-9]+", title))


def _level(sev: int, lik: int) -> str:
    from ..findings import risk_level

    return risk_level(sev, lik)


def _location(loc, name: str, rid: int | None = None) -> dict:
    region = {"startLine": max(1, loc.line)}
    if loc.column:
        region["startColumn"] = loc.column
    out = {"physicalLocation": {"artifactLocation": {"uri": PurePath(loc.file).as_posix()}, "region": region}}
    if name:
        out["logicalLocations"] = [{"name": name, "kind": "element"}]
    if rid is not None:
        out["id"] = rid
    return out
