"""Fides manifests in and out: parsed by fideslang, mapped to a model, gaps listed, round trips."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import pia
from pia.cli import main
from pia.errors import ModelError
from pia.interop.fides import export_fides, import_fides, import_fides_text, write_fides

DEMO = "tests/fixtures/interop/fides-demo"
LAYOUTS = "tests/fixtures/interop/fides-layouts"
BAD = "tests/fixtures/interop/fides-bad"


# --- the Fides project's demo manifests ---------------------------------------------------------

def test_demo_manifests_import_without_edits():
    result = import_fides([DEMO])
    m = result.model()
    assert m.assessment.controller == "default-organization"
    assert m.get("default-organization").name == "Demo Organization"
    assert m.get("default-organization").contact == "controller@demo_company.com, +1 555 555 5555, 123 demo street, New York, NY, USA"
    assert m.assessment.dpo.name == "DataPro Tection"
    assert m.assessment.dpo.contact.startswith("dpo@demo_company.com")
    assert sorted(s.id for s in m.systems) == ["demo-analytics-system", "demo-marketing-system", "demo-users-dataset"]
    assert m.get("demo-users-dataset").kind == "datastore"
    acts = {a.id: a for a in m.activities}
    assert sorted(acts) == ["analyze-customer-behaviour-for-improvements", "collect-data-for-marketing"]
    improve = acts["analyze-customer-behaviour-for-improvements"]
    assert improve.purpose == "functional.service.improve"
    assert improve.categories == ["user.contact", "user.device.cookie_id"]
    assert improve.subjects == ["customer"]
    assert improve.legal_basis == "unknown" and improve.retention.period == "unknown"
    assert improve.roles == {"default-organization": "controller"}
    flows = {(f.source, f.to, f.activity) for f in m.flows}
    assert flows == {
        ("customer", "demo-marketing-system", "collect-data-for-marketing"),
        ("demo-marketing-system", "demo-analytics-system", "analyze-customer-behaviour-for-improvements"),
        ("demo-analytics-system", "demo-users-dataset", "analyze-customer-behaviour-for-improvements"),
    }
    assert all(f.encrypted == "unknown" for f in m.flows)
    assert [u.key for u in m.taxonomy.data_uses] == ["marketing.advertising.third_party.targeted.direct_marketing"]
    assert [s.key for s in m.taxonomy.data_subjects] == ["potential_customer"]


def test_demo_import_summary_lists_the_unknowns():
    lines = import_fides([DEMO]).summary.lines()
    assert lines[0] == ("Imported from Fides manifests: demo_dataset.yml, demo_extended_taxonomy.yml, "
                        "demo_organization.yml, demo_policy.yml, demo_system.yml.")
    text = "\n".join(lines)
    for gap in ("  - country: 1 (default-organization)",
                "  - location (country) of systems: 3 (demo-users-dataset, demo-analytics-system, demo-marketing-system)",
                "  - legal basis: 2 (analyze-customer-behaviour-for-improvements, collect-data-for-marketing)",
                "  - retention: 2 (",
                "  - transfer mechanism: 1 (demo-marketing-system-to-demo-analytics-system)",
                "  - encryption in transit: 3 ("):
        assert gap in text
    assert "  - DPO" not in text  # the organization names one
    assert "policy 'demo_privacy_policy' (demo_policy.yml) is not part of a pia model and was not imported" in text


def test_demo_cli_writes_a_valid_deterministic_model_that_can_be_assessed(tmp_path, capsys):
    out = tmp_path / "demo.yaml"
    assert main(["import", "fides", DEMO, "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Left unknown (the input cannot say" in printed and f"wrote {out}" in printed
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# pia model imported from Fides (fideslang) manifests by `pia import fides`.\n")
    assert "# country: 1 (default-organization)" in text.replace("#   - ", "# ")
    assert "  # system demo_analytics_system, from demo_system.yml:2\n" in text
    assert "  # dataset demo_users_dataset, from demo_dataset.yml:2\n" in text
    assert main(["validate", str(out)]) == 0
    again = tmp_path / "again.yaml"
    assert main(["import", "fides", DEMO, "-o", str(again)]) == 0
    assert again.read_bytes() == out.read_bytes()
    from pia.analysis import analyse

    analysis = analyse(pia.load(out))
    assert analysis.findings  # unknown countries, legal bases... are findings, not silence
    assert analysis.screening.verdict in ("DPIA required", "cannot tell", "likely not required")


# --- other layouts ------------------------------------------------------------------------------

def test_layouts_several_systems_datasets_apart_custom_taxonomy_empty_declarations():
    result = import_fides([LAYOUTS])
    m = result.model()
    assert sorted(s.id for s in m.systems) == ["backup", "crm", "orders-db", "webshop"]
    assert not [a for a in m.activities if "backup" in a.systems]  # a system without declarations
    assert "system 'backup' declares no privacy declaration: it is a system without processing activities" in result.summary.notes
    history = m.get("order-history")  # categories only on its dataset (nested fields included)
    assert history.categories == ["user.contact.address.street", "user.contact.address.city", "user.financial",
                                  "user.contact.email"]
    assert history.retention.period == "unknown" and history.retention.criteria == "Until the account is closed"
    checkout = m.get("checkout")
    assert checkout.legal_basis == "contract" and checkout.retention.period == "P7Y" and checkout.profiling is False
    loyalty = m.get("loyalty-mailings")
    assert loyalty.purpose == "marketing.loyalty" and loyalty.subjects == ["loyalty-member"]
    assert loyalty.special_condition == "explicit_consent" and loyalty.retention.period == "P2Y"
    assert loyalty.roles == {"acme": "controller", "crm-cloud-inc": "processor", "print-house-ltd": "third_party"}
    assert loyalty.profiling == "unknown"  # the crm system does not say
    assert m.get("crm").operator == "crm-cloud-inc"
    assert m.vocabulary.get("data_category", "user.contact.loyalty_card").name == "Loyalty card number"
    to_print = m.get("crm-to-print-house-ltd")
    assert to_print.categories == ["user.contact.loyalty_card"] and to_print.transfer.mechanism == "unknown"
    assert m.get("webshop-to-crm").activity == "loyalty-mailings"
    assert m.get("webshop-to-crm").categories == ["user.contact.email"]


def _large_dataset(n: int) -> str:
    fields = "\n".join(f"          - name: f{i}\n            data_categories: [{cat}]"
                       for i, cat in zip(range(n), ["user.contact.email", "user.name", "user.device.ip_address"] * n))
    return f"""dataset:
  - fides_key: big
    name: Big table
    collections:
      - name: rows
        fields:
{fields}
"""


def test_a_dataset_with_thousands_of_fields():
    system = """system:
  - fides_key: app
    name: App
    system_type: Service
    privacy_declarations:
      - name: Everything
        data_use: essential.service
        data_categories: []
        data_subjects: [customer]
        dataset_references: [big]
"""
    result = import_fides_text({"big.yml": _large_dataset(6000), "app.yml": system})
    m = result.model()
    assert m.get("everything").categories == ["user.contact.email", "user.name", "user.device.ip_address"]
    assert "6000 field(s)" in m.get("big").description


# --- bad input ----------------------------------------------------------------------------------

def test_bad_manifests_are_located_and_explained():
    with pytest.raises(ModelError) as exc:
        import_fides([BAD])
    assert [str(p) for p in exc.value.problems] == [
        "tests/fixtures/interop/fides-bad/system.yml:9:9: system[0].privacy_declarations[0].data_use: unknown data use "
        "'essential.service.payment_procesing'; did you mean 'essential.service.payment_processing'? (accepted: a "
        "fideslang data use key, or one defined in a custom taxonomy manifest)",
        "tests/fixtures/interop/fides-bad/system.yml:10:27: system[0].privacy_declarations[0].data_categories[0]: "
        "unknown data category 'user.contact.emial'; did you mean 'user.contact.email'? (accepted: a fideslang data "
        "category key, or one defined in a custom taxonomy manifest)",
        "tests/fixtures/interop/fides-bad/system.yml:12:5: system[1].system_type: fideslang: Field required",
    ]


def test_cli_exit_2_and_nothing_written_on_bad_manifests(tmp_path, capsys):
    out = tmp_path / "m.yaml"
    assert main(["import", "fides", BAD, "-o", str(out)]) == 2
    assert "3 problems found:" in capsys.readouterr().err
    assert not out.exists()
    assert main(["import", "fides", str(tmp_path / "missing"), "-o", str(out)]) == 2
    assert not out.exists()


def test_flow_to_an_undefined_system_and_unknown_resource_type():
    texts = {"s.yml": """system:
  - fides_key: a
    name: A
    system_type: Service
    egress: [{fides_key: nowhere, type: system}]
    privacy_declarations:
      - {name: X, data_use: essential, data_categories: [user.name], data_subjects: [customer]}
""", "t.yml": "sytem: []\n"}
    with pytest.raises(ModelError) as exc:
        import_fides_text(texts)
    messages = [p.message for p in exc.value.problems]
    assert "unknown Fides resource type 'sytem'; did you mean 'system'?" in messages


# --- export and round trips ---------------------------------------------------------------------

def _fideslang_load(folder: Path):
    from fideslang.manifests import ingest_manifests
    from fideslang.parse import load_manifests_into_taxonomy

    return load_manifests_into_taxonomy(ingest_manifests(str(folder)))


def test_export_is_loaded_and_validated_by_fideslang(tmp_path, capsys):
    assert main(["export", "fides", "data/cloud_connectors.yaml", "-o", str(tmp_path)]) == 0
    assert "fideslang has no field for countries" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["organization.yml", "systems.yml", "taxonomy.yml"]
    taxonomy = _fideslang_load(tmp_path)
    assert [o.fides_key for o in taxonomy.organization] == ["cloud-connectors"]
    assert len(taxonomy.system) == 4  # every activity reaches a system through its flows
    assert sum(len(s.privacy_declarations) for s in taxonomy.system) == 11
    first = (tmp_path / "systems.yml").read_text(encoding="utf-8")
    write_fides(pia.load("data/cloud_connectors.yaml"), tmp_path)
    assert (tmp_path / "systems.yml").read_text(encoding="utf-8") == first  # deterministic


def _expressible(m: pia.Model) -> dict:
    """What fideslang can carry, keyed by ids (activity ids travel in the system's meta)."""
    tax = m.taxonomy
    return {
        "controller": m.name(m.assessment.controller),
        "dpo": (m.assessment.dpo.name, m.assessment.dpo.contact) if m.assessment.dpo else None,
        "taxonomy": (sorted((c.key, c.parent, c.name, c.description) for c in tax.data_categories),
                     sorted((u.key, u.parent, u.name, u.description) for u in tax.data_uses),
                     sorted((s.key, s.name, s.description) for s in tax.data_subjects)),
        "systems": {s.id: (s.name, s.kind, s.description, m.name(s.operator)) for s in m.systems},
        "activities": {a.id: {
            "name": a.name, "purpose": a.purpose, "legal_basis": a.legal_basis, "categories": a.categories,
            "subjects": sorted({m.get(s).category for s in a.subjects}),
            "special": a.special_condition if a.special_condition not in (None, "unknown") else None,
            "retention": (a.retention.period, a.retention.criteria) if a.retention else ("unknown", ""),
            "third_parties": sorted(m.name(p) for p, r in a.roles.items() if r == "third_party"),
        } for a in m.activities},
        "system_flows": sorted({(f.source, f.to) for f in m.flows
                                if m.kind_of(f.source) == "system" and m.kind_of(f.to) == "system"}),
    }


def test_round_trip_model_fides_model_keeps_what_fides_can_express(tmp_path):
    original = pia.load("data/cloud_connectors.yaml")
    write_fides(original, tmp_path / "manifests")
    back = import_fides([tmp_path / "manifests"]).model()
    want, got = _expressible(original), _expressible(back)
    assert got["controller"] == want["controller"]
    assert got["dpo"] == ("unknown", "unknown") and want["dpo"] == ("unknown", "unknown")
    assert got["taxonomy"] == want["taxonomy"]
    for sid, fields in want["systems"].items():
        assert got["systems"][sid] == fields
    assert set(got["activities"]) == set(want["activities"])
    for aid, fields in want["activities"].items():
        for name, value in fields.items():
            assert got["activities"][aid][name] == value, (aid, name)
    assert set(want["system_flows"]) <= set(got["system_flows"])
    home = {a.id: a.systems[0] for a in back.activities}
    assert home["customer-support"] == "support-portal" and home["legal-disclosures"] == "user-store"
    # profiling travels per system (uses_profiling): kept where all activities on a system agree
    for a in original.activities:
        same = {x.profiling for x in original.activities if home[x.id] == home[a.id]}
        assert back.get(a.id).profiling == (a.profiling if len(same) == 1 and a.profiling != "unknown" else "unknown")


def test_round_trip_of_a_model_with_legal_bases_retention_and_art9(tmp_path):
    original = import_fides([LAYOUTS]).model()
    write_fides(original, tmp_path)
    back = import_fides([tmp_path]).model()
    want, got = _expressible(original), _expressible(back)
    assert got["activities"] == want["activities"]
    assert got["taxonomy"] == want["taxonomy"]
    assert got["controller"] == want["controller"] == "Acme Shop GmbH"
    assert back.get("acme").contact == "privacy@acme.example"
    assert [(a.id, a.profiling) for a in back.activities] == [(a.id, a.profiling) for a in original.activities]


def test_export_notes_what_fideslang_cannot_carry():
    files, notes = export_fides(pia.load("data/cloud_connectors.yaml"))
    assert "activity 'legal-disclosures' names no system" not in " ".join(notes)  # it has a flow from user-store
    assert notes[-1] == ("fideslang has no field for countries, transfer mechanisms, encryption or controls: "
                         "they are not exported")
    systems = {s["fides_key"]: s for s in files["systems.yml"]["system"]}
    analytics = next(d for d in systems["website"]["privacy_declarations"] if d["data_use"] == "analytics.reporting")
    assert analytics["legal_basis_for_processing"] == "Consent"
    assert analytics["third_parties"] == "Google Analytics (Google LLC)"
    assert analytics["data_subjects"] == ["visitor", "minor"]
    assert systems["user-store"]["legal_name"] == "Hosting service providers in the United States (not named)"
    assert yaml.safe_load(yaml.safe_dump(files["organization.yml"]))["organization"][0]["name"] == "The Cloud Connectors"
