"""Every rule fires on a model made for it and stays quiet on the fixed variant."""
from __future__ import annotations

import pytest

from pia import rules
from pia.findings import LEVELS

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "rules"))
from base import activity, base, flow, load  # noqa: E402


def fired(data: dict) -> dict[str, list]:
    out: dict[str, list] = {}
    for f in rules.evaluate(load(data)):
        out.setdefault(f.rule, []).append(f)
    return out


def test_base_model_is_clean():
    assert fired(base()) == {}


# --- the table: rule id, change that makes it fire, change on top that fixes it ----------------

def _set(path_fn, **values):
    def change(d):
        path_fn(d).update(values)
    return change


def law02_fire(d):
    activity(d).update(legal_basis="consent", consent="pre_ticked")


CASES = [
    # rule, fire, fix, elements expected in the finding
    ("LAW-01", _set(activity, legal_basis="unknown"), _set(activity, legal_basis="contract"), ["orders"]),
    ("LAW-02", law02_fire, _set(activity, consent="opt_in"), ["orders"]),
    ("LAW-03", _set(activity, purpose="marketing.communications.email", legal_basis="legitimate_interests",
                    legitimate_interest="newsletter"),
     _set(activity, legal_basis="consent", consent="opt_in"), ["orders", "buy", "store"]),
    ("LAW-04", _set(activity, legal_basis="legitimate_interests"), _set(activity, legitimate_interest="fraud prevention"), ["orders"]),
    ("LAW-05", _set(activity, purpose="analytics.reporting"), _set(activity, legal_basis="consent", consent="opt_in"), ["orders"]),
]


@pytest.mark.parametrize("rule_id,fire,fix,elements", CASES, ids=[c[0] for c in CASES])
def test_rule_fires_and_stays_quiet(rule_id, fire, fix, elements):
    d = base()
    fire(d)
    hits = fired(d).get(rule_id)
    assert hits, f"{rule_id} did not fire"
    assert hits[0].elements == elements
    assert hits[0].description.endswith(".")
    fix(d)
    assert rule_id not in fired(d)


def test_catalogue_metadata():
    assert len(rules.CATALOGUE) >= 5  # grows to 30+
    ids = [r.id for r in rules.CATALOGUE]
    assert len(ids) == len(set(ids))
    for r in rules.CATALOGUE:
        assert r.refs and r.severity_reason and r.likelihood_reason and r.recommendation, r.id
        assert r.title[0].isupper(), r.id
    tested = {c[0] for c in CASES}
    assert tested == set(ids), f"rules without a fire/quiet case: {sorted(set(ids) - tested)}"


def test_unknown_basis_says_what_is_missing():
    d = base()
    activity(d)["legal_basis"] = "unknown"
    (f,) = fired(d)["LAW-01"]
    assert f.missing == ["the legal basis of 'Orders'"]
    assert f.description == ("No Art. 6(1) legal basis is recorded for 1 activity of Shop GmbH: Orders "
                             "(name, e-mail address and postal address of Buyers).")
    assert f.evidence == ["Orders"]
