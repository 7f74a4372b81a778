"""The Art. 30 record: one row per activity, readable text, unknowns shown as unknown."""
from __future__ import annotations

import pia
from pia.record import COLUMNS, dpia_required, record

SMALL = """
assessment:
  id: shop
  title: Web shop
  controller: shop
  dpo: {name: Dana Privacy, contact: dpo@shop.example}
parties:
  - {id: shop, name: Shop GmbH, country: DE, contact: privacy@shop.example}
  - {id: pay, name: PayCo, country: US, certifications: [dpf]}
  - {id: bank, name: Bank SA, country: FR}
  - {id: tax, name: Tax office, kind: authority, country: DE}
  - {id: ads, name: AdNet, country: IN}
subjects:
  - {id: buyers, name: Buyers, category: customer, country: EU}
  - {id: staff, name: Staff, category: employee, country: DE}
systems:
  - {id: web, name: Web shop, operator: shop, location: DE}
activities:
  - id: checkout
    name: Checkout
    purpose: essential.service.payment_processing
    legal_basis: contract
    subjects: [buyers]
    categories: [user.contact.email, user.financial.bank_account]
    source: data_subject
    retention: P2Y
    profiling: false
    automated_decisions: false
    scale: 500
    roles: {shop: controller, pay: processor, bank: sub_processor, tax: public_authority}
    systems: [web]
  - id: advertising
    name: Advertising
    purpose: marketing.advertising
    legal_basis: legitimate_interests
    subjects: [buyers, staff]
    categories: [user.health_and_medical]
    retention: {period: "30 days", criteria: "until the campaign ends"}
    profiling: true
    roles: {shop: controller, ads: third_party}
  - id: hr
    name: Payroll
    purpose: employment
    legal_basis: legal_obligation
    legitimate_interest: none needed
    special_condition: employment
    subjects: [staff]
    categories: [user.name]
    source: {kind: party, party: bank, description: statements}
    profiling: false
    automated_decisions: false
    scale: 20
    roles: {shop: controller, bank: joint_controller}
flows:
  - {id: f1, from: buyers, to: web, activity: checkout, encrypted: true}
  - {id: f2, from: web, to: pay, activity: checkout, transfer: dpf}
  - {id: f3, from: pay, to: bank, activity: checkout}
  - {id: f4, from: web, to: ads, activity: advertising, transfer: {mechanism: scc}}
  - {id: f5, from: web, to: tax, activity: checkout}
controls:
  - {id: tls, name: TLS, kind: encryption_in_transit, covers: [f1]}
  - {id: acl, name: Access control, kind: access_control, status: planned, covers: [web]}
  - {id: ret, name: Retention schedule, kind: retention_schedule, status: unknown, covers: [hr]}
"""


def small():
    return pia.loads(SMALL)


def rows():
    return record(small()).set_index("Reference")


def test_columns_and_one_row_per_activity():
    df = record(small())
    assert list(df.columns) == COLUMNS
    assert df["Reference"].tolist() == ["checkout", "advertising", "hr"]
    assert all(isinstance(v, str) and v for v in df.drop(columns="Description").to_numpy().ravel())
    assert df["Description"].tolist() == ["", "", ""]


def test_checkout_row_field_by_field():
    r = rows().loc["checkout"]
    assert r["Activity"] == "Checkout"
    assert r["Controller"] == "Shop GmbH"
    assert r["Controller contact"] == "privacy@shop.example"
    assert r["Joint controllers"] == "none"
    assert r["DPO"] == "Dana Privacy, dpo@shop.example"
    assert r["Purpose"] == "Essential for Payment Processing [essential.service.payment_processing]"
    assert r["Legal basis"] == "Contract (GDPR Art. 6(1)(b))"
    assert r["Legitimate interest"] == "not applicable"
    assert r["Categories of data subjects"] == "Buyers [customer]"
    assert r["Categories of personal data"] == "User Contact Email [user.contact.email]; Bank Account Information [user.financial.bank_account]"
    assert r["Special-category condition"] == "not applicable"
    assert r["Processors"] == "PayCo"
    assert r["Sub-processors"] == "Bank SA"
    assert r["Third parties"] == "none"
    assert r["Public authorities"] == "Tax office"
    assert r["Third-country transfers"] == "United States (US): PayCo"
    assert r["Transfer safeguards"] == "PayCo (United States (US)): EU-US Data Privacy Framework (Decision (EU) 2023/1795)"
    assert r["Retention"] == "2 years"
    assert r["Security measures"] == "Access control (planned); TLS (in place)"
    assert r["Source of the data"] == "the data subjects"
    assert r["Automated decisions and profiling"] == "automated decisions: no; profiling: no"
    assert r["DPIA required"] == "DPIA required; WP248 criteria met by this activity: 4"


def test_unknowns_are_shown_as_unknown():
    r = rows().loc["advertising"]
    assert r["Legitimate interest"] == "unknown"  # legitimate interests without the interest stated
    assert r["Special-category condition"] == "unknown"  # health data, no Art. 9 condition
    assert r["Source of the data"] == "unknown"
    assert r["Automated decisions and profiling"] == "automated decisions: unknown; profiling: yes"
    assert r["Retention"] == "30 days — until the campaign ends"
    assert r["Third parties"] == "AdNet"
    assert r["Third-country transfers"] == "India (IN): AdNet"
    assert "Standard contractual clauses" in r["Transfer safeguards"]
    assert r["Security measures"] == "none"
    assert r["DPIA required"] == ("DPIA required; WP248 criteria met by this activity: 1, 4, 6, 7; "
                                  "undecided for it: 2, 5, 9")


def test_special_condition_joint_controller_and_party_source():
    r = rows().loc["hr"]
    assert r["Special-category condition"] == "Employment and social security law (GDPR Art. 9(2)(b))"
    assert r["Joint controllers"] == "Bank SA"
    assert r["Legitimate interest"] == "none needed"
    assert r["Source of the data"] == "Bank SA — statements"
    assert r["Retention"] == "unknown"
    assert r["Security measures"] == "Retention schedule (status unknown)"
    assert r["Third-country transfers"] == "none"
    assert r["Transfer safeguards"] == "not applicable"


def test_dpia_required_follows_the_screening_and_stays_quiet_for_benign_processing():
    m = pia.loads("""
assessment: {id: club, title: Club newsletter, controller: club}
parties: [{id: club, name: Club, country: DE}]
subjects: [{id: members, name: Members, category: customer, country: DE}]
activities:
  - id: news
    name: Newsletter
    purpose: marketing.communications.email
    legal_basis: consent
    subjects: [members]
    categories: [user.contact.email]
    profiling: false
    automated_decisions: false
    scale: 200
    roles: {club: controller}
""")
    assert dpia_required(m, m.get("news")) == "likely not required"
    assert record(m).loc[0, "DPIA required"] == "likely not required"


def test_cloud_connectors_record():
    m = pia.load("data/cloud_connectors.yaml")
    df = record(m).set_index("Reference")
    assert len(df) == len(m.activities)
    assert set(df["DPO"]) == {"unknown"}
    assert set(df["Controller contact"]) == {"unknown"}
    r = df.loc["client-data-processing"]
    assert r["Controller"] == "Customers and clients (business accounts)"
    assert r["Sub-processors"] == "Data centres chosen by clients"
    assert r["Special-category condition"] == "unknown"
    assert r["Third-country transfers"] == ("unknown location: Connect Every Ware! integration platform, "
                                            "Customers and clients (business accounts), Data centres chosen by clients")
    r = df.loc["legal-disclosures"]
    assert r["Public authorities"] == "Law enforcement and other public authorities"
    assert r["Legal basis"] == "Legal obligation (GDPR Art. 6(1)(c))"
    assert "Encryption of stored personal data (status unknown)" in df.loc["account-registration", "Security measures"]
