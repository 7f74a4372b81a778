"""pia.graph: the flow graph and its queries, on small hand-made models."""
from __future__ import annotations

import pytest

import pia
from pia import graph
from pia.model import loads

# A shop whose card data goes to a payment processor in the US, then round a chain of
# sub-processors that loops back (payco -> bank -> fraudco -> payco), and whose marketing data
# goes through a CRM of unknown location to an ad network.
SHOP = """
assessment: {id: shop, title: Shop}
parties:
  - {id: shop, name: Shop GmbH, country: DE}
  - {id: payco, name: PayCo Inc., country: US, certifications: [dpf]}
  - {id: bank, name: Bank SA, country: FR}
  - {id: fraudco, name: FraudCo Ltd, country: GB}
  - {id: auditor, name: Auditor}
  - {id: ads, name: Ad network, country: US}
subjects:
  - {id: buyers, name: Buyers, category: customer, country: EU}
  - {id: kids, name: Young buyers, category: customer, country: DE}
systems:
  - {id: web, name: Web shop, operator: shop, location: DE}
  - {id: crm, name: CRM, operator: shop}
activities:
  - id: checkout
    name: Checkout
    purpose: essential.service.payment_processing
    legal_basis: contract
    subjects: [buyers, kids]
    categories: [user.contact.email, user.financial.credit_card, user.financial.bank_account]
    roles: {shop: controller, payco: processor, bank: sub_processor, fraudco: sub_processor}
  - id: marketing
    name: Marketing
    purpose: marketing.advertising
    legal_basis: consent
    subjects: [buyers]
    categories: [user.contact.email, user.device.cookie_id]
    roles: {shop: controller, ads: third_party}
flows:
  - {id: f1, from: buyers, to: web, activity: checkout, encrypted: true}
  - {id: f2, from: kids, to: web, activity: checkout, categories: [user.contact.email]}
  - {id: f3, from: web, to: payco, activity: checkout, categories: [user.financial.credit_card], transfer: dpf}
  - {id: f4, from: payco, to: bank, activity: checkout, categories: [user.financial]}
  - {id: f5, from: bank, to: fraudco, activity: checkout, categories: [user.financial]}
  - {id: f6, from: fraudco, to: payco, activity: checkout, categories: [user.financial]}
  - {id: f7, from: web, to: crm, activity: marketing, categories: [user.contact.email]}
  - {id: f8, from: crm, to: ads, activity: marketing, categories: [user.contact], transfer: scc}
  - {id: f9, from: web, to: ads, activity: marketing, categories: [user.device.cookie_id], transfer: none}
  - {id: f10, from: fraudco, to: auditor, activity: checkout, categories: [user.contact], subjects: [buyers]}
  - {id: f11, from: web, to: buyers, activity: marketing, categories: [user.contact.email]}
"""


@pytest.fixture(scope="module")
def model():
    return loads(SHOP, "shop.yaml")


@pytest.fixture(scope="module")
def g(model):
    return graph.build(model)


class TestBuild:
    def test_nodes_and_their_attributes(self, g):
        assert sorted(g.nodes) == ["ads", "auditor", "bank", "buyers", "crm", "fraudco", "kids", "payco", "shop", "web"]
        assert g.nodes["crm"] == {"kind": "system", "name": "CRM", "location": "unknown", "party": "shop"}
        assert g.nodes["payco"] == {"kind": "party", "name": "PayCo Inc.", "location": "US", "party": "payco"}
        assert g.nodes["buyers"] == {"kind": "subject", "name": "Buyers", "location": "EU", "party": None}
        assert g.graph["assessment"] == "shop"

    def test_one_edge_per_flow_keyed_by_flow_id(self, g):
        assert g.number_of_edges() == 11
        assert g.edges["web", "payco", "f3"] == {
            "flow": "f3", "activity": "checkout", "purpose": "essential.service.payment_processing",
            "legal_basis": "contract", "categories": ("user.financial.credit_card",), "subjects": ("buyers", "kids"),
            "encrypted": None, "transfer": "dpf", "leaves_eea": True, "role": "processor",
        }
        f1 = g.edges["buyers", "web", "f1"]
        assert f1["categories"] == ("user.contact.email", "user.financial.credit_card", "user.financial.bank_account")
        assert (f1["subjects"], f1["encrypted"], f1["transfer"], f1["role"]) == (("buyers",), True, None, "controller")
        assert g.edges["web", "crm", "f7"]["role"] == "controller"  # the CRM's operator
        assert g.edges["fraudco", "auditor", "f10"]["role"] is None  # no role in the activity
        assert g.edges["web", "buyers", "f11"]["role"] is None  # a subject group has no role

    def test_parallel_flows_between_the_same_nodes_stay_apart(self):
        m = loads("""assessment: {id: x, title: X}
parties: [{id: a, name: A, country: DE}, {id: b, name: B, country: US}]
activities:
  - {id: one, name: One, purpose: essential.service, categories: [user.contact.email]}
  - {id: two, name: Two, purpose: analytics.reporting, categories: [user.device.ip_address]}
flows:
  - {id: x1, from: a, to: b, activity: one}
  - {id: x2, from: a, to: b, activity: two}
""")
        g = graph.build(m)
        assert sorted(g["a"]["b"]) == ["x1", "x2"]
        assert graph.recipients(g, "user.device.ip_address") == ["b"]
        assert [k for _u, _v, k, _d in graph.edges(g)] == ["x1", "x2"]

    def test_edges_come_in_model_order(self, g):
        assert [k for _u, _v, k, _d in graph.edges(g)] == [f"f{i}" for i in range(1, 12)]


class TestRecipients:
    def test_direct(self, g):
        assert graph.recipients(g, "user.financial.credit_card") == ["payco", "web"]
        assert graph.recipients(g, "user.financial") == ["bank", "fraudco", "payco", "web"]
        assert graph.recipients(g, "user.contact.email") == ["crm", "web"]  # buyers (a subject group) left out
        assert graph.recipients(g, "user.health_and_medical") == []

    def test_a_broader_flow_does_not_count_directly(self, g):
        # f10 carries 'user.contact', which is broader than e-mail: no direct receipt of e-mail addresses
        assert "auditor" not in graph.recipients(g, "user.contact.email")
        assert "auditor" in graph.recipients(g, "user.contact")

    def test_transitive_through_a_cycle(self, g):
        # web -> payco (card numbers) -> bank -> fraudco -> payco: the loop ends, every member is found once
        assert graph.recipients(g, "user.financial.credit_card", transitive=True) == ["bank", "fraudco", "payco", "web"]

    def test_transitive_follows_only_nodes_that_received_the_data(self, g):
        # crm got e-mail addresses and passes 'contact data' (broader) on to the ad network;
        # fraudco never got e-mail addresses, so its 'user.contact' flow to the auditor does not count
        assert graph.recipients(g, "user.contact.email", transitive=True) == ["ads", "crm", "web"]

    def test_transitive_does_not_follow_unrelated_categories(self, g):
        assert graph.recipients(g, "user.device.cookie_id") == ["ads"]
        assert graph.recipients(g, "user.device.cookie_id", transitive=True) == ["ads"]


class TestPlaces:
    def test_leaving_eea(self, g):
        # f3 DE->US, f5 FR->GB, f8 unknown->US, f9 DE->US; f4/f6/f10 start outside the EEA
        assert graph.leaving_eea(g) == ["f3", "f5", "f8", "f9"]
        assert graph.leaving_eea(g, include_unknown=True) == ["f3", "f5", "f7", "f8", "f9"]  # f7: to the CRM, unknown

    def test_leaving_country(self, g):
        assert graph.leaving_country(g, "DE") == ["f3", "f7", "f9", "f11"]
        assert graph.leaving_country(g, "US") == ["f4"]
        assert graph.leaving_country(g, "JP") == []


class TestSubjectsAndRoles:
    def test_subject_flows(self, g):
        assert graph.subject_flows(g, "kids") == ["f2", "f3", "f4", "f5", "f6"]
        assert graph.subject_flows(g, "buyers") == ["f1", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10", "f11"]
        assert graph.subject_flows(g, "nobody") == []

    def test_parties_by_role(self, model):
        assert graph.parties_by_role(model) == {
            "checkout": {"controller": ["shop"], "processor": ["payco"], "sub_processor": ["bank", "fraudco"]},
            "marketing": {"controller": ["shop"], "third_party": ["ads"]},
        }
        assert graph.parties_by_role(model, "marketing") == {"controller": ["shop"], "third_party": ["ads"]}

    def test_same_party_different_roles(self):
        m = loads("""assessment: {id: x, title: X}
parties: [{id: saas, name: SaaS}, {id: client, name: Client}]
activities:
  - {id: own-users, name: Own users, purpose: essential.service, roles: {saas: controller}}
  - {id: client-data, name: Client data, purpose: essential.service, roles: {client: controller, saas: processor}}
""")
        assert graph.parties_by_role(m, "own-users") == {"controller": ["saas"]}
        assert graph.parties_by_role(m, "client-data") == {"controller": ["client"], "processor": ["saas"]}

    def test_flows_into_and_out_of(self, g):
        assert graph.flows_into(g, "payco") == ["f3", "f6"]
        assert graph.flows_out_of(g, "web") == ["f3", "f7", "f9", "f11"]
        assert graph.flows_into(g, "shop") == [] and graph.flows_out_of(g, "ads") == []


def test_bundled_model_queries_from_the_readme():
    m = pia.load("data/cloud_connectors.yaml")
    g = pia.graph.build(m)
    assert "google-analytics" in pia.graph.recipients(g, "user.device.ip_address", transitive=True)
    assert "visitors-to-google-analytics" in pia.graph.leaving_eea(g)
    assert "visitors-to-google-analytics" in pia.graph.subject_flows(g, "website-visitors")
    assert pia.graph.parties_by_role(m, "client-data-processing")["processor"] == ["cloud-connectors"]
    assert pia.graph.parties_by_role(m, "account-registration")["controller"] == ["cloud-connectors"]


def test_a_mistyped_category_is_an_error_not_an_empty_answer(g):
    with pytest.raises(KeyError, match="unknown data category 'user.contact.emial'; did you mean 'user.contact.email'"):
        graph.recipients(g, "user.contact.emial")
