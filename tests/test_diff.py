"""pia diff: pairs of small models, one per kind of change (tests/fixtures/diff/)."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import pia
from pia.cli import main
from pia.diff import compare, diff, load_version, render_html
from pia.errors import ModelError
from pia.findings import Finding

FIX = Path(__file__).parent / "fixtures" / "diff"
BASE = str(FIX / "base.yaml")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["diff", *argv])
    out, err = capsys.readouterr()
    return code, out, err


# --- one pair per kind of change --------------------------------------------------------------

MATERIAL = {
    "new-recipient": [("recipient", "ParcelCo (processor, Austria) now receives personal data in 'Checkout'.")],
    "recipient-category": [("recipient_category", "MailCo now acts as third party (before: processor).")],
    "new-purpose": [
        ("purpose", "Personal data is now used for Analytics for Reporting (analytics.reporting) in 'Sales reporting'."),
        ("legal_basis", "Analytics for Reporting (analytics.reporting) now relies on legitimate interests "
                        "(GDPR Art. 6(1)(f)), in 'Sales reporting'."),
    ],
    "new-category": [("data_category", "User Contact Phone Number (user.contact.phone_number) is now processed, in 'Checkout'.")],
    "third-country": [("third_country", "Personal data now goes to United States, a third country outside the EEA (to MailCo).")],
    "unknown-location": [("third_country", "Personal data now goes to a place the model does not know (to Web shop); "
                                           "it may be a third country, and the information is missing.")],
    "legal-basis": [("legal_basis", "Marketing Email Communications (marketing.communications.email) now relies on "
                                    "legitimate interests (GDPR Art. 6(1)(f)), in 'Newsletter'.")],
}


@pytest.mark.parametrize("name", sorted(MATERIAL))
def test_material_change_exits_1_with_reasons(name, tmp_path, capsys):
    code, out, err = run(capsys, BASE, str(FIX / f"{name}.yaml"), "-o", str(tmp_path))
    assert code == 1, err
    assert "MATERIAL change for the privacy notice" in out
    data = json.loads((tmp_path / "change.json").read_text())
    assert data["material"] is True
    assert [(r["kind"], r["text"]) for r in data["reasons"]] == MATERIAL[name]
    for _, text in MATERIAL[name]:
        assert text in out


@pytest.mark.parametrize("name", ["reformatted", "retention", "removed", "unencrypted"])
def test_changes_that_are_not_material_exit_0(name, tmp_path, capsys):
    code, out, err = run(capsys, BASE, str(FIX / f"{name}.yaml"), "-o", str(tmp_path))
    assert code == 0, err
    assert "no material change for the privacy notice" in out
    data = json.loads((tmp_path / "change.json").read_text())
    assert data["material"] is False and data["reasons"] == []


def test_same_model_formatted_differently_is_no_change():
    change = diff(BASE, str(FIX / "reformatted.yaml"), findings=False)
    assert change.unchanged and not change.material
    assert change.elements == [] and change.checks == []
    assert all(not v for facet in change.facets.values() for v in facet.values())
    assert change.old["fingerprint"] != change.new["fingerprint"]  # element order differs, content does not


def test_field_level_changes_before_and_after():
    change = diff(BASE, str(FIX / "legal-basis.yaml"), findings=False)
    [e] = change.elements
    assert (e.section, e.id, e.name, e.change) == ("activities", "newsletter", "Newsletter", "changed")
    assert [(f.field, f.before, f.after) for f in e.fields] == [
        ("consent", "opt_in", None),
        ("legal_basis", "consent", "legitimate_interests"),
        ("legitimate_interest", None, "Keeping customers informed"),
    ]
    added = change.facets["legal_bases"]["added"]
    removed = change.facets["legal_bases"]["removed"]
    assert [(b["purpose"], b["basis"]) for b in added] == [("marketing.communications.email", "legitimate_interests")]
    assert [(b["purpose"], b["basis"]) for b in removed] == [("marketing.communications.email", "consent")]


def test_list_fields_say_what_was_added_and_removed():
    change = diff(BASE, str(FIX / "new-category.yaml"), findings=False)
    [e] = change.elements
    [f] = e.fields
    assert f.field == "categories"
    assert f.added == ["user.contact.phone_number"] and f.removed == []
    assert [c["key"] for c in change.facets["data_categories"]["added"]] == ["user.contact.phone_number"]


def test_new_recipient_lists_party_flow_and_role():
    change = diff(BASE, str(FIX / "new-recipient.yaml"), findings=False)
    assert [(e.section, e.id, e.change) for e in change.elements] == [
        ("activities", "checkout", "changed"), ("flows", "web-to-courier", "added"), ("parties", "courier", "added")]
    [r] = change.facets["recipients"]["added"]
    assert (r["id"], r["roles"], r["country"]) == ("courier", ["processor"], "AT")
    assert change.facets["countries"]["added"][0]["code"] == "AT"  # in the EEA: listed, not material
    assert [x.kind for x in change.reasons] == ["recipient"]
    assert change.reasons[0].elements == ["checkout", "courier"]
    assert change.notice_items == [{"item": "recipients", "ref": "GDPR Art. 13(1)(e) / 14(1)(e)", "action": "update"}]
    assert change.elements[1].name == "Web shop → ParcelCo"


def test_retention_change_is_a_check_not_a_reason():
    change = diff(BASE, str(FIX / "retention.yaml"), findings=False)
    assert change.facets["retention"]["changed"] == [{
        "activity": "newsletter", "name": "Newsletter", "before": "P2Y", "after": "P5Y",
        "criteria_before": "", "criteria_after": ""}]
    assert change.checks == [{"notice_item": "retention", "elements": ["newsletter"],
                              "text": "Retention for 'Newsletter' changed from 2 years to 5 years."}]
    assert change.notice_items == [{"item": "retention", "ref": "GDPR Art. 13(2)(a) / 14(2)(a)", "action": "check"}]


def test_removed_things_are_listed_and_checked():
    change = diff(BASE, str(FIX / "removed.yaml"), findings=False)
    assert [(e.section, e.id, e.change) for e in change.elements] == [
        ("activities", "newsletter", "removed"), ("flows", "web-to-mailer", "removed"), ("parties", "mailer", "removed")]
    assert [r["id"] for r in change.facets["recipients"]["removed"]] == ["mailer"]
    assert [c["code"] for c in change.facets["countries"]["removed"]] == ["FR"]
    texts = [c["text"] for c in change.checks]
    assert texts == [
        "No longer in the model: MailCo. If the notice still mentions it, remove it so that the notice stays accurate.",
        "No longer in the model: Marketing Email Communications (marketing.communications.email). If the notice "
        "still mentions it, remove it so that the notice stays accurate.",
    ]


def test_unchanged_recipient_already_named_in_notice_is_noted():
    text = (FIX / "new-recipient.yaml").read_text() + "notice:\n  recipients: {courier: stated}\n"
    old = pia.load(BASE)
    new = pia.loads(text, "new.yaml")
    [r] = compare(old, new, findings=False).reasons
    assert r.note.startswith("The model records that the notice already names this recipient")


# --- findings ----------------------------------------------------------------------------------

def _finding(rule: str, elements: list[str], sev: int, lik: int, **kw) -> Finding:
    return Finding(rule=rule, title=rule.replace("-", " "), description="d", severity=sev, likelihood=lik,
                   refs=["GDPR Art. 5"], elements=elements, recommendation="r", **kw)


def test_findings_new_resolved_and_rescored_by_key():
    m = pia.load(BASE)
    old = [_finding("unencrypted", ["web-to-pay"], 2, 2), _finding("retention", ["newsletter"], 2, 3),
           _finding("same", ["checkout"], 1, 1)]
    new = [_finding("retention", ["newsletter"], 3, 3), _finding("same", ["checkout"], 1, 1),
           _finding("transfer", ["web-to-mailer"], 4, 3), _finding("unencrypted", ["web"], 2, 2)]
    f = compare(m, m, old_findings=old, new_findings=new).findings
    assert f["available"] is True
    assert [x["key"] for x in f["new"]] == ["transfer:web-to-mailer", "unencrypted:web"]  # worst first
    assert [x["key"] for x in f["resolved"]] == ["unencrypted:web-to-pay"]
    [r] = f["rescored"]
    assert (r["key"], r["before"]["risk"], r["after"]["risk"], r["direction"]) == ("retention:newsletter", "medium", "high", "higher")


def test_status_change_counts_as_rescored():
    m = pia.load(BASE)
    old = [_finding("retention", ["newsletter"], 3, 3)]
    new = [_finding("retention", ["newsletter"], 3, 3, residual_likelihood=1, status="mitigated")]
    [r] = compare(m, m, old_findings=old, new_findings=new).findings["rescored"]
    assert (r["before"]["status"], r["after"]["status"], r["direction"]) == ("open", "mitigated", "lower")
    assert (r["before"]["residual_risk"], r["after"]["residual_risk"]) == ("high", "low")


def test_findings_from_the_analysis():
    change = diff(BASE, str(FIX / "unencrypted.yaml"))
    f = change.findings
    assert f["available"] and f["resolved"] == [] and f["rescored"] == []
    [new] = f["new"]
    assert "web-to-pay" in new["elements"] and new["rule"].startswith("SEC-")
    assert "Web shop → PayCo" in new["element_names"]
    assert diff(BASE, str(FIX / "reformatted.yaml")).findings == {"available": True, "new": [], "resolved": [], "rescored": []}


def test_findings_unavailable_is_said():
    m = pia.load(BASE)
    change = compare(m, m, findings=False)
    assert change.findings == {"available": False, "new": [], "resolved": [], "rescored": []}
    assert "The findings could not be compared" in render_html(change)


# --- the outputs --------------------------------------------------------------------------------

def test_change_html_is_self_contained_and_readable(tmp_path, capsys):
    run(capsys, BASE, str(FIX / "third-country.yaml"), "-o", str(tmp_path))
    html = (tmp_path / "change.html").read_text()
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all(["script", "link", "iframe", "img", "object"])
    for tag in soup.find_all(True):
        for attr in ("src", "href", "srcset", "data"):
            value = tag.get(attr)
            assert not value or str(value).startswith("#"), (tag.name, attr, value)
    assert "@import" not in html and "url(" not in html
    text = soup.get_text(" ", strip=True)
    assert "Material change: the privacy notice must be updated." in text
    assert "Update the notice's statement on transfers to third countries (GDPR Art. 13(1)(f) / 14(1)(f))" in text
    assert "Personal data now goes to United States" in text
    assert [a.get_text() for a in soup.select("nav.toc a")] == [
        "What to do", "Why it matters", "What changed for the notice", "Risks",
        "Every change, element by element", "About this report"]
    assert "Traceback" not in text and "def " not in text


def test_outputs_are_deterministic(tmp_path, capsys):
    for d in ("a", "b"):
        run(capsys, BASE, str(FIX / "new-purpose.yaml"), "-o", str(tmp_path / d))
    for name in ("change.json", "change.html"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["change.html", "change.json"]


def test_invalid_input_exits_2_and_writes_nothing(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text((FIX / "base.yaml").read_text().replace("legal_basis: contract", "legal_basis: contrakt"))
    code, out, err = run(capsys, BASE, str(bad), "-o", str(tmp_path / "out"))
    assert code == 2
    assert f"{bad}:21:" in err and "activities[0].legal_basis: invalid legal basis 'contrakt'; did you mean 'contract'?" in err
    assert not (tmp_path / "out").exists()


def test_missing_file_exits_2(tmp_path, capsys):
    code, out, err = run(capsys, str(tmp_path / "nope.yaml"), BASE, "-o", str(tmp_path / "out"))
    assert code == 2
    assert f"{tmp_path / 'nope.yaml'}: no such file or folder (accepted: a model file, a folder of model files, " \
           "or REV:PATH for a git revision)" in err


# --- git revisions ------------------------------------------------------------------------------

def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false",
                    *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    if shutil.which("git") is None:  # pragma: no cover
        pytest.skip("git is not installed")
    r = tmp_path / "repo"
    (r / "models" / "shop").mkdir(parents=True)
    shutil.copy(FIX / "base.yaml", r / "model.yaml")
    text = (FIX / "base.yaml").read_text()
    head, flows = text.split("flows:\n")
    (r / "models" / "shop" / "a-main.yaml").write_text(head)
    (r / "models" / "shop" / "b-flows.yaml").write_text("flows:\n" + flows)
    _git(r, "init", "-q")
    _git(r, "add", ".")
    _git(r, "commit", "-q", "-m", "first")
    monkeypatch.chdir(r)
    return r


def test_git_revision_of_a_file(repo, capsys):
    shutil.copy(FIX / "third-country.yaml", repo / "model.yaml")
    code, out, err = run(capsys, "HEAD:model.yaml", "model.yaml", "-o", "out")
    assert code == 1, err
    assert out.startswith("HEAD:model.yaml -> model.yaml: 'Web shop'")
    assert json.loads((repo / "out" / "change.json").read_text())["old"]["label"] == "HEAD:model.yaml"


def test_git_revision_of_a_folder(repo, capsys):
    flows = repo / "models" / "shop" / "b-flows.yaml"
    flows.write_text(flows.read_text().replace("to: mailer", "to: pay"))
    change = diff("HEAD:models/shop", "models/shop", findings=False)
    assert [(e.id, [(f.field, f.before, f.after) for f in e.fields]) for e in change.elements] == [
        ("web-to-mailer", [("to", "mailer", "pay")])]
    assert change.old["label"] == "HEAD:models/shop"


def test_git_bad_revision_exits_2(repo, capsys):
    code, out, err = run(capsys, "no-such-branch:model.yaml", "model.yaml", "-o", "out")
    assert code == 2
    assert "no-such-branch:model.yaml: unknown git revision 'no-such-branch'" in err
    assert not (repo / "out").exists()


def test_git_missing_path_exits_2(repo, capsys):
    code, out, err = run(capsys, "HEAD:other.yaml", "model.yaml")
    assert code == 2
    assert "HEAD:other.yaml: 'other.yaml' does not exist in revision 'HEAD'" in err


def test_git_invalid_model_in_revision_names_the_revision(repo):
    (repo / "model.yaml").write_text("assessment: {id: x}\n")
    _git(repo, "commit", "-q", "-am", "broken")
    with pytest.raises(ModelError) as exc:
        load_version("HEAD:model.yaml")
    assert str(exc.value.problems[0]).startswith("HEAD:model.yaml:1:")


def test_outside_git_repository(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    with pytest.raises(ModelError) as exc:
        load_version("HEAD:model.yaml")
    assert "not inside a git repository" in str(exc.value)
