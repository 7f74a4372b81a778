"""Findings and risk levels: the common currency of rules, screening, reports and diffs.

Severity and likelihood use the CNIL PIA scales (1 Negligible, 2 Limited, 3 Significant,
4 Maximum). Their product gives the risk level:

>>> risk_level(2, 2), risk_level(3, 3), risk_level(4, 3), risk_level(1, 3)
('medium', 'high', 'critical', 'low')
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

__all__ = ["Finding", "LEVELS", "SCALE", "risk_level", "level_rank"]

#: CNIL scale labels for severity and likelihood.
SCALE = {1: "Negligible", 2: "Limited", 3: "Significant", 4: "Maximum"}
#: Risk levels, lowest first.
LEVELS = ("low", "medium", "high", "critical")
STATUSES = ("open", "mitigated", "accepted")


def risk_level(severity: int, likelihood: int) -> str:
    """Level of a risk from its severity and likelihood (1-4 each).

    Product 1-3: low; 4-6: medium; 8-9: high; 12-16: critical.
    """
    score = int(severity) * int(likelihood)
    if score >= 12:
        return "critical"
    if score >= 8:
        return "high"
    if score >= 4:
        return "medium"
    return "low"


def level_rank(level: str) -> int:
    """0 for low ... 3 for critical (for sorting and ``--fail-on``)."""
    return LEVELS.index(level)


@dataclass
class Finding:
    """One finding: what, where, why, on which law, how bad, what to do.

    ``elements`` are model ids (flows, activities, parties, systems, subjects); ``missing`` lists
    the information the model or the notice does not give (unknown is treated as risky);
    ``evidence`` lists the source sections the elements cite.
    """

    rule: str
    title: str
    description: str
    severity: int
    likelihood: int
    refs: list[str]
    elements: list[str]
    recommendation: str
    linddun: str = ""
    category: str = ""
    residual_severity: int | None = None
    residual_likelihood: int | None = None
    status: str = "open"
    missing: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    controls: list[str] = field(default_factory=list)
    accepted_by: str | None = None
    accepted_reason: str | None = None
    #: controls of a relevant kind that do not lower the risk (planned, status unknown, or covering
    #: only part of the finding's elements)
    controls_pending: list[str] = field(default_factory=list)
    #: model path (e.g. "notice.items.retention") for a finding about a part without an id
    anchor: str = ""

    def __post_init__(self) -> None:
        if self.residual_severity is None:
            self.residual_severity = self.severity
        if self.residual_likelihood is None:
            self.residual_likelihood = self.likelihood

    @property
    def risk(self) -> str:
        """Inherent risk level (before the model's controls)."""
        return risk_level(self.severity, self.likelihood)

    @property
    def residual_risk(self) -> str:
        """Residual risk level (after the controls that cover the finding's elements)."""
        return risk_level(self.residual_severity, self.residual_likelihood)

    @property
    def key(self) -> str:
        """Stable identity of a finding across runs and model versions: rule + elements."""
        return self.rule + ":" + ",".join(self.elements)

    def as_dict(self) -> dict:
        d = asdict(self)
        d["risk"] = self.risk
        d["residual_risk"] = self.residual_risk
        d["key"] = self.key
        return d
