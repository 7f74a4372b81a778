"""Risk scoring: inherent and residual risk, acceptance, the risk register and the risk map.

Severity and likelihood use the CNIL scales (1 Negligible ... 4 Maximum); their product gives the
level (:func:`pia.findings.risk_level`). Each rule declares which control kinds lower its risk and
by how much (``Rule.mitigations``: kind -> (severity reduction, likelihood reduction)).

Residual risk. A control lowers a finding's risk when

- its status is ``in_place`` (planned controls and controls of unknown status lower nothing: they
  are listed under ``controls_pending``, and the finding stays at its inherent level);
- its kind is one the rule declares as mitigating;
- it covers *every* target of the finding: the flows it names, or if none its activities, or if
  none its first element (parties and subject groups named beside are context). A control covers a
  flow when it names the flow, its activity, its sending or receiving node or the party behind
  one; an activity when it names the activity, a party with a role in it or one of its systems; a
  system when it names the system or its operator. A control covering only some targets is listed
  under ``controls_pending`` (partial).

Reductions of different kinds add up; each kind counts once; neither scale goes below 1.

Status. ``accepted`` when an entry of the model's ``accepted`` names the rule and its elements are
all among the finding's (no elements: every finding of that rule); the acceptor and the reason are
kept on the finding and it stays in every output. Otherwise ``mitigated`` when controls lowered the
risk *level*, else ``open``. Gates (``pia check --fail-on``) look at the residual level of every
finding that is not accepted.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from .findings import LEVELS, SCALE, Finding, level_rank, risk_level

if TYPE_CHECKING:  # pragma: no cover
    from .model import Model

__all__ = ["apply_controls", "apply_acceptance", "assess", "sort_key", "register", "risk_map", "short_ids"]


def _covering(ctx, control, elements: list[str], scopes: list | None = None) -> bool:
    covers = set(control.covers)
    if scopes is None:
        scopes = [ctx.scope(e) for e in ctx.targets(elements)]
    return all(not covers.isdisjoint(s) for s in scopes)


def apply_controls(model: "Model", findings: Iterable[Finding], mitigations_of=None) -> list[Finding]:
    """Set residual severity/likelihood, ``controls`` and ``controls_pending`` on each finding."""
    from .rules import _BY_ID
    from .rules.predicates import Ctx

    ctx = Ctx(model)
    out = []
    for f in findings:
        rule = _BY_ID.get(f.rule)
        mitigations = (mitigations_of(f) if mitigations_of else None) or (rule.mitigations if rule else {})
        sev, lik = f.severity, f.likelihood
        applied: list[str] = []
        pending: list[str] = []
        used_kinds: set[str] = set()
        scopes = None  # the targets' scopes, worked out once per finding when a control needs them
        for c in ctx.controls(mitigations, f.elements):
            if c.status == "in_place" and scopes is None:
                scopes = [ctx._scope_of(e) for e in ctx.targets(f.elements)]
            if c.status == "in_place" and _covering(ctx, c, f.elements, scopes):
                applied.append(c.id)
                if c.kind not in used_kinds:
                    used_kinds.add(c.kind)
                    ds, dl = mitigations[c.kind]
                    sev, lik = sev - ds, lik - dl
            else:
                pending.append(c.id)
        f.residual_severity, f.residual_likelihood = max(1, sev), max(1, lik)
        f.controls = sorted(set(f.controls) | set(applied))
        f.controls_pending = sorted(set(f.controls_pending) | set(pending))
        f.status = "mitigated" if level_rank(f.residual_risk) < level_rank(f.risk) else "open"
        out.append(f)
    return out


def apply_acceptance(model: "Model", findings: Iterable[Finding]) -> list[Finding]:
    """Mark findings the model accepts (rule + elements) as accepted, keeping who and why."""
    out = []
    for f in findings:
        for acc in model.accepted:
            if acc.rule == f.rule and set(acc.elements) <= set(f.elements):
                f.status = "accepted"
                f.accepted_by = acc.by
                f.accepted_reason = acc.reason + (f" ({acc.date.isoformat()})" if acc.date else "")
                break
        out.append(f)
    return out


def sort_key(f: Finding) -> tuple:
    """Residual level (highest first), then rule id, then elements."""
    return (-level_rank(f.residual_risk), f.rule, f.elements)


def assess(model: "Model", findings: Iterable[Finding]) -> list[Finding]:
    """Residual risk, acceptance and the canonical order."""
    return sorted(apply_acceptance(model, apply_controls(model, findings)), key=sort_key)


def short_ids(findings: list[Finding]) -> list[str]:
    """R01, R02, ... in the findings' order (R001 when there are 100 or more)."""
    width = max(2, len(str(len(findings))))
    return [f"R{i:0{width}d}" for i in range(1, len(findings) + 1)]


def register(model: "Model", findings: list[Finding]):
    """The risk register: one row per finding (pandas DataFrame)."""
    import pandas as pd

    status_of = {c.id: c.status for c in model.controls}
    rows = []
    for sid, f in zip(short_ids(findings), findings):
        rows.append({
            "id": sid,
            "rule": f.rule,
            "title": f.title,
            "category": f.category,
            "linddun": f.linddun,
            "elements": ", ".join(f.elements),
            "description": f.description,
            "missing": "; ".join(f.missing),
            "severity": f.severity,
            "likelihood": f.likelihood,
            "risk": f.risk,
            "controls": ", ".join(f.controls),
            "controls_pending": ", ".join(f"{c} ({status_of.get(c, '?').replace('_', ' ')})" for c in f.controls_pending),
            "residual_severity": f.residual_severity,
            "residual_likelihood": f.residual_likelihood,
            "residual_risk": f.residual_risk,
            "status": f.status,
            "accepted_by": f.accepted_by or "",
            "accepted_reason": f.accepted_reason or "",
            "refs": "; ".join(f.refs),
            "evidence": "; ".join(f.evidence),
            "recommendation": f.recommendation,
        })
    columns = ["id", "rule", "title", "category", "linddun", "elements", "description", "missing",
               "severity", "likelihood", "risk", "controls", "controls_pending", "residual_severity",
               "residual_likelihood", "residual_risk", "status", "accepted_by", "accepted_reason",
               "refs", "evidence", "recommendation"]
    return pd.DataFrame(rows, columns=columns)


_COLOURS = {"low": "#d9efd3", "medium": "#fbefc4", "high": "#f7cfa8", "critical": "#ef9f9f"}


def _slots(n: int) -> list[tuple[float, float]]:
    """Positions for n labels inside a unit cell (rows from the top), in reading order."""
    import math

    cols = max(1, math.ceil(math.sqrt(n * 1.6)))
    rows = max(1, math.ceil(n / cols))
    out = []
    for i in range(n):
        r, c = divmod(i, cols)
        out.append(((c + 0.5) / cols, 1 - (r + 0.5) / rows))
    return out


def risk_map(findings: list[Finding], *, title: str = "Risk map: before and after measures"):
    """The CNIL 4x4 map: severity (rows) against likelihood (columns), coloured by level. Each
    finding appears by its short id (R01...) where it stands before measures (hollow) and, when
    controls move it, after measures (filled), with an arrow between them."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyArrowPatch, Rectangle

    from .maps import fixed_clip

    ids = short_ids(findings)
    cells: dict[tuple[int, int], list[tuple[str, str]]] = {}
    for sid, f in zip(ids, findings):
        cells.setdefault((f.likelihood, f.severity), []).append((sid, "before"))
        if (f.residual_likelihood, f.residual_severity) != (f.likelihood, f.severity):
            cells.setdefault((f.residual_likelihood, f.residual_severity), []).append((sid, "after"))
    densest = max((len(v) for v in cells.values()), default=1)
    size = 9 if densest <= 12 else 11 if densest <= 30 else 13
    fig = Figure(figsize=(size, size * 0.92), dpi=120)
    ax = fixed_clip(fig.add_axes((0.12, 0.1, 0.84, 0.8)))
    for lik in range(1, 5):
        for sev in range(1, 5):
            level = risk_level(sev, lik)
            ax.add_artist(Rectangle((lik - 0.5, sev - 0.5), 1, 1, facecolor=_COLOURS[level], edgecolor="white", lw=3))
            ax.text(lik + 0.46, sev - 0.46, level, ha="right", va="bottom", fontsize=8, color="#555555")
    pos: dict[tuple[str, str], tuple[float, float]] = {}
    fontsize = 9 if densest <= 12 else 7.5 if densest <= 30 else 6.5
    for (lik, sev), items in sorted(cells.items()):
        for (sid, when), (dx, dy) in zip(items, _slots(len(items))):
            x, y = lik - 0.45 + 0.9 * dx, sev - 0.42 + 0.84 * dy
            pos[(sid, when)] = (x, y)
            ax.text(x, y, sid, ha="center", va="center", fontsize=fontsize, zorder=3,
                    color="white" if when == "after" else "#222222",
                    bbox=dict(boxstyle="round,pad=0.18", lw=0.8,
                              fc="#2f4b7c" if when == "after" else "white",
                              ec="#2f4b7c" if when == "after" else "#444444"))
    for sid, f in zip(ids, findings):
        if (sid, "after") in pos:
            ax.add_artist(FancyArrowPatch(pos[(sid, "before")], pos[(sid, "after")], arrowstyle="-|>",
                                          mutation_scale=9, color="#2f4b7c", lw=0.9, alpha=0.55, zorder=2,
                                          shrinkA=9, shrinkB=9, connectionstyle="arc3,rad=0.12"))
    ax.set_xlim(0.5, 4.5)
    ax.set_ylim(0.5, 4.5)
    ax.set_xticks(range(1, 5), [f"{i} {SCALE[i]}" for i in range(1, 5)])
    ax.set_yticks(range(1, 5), [f"{i} {SCALE[i]}" for i in range(1, 5)])
    ax.set_xlabel("Likelihood", fontsize=11)
    ax.set_ylabel("Severity", fontsize=11)
    ax.tick_params(length=0)
    for s in ax.spines.values():
        s.set_visible(False)
    moved = sum(1 for sid in ids if (sid, "after") in pos)
    fig.suptitle(title, fontsize=13, y=0.97)
    fig.text(0.12, 0.035, f"White label: risk before measures. Blue label: after the measures in place "
             f"({moved} of {len(findings)} risks move). Ids as in the risk register.", fontsize=9, color="#333333")
    return fig


def counts(findings: Iterable[Finding], residual: bool = True) -> dict[str, int]:
    """Number of findings per level (residual by default), lowest level first."""
    out = {lv: 0 for lv in LEVELS}
    for f in findings:
        out[f.residual_risk if residual else f.risk] += 1
    return out
