"""One call from a model to its assessment: findings with inherent and residual risk, screening.

>>> import pia
>>> a = analyse(pia.load("data/cloud_connectors.yaml"))
>>> a.screening.verdict
'DPIA required'
>>> sorted(a.as_json())
['assessment', 'findings', 'fingerprint', 'notice_texts', 'rules_version', 'screening', 'toolkit_version']
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from .findings import Finding, level_rank

__all__ = ["Analysis", "analyse", "notice_stamp"]


@dataclass
class Analysis:
    """The findings of a model (sorted: residual level, highest first; rule id; elements) and its
    WP248 screening."""

    model: object
    findings: list[Finding]
    screening: object
    #: the privacy-notice texts checked (:func:`pia.notice.notice_texts`), cited by the report
    notice_texts: list = field(default_factory=list)
    _register: object = field(default=None, repr=False)

    def as_json(self) -> dict:
        """The content of findings.json (deterministic, no timestamps)."""
        from . import __version__
        from .rules import CATALOGUE_VERSION
        from .yamlio import _paused_gc

        with _paused_gc():  # performance only: many small objects, no cycles to collect
            return self._as_json(__version__, CATALOGUE_VERSION)

    def _as_json(self, __version__: str, CATALOGUE_VERSION: str) -> dict:
        return {
            "assessment": self.model.assessment.id,
            "fingerprint": self.model.fingerprint,
            "toolkit_version": __version__,
            "rules_version": CATALOGUE_VERSION,
            "findings": [f.as_dict() for f in self.findings],
            "screening": self.screening.as_dict(),
            "notice_texts": _stamp(self.notice_texts),
        }

    def register(self):
        """The risk register (pandas DataFrame): one row per finding, in the findings' order."""
        from .risk import register

        return register(self.model, self.findings)

    def risk_map(self, **kwargs):
        """The CNIL 4x4 risk map (matplotlib Figure), each risk before and after measures."""
        from .risk import risk_map

        return risk_map(self.findings, **kwargs)

    def open_at(self, level: str) -> list[Finding]:
        """Findings not accepted whose residual level is ``level`` or above (for gates)."""
        return [f for f in self.findings if f.status != "accepted" and level_rank(f.residual_risk) >= level_rank(level)]


def analyse(model, extra_findings: Iterable[Finding] = (), *, notice: bool = True) -> Analysis:
    """Evaluate the rule catalogue on ``model``, add ``extra_findings`` (from other analyses),
    score residual risk after the model's controls, apply acceptances, and screen (WP248).

    With ``notice`` (the default), the privacy-notice texts the model's sources point to are read
    and checked against the model (:mod:`pia.notice`): what the text omits, blurs or denies enters
    as transparency findings, and where a rule already says the same from the model's ``notice``
    section, the text's evidence is added to that finding instead (:func:`pia.notice.fold`)."""
    from . import rules
    from .risk import assess
    from .screening import screen
    from .yamlio import _paused_gc

    # performance only: rules build many small objects, and with the collector running each full
    # collection walked the whole model again (about 1 s per pass at 100k flows)
    with _paused_gc():
        found, texts = list(rules.evaluate(model)), []
        if notice and _has_notice_path(model):
            from .notice import findings_for, fold, notice_texts

            texts = notice_texts(model)
            found = fold(found, findings_for(model, texts))
        findings = assess(model, [*found, *extra_findings])
        return Analysis(model, findings, screen(model), notice_texts=texts)


def _has_notice_path(model) -> bool:
    """Whether a source points to a text (checked before importing pia.notice, which is not cheap)."""
    return any(getattr(s, "path", None) for s in model.sources)


def _stamp(texts: list[dict]) -> list[dict]:
    return [{k: t[k] for k in ("source", "file", "sha256")} for t in texts]


def notice_stamp(model) -> list[dict]:
    """The notice texts a model's findings rest on, as findings.json records them (source id, file as
    written in the model, SHA-256 or ``None`` when unreadable); ``[]`` without such sources."""
    if not _has_notice_path(model):
        return []
    from .notice import notice_texts

    return _stamp(notice_texts(model))
