"""pia.model: loading, every feature of the model, its helpers, and every kind of bad input.

Fixtures live in tests/fixtures/model/: ``full.yaml`` uses every section and field kind,
``split/`` is the same model as a folder of files, ``bad/`` holds one mistake per file and
``bad_folder/`` folder models with mistakes in several files.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import pia
from pia.errors import ModelError, Problem
from pia.model import Location, Model, load, loads
from pia.schema import Retention, is_known

FIX = Path("tests/fixtures/model")
FULL = str(FIX / "full.yaml")


@pytest.fixture(scope="module")
def full() -> Model:
    return load(FULL)


def problems(path_or_text, name: str | None = None) -> list[str]:
    """The problems as the CLI prints them (one per line), or [] when the model is valid."""
    try:
        if name is None:
            load(path_or_text)
        else:
            loads(path_or_text, name)
    except ModelError as exc:
        return [str(p) for p in exc.problems]
    return []


# --- bad input: one fixture per kind of mistake, each with its exact message -------------------

BAD = {
    "empty.yaml": [
        "{f}: the file is empty (accepted: a YAML mapping with the model's sections)",
    ],
    "comments_only.yaml": [
        "{f}: the file holds only comments (accepted: a YAML mapping with the model's sections)",
    ],
    "binary_garbage.yaml": [
        "{f}: this is a binary file, not YAML text (accepted: a UTF-8 YAML text file)",
    ],
    "invalid_utf8.yaml": [
        "{f}:2:35: invalid UTF-8 byte 0xe9 (accepted: a UTF-8 YAML text file)",
    ],
    "control_character.yaml": [
        "{f}:2:35: the control character U+0007 is not allowed in YAML (accepted: printable text; write special "
        "characters as escapes inside double quotes)",
    ],
    "yaml_syntax_error.yaml": [
        "{f}:6:5: YAML syntax error: did not find expected ',' or '}' (while parsing a flow mapping that starts on line 5)",
    ],
    "tab_indentation.yaml": [
        "{f}:13:1: a tab character is used for indentation (accepted: spaces for indentation)",
    ],
    "duplicate_key.yaml": [
        "{f}:16:5: activities[0].legal_basis: duplicate key 'legal_basis' (first defined on line 15) "
        "(accepted: each key once per mapping)",
    ],
    "alias_bomb.yaml": [
        "{f}:2:1: aliases expand the document to more than 20,000,000 values from 30 written ones (an 'alias bomb') "
        "(accepted: aliases that repeat the document at most 100 times over)",
    ],
    "recursive_alias.yaml": [
        "{f}:2:13: an alias refers to a value that contains it (a recursive alias) "
        "(accepted: aliases (*name) to values defined before them)",
    ],
    "merge_key.yaml": [
        "{f}:5:5: parties[0]: merge keys ('<<') are not supported (accepted: plain keys)",
    ],
    "too_deep.yaml": [
        "{f}:3:72: notes[0][0][0][0][0] ... [0][0]: values are nested more than 64 levels deep "
        "(accepted: at most 64 levels of nesting)",
    ],
    "multiple_documents.yaml": [
        "{f}:22:1: the file holds more than one YAML document (accepted: one YAML document per file (no second '---'))",
    ],
    "top_level_list.yaml": [
        "{f}:2:1: the top level must be a mapping of sections (accepted: sections assessment, taxonomy, notice, "
        "sources, parties, subjects, systems, activities, flows, controls, accepted)",
    ],
    "python_tag.yaml": [
        "{f}:5:5: parties[0]: unsupported YAML tag '!!python/object/apply:os.system' (accepted: plain YAML values "
        "(text, numbers, true/false, dates, lists, mappings), no tags)",
    ],
    "unknown_section.yaml": [
        "{f}:22:1: data_flows: unknown section 'data_flows'; did you mean 'flows'? (accepted: assessment, sources, "
        "taxonomy, parties, subjects, systems, activities, flows, controls, notice, accepted)",
    ],
    "unknown_field.yaml": [
        "{f}:5:33: parties[0].contry: unknown field 'contry'; did you mean 'country'? (accepted: evidence, id, name, "
        "kind, country, certifications, contact, url, description)",
    ],
    "missing_required.yaml": [
        "{f}:12:5: activities[0].purpose: required field is missing",
    ],
    "list_where_mapping.yaml": [
        "{f}:19:5: activities[0].roles: expected a mapping (accepted: a YAML mapping (key: value))",
    ],
    "text_where_list.yaml": [
        "{f}:16:5: activities[0].subjects: expected a list (got 'buyers') (accepted: a YAML list (- item))",
    ],
    "empty_section.yaml": [
        "{f}:7:1: subjects: expected a list (got nothing) (accepted: a YAML list (- item))",
    ],
    "invalid_role.yaml": [
        "{f}:19:31: activities[0].roles.payco: invalid role 'procesor'; did you mean 'processor'? (accepted: "
        "controller, joint_controller, processor, sub_processor, third_party, public_authority)",
    ],
    "invalid_legal_basis.yaml": [
        "{f}:15:5: activities[0].legal_basis: invalid legal basis 'contracts'; did you mean 'contract'? (accepted: "
        "consent, contract, legal_obligation, vital_interests, public_task, legitimate_interests, unknown)",
    ],
    "invalid_enum_special_condition.yaml": [
        "{f}:16:5: activities[0].special_condition: invalid Art. 9/10 condition 'explicit-consent'; did you mean "
        "'explicit_consent'? (accepted: explicit_consent, employment, vital_interests, not_for_profit, made_public, "
        "legal_claims, substantial_public_interest, health_care, public_health, archiving_research, "
        "official_authority, authorised_by_law, unknown)",
    ],
    "invalid_transfer_mechanism.yaml": [
        "{f}:22:61: flows[1].transfer.mechanism: invalid transfer mechanism 'sccs'; did you mean 'scc'? (accepted: "
        "adequacy, dpf, scc, bcr, code_of_conduct, certification, derogation, none, unknown)",
    ],
    "derogation_misspelt.yaml": [
        "{f}:22:95: flows[1].transfer.derogation: invalid Art. 49 derogation 'consent'; did you mean "
        "'explicit_consent'? (accepted: explicit_consent, contract, public_interest, legal_claims, vital_interests, "
        "public_register)",
    ],
    "invalid_country.yaml": [
        "{f}:5:33: parties[0].country: unknown country code 'de'; did you mean 'DE'? (accepted: ISO 3166-1 alpha-2 "
        "codes (DE, US, IN, ...), EU, or unknown)",
        "{f}:6:35: parties[1].country: unknown country code 'United States'; did you mean 'US'? (accepted: ISO "
        "3166-1 alpha-2 codes (DE, US, IN, ...), EU, or unknown)",
    ],
    "unknown_category.yaml": [
        "{f}:17:18: activities[0].categories[0]: unknown data category 'user.contact.emial'; did you mean "
        "'user.contact.email'? (accepted: fideslang data category keys, or keys declared under "
        "taxonomy.data_categories)",
    ],
    "unknown_purpose.yaml": [
        "{f}:14:5: activities[0].purpose: unknown data use 'essential.service.payment_processin'; did you mean "
        "'essential.service.payment_processing'? (accepted: fideslang data use keys, or keys declared under "
        "taxonomy.data_uses)",
    ],
    "bad_taxonomy_extension.yaml": [
        "{f}:6:34: taxonomy.data_categories[0].parent: unknown data category 'user.loyalty' (accepted: fideslang "
        "data category keys, or keys declared under taxonomy.data_categories)",
        "{f}:7:8: taxonomy.data_categories[1].key: key 'user.basket' must start with its parent 'user.behavior.' "
        "(accepted: user.behavior.<name>)",
        "{f}:8:8: taxonomy.data_categories[2].key: key 'user.contact.email' already exists in fideslang's taxonomy "
        "(accepted: a new key)",
    ],
    "dangling_flow_node.yaml": [
        "{f}:22:30: flows[1].to: unknown subject group, system or party 'paycoo'; did you mean 'payco'? (accepted: "
        "an id declared under subjects, systems or parties: buyers, payco, shop, web)",
    ],
    "unknown_activity.yaml": [
        "{f}:21:40: flows[0].activity: unknown activity 'check-out'; did you mean 'checkout'? (accepted: an id "
        "declared under activities: checkout)",
    ],
    "role_unknown_party.yaml": [
        "{f}:19:49: activities[0].roles.bank: unknown party 'bank' (accepted: an id declared under parties: payco, shop)",
    ],
    "evidence_unknown_source.yaml": [
        "{f}:5:75: parties[0].evidence[0].source: unknown source 'notise'; did you mean 'notice'? (accepted: an id "
        "declared under sources: notice)",
    ],
    "duplicate_ids.yaml": [
        "{f}:10:6: systems[0].id: id 'shop' is already used by parties[0] (line 5) (accepted: ids unique across the model)",
    ],
    "unquoted_yes_id.yaml": [
        "{f}:6:6: parties[1].id: invalid id true: YAML reads this as true/false; put the id in quotes (accepted: "
        "letters, digits, '_', '.', '-', starting with a letter or digit)",
    ],
    "invalid_retention.yaml": [
        "{f}:18:5: activities[0].retention: invalid retention period 'half a year' (accepted: an ISO 8601 period "
        "such as P6M or P2Y, '30 days', 'unlimited' or 'unknown')",
    ],
    "invalid_scale.yaml": [
        "{f}:19:5: activities[0].scale: invalid scale 'many' (accepted: an estimated number of people (e.g. 10000 "
        "or 1e6) or unknown)",
    ],
    "bad_date.yaml": [
        "{f}:2:50: assessment.created: invalid date '2026-13-01' (accepted: a real date as YYYY-MM-DD)",
    ],
    "flow_category_not_in_activity.yaml": [
        "{f}:22:89: flows[1].categories[0]: category 'user.health_and_medical' is not among the categories of "
        "activity 'checkout' (accepted: user.contact.email, user.financial)",
    ],
    "flow_to_itself.yaml": [
        "{f}:22:30: flows[1].to: a flow cannot go from 'web' to itself (accepted: two different nodes)",
    ],
    "several_errors.yaml": [
        "{f}:5:33: parties[0].country: unknown country code 'Germany'; did you mean 'DE'? (accepted: ISO 3166-1 "
        "alpha-2 codes (DE, US, IN, ...), EU, or unknown)",
        "{f}:15:5: activities[0].legal_basis: invalid legal basis 'contracts'; did you mean 'contract'? (accepted: "
        "consent, contract, legal_obligation, vital_interests, public_task, legitimate_interests, unknown)",
        "{f}:22:61: flows[1].transfer.mechanism: invalid transfer mechanism 'sccs'; did you mean 'scc'? (accepted: "
        "adequacy, dpf, scc, bcr, code_of_conduct, certification, derogation, none, unknown)",
    ],
    "several_reference_errors.yaml": [
        "{f}:10:31: systems[0].operator: unknown party 'shopp'; did you mean 'shop'? (accepted: an id declared "
        "under parties: payco, shop)",
        "{f}:16:16: activities[0].subjects[0]: unknown subject group 'buyer'; did you mean 'buyers'? (accepted: an "
        "id declared under subjects: buyers)",
        "{f}:19:31: activities[0].roles.pay-co: unknown party 'pay-co'; did you mean 'payco'? (accepted: an id "
        "declared under parties: payco, shop)",
        "{f}:22:30: flows[1].to: unknown subject group, system or party 'pay-co'; did you mean 'payco'? (accepted: "
        "an id declared under subjects, systems or parties: buyers, payco, shop, web)",
    ],
}


def test_every_bad_fixture_has_its_expected_messages():
    on_disk = sorted(p.name for p in (FIX / "bad").iterdir())
    assert on_disk == sorted(BAD)
    assert len(BAD) >= 20


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_is_refused_with_its_exact_message(name):
    path = str(FIX / "bad" / name)
    assert problems(path) == [m.replace("{f}", path) for m in BAD[name]]


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_problems_are_structured(name):
    """Each problem carries the file as given; located problems carry line and column too."""
    path = str(FIX / "bad" / name)
    with pytest.raises(ModelError) as info:
        load(path)
    for p in info.value.problems:
        assert p.file == path
        assert p.message and "\n" not in str(p)
    located = [m[3:4] == ":" and m[4:5].isdigit() for m in BAD[name]]
    assert [p.line > 0 and p.column > 0 for p in info.value.problems] == located


def test_problem_fields_of_one_error():
    with pytest.raises(ModelError) as info:
        load(str(FIX / "bad" / "invalid_role.yaml"))
    assert [p.as_dict() for p in info.value.problems] == [{
        "file": "tests/fixtures/model/bad/invalid_role.yaml", "line": 19, "column": 31,
        "field": "activities[0].roles.payco", "message": "invalid role 'procesor'; did you mean 'processor'?",
        "accepted": "controller, joint_controller, processor, sub_processor, third_party, public_authority",
    }]
    assert str(info.value).splitlines()[0] == "1 problem found:"


def test_several_errors_are_sorted_by_position_and_counted():
    with pytest.raises(ModelError) as info:
        load(str(FIX / "bad" / "several_errors.yaml"))
    assert str(info.value).splitlines()[0] == "3 problems found:"
    lines = [p.line for p in info.value.problems]
    assert lines == sorted(lines) == [5, 15, 22]


def test_missing_path_and_folder_without_models(tmp_path):
    assert problems(str(tmp_path / "nope.yaml")) == [f"{tmp_path / 'nope.yaml'}: no such file or folder"]
    (tmp_path / "notes.txt").write_text("not a model")
    assert problems(str(tmp_path)) == [
        f"{tmp_path}: the folder holds no .yaml or .yml file (accepted: a model file, or a folder of model files)"]


def test_oversized_file_is_refused_before_reading(tmp_path):
    from pia.yamlio import read_yaml

    big = tmp_path / "big.yaml"
    big.write_text("assessment: {id: a, title: " + "x" * 200 + "}\n")
    with pytest.raises(ModelError) as info:
        read_yaml(big, "big.yaml", max_bytes=100)
    assert [str(p) for p in info.value.problems] == [
        "big.yaml: file is too large (229 bytes) (accepted: at most 100 bytes)"]


# --- folder models ---------------------------------------------------------------------------

def test_folder_model_equals_the_single_file(full):
    split = load(str(FIX / "split"))
    assert split.model_dump() == full.model_dump()
    assert split.fingerprint == full.fingerprint
    assert split.path == "tests/fixtures/model/split"


def test_folder_model_remembers_which_file_holds_what():
    split = load(str(FIX / "split"))
    assert split.position("fraud") == Location("tests/fixtures/model/split/20-processing/b-rest.yml", 16, 3)
    assert split.position("loyalty") == Location("tests/fixtures/model/split/20-processing/a-first.yaml", 3, 3)
    assert split.position("payco").file == "tests/fixtures/model/split/10-who.yaml"
    assert split.position(("assessment", "title")).file == "tests/fixtures/model/split/00-assessment.yaml"


def test_folder_errors_name_each_file_and_line():
    base = "tests/fixtures/model/bad_folder/refs"
    assert problems(base) == [
        f"{base}/10-parties.yaml:5:32: subjects[0].category: unknown data subject 'custmer'; did you mean "
        "'customer'? (accepted: fideslang data subject keys, or keys declared under taxonomy.data_subjects)",
        f"{base}/20-processing/activities.yaml:3:6: parties[2].id: id 'payco' is already used by parties[1] "
        f"({base}/10-parties.yaml:3) (accepted: ids unique across the model)",
        f"{base}/20-processing/activities.yaml:11:31: activities[0].roles.bank: unknown party 'bank' (accepted: an "
        "id declared under parties: payco, shop)",
        f"{base}/20-processing/activities.yaml:14:42: flows[1].activity: unknown activity 'chekout'; did you mean "
        "'checkout'? (accepted: an id declared under activities: checkout)",
    ]


def test_folder_reports_yaml_errors_of_every_file_at_once():
    base = "tests/fixtures/model/bad_folder/yaml"
    assert problems(base) == [
        f"{base}/a.yaml:2:1: assessment: duplicate key 'assessment' (first defined on line 1) (accepted: each key "
        "once per mapping)",
        f"{base}/b.yaml:3:1: YAML syntax error: did not find expected ',' or '}}' (while parsing a flow mapping that "
        "starts on line 2)",
    ]


def test_folder_sections_defined_twice_or_not_as_lists(tmp_path):
    shutil.copytree(FIX / "split", tmp_path / "m")
    (tmp_path / "m" / "40-extra.yaml").write_text("notice: {source: notice}\nparties: {id: x, name: X}\n")
    name = str(tmp_path / "m")
    assert problems(name) == [
        f"{name}/40-extra.yaml:1:1: notice: section 'notice' is already defined in {name}/30-controls-and-notice.yaml "
        "(accepted: each of assessment, taxonomy and notice in one file only)",
        f"{name}/40-extra.yaml:2:1: parties: expected a list (several files may each hold part of 'parties', as "
        "lists) (accepted: a YAML list (- item))",
    ]


def test_folder_ignores_hidden_files_and_other_suffixes(tmp_path):
    shutil.copytree(FIX / "split", tmp_path / "m")
    (tmp_path / "m" / ".draft.yaml").write_text("assessment: {id: other, title: Draft}\n")
    (tmp_path / "m" / ".git").mkdir()
    (tmp_path / "m" / ".git" / "config.yml").write_text("not: [a model\n")
    (tmp_path / "m" / "notes.md").write_text("# notes\n")
    assert load(str(tmp_path / "m")).fingerprint == load(FULL).fingerprint


# --- fingerprint -----------------------------------------------------------------------------

def test_fingerprint_ignores_formatting_comments_key_order_and_shorthands():
    a = loads("""
assessment: {id: x, title: X}
sources: [{id: n, title: Notice}]
parties: [{id: p, name: P, country: DE, evidence: Intro}]
subjects: [{id: s, name: S, category: customer}]
activities:
  - {id: act, name: A, purpose: essential.service, retention: P1Y, source: data_subject,
     subjects: [s], categories: [user.contact.email], roles: {p: controller}}
flows: [{id: f, from: s, to: p, activity: act, transfer: scc}]
""")
    b = loads("""
# The same content, written out in full, in another key order, with comments.
sources:
  - title: Notice   # the only source
    id: n
assessment:
  title: X
  id: x
subjects:
  - {category: customer, id: s, name: S}
parties:
  - id: p
    evidence: [{section: Intro}]
    country: "DE"
    name: 'P'
activities:
  - id: act
    name: A
    purpose: essential.service
    retention: {period: P1Y}
    source: {kind: data_subject}
    subjects:
      - s
    categories: [user.contact.email]
    roles:
      p: controller
flows:
  - {id: f, from: s, to: p, activity: act, transfer: {mechanism: scc}}
""")
    assert a.fingerprint == b.fingerprint
    assert len(a.fingerprint) == 64


def test_fingerprint_changes_with_content(full):
    text = Path(FULL).read_text()
    changed = loads(text.replace("retention: P2Y", "retention: P3Y"), "changed.yaml")
    assert changed.fingerprint != full.fingerprint
    again = loads(text, "elsewhere.yaml")
    again.index, again.vocabulary, again.position("payco"), again.summary()  # look-ups cache; content unchanged
    assert again.fingerprint == full.fingerprint
    assert again.model_dump() == full.model_dump()


# --- every section and field kind -------------------------------------------------------------

def test_assessment_fields(full):
    a = full.assessment
    assert (a.id, a.title, a.version, a.controller) == ("bakery-loyalty", "Bakery loyalty app", "2", "bakery")
    assert str(a.created) == "2026-01-15" and str(a.updated) == "2026-02-01"
    assert (a.dpo.name, a.dpo.contact) == ("Dana Example", "dpo@bakery.example")
    assert a.dpo_advice.accepted is False and a.dpo_advice.reason == "Needed for audits."
    assert a.consultation.reviewed_by == "Dana Example"
    assert a.sign_off.residual_risks_approved_by == "Managing director"
    assert str(a.sign_off.next_review) == "2027-02-03"


def test_empty_assessment_follow_up_fields_are_absent():
    m = loads("assessment: {id: x, title: X, dpo: unknown}\n")
    assert m.assessment.dpo.name == "unknown" and m.assessment.dpo.contact == "unknown"
    assert m.assessment.dpo_advice.advice is None and m.assessment.dpo_advice.accepted is None
    assert m.assessment.sign_off.date is None and m.assessment.consultation.summary is None
    assert m.parties == [] and m.notice is None


def test_evidence_shorthands(full):
    bakery, payco, cloud = full.get("bakery"), full.get("payco"), full.get("cloud")
    assert [(e.section, e.source) for e in bakery.evidence] == [("Who we are", None)]
    assert [(e.section, e.source, e.note) for e in payco.evidence] == [("Payments", "notice", "Named as payment provider.")]
    assert [(e.section, e.source) for e in cloud.evidence] == [("Hosting", None), ("Processors", "ropa")]
    assert full.get("support-desk").evidence == []


def test_retention_shorthand_periods_and_unknown_versus_absent(full):
    loyalty, payments, push, fraud = (full.get(i) for i in ("loyalty", "payments", "push-offers", "fraud"))
    assert loyalty.retention == Retention(period="P2Y") and loyalty.retention.days == 730
    assert (payments.retention.period, payments.retention.days) == ("10 years", 3650)
    assert payments.retention.criteria == "Commercial and tax law."
    assert payments.retention.evidence[0].section == "Retention"
    assert push.retention.period == "unknown" and push.retention.days is None  # checked: the source is silent
    assert fraud.retention is None  # absent: never recorded
    assert not is_known(push.retention.period) and not is_known(fraud.retention)
    assert Retention(period="P1Y6M2W3D").days == 365 + 180 + 14 + 3
    assert Retention(period="unlimited").days is None


def test_source_transfer_and_consent_shorthands(full):
    assert full.get("loyalty").source.kind == "data_subject"
    src = full.get("payments").source
    assert (src.kind, src.party, src.description) == ("party", "payco", "Payment confirmations.")
    assert full.get("push-offers").source is None
    assert full.get("db-to-support").transfer.mechanism == "scc"
    t = full.get("app-to-payco").transfer
    assert (t.mechanism, t.derogation, t.note) == ("derogation", "contract", "Occasional refunds.")
    assert full.get("app-to-db").transfer is None
    assert full.get("push-offers").consent == "opt_in" and full.get("sign-up").consent == "opt_in"


def test_tri_state_and_scale_fields(full):
    loyalty, payments, fraud = full.get("loyalty"), full.get("payments"), full.get("fraud")
    assert loyalty.scale == 100000  # written 1e5, which YAML 1.1 reads as text
    assert payments.scale == "unknown" and fraud.scale is None
    assert (loyalty.profiling, payments.profiling, fraud.profiling) == (False, "unknown", None)
    assert (full.get("sign-up").encrypted, full.get("app-to-db").encrypted, full.get("db-to-support").encrypted,
            full.get("push").encrypted) == (True, "unknown", False, None)
    assert full.get("app-to-db").systematic is True and full.get("app-to-payco").systematic is False


def test_legal_basis_special_condition_and_legitimate_interest(full):
    assert full.get("loyalty").special_condition == "explicit_consent"
    assert full.get("fraud").special_condition == "unknown"
    assert full.get("payments").special_condition is None
    assert full.get("fraud").legal_basis == "legitimate_interests"
    assert full.get("fraud").legitimate_interest == "Preventing abuse of free rewards."


def test_parties_subjects_systems(full):
    assert full.get("payco").certifications == ["dpf", "iso27001"]
    assert full.get("bakery").certifications == []
    assert full.get("cloud").certifications == "unknown"  # not stated
    assert full.get("tax-office").kind == "authority" and full.get("cloud").kind == "organisation"
    assert full.get("staff").country == "unknown" and full.get("members").country == "EU"
    assert (full.get("db").kind, full.get("db").operator, full.get("db").location) == ("datastore", "cloud", "IE")


def test_controls_notice_and_acceptances(full):
    assert [(c.id, c.status) for c in full.controls] == [
        ("tls", "in_place"), ("dpa-cloud", "in_place"), ("age-check", "planned"), ("at-rest", "unknown")]
    assert full.get("age-check").covers == ["kids", "loyalty"]
    items = full.notice.items
    assert items["controller_identity"].status == "stated" and items["controller_identity"].section is None
    assert (items["retention"].status, items["retention"].section, items["retention"].note) == (
        "partly", "Retention", "Only the tax period.")
    assert items["retention"].evidence[0].section == "Retention"
    assert "dpo_contact" not in items  # absent: not assessed
    assert full.notice.recipients == {"payco": "stated", "support-desk": "not_stated", "db": "vague"}
    assert [(a.rule, a.elements) for a in full.accepted] == [("retention.long", ["payments"]), ("notice.transfers", [])]


def test_taxonomy_extensions_inherit_special_and_kinds(full):
    t = full.vocabulary
    assert t.special("user.health_and_medical.allergy") == "art9"  # from fideslang's parent
    assert t.special("user.health_and_medical.allergy.severity") == "art9"  # through the model's own parent
    assert t.special("user.fraud_flag") == "art10"  # flagged by the model itself
    assert t.special("user.financial.stamps") is None
    assert t.kinds("user.financial.stamps") == {"financial", "loyalty"}
    assert t.is_a("user.health_and_medical.allergy.severity", "user.health_and_medical")
    assert t.get("data_category", "user.financial.stamps").custom is True
    assert t.vulnerable("child_member") and not t.vulnerable("loyalty_member")
    assert t.kinds("child_member", "data_subject") == {"children"}
    assert t.has("data_use", "marketing.communications.push")
    assert t.is_a("marketing.communications.push", "marketing", "data_use")
    assert t.name("data_category", "user.fraud_flag") == "Suspected fraud marker"
    # the extension stays in its model
    assert not pia.taxonomy.Taxonomy.default().has("data_category", "user.financial.stamps")


def test_flow_category_may_be_narrower_or_broader_than_the_activity_s():
    base = """assessment: {id: x, title: X}
parties: [{id: p, name: P}, {id: q, name: Q}]
activities: [{id: a, name: A, purpose: essential.service, categories: [user.contact]}]
flows: [{id: f, from: p, to: q, activity: a, categories: [%s]}]
"""
    assert problems(base % "user.contact.email", "narrow.yaml") == []
    assert problems(base % "user", "broad.yaml") == []
    assert problems(base % "user.financial", "other.yaml") == [
        "other.yaml:4:59: flows[0].categories[0]: category 'user.financial' is not among the categories of "
        "activity 'a' (accepted: user.contact)"]


def test_evidence_needs_a_source():
    assert problems("assessment: {id: x, title: X}\nparties: [{id: p, name: P, evidence: Intro}]\n", "m.yaml") == [
        "m.yaml:2:28: parties[0].evidence[0]: evidence needs a source, and the model has no `sources` (accepted: a "
        "`sources` section, or evidence with a source id)"]


def test_errors_inside_evidence_shorthands_point_at_the_field():
    text = ("assessment: {id: x, title: X}\nsources: [{id: n, title: N}]\n"
            "parties: [{id: p, name: P, evidence: {section: S, sorce: n}}]\n")
    assert problems(text, "m.yaml") == [
        "m.yaml:3:51: parties[0].evidence[0].sorce: unknown field 'sorce'; did you mean 'source'? (accepted: "
        "section, source, note)"]


def test_line_breaks_and_control_characters_in_the_model_stay_on_one_line():
    text = ('assessment: {id: x, title: X, "ti\\ntle": 1}\n'
            'parties: [{id: p, name: P, country: "\\u202eDE", "\\x1b[2J": 1}]\n'
            '"flows[0]": []\n')
    assert problems(text, "m.yaml") == [
        "m.yaml:1:31: assessment.ti\\ntle: unknown field 'ti\\ntle'; did you mean 'title'? (accepted: id, title, "
        "scope, description, version, assessor, created, updated, controller, dpo, dpo_advice, consultation, sign_off)",
        "m.yaml:2:28: parties[0].country: unknown country code '\\u202eDE' (accepted: ISO 3166-1 alpha-2 codes (DE, "
        "US, IN, ...), EU, or unknown)",
        "m.yaml:2:49: parties[0].\\x1b[2J: unknown field '\\x1b[2J' (accepted: evidence, id, name, kind, country, "
        "certifications, contact, url, description)",
        "m.yaml:3:1: flows[0]: unknown section 'flows[0]'; did you mean 'flows'? (accepted: assessment, sources, "
        "taxonomy, parties, subjects, systems, activities, flows, controls, notice, accepted)",
    ]
    assert problems('"a\\nb": 1\n"a\\nb": 2\n', "m.yaml") == [
        "m.yaml:2:1: a\\nb: duplicate key 'a\\nb' (first defined on line 1) (accepted: each key once per mapping)"]


def test_source_kind_party_needs_a_party():
    text = ("assessment: {id: x, title: X}\n"
            "activities: [{id: a, name: A, purpose: essential.service, source: party}]\n")
    assert problems(text, "m.yaml") == [
        "m.yaml:2:59: activities[0].source: source kind 'party' needs the party's id (accepted: source: {kind: "
        "party, party: <id>})"]


def test_more_value_errors_are_explained():
    base = "assessment: {id: x, title: X}\nactivities: [{id: a, name: A, purpose: essential.service, %s}]\n"
    cases = {
        "scale: .inf": "activities[0].scale: invalid scale inf (accepted: an estimated number of people (e.g. "
                       "10000 or 1e6) or unknown)",
        "retention: 30": "activities[0].retention: invalid retention period 30 (accepted: an ISO 8601 period such "
                         "as P6M or P2Y, '30 days', 'unlimited' or 'unknown')",
        "profiling: maybe": "activities[0].profiling: invalid value 'maybe' (accepted: true, false, unknown)",
        "consent: ticked": "activities[0].consent: invalid consent mechanism 'ticked'; did you mean 'pre_ticked'? (accepted: opt_in, opt_out, "
                           "implied, pre_ticked, none, unknown)",
    }
    for snippet, expected in cases.items():
        [got] = problems(base % snippet, "m.yaml")
        assert got == "m.yaml:2:59: " + expected
    assert problems("assessment: {id: x, title: X}\nparties: [{id: 12, name: P, country: , certifications: [[dpf]]}]\n",
                    "m.yaml") == [
        "m.yaml:2:12: parties[0].id: invalid id 12: YAML reads this as a number; put the id in quotes (accepted: "
        "letters, digits, '_', '.', '-', starting with a letter or digit)",
        "m.yaml:2:29: parties[0].country: no country code given (accepted: ISO 3166-1 alpha-2 codes (DE, US, IN, "
        "...), EU, or unknown)",
        "m.yaml:2:40: parties[0].certifications: invalid certifications: each entry must be a name (accepted: a list "
        "such as [dpf, iso27001], [] for none, or unknown)",
    ]
    [got] = problems("assessment: {id: x, title: X, created: 2026-01-01 10:00:00}\n", "m.yaml")
    assert got == ("m.yaml:1:31: assessment.created: expected a date without a time (got 2026-01-01 10:00:00) "
                   "(accepted: YYYY-MM-DD)")


# --- Model helpers ---------------------------------------------------------------------------

def test_get_index_kind_and_name(full):
    assert full.get("loyalty").name == "Loyalty programme"
    assert full.kind_of("payco") == "party" and full.kind_of("kids") == "subject" and full.kind_of("db") == "system"
    assert full.kind_of("loyalty") == "activity" and full.kind_of("push") == "flow"
    assert full.kind_of("tls") == "control" and full.kind_of("ropa") == "source"
    assert full.name("ropa") == "Record of processing activities" and full.name("sign-up") == "sign-up"
    with pytest.raises(KeyError, match="no element with id 'nobody' in model 'bakery-loyalty'"):
        full.get("nobody")
    assert [kind for kind, _ in full.iter_elements()][:3] == ["source", "source", "party"]


def test_location_and_party_of(full):
    assert full.location("payco") == "US"  # party: its country
    assert full.location("members") == "EU"  # subject group: where they are
    assert full.location("staff") == "unknown"
    assert full.location("tickets") == "IN"  # system: where it runs
    assert full.party_of("payco") == "payco"
    assert full.party_of("db") == "cloud"  # a system's operator
    assert full.party_of("members") is None


def test_role_is_per_activity(full):
    assert full.role("bakery", "loyalty") == "controller"
    assert full.role("payco", "payments") == "processor"
    assert full.role("payco", "loyalty") is None  # no role given in that activity
    assert full.role(None, "loyalty") is None
    assert full.role("tax-office", "payments") == "public_authority"


def test_flow_categories_and_subjects(full):
    assert full.flow_categories("kids-sign-up") == ["user.name"]  # its own
    assert full.flow_categories("app-to-db") == full.get("loyalty").categories  # its activity's
    assert full.flow_subjects("kids-sign-up") == ["kids"]  # sent by a subject group
    assert full.flow_subjects("db-to-support") == ["members"]  # its own
    assert full.flow_subjects("app-to-db") == ["members", "kids"]  # its activity's
    assert full.flow_categories(full.get("push")) == ["user.device.device_id", "user.behavior.purchase_history"]


def test_leaves_eea(full):
    assert full.leaves_eea("db-to-support") is True  # IE -> IN
    assert full.leaves_eea("app-to-payco") is True  # DE -> US
    assert full.leaves_eea("payco-to-app") is False  # from outside the EEA: judged on its own chain
    assert full.leaves_eea("app-to-db") is False  # DE -> IE
    assert full.leaves_eea("push") is False  # to members in the EU
    m = loads("""assessment: {id: x, title: X}
parties: [{id: p, name: P, country: DE}, {id: q, name: Q}, {id: r, name: R, country: US}]
subjects: [{id: s, name: S, category: customer}]
activities: [{id: a, name: A, purpose: essential.service}]
flows:
  - {id: to-unknown, from: p, to: q, activity: a}
  - {id: from-unknown, from: s, to: r, activity: a}
""")
    assert m.leaves_eea("to-unknown") is None  # destination unknown
    assert m.leaves_eea("from-unknown") is True  # origin not known to be outside the EEA


def test_position_of_elements_and_paths(full):
    assert full.position("payco") == Location(FULL, 57, 5)
    assert full.position(("activities", 1, "retention")) == Location(FULL, 111, 5)
    assert full.position(("activities", 1, "no_such_field")) == full.position("payments")
    assert full.position("not-an-id") == Location(FULL, 3, 1)
    assert str(full.position("payco")) == f"{FULL}:57"
    assert str(Location("x.yaml")) == "x.yaml"


def test_summary_and_categories_used(full):
    assert full.summary() == {
        "parties": 5, "subject_groups": 3, "systems": 3, "data_categories": 9, "activities": 4, "flows": 8,
        "third_country_flows": 2, "flows_to_unknown_locations": 0, "controls": 4,
    }
    assert full.categories_used() == [
        "user.behavior.purchase_history", "user.contact.email", "user.device.device_id", "user.financial",
        "user.financial.credit_card", "user.financial.stamps", "user.fraud_flag", "user.health_and_medical.allergy",
        "user.name"]


def test_load_from_text_and_public_names():
    m = pia.loads("assessment: {id: t, title: From text}\n")
    assert isinstance(m, pia.Model) and m.path == "<model>" and m.summary()["flows"] == 0
    assert pia.ModelError is ModelError and issubclass(ModelError, pia.PiaError)
    assert isinstance(Problem("f"), Problem)
