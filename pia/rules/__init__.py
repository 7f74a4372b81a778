"""The rule catalogue: small rules over a small vocabulary of model predicates.

Each theme has its own module (lawfulness, special, transparency, storage, minimisation, security,
processors, transfers, vulnerable, tracking, disclosures, profiling, rights) declaring its rules
with :func:`pia.rules.engine.rule`. :data:`CATALOGUE` is their concatenation in that order;
:func:`evaluate` runs it on a model and returns the findings with their *inherent* risk (residual
risk and acceptance are applied by :mod:`pia.risk`).

>>> import pia
>>> from pia import rules
>>> rules.get("LAW-01").refs[0]
'GDPR Art. 6(1)'
>>> len(rules.CATALOGUE) >= 30
True
>>> sorted({f.rule for f in rules.evaluate(pia.load("data/cloud_connectors.yaml"))})[:3]
['DSC-01', 'DSC-02', 'LAW-01']
"""
from __future__ import annotations

from importlib import import_module

from .engine import Hit, Rule, rule, run

__all__ = ["CATALOGUE", "CATALOGUE_VERSION", "THEMES", "evaluate", "get", "table", "Rule", "Hit", "rule"]

#: Version of the rule catalogue: bump when a rule is added, removed or changes meaning.
CATALOGUE_VERSION = "2026.11.1"

#: Theme modules, in the order the catalogue lists them.
THEMES = ("lawfulness", "special", "transparency", "storage", "minimisation", "security", "processors",
          "transfers", "vulnerable", "tracking", "disclosures", "profiling", "rights")

CATALOGUE: list[Rule] = [r for theme in THEMES for r in import_module(f"{__name__}.{theme}").RULES]

_BY_ID = {r.id: r for r in CATALOGUE}
if len(_BY_ID) != len(CATALOGUE):  # pragma: no cover - guards against a copy-pasted id
    raise RuntimeError("duplicate rule ids in the catalogue")


def get(rule_id: str) -> Rule:
    """The rule with this id; KeyError naming it otherwise."""
    try:
        return _BY_ID[rule_id]
    except KeyError:
        raise KeyError(f"no rule {rule_id!r} in the catalogue") from None


def evaluate(model) -> list:
    """Findings of the whole catalogue on ``model`` (inherent risk; see :func:`pia.analysis.analyse`)."""
    return run(CATALOGUE, model)


def table():
    """The catalogue as a pandas DataFrame (one row per rule), for a report appendix.

    >>> t = table()
    >>> list(t.columns)[:4], t.loc[t.id == "TRK-01", "theme"].item()
    (['id', 'title', 'theme', 'linddun'], 'tracking')
    """
    import pandas as pd

    from ..findings import SCALE

    return pd.DataFrame([{
        "id": r.id, "title": r.title, "theme": r.theme, "linddun": r.linddun, "refs": "; ".join(r.refs),
        "severity": f"{r.severity} {SCALE[r.severity]}: {r.severity_reason}",
        "likelihood": f"{r.likelihood} {SCALE[r.likelihood]}: {r.likelihood_reason}",
        "recommendation": r.recommendation,
        "mitigated by": "; ".join(f"{k} (-{s} severity, -{l} likelihood)" for k, (s, l) in r.mitigations.items()),
    } for r in CATALOGUE])
