"""Residual risk after controls, acceptance, ordering, register and risk map."""
from __future__ import annotations

import sys
from pathlib import Path

import pia
from pia.analysis import analyse

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "rules"))
from base import activity, base, flow, load  # noqa: E402


def one(d, rule):
    (f,) = [f for f in analyse(load(d)).findings if f.rule == rule]
    return f


def unencrypted_card_flow():
    d = base()
    activity(d)["categories"].append("user.financial")
    flow(d, "buy")["encrypted"] = "unknown"
    return d


def test_in_place_control_of_a_relevant_kind_lowers_residual_risk():
    d = unencrypted_card_flow()
    f = one(d, "SEC-01")
    assert (f.severity, f.likelihood, f.risk, f.status) == (3, 3, "high", "open")
    assert (f.residual_severity, f.residual_likelihood) == (3, 3)
    d["controls"].append({"id": "tls", "name": "TLS", "kind": "encryption_in_transit", "covers": ["buy"]})
    f = one(d, "SEC-01")
    assert (f.residual_severity, f.residual_likelihood, f.residual_risk) == (3, 1, "low")
    assert f.status == "mitigated" and f.controls == ["tls"] and f.controls_pending == []


def test_coverage_through_the_activity():
    d = unencrypted_card_flow()
    d["controls"].append({"id": "tls", "name": "TLS", "kind": "encryption_in_transit", "covers": ["orders"]})
    assert one(d, "SEC-01").controls == ["tls"]


def test_planned_unknown_irrelevant_or_partial_controls_do_not_lower():
    d = unencrypted_card_flow()
    d["controls"] += [
        {"id": "tls-plan", "name": "TLS", "kind": "encryption_in_transit", "status": "planned", "covers": ["buy"]},
        {"id": "tls-unk", "name": "TLS", "kind": "encryption_in_transit", "status": "unknown", "covers": ["buy"]},
        {"id": "train", "name": "Training", "kind": "training", "covers": ["buy"]},
    ]
    f = one(d, "SEC-01")
    assert (f.residual_severity, f.residual_likelihood, f.status) == (3, 3, "open")
    assert f.controls == [] and f.controls_pending == ["tls-plan", "tls-unk"]
    # a control covering only one of two flows of the finding is partial
    d = unencrypted_card_flow()
    d["flows"].append({"id": "buy2", "from": "buyers", "to": "web", "activity": "orders", "encrypted": "unknown"})
    d["controls"].append({"id": "tls", "name": "TLS", "kind": "encryption_in_transit", "covers": ["buy"]})
    f = one(d, "SEC-01")
    assert f.elements == ["orders", "buy", "buy2"]
    assert f.controls == [] and f.controls_pending == ["tls"] and f.residual_risk == "high"


def test_reductions_add_up_once_per_kind_and_floor_at_one():
    d = base()
    d["parties"].append({"id": "ga", "name": "Analytics Inc.", "country": "IN"})
    activity(d)["roles"]["ga"] = "processor"
    d["controls"].append({"id": "ga-dpa", "name": "DPA", "kind": "art28_contract", "covers": ["ga"]})
    d["notice"]["recipients"]["ga"] = "stated"
    d["flows"].append({"id": "to-ga", "from": "web", "to": "ga", "activity": "orders", "encrypted": True})
    f = one(d, "TRF-01")
    assert (f.severity, f.likelihood) == (3, 3)
    d["controls"] += [{"id": f"sg{i}", "name": "SCC", "kind": "transfer_safeguard", "covers": ["to-ga"]} for i in (1, 2)]
    d["controls"].append({"id": "tia", "name": "TIA", "kind": "transfer_impact_assessment", "covers": ["ga"]})
    f = one(d, "TRF-01")
    assert (f.residual_severity, f.residual_likelihood) == (3, 1)
    assert f.controls == ["sg1", "sg2", "tia"]


def test_accepted_findings_are_shown_with_who_and_why():
    d = base()
    activity(d)["retention"] = "unknown"
    d["accepted"] = [{"rule": "STO-01", "elements": ["orders"], "by": "J. Doe, CEO", "reason": "Schedule due in Q1",
                      "date": "2026-11-01"}]
    a = analyse(load(d))
    (f,) = [f for f in a.findings if f.rule == "STO-01"]
    assert f.status == "accepted" and f.accepted_by == "J. Doe, CEO"
    assert f.accepted_reason == "Schedule due in Q1 (2026-11-01)"
    assert a.open_at("low") == []
    row = a.register().set_index("rule").loc["STO-01"]
    assert row["status"] == "accepted" and row["accepted_by"] == "J. Doe, CEO"
    # an acceptance for other elements does not apply
    d["accepted"][0]["elements"] = ["buy"]
    assert [f.status for f in analyse(load(d)).findings if f.rule == "STO-01"] == ["open"]


def test_order_json_and_register_of_cloud_connectors():
    a = analyse(pia.load("data/cloud_connectors.yaml"))
    ranks = [("low", "medium", "high", "critical").index(f.residual_risk) for f in a.findings]
    assert ranks == sorted(ranks, reverse=True)
    keys = [(-r, f.rule, f.elements) for r, f in zip(ranks, a.findings)]
    assert keys == sorted(keys)
    j = a.as_json()
    assert j["assessment"] == "cloud-connectors" and j["fingerprint"] == a.model.fingerprint
    assert j == analyse(pia.load("data/cloud_connectors.yaml")).as_json()  # deterministic
    for f in j["findings"]:
        for k in ("rule", "title", "description", "severity", "likelihood", "risk", "residual_severity",
                  "residual_likelihood", "refs", "elements", "recommendation", "status"):
            assert k in f
    reg = a.register()
    assert len(reg) == len(a.findings) and list(reg["id"][:2]) == ["R01", "R02"]
    assert set(reg["status"]) <= {"open", "mitigated", "accepted"}
    sec = reg[reg["elements"] == "user-store"].iloc[0]
    assert (sec["rule"], sec["risk"], sec["residual_risk"], sec["controls"], sec["status"]) == (
        "SEC-02", "high", "medium", "server-room-controls", "mitigated")
    assert sec["controls_pending"] == "storage-encryption (unknown)"


def test_risk_map_places_each_risk_before_and_after(tmp_path):
    a = analyse(pia.load("data/cloud_connectors.yaml"))
    fig = a.risk_map()
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.texts if t.get_text().startswith("R")]
    moved = [f for f in a.findings if (f.severity, f.likelihood) != (f.residual_severity, f.residual_likelihood)]
    assert len(labels) == len(a.findings) + len(moved)
    assert len(ax.patches) == 16 + len(moved)  # cells plus one arrow per moved risk
    fig.savefig(tmp_path / "map.png")
    assert (tmp_path / "map.png").stat().st_size > 10_000


def test_risk_map_with_many_findings_stays_readable():
    from pia.findings import Finding
    from pia.risk import risk_map

    fs = [Finding(f"X-{i:02d}", "t", "d", 3, 3, [], [f"e{i}"], "r") for i in range(45)]
    fig = risk_map(fs)
    ax = fig.axes[0]
    texts = [t for t in ax.texts if t.get_text().startswith("R")]
    assert len(texts) == 45 and texts[0].get_text() == "R01"
    pos = {(round(t.get_position()[0], 3), round(t.get_position()[1], 3)) for t in texts}
    assert len(pos) == 45  # no two labels on the same spot
