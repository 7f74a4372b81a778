"""Golden check of the Cloud Connectors findings: which rules fire, on which elements.

When a rule or the model changes, this test shows the difference; update the table only after
reading the new findings as a reviewer would.
"""
from __future__ import annotations

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
    a = analyse(pia.load("data/cloud_connectors.yaml"))
    got = {(f.rule, f.elements[0]) for f in a.findings}
    assert got == GOLDEN, f"new: {sorted(got - GOLDEN)}; gone: {sorted(GOLDEN - got)}"
    assert len(a.findings) == len(GOLDEN)  # one finding per (rule, first element)


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
