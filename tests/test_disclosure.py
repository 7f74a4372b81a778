"""The disclosure register: direct, onward and cyclic flows; notice status; focus; views."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

import pia
from pia import disclosure as d
from pia.errors import ModelError

FIX = Path(__file__).parent / "fixtures" / "disclosure"
KEY = ["subject", "category", "recipient", "role", "direct", "path", "via_flows", "leaves_eea", "adequacy",
       "transfer_mechanism", "disclosed_in_notice"]


def rows(model, cols=KEY):
    return [tuple(r) for r in d.register(model)[cols].itertuples(index=False, name=None)]


@pytest.fixture(scope="module")
def chain():
    return pia.load(FIX / "chain.yaml")


@pytest.fixture(scope="module")
def cc():
    return pia.load("data/cloud_connectors.yaml")


class TestRegister:
    def test_columns(self, chain):
        assert list(d.register(chain).columns) == d.COLUMNS

    def test_direct_and_onward(self, chain):
        assert rows(chain) == [
            ("buyers", "user.contact.email", "web", "controller", True, "buyers > web", "f1", False, "eea", None, "not_applicable"),
            # f3 declares the broader category: the bank gets "financial data" from the processor...
            ("buyers", "user.financial", "bank", "sub_processor", False, "buyers > pay > bank", "f3", True, "none", "scc", "not_stated"),
            # ...which includes the account numbers the processor received: disclosed to both
            ("buyers", "user.financial.bank_account", "bank", "sub_processor", False, "buyers > web > pay > bank", "f3", True, "none", "dpf; scc", "not_stated"),
            ("buyers", "user.financial.bank_account", "pay", "processor", False, "buyers > web > pay", "f2", True, "adequate", "dpf", "stated"),
            ("buyers", "user.financial.bank_account", "web", "controller", True, "buyers > web", "f1", False, "eea", None, "not_applicable"),
            # a third party passing data on: the broker receives it too; unknown place -> None
            ("visitors", "user.device.ip_address", "broker", "third_party", False, "visitors > stats > broker", "f5", None, "unknown", None, "not_stated"),
            ("visitors", "user.device.ip_address", "stats", "third_party", True, "visitors > stats", "f4", True, "conditional", None, "vague"),
        ]

    def test_email_not_forwarded_where_flow_does_not_carry_it(self, chain):
        reg = d.register(chain)
        assert set(reg.loc[reg.category == "user.contact.email", "recipient"]) == {"web"}

    def test_flows_back_to_people_are_not_disclosures(self, chain):
        assert "buyers" not in set(d.register(chain)["recipient"])

    def test_cycle_ends_and_records_both_routes(self):
        m = pia.load(FIX / "cycle.yaml")
        assert rows(m, ["category", "recipient", "path", "via_flows", "disclosed_in_notice"]) == [
            ("user.contact", "gamma", "users > beta > gamma", "ads", "unknown"),
            ("user.contact.email", "alpha", "users > alpha", "in, back", "unknown"),
            ("user.contact.email", "beta", "users > alpha > beta", "sync", "unknown"),
            ("user.contact.email", "gamma", "users > alpha > beta > gamma", "ads", "unknown"),
            ("user.name", "alpha", "users > alpha", "in, back", "unknown"),
            ("user.name", "beta", "users > alpha > beta", "sync", "unknown"),
        ]

    def test_declared_flow_from_where_the_data_was_not_traced(self):
        m = pia.load(FIX / "untraced.yaml")
        assert rows(m, ["subject", "recipient", "role", "direct", "path", "leaves_eea"]) == [
            ("members", "police", "public_authority", False, "members > store > police", False),
            ("members", "store", "controller", True, "members > store", False),
            ("guests", "police", "public_authority", False, "guests > store > police", False),
        ]

    def test_deterministic_and_not_shared(self, chain):
        a = d.register(chain)
        a.loc[0, "recipient"] = "changed"
        b = d.register(pia.load(FIX / "chain.yaml"))
        assert d.register(chain).equals(b)

    def test_system_stands_for_its_operator(self, cc):
        reg = d.register(cc)
        store = reg[reg.recipient == "user-store"]
        assert set(store["party"]) == {"us-hosting"}
        assert set(store["role"]) == {"processor"}
        assert set(store["disclosed_in_notice"]) == {"stated"}

    def test_large_generated_model(self):
        sys.path.insert(0, str(FIX))
        import bigmodel

        m = pia.loads(bigmodel.yaml_text(300), "big.yaml")
        reg = d.register(m)
        assert reg["recipient"].nunique() == 302  # 300 vendors plus the website and the CRM
        assert not reg.duplicated(["subject", "category", "recipient"]).any()


class TestCloudConnectors:
    """The facts the issue asks the map to show, from the register."""

    def test_google_analytics_gets_ip_and_browsing_in_the_us(self, cc):
        reg = d.register(cc)
        ga = reg[(reg.subject == "website-visitors") & (reg.recipient == "google-analytics")]
        assert {"user.device.ip_address", "user.behavior.browsing_history"} <= set(ga["category"])
        assert set(ga["country"]) == {"US"} and set(ga["leaves_eea"]) == {True}
        assert set(ga["adequacy"]) == {"conditional"} and set(ga["direct"]) == {True}

    def test_registrants_to_us_hosting(self, cc):
        reg = d.register(cc)
        hosted = reg[(reg.subject == "registrants") & (reg.party == "us-hosting")]
        assert "user.authorization.credentials" in set(hosted["category"])
        assert set(hosted["path"]) == {"registrants > website > user-store"}
        assert set(hosted["leaves_eea"]) == {True}

    def test_client_data_through_the_platform_to_data_centres(self, cc):
        reg = d.register(cc)
        dc = reg[reg.recipient == "client-data-centres"].iloc[0]
        assert (dc.subject, dc.category, dc.role) == ("client-end-users", "user.client_data", "sub_processor")
        assert dc.path == "client-end-users > customers > cew-platform > client-data-centres"
        assert dc.leaves_eea is None and dc.disclosed_in_notice == "vague"

    def test_authorities_and_acquirer(self, cc):
        reg = d.register(cc)
        assert set(reg.loc[reg.recipient == "law-enforcement", "role"]) >= {"public_authority"}
        assert set(reg.loc[reg.recipient == "acquirer", "activity"]) == {"business-transfer"}


class TestViews:
    def test_by_subject(self, chain):
        v = d.by_subject(chain, "buyers")
        assert list(v["recipient"]) == ["web", "bank", "pay"]  # direct first, then by id
        assert v.loc[v.recipient == "bank", "categories"].item() == "Financial Data, Bank Account Information"

    def test_by_category_includes_narrower(self, chain):
        v = d.by_category(chain, "user.financial")
        assert list(v["recipient"]) == ["web", "bank", "pay"]
        assert d.by_category(chain, "user.financial.bank_account")["recipient"].tolist() == ["web", "bank", "pay"]

    def test_by_recipient_party_covers_its_systems(self, cc):
        v = d.by_recipient(cc, "us-hosting")
        assert set(v["recipient"]) == {"user-store"}
        assert list(v["subject"]) == ["registrants", "customer-staff", "purchasers", "job-applicants", "minors"]
        ga = d.by_recipient(cc, "google-analytics")
        assert list(ga["subject"]) == ["website-visitors", "minors"]

    def test_by_country(self, chain):
        v = d.by_country(chain)
        assert v[["country", "adequacy", "transfer_mechanisms", "leaves_eea"]].values.tolist() == [
            ["IN", "none", "dpf, scc", True],
            ["US", "adequate, conditional", "dpf", True],
            ["unknown", "unknown", "none given", None],
            ["DE", "eea", "not needed", False],
        ]

    def test_readable(self, chain):
        v = d.readable(d.by_subject(chain, "buyers"), ["recipient_name", "role", "direct", "disclosed_in_notice"])
        assert list(v.columns) == ["Recipient", "Role", "Straight from the person", "Named in the privacy notice"]
        assert v.values.tolist() == [["Web shop", "controller", "yes", "— (the controller)"],
                                     ["Bank", "sub-processor", "no", "no"],
                                     ["PayCo", "processor", "no", "yes"]]


class TestFocus:
    def test_focus_filters(self, chain):
        assert set(d.focus(chain, "subject", "visitors")["recipient"]) == {"stats", "broker"}
        assert set(d.focus(chain, "category", "user.financial")["category"]) == {
            "user.financial", "user.financial.bank_account"}
        assert set(d.focus(chain, "recipient", "bank")["subject"]) == {"buyers"}

    def test_parse_focus(self, chain):
        assert d.parse_focus(chain, "category:user.financial") == ("category", "user.financial")

    @pytest.mark.parametrize("spec, message", [
        ("recipient:bnk", "unknown recipient 'bnk'; did you mean 'bank'?"),
        ("recipent:bank", "invalid focus 'recipent:bank'; did you mean 'recipient:bank'?"),
        ("bank", "invalid focus 'bank'; did you mean 'recipient:bank'?"),
        ("subject:nobody", "unknown subject 'nobody'"),
        ("category:user.health_and_medical", "unknown category 'user.health_and_medical'"),
        ("place:DE", "invalid focus 'place:DE'"),
    ])
    def test_bad_focus(self, chain, spec, message):
        with pytest.raises(ModelError) as exc:
            d.parse_focus(chain, spec)
        problem = exc.value.problems[0]
        assert problem.message == message
        assert problem.field == "--focus"
        assert problem.file == str(FIX / "chain.yaml")

    def test_accepted_lists_recipients(self, chain):
        with pytest.raises(ModelError) as exc:
            d.parse_focus(chain, "recipient:nobody")
        assert exc.value.problems[0].accepted == "bank, broker, pay, shop, stats, web"


def test_norway_is_in_the_eea():
    m = pia.loads("""
assessment: {id: n, title: N, controller: org}
parties:
  - {id: org, name: Org, country: DE}
  - {id: host, name: Oslo Hosting, country: "NO"}
subjects: [{id: users, name: Users, category: customer, country: EU}]
activities:
  - {id: a, name: A, purpose: essential.service, subjects: [users], categories: [user.name], roles: {org: controller, host: processor}}
flows:
  - {id: f, from: users, to: host, activity: a}
""")
    row = d.register(m).iloc[0]
    assert (row.recipient, row.leaves_eea, row.adequacy, row.country_name) == ("host", False, "eea", "Norway")
