"""WP248 screening: each criterion met, not met or unknown from small models; the verdict rule."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

import pia
from pia.screening import CRITERIA, screen, settings

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "rules"))
from base import activity, base, load  # noqa: E402


def answers(d):
    return {c.number: c.met for c in screen(load(d)).criteria}


def test_base_model_meets_nothing_and_needs_no_dpia():
    s = screen(load(base()))
    assert [c.number for c in s.criteria] == list(range(1, 10))
    assert [c.name for c in s.criteria] == list(CRITERIA.values())
    assert {c.number: c.met for c in s.criteria} == {1: False, 2: False, 3: False, 4: False, 5: False, 6: False,
                                                      7: False, 8: None, 9: False}
    assert s.verdict == "likely not required"
    assert s.art35_3 == []
    for c in s.criteria:
        assert c.met is None or c.evidence, c.number  # every answer says why


@pytest.mark.parametrize("number,change", [
    (1, lambda d: activity(d).update(profiling=True)),
    (2, lambda d: activity(d).update(automated_decisions=True)),
    (3, lambda d: activity(d).update(purpose="analytics.reporting", categories=["user.device.ip_address"])),
    (4, lambda d: activity(d)["categories"].append("user.financial")),
    (5, lambda d: activity(d).update(scale=settings()["large_scale"]["people"])),
    (7, lambda d: (d["subjects"].append({"id": "staff", "name": "Staff", "category": "employee"}),
                   activity(d)["subjects"].append("staff"))),
    (8, lambda d: activity(d).update(purpose="train_ai_system")),
    (9, lambda d: activity(d).update(purpose="essential.fraud_detection")),
])
def test_each_criterion_can_be_met(number, change):
    d = base()
    change(d)
    s = screen(load(d))
    c = s.criteria[number - 1]
    assert c.met is True and c.evidence and c.elements


def test_combining_datasets():
    d = base()
    d["activities"].append({**activity(d), "id": "mail", "name": "Newsletter", "purpose": "marketing.communications.email",
                            "legal_basis": "consent", "consent": "opt_in"})
    d["flows"].append({"id": "store2", "from": "web", "to": "db", "activity": "mail", "encrypted": True})
    c = screen(load(d)).criteria[5]
    assert c.met is True
    assert c.evidence == ["Order database receives data of Buyers from 'Newsletter' and 'Orders', collected for different purposes."]


def test_unknown_scale_cannot_tell_and_says_what_is_missing():
    d = base()
    activity(d).update(scale="unknown", profiling=True)
    s = screen(load(d))
    assert s.criteria[4].met is None
    assert s.criteria[4].missing == ["how many people 'Orders' concerns (scale)"]
    assert s.verdict == "cannot tell"
    assert "Missing: how many people 'Orders' concerns (scale)." in s.reasons


def test_two_criteria_require_a_dpia():
    d = base()
    activity(d).update(profiling=True)
    activity(d)["categories"].append("user.financial")
    s = screen(load(d))
    assert s.verdict == "DPIA required"
    assert s.reasons[0].startswith("2 of the 9 WP248 criteria are met: 1 (evaluation or scoring")


def test_art35_3_alone_requires_a_dpia():
    d = base()
    activity(d).update(scale=50000, special_condition="explicit_consent")
    activity(d)["categories"].append("user.health_and_medical")
    s = screen(load(d))
    assert s.verdict == "DPIA required"
    assert s.art35_3 == ["Art. 35(3)(b): Orders processes special-category data (health and medical data) of about 50,000 people."]


def test_cloud_connectors_screening():
    s = screen(pia.load("data/cloud_connectors.yaml"))
    assert s.verdict == "DPIA required"
    assert {c.number: c.met for c in s.criteria} == {1: None, 2: None, 3: True, 4: True, 5: None, 6: True, 7: True,
                                                      8: None, 9: None}
    d = s.as_dict()
    assert d["large_scale_threshold"] == 10000 and len(d["criteria"]) == 9
    assert d["criteria"][2]["elements"][0] == "web-analytics"
