"""pia.notice: segmentation, statements, flow labels, checklist, findings, CLI and the Cloud Connectors case."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

import pia
from pia.cli import main
from pia.notice import check, draft_model, findings_for
from pia.notice.extract import extract
from pia.notice.lexicon import Lexicon
from pia.notice.segment import segment_text

FIX = Path("tests/fixtures/notice")
SEED = Path("/work/shared/seeds/cloud_connectors_privacy_policy.txt")
if not SEED.exists():
    SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "cloud_connectors_privacy_policy.txt"


def triples(text: str, fmt: str = "text"):
    return sorted((s.party, s.action, s.data, s.negated) for s in extract(segment_text(text, fmt)))


# --- segmentation --------------------------------------------------------------------------------

def test_markdown_headings_lists_and_tables():
    md = "# Notice\n\n## Sharing\n\nWe share:\n\n- name\n- email\n\n| Provider | Data |\n|---|---|\n| Stripe | card details |\n"
    segs = segment_text(md, "md")
    assert [(s.kind, s.path, s.text) for s in segs] == [
        ("paragraph", ["Notice", "Sharing"], "We share:"),
        ("list_item", ["Notice", "Sharing"], "name"),
        ("list_item", ["Notice", "Sharing"], "email"),
        ("table_row", ["Notice", "Sharing"], "Stripe | card details"),
    ]
    assert segs[1].lead == "We share:" and segs[3].header == ["Provider", "Data"]


def test_html_drops_scripts_and_keeps_links():
    segs = segment_text('<h1>P</h1><script>evil()</script><ul><li><a href="https://x.example/p">Sentry</a> gets logs</li></ul>', "html")
    assert [(s.kind, s.heading, s.text, s.links) for s in segs] == [("list_item", "P", "Sentry gets logs", ["https://x.example/p"])]


def test_plain_text_headings():
    segs = segment_text("Log Data\n\nWe collect your IP address.\n\nContact Us\n\nWrite to us.", "text")
    assert [(s.heading, s.text) for s in segs] == [("Log Data", "We collect your IP address."), ("Contact Us", "Write to us.")]


# --- statements -----------------------------------------------------------------------------------

def test_negation_condition_and_named_vendor():
    sts = extract(segment_text("We do not sell your personal data. If required by law, we disclose your name to the police.", "text"))
    assert [(s.party, s.action, s.data, s.negated) for s in sts] == [
        ("third_parties", "sell", "user", True), ("law_enforcement", "share", "user.name", False)]
    assert sts[1].condition == "If required by law"
    assert sts[1].evidence == {"sentence": "If required by law, we disclose your name to the police.", "heading": "",
                               "section": "", "paragraph": 0}


def test_third_party_collects_and_anaphora():
    text = "We collect your IP address and browser type. Google Analytics may collect this information."
    assert triples(text) == [("first_party", "collect", "user.device", False),
                             ("first_party", "collect", "user.device.ip_address", False),
                             ("google_analytics", "collect", "user.device", False),
                             ("google_analytics", "collect", "user.device.ip_address", False)]


def test_table_rows_and_unknown_vendor():
    md = "We use these processors:\n\n| Provider | Data |\n|---|---|\n| Acme Mail GmbH | email address |\n| Stripe | card details |\n"
    assert triples(md, "md") == [("name:Acme Mail GmbH", "share", "user.contact.email", False),
                                 ("stripe", "share", "user.financial.credit_card", False)]


def test_nothing_from_sentences_without_practice():
    assert triples("We may update this policy from time to time. Thank you for reading.") == []


def test_lexicon_keys_are_fideslang_keys():
    from pia.taxonomy import Taxonomy

    t = Taxonomy.default()
    data = yaml.safe_load(Path("pia/data/lexicons/data.yaml").read_text())
    purposes = yaml.safe_load(Path("pia/data/lexicons/purposes.yaml").read_text())
    assert [k for k in data["categories"] if not t.has("data_category", k)] == []
    assert [k for k in purposes["purposes"] if not t.has("data_use", k)] == []
    lex = Lexicon.default()
    assert set(lex.checklist) == set(pia.schema.NOTICE_ITEMS)


# --- against a model ------------------------------------------------------------------------------

@pytest.fixture
def tiny():
    return check(FIX / "tiny.md", pia.load(FIX / "tiny_model.yaml"))


def test_flow_labels_and_categories(tiny):
    flows = {f["flow"]: f for f in tiny.flows}
    assert flows["shop-to-mailer"]["label"] == "clear"
    assert flows["shop-to-mailer"]["evidence"][0]["sentence"] == "We share your email address with Mailchimp to send our newsletter."
    assert flows["shop-to-stats"]["label"] == "omitted"
    assert [(r["category"], r["label"]) for r in flows["visitors-to-shop"]["categories"]] == [
        ("user.name", "clear"), ("user.contact.email", "clear"), ("user.device.ip_address", "omitted")]


def test_checklist_against_model(tiny):
    rows = {c["item"]: c for c in tiny.checklist}
    assert rows["controller_identity"]["found"] == "stated"  # an e-mail address is given
    assert rows["retention"]["found"] == "not_stated"
    assert (rows["retention"]["model"], rows["retention"]["agreement"]) == ("stated", False)
    assert rows["dpo_contact"]["agreement"] is None


def test_findings_fire_and_stay_quiet(tiny):
    fs = tiny.findings()
    keys = {f.key for f in fs}
    assert "notice.flow-omitted:shop-to-stats,stats" in keys
    assert "notice.flow-vague:visitors-to-shop,shop-co" in keys
    assert "notice.item-disagrees.retention:notice" in keys
    assert not any("shop-to-mailer" in f.elements for f in fs)  # the clear flow raises nothing
    assert "notice.item-missing.controller_identity:notice" not in keys
    omitted = next(f for f in fs if f.rule == "notice.flow-omitted")
    assert omitted.refs[0] == "GDPR Art. 13(1)(e) / 14(1)(e)" and omitted.risk == "high"
    assert len(keys) == len(fs)  # keys are unique


def test_contradicted_flow(tmp_path):
    p = tmp_path / "n.md"
    p.write_text("# Notice\n\nWe never share your email address with Mailchimp.\n")
    nc = check(p, pia.load(FIX / "tiny_model.yaml"))
    flow = next(f for f in nc.flows if f["flow"] == "shop-to-mailer")
    assert flow["label"] == "contradicted"
    assert [f.rule for f in nc.findings() if "shop-to-mailer" in f.elements] == ["notice.flow-contradicted"]


def test_findings_for_uses_source_path():
    assert "notice.flow-omitted" in {f.rule for f in findings_for(pia.load(FIX / "tiny_model.yaml"))}
    # a contract's text is not a notice: not checked
    m = pia.loads("assessment: {id: a, title: A}\nsources: [{id: s, title: S, kind: contract, path: missing.txt}]\n")
    assert findings_for(m) == []
    # a notice that cannot be read is said, not skipped (unknown is not safe)
    m = pia.loads("assessment: {id: a, title: A}\nsources: [{id: s, title: S, path: missing.txt}]\n")
    (f,) = findings_for(m)
    assert (f.rule, f.elements, f.missing, f.risk) == ("notice.text-unavailable", ["s"], ["the privacy notice's text"], "medium")
    assert f.description.startswith("Source 's' points to the notice text at 'missing.txt', but the file cannot be found or read.")


def test_empty_notice_text_is_a_finding(tmp_path):
    (tmp_path / "empty.md").write_text("\n\n")
    (tmp_path / "m.yaml").write_text("assessment: {id: a, title: A}\nsources: [{id: s, title: S, path: empty.md}]\n")
    (f,) = findings_for(pia.load(tmp_path / "m.yaml"))
    assert f.rule == "notice.text-unavailable"
    assert "but the privacy notice holds no text." in f.description


def test_analyse_folds_notice_items_into_rule_findings(tmp_path):
    """The text check confirms a rule's missing item: one finding with the text's evidence, not two."""
    from pia.analysis import analyse

    (tmp_path / "n.md").write_text("# Notice\n\nWe collect your email address to send the newsletter.\n")
    (tmp_path / "m.yaml").write_text((FIX / "tiny_model.yaml").read_text().replace("tiny.md", "n.md")
                                    .replace("retention: {status: stated}", "retention: {status: not_stated}"))
    model = pia.load(tmp_path / "m.yaml")
    rules = {f.rule for f in analyse(model).findings}
    plain = {f.rule for f in analyse(model, notice=False).findings}
    assert not any(r.startswith("notice.") for r in plain)
    assert "notice.flow-omitted" in rules and "notice.item-missing.retention" not in rules
    (trn08,) = [f for f in analyse(model).findings if f.rule == "TRN-08"]
    assert any(e.startswith("Checked against the notice text: Nothing in the notice") for e in trn08.evidence)
    assert analyse(model).as_json()["notice_texts"][0]["file"] == "n.md"
    # where the model says the item is stated, no rule fires: the text's finding stays, with the disagreement
    (tmp_path / "m2.yaml").write_text((FIX / "tiny_model.yaml").read_text().replace("tiny.md", "n.md"))
    rules = {f.rule for f in analyse(pia.load(tmp_path / "m2.yaml")).findings}
    assert {"notice.item-missing.retention", "notice.item-disagrees.retention"} <= rules and "TRN-08" not in rules
    # where the model is stricter than the text (not stated, the text states it), no disagreement finding
    (tmp_path / "n3.md").write_text("# Notice\n\nWe keep your email address for 24 months after your last order.\n")
    (tmp_path / "m3.yaml").write_text((tmp_path / "m.yaml").read_text().replace("n.md", "n3.md"))
    nc = check(tmp_path / "n3.md", pia.load(tmp_path / "m3.yaml"))
    row = next(r for r in nc.checklist if r["item"] == "retention")
    assert (row["model"], row["found"], row["agreement"]) == ("not_stated", "stated", False)
    assert "notice.item-disagrees.retention" not in {f.rule for f in nc.findings()}


def test_json_is_deterministic(tiny):
    again = check(FIX / "tiny.md", pia.load(FIX / "tiny_model.yaml"))
    assert json.dumps(tiny.as_json()) == json.dumps(again.as_json())
    st = tiny.as_json()["statements"][0]
    assert {"party", "action", "data", "purpose", "negated", "evidence"} <= set(st)


# --- command line ---------------------------------------------------------------------------------

def test_cli_writes_html_and_json(tmp_path, capsys):
    assert main(["notice-check", str(FIX / "tiny_model.yaml"), "--policy", str(FIX / "tiny.md"), "-o", str(tmp_path)]) == 0
    data = json.loads((tmp_path / "notice-check.json").read_text())
    assert {f["flow"]: f["label"] for f in data["flows"]} == {
        "shop-to-mailer": "clear", "shop-to-stats": "omitted", "visitors-to-shop": "vague"}
    page = (tmp_path / "notice-check.html").read_text()
    assert "<script" not in page and "src=" not in page and "http" not in page.replace("https://", "").lower().split("<style>")[0]
    assert "We share your email address with Mailchimp" in page and "GDPR Art. 13(2)(a)" in page
    assert "1 omitted" in capsys.readouterr().out


def test_cli_unreadable_policy(tmp_path, capsys):
    assert main(["notice-check", "--policy", str(tmp_path / "none.txt"), "-o", str(tmp_path)]) == 2
    assert capsys.readouterr().err.strip().endswith(
        "none.txt: cannot read the privacy notice: no such file (accepted: a plain-text, Markdown or HTML file)")
    assert list(tmp_path.iterdir()) == []


def test_cli_invalid_model(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("assessment: {id: a}\n")
    assert main(["notice-check", str(bad), "--policy", str(FIX / "tiny.md"), "-o", str(tmp_path / "out")]) == 2
    assert "assessment.title: required field is missing" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_cli_draft_passes_validate(tmp_path):
    draft = tmp_path / "draft.yaml"
    assert main(["notice-check", "--policy", str(FIX / "tiny.md"), "-o", str(tmp_path), "--draft", str(draft)]) == 0
    m = pia.load(draft)
    assert m.assessment.dpo.name == "unknown"
    assert {p.name for p in m.parties} >= {"Mailchimp"}
    assert any(f.to == "mailchimp" and f.categories == ["user.contact.email"] for f in m.flows)


# --- the Cloud Connectors model and policy ----------------------------------------------------------

@pytest.mark.skipif(not SEED.exists(), reason="shared seed policy not available")
def test_cloud_connectors():
    nc = check(SEED, pia.load("data/cloud_connectors.yaml"))
    labels = {f["flow"]: f["label"] for f in nc.flows}
    assert labels["visitors-to-google-analytics"] == "vague"  # IP address and pages clear; cookie id not tied to GA
    assert labels["website-to-hosting"] == "vague"  # only "User Information"
    assert labels["disclosure-to-authorities"] == "vague"  # only "Personal Information"
    ga = next(f for f in nc.flows if f["flow"] == "visitors-to-google-analytics")
    assert ("user.device.ip_address", "clear") in [(r["category"], r["label"]) for r in ga["categories"]]
    assert "Log Data" in [e["heading"] for e in ga["evidence"]]
    keys = {f.rule for f in nc.findings()}
    assert {"notice.item-missing.retention", "notice.item-incomplete.rights", "notice.item-incomplete.controller_identity",
            "notice.item-missing.dpo_contact"} <= keys
    assert "notice.item-missing.data_categories" not in keys


def test_draft_model_text_is_valid_yaml(tiny):
    m = pia.loads(draft_model(tiny, "x"))
    assert m.assessment.id == "x"


def test_checklist_from_text(tmp_path):
    p = tmp_path / "n.txt"
    p.write_text("Privacy\n\nWe delete your account data 30 days after you close your account. You have the right to "
                 "access and erase your data. You may lodge a complaint with your supervisory authority.\n")
    found = {c["item"]: c["found"] for c in check(p).checklist}
    assert (found["retention"], found["rights"], found["complaint"]) == ("stated", "stated", "stated")
    assert (found["dpo_contact"], found["transfers"], found["recipients"]) == ("not_stated", "not_stated", "not_stated")
    rules = {f.rule for f in check(p).findings()}
    assert "notice.item-missing.retention" not in rules and "notice.item-missing.dpo_contact" in rules


@pytest.mark.skipif(not SEED.exists(), reason="shared seed policy not available")
def test_findings_enter_the_analysis():
    from pia.analysis import analyse

    model = pia.load("data/cloud_connectors.yaml")
    if not (Path("data") / model.get("policy").path).is_file():
        pytest.skip("the Cloud Connectors policy (shared/seeds) is not beside this checkout")
    extra = findings_for(model)
    assert "notice.item-missing.retention" in {f.rule for f in extra}
    keys = {f.key for f in analyse(model, extra_findings=extra).findings}
    assert "notice.item-missing.retention:policy" in keys
    assert {f.key for f in extra} <= keys
