"""Golden check of the Cloud Connectors findings: which rules fire, on which elements.

When a rule or the model changes, this test shows the difference; update the table only after
reading the new findings as a reviewer would.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

import pia
from pia.analysis import analyse

GOLDEN = {
    ("DSC-01", "law-enforcement"),
    ("DSC-02", "business-transfer"),
    ("LAW-01", "account-registration"),
    ("LAW-03", "newsletters"),
    ("PRC-01", "cloud-connectors"),
    ("PRC-01", "us-hosting"),
    ("PRC-02", "client-data-centres"),
    ("PRF-01", "account-registration"),
    ("PRF-02", "account-registration"),
    ("RGT-01", "account-registration"),
    ("RGT-02", "admin-created-accounts"),
    ("SEC-02", "cew-platform"),
    ("SEC-02", "user-store"),
    ("SEC-03", "marketing-mailing"),
    ("SPC-02", "client-data-processing"),
    ("STO-01", "account-registration"),
    ("TRF-01", "admin-to-portal"),
    ("TRF-01", "clients-to-platform"),
    ("TRF-01", "visitors-to-google-analytics"),
    ("TRF-03", "registrants-to-website"),
    ("TRF-04", "platform-to-data-centres"),
    ("TRK-01", "web-analytics"),
    ("TRK-02", "visitors-to-google-analytics"),
    ("TRN-01", "cloud-connectors"),
    ("TRN-02", "cloud-connectors"),
    ("TRN-03", "account-registration"),
    ("TRN-04", "account-registration"),
    ("TRN-05", "account-registration"),
    ("TRN-06", "website-to-hosting"),
    ("TRN-07", "registrants-to-website"),
    ("TRN-08", "account-registration"),
    ("TRN-09", "account-registration"),
    ("TRN-10", "account-registration"),
    ("TRN-11", "account-registration"),
    ("TRN-12", "account-registration"),
    ("TRN-13", "account-registration"),
    ("TRN-14", "client-data-centres"),
    ("TRN-15", "admin-created-accounts"),
    ("VUL-01", "account-registration"),
    ("VUL-01", "web-analytics"),
    ("VUL-02", "web-analytics"),
}


def test_cloud_connectors_findings_golden():
    """The rule catalogue alone (the notice text check is tested below and in test_notice.py)."""
    a = analyse(pia.load("data/cloud_connectors.yaml"), notice=False)
    got = {(f.rule, f.elements[0]) for f in a.findings}
    assert got == GOLDEN, f"new: {sorted(got - GOLDEN)}; gone: {sorted(GOLDEN - got)}"
    assert len(a.findings) == len(GOLDEN)  # one finding per (rule, first element)


SEED = Path("data") / "../../shared/seeds/cloud_connectors_privacy_policy.txt"


@pytest.mark.skipif(not SEED.is_file(), reason="the shared Cloud Connectors policy is not beside this checkout")
def test_cloud_connectors_notice_text_enters_the_pia():
    """By default the policy's text is checked: its findings join the rules' (issue 7)."""
    m = pia.load("data/cloud_connectors.yaml")
    a = analyse(m)
    keys = {(f.rule, f.elements[0]) for f in a.findings}
    assert GOLDEN <= keys  # no rule finding lost
    extra = keys - GOLDEN
    assert extra and all(r.startswith("notice.") for r, _ in extra)
    assert a.as_json()["notice_texts"] == [{"source": "policy", "file": "../../shared/seeds/cloud_connectors_privacy_policy.txt",
                                            "sha256": hashlib.sha256(SEED.read_bytes()).hexdigest()}]
    # the Google Analytics, hosting and law-enforcement flows are labelled from the text, not silently clear
    labelled = {e for f in a.findings if f.rule.startswith("notice.flow-") for e in f.elements}
    assert {"visitors-to-google-analytics", "website-to-hosting", "disclosure-to-authorities"} <= labelled
    # the missing retention, rights and contact items: one finding each, the rule's, with the text's evidence
    by_rule = {f.rule: f for f in a.findings}
    for rid in ("TRN-08", "TRN-09", "TRN-01", "TRN-02", "TRN-11"):
        assert any(e.startswith("Checked against the notice text: ") for e in by_rule[rid].evidence), rid
    assert not any(f.rule.startswith(("notice.item-missing.", "notice.item-incomplete.")) for f in a.findings)


def test_unreadable_notice_text_is_a_finding(tmp_path):
    """Without the policy beside the model, the PIA says the text could not be checked."""
    (tmp_path / "cc.yaml").write_text(Path("data/cloud_connectors.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    a = analyse(pia.load(tmp_path / "cc.yaml"))
    keys = {(f.rule, f.elements[0]) for f in a.findings}
    assert keys == GOLDEN | {("notice.text-unavailable", "policy")}
    assert a.as_json()["notice_texts"][0]["sha256"] is None


def test_every_cloud_connectors_finding_is_traceable():
    m = pia.load("data/cloud_connectors.yaml")
    for f in analyse(m).findings:
        assert f.elements and all(e in m.index for e in f.elements), f.key
        assert f.evidence, f"{f.key} cites no policy section"
        assert f.description.endswith(".") and f.recommendation and f.refs
        for e in f.elements:
            assert m.position(e).line > 0


def test_google_analytics_transfer_sentence():
    a = analyse(pia.load("data/cloud_connectors.yaml"))
    (f,) = [f for f in a.findings if f.rule == "TRF-01" and "google-analytics" in f.elements]
    assert f.elements == ["visitors-to-google-analytics", "minors-to-google-analytics", "google-analytics"]
    assert f.description == (
        "The IP address, browser type and version, browsing history, time and date of visits, time spent on pages "
        "and cookie identifier of Website and service visitors and Minors go from their devices to Google Analytics "
        "(Google LLC) in the United States for 'Website log data, cookies and Google Analytics', with no transfer "
        "mechanism recorded; Google Analytics (Google LLC) is not known to be "
        "certified under the EU-US Data Privacy Framework.")
    assert f.missing == ["the transfer mechanism of flow 'visitors-to-google-analytics'",
                         "the transfer mechanism of flow 'minors-to-google-analytics'",
                         "whether Google Analytics (Google LLC) is certified under the Data Privacy Framework"]
    assert f.evidence[:2] == ["Log Data", "Cookies"]
