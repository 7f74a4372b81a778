"""The rule engine: what a rule is, what it returns, and how a catalogue runs over a model.

A rule is a small function ``check(ctx) -> iterable of Hit`` plus its metadata (id, title,
LINDDUN category, legal references, default severity and likelihood on the CNIL 1-4 scales with
the reason for each, a recommendation, and the control kinds that lower its residual risk). The
engine turns each :class:`Hit` into a :class:`pia.findings.Finding`, adding the evidence the named
elements cite in the model.

Declaration is kept apart from execution: rule modules declare rules with :func:`rule` into a
module-level list, nothing is registered globally, and :func:`run` evaluates any list of rules.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable

from ..findings import Finding

if TYPE_CHECKING:  # pragma: no cover
    from .predicates import Ctx

__all__ = ["Rule", "Hit", "rule", "run", "LINDDUN"]

#: LINDDUN threat categories (names as used in the findings).
LINDDUN = ("Linking", "Identifying", "Non-repudiation", "Detecting", "Data disclosure",
           "Unawareness", "Non-compliance")


@dataclass
class Hit:
    """One thing a rule found: the elements, a sentence built from the model, what is missing.

    ``severity``/``likelihood`` override the rule's defaults for this hit (with ``reason``
    appended to the description); ``anchor`` is a model path ("notice.items.retention") for
    findings about a part of the model that has no id.
    """

    elements: list[str]
    text: str
    missing: list[str] = field(default_factory=list)
    severity: int | None = None
    likelihood: int | None = None
    anchor: str = ""


@dataclass(frozen=True)
class Rule:
    """A rule of the catalogue. ``mitigations`` maps a control kind to the (severity, likelihood)
    reduction an in-place control of that kind brings when it covers the finding."""

    id: str
    title: str
    theme: str
    linddun: str
    refs: tuple[str, ...]
    severity: int
    likelihood: int
    severity_reason: str
    likelihood_reason: str
    recommendation: str
    check: Callable[["Ctx"], Iterable[Hit]] = field(repr=False, compare=False)
    mitigations: dict[str, tuple[int, int]] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        if self.linddun not in LINDDUN:
            raise ValueError(f"rule {self.id}: unknown LINDDUN category {self.linddun!r}")
        for value in (self.severity, self.likelihood):
            if value not in (1, 2, 3, 4):
                raise ValueError(f"rule {self.id}: severity and likelihood are 1-4")

    def evaluate(self, ctx: "Ctx") -> list[Finding]:
        """The findings of this rule on a model (inherent risk only)."""
        out = []
        for hit in self.check(ctx):
            elements = list(dict.fromkeys(hit.elements))
            out.append(Finding(
                rule=self.id, title=self.title, description=hit.text,
                severity=hit.severity or self.severity, likelihood=hit.likelihood or self.likelihood,
                refs=list(self.refs), elements=elements, recommendation=self.recommendation,
                linddun=self.linddun, category=self.theme, missing=list(dict.fromkeys(hit.missing)),
                evidence=ctx.evidence(elements, hit.anchor), anchor=hit.anchor,
            ))
        return out


def rule(catalogue: list, *, id: str, title: str, linddun: str, refs: Iterable[str], severity: int,
         likelihood: int, severity_reason: str, likelihood_reason: str, recommendation: str,
         mitigations: dict[str, tuple[int, int]] | None = None, theme: str = ""):
    """Decorator declaring a rule into ``catalogue`` (a module's own list)."""

    def wrap(fn: Callable[["Ctx"], Iterable[Hit]]) -> Rule:
        r = Rule(id=id, title=title, theme=theme or fn.__module__.rsplit(".", 1)[-1], linddun=linddun,
                 refs=tuple(refs), severity=severity, likelihood=likelihood,
                 severity_reason=severity_reason, likelihood_reason=likelihood_reason,
                 recommendation=recommendation, check=fn, mitigations=dict(mitigations or {}))
        catalogue.append(r)
        return r

    return wrap


def run(rules: Iterable[Rule], model) -> list[Finding]:
    """Evaluate ``rules`` on ``model``; findings in catalogue order, then as each rule yields them."""
    from .predicates import Ctx

    ctx = Ctx(model)
    out: list[Finding] = []
    for r in rules:
        out.extend(r.evaluate(ctx))
    return out
