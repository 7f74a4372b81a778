"""``pia assess``: the files it writes, determinism, exit codes, all-or-nothing output."""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

import pia
from pia import report
from pia.cli import main
from pia.commands.assess import gate

ROOT = Path(__file__).resolve().parent.parent
CC = str(ROOT / "data" / "cloud_connectors.yaml")
DATE = "2026-11-25"


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Two runs on the same date and one on another date (shared by the tests below)."""
    base = tmp_path_factory.mktemp("assess")
    out = {}
    for name, date in (("a", DATE), ("b", DATE), ("c", "2027-01-31")):
        rc = main(["assess", CC, "-o", str(base / name), "--date", date])
        assert rc == 0
        out[name] = base / name
    return out


def test_writes_every_output(runs):
    names = sorted(p.name for p in runs["a"].iterdir())
    expected = ["disclosures.csv", "findings.json", "pia.html", "pia.ipynb", "ropa.csv"]
    if report.notebook_path("disclosure_map").exists():
        expected.append("disclosure-map.html")
    assert names == sorted(expected)


def test_findings_json_is_deterministic_and_complete(runs):
    a, b, c = ((runs[k] / "findings.json").read_bytes() for k in "abc")
    assert a == b == c  # no date or timestamp in findings.json
    data = json.loads(a)
    model = pia.load(CC)
    from pia.analysis import analyse

    expected = json.loads(json.dumps(analyse(model).as_json(), default=str))
    assert [(f["key"], f["risk"], f["residual_risk"], f["status"]) for f in data["findings"]] == \
        [(f["key"], f["risk"], f["residual_risk"], f["status"]) for f in expected["findings"]]
    assert data["screening"] == expected["screening"]
    assert data["fingerprint"] == model.fingerprint
    assert data["findings"], "the Cloud Connectors model has findings"
    for f in data["findings"]:
        for key in ("rule", "title", "description", "severity", "likelihood", "risk", "residual_severity",
                    "residual_likelihood", "refs", "elements", "recommendation", "status"):
            assert key in f, key
        assert f["status"] in ("open", "mitigated", "accepted")
        assert set(f["elements"]) <= set(model.index) or f.get("anchor")
    assert data["screening"]["verdict"] == "DPIA required"
    assert len(data["screening"]["criteria"]) == 9


def test_html_differs_only_in_the_date(runs):
    a, b, c = ((runs[k] / "pia.html").read_text(encoding="utf-8") for k in "abc")
    assert a == b
    assert a != c
    assert a.replace(DATE, "<date>") == c.replace("2027-01-31", "<date>")


def test_ropa_and_disclosures_csv_come_from_the_library(runs):
    from pia.disclosure import register
    from pia.record import record

    model = pia.load(CC)
    assert (runs["a"] / "ropa.csv").read_text(encoding="utf-8") == record(model).to_csv(index=False, lineterminator="\n")
    assert (runs["a"] / "disclosures.csv").read_text(encoding="utf-8") == register(model).to_csv(index=False, lineterminator="\n")


def test_report_loads_nothing_from_outside_and_shows_no_code(runs):
    page = (runs["a"] / "pia.html").read_text(encoding="utf-8")
    assert report.external_references(page) == []
    for text in ("<script", "<link", "In [", "Out[", "Traceback", "import pia", "r.title_block", "analyse(",
                 "papermill", "output_dir"):
        assert text not in page, text


def test_report_follows_art_35_7_and_links_resolve(runs):
    page = (runs["a"] / "pia.html").read_text(encoding="utf-8")
    headings = re.findall(r"<h2 id=\"[^\"]+\">([^<]+)</h2>", page)
    assert headings == ["1. Summary and verdict", "2. Systematic description of the processing",
                        "3. Necessity and proportionality", "4. Risks to the people concerned",
                        "5. Measures and action plan", "6. Consultation and sign-off", "Appendix"]
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    for target in re.findall(r'href="#([^"]+)"', page):
        assert target in ids, target
    for target in re.findall(r'href="([^"#][^"]*)"', page):
        assert (runs["a"] / target).exists(), target  # only links to files written next to it
    model = pia.load(CC)
    assert model.fingerprint in page
    assert "DPIA required" in page
    assert page.count("not yet done") >= 5  # the model records no DPO advice, consultation or sign-off
    data = json.loads((runs["a"] / "findings.json").read_text())
    for i, f in enumerate(data["findings"], 1):
        assert f'id="r{i:02d}"' in page and f["title"] in page.replace("&#x27;", "'").replace("&quot;", '"')


def test_executed_notebook_is_saved_without_run_times(runs):
    import nbformat

    nb = nbformat.read(runs["a"] / "pia.ipynb", as_version=4)
    assert not any(o.output_type == "error" for c in nb.cells for o in c.get("outputs", []))
    nbformat.validate(nb)  # written without nbformat's validation (pia.report._write_nb): valid all the same
    text = (runs["a"] / "pia.ipynb").read_text(encoding="utf-8")
    # the final folder, not the staging one, and without the machine's folders (pia.text.shown_path)
    assert "new-" not in text and f'output_dir = \\"{runs["a"].name}\\"' in text and str(runs["a"]) not in text
    assert " at 0x" not in text
    def same(run) -> str:  # the two runs differ only in the output folder's name
        t = (run / "pia.ipynb").read_text(encoding="utf-8")
        return t.replace(str(run), "<dir>").replace(f'output_dir = \\"{run.name}\\"', 'output_dir = \\"<dir>\\"') \
            .replace(f'"output_dir": "{run.name}"', '"output_dir": "<dir>"')

    assert same(runs["a"]) == same(runs["b"])


def test_invalid_model_exit_2_same_message_as_validate(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("assessment: {id: x, title: X}\nparties:\n  - {id: p, name: P, country: XX}\n")
    assert main(["validate", str(bad)]) == 2
    expected = capsys.readouterr().err
    out = tmp_path / "out"
    assert main(["assess", str(bad), "-o", str(out)]) == 2
    assert capsys.readouterr().err == expected
    assert "unknown country code 'XX'" in expected
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml"]


def test_failing_step_exit_3_names_section_and_keeps_previous_report(runs, tmp_path, monkeypatch, capsys):
    import nbformat
    import nbformat.v4 as v4

    failing = tmp_path / "pia_report.ipynb"
    params = v4.new_code_cell("model = ''\nreport_date = None\noutput_dir = None\nmap_link = ''")
    params.metadata["tags"] = ["parameters"]
    nb = v4.new_notebook(cells=[v4.new_markdown_cell("# PIA"), params, v4.new_markdown_cell("## 4. Risks"),
                                v4.new_code_cell("raise RuntimeError('the risk map could not be drawn')")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, failing)
    dest = tmp_path / "report"
    assert main(["assess", CC, "-o", str(dest), "--date", DATE]) == 0
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in dest.iterdir()}
    capsys.readouterr()

    real = report.notebook_path
    monkeypatch.setattr(report, "notebook_path", lambda name: failing if name == "pia_report" else real(name))
    assert main(["assess", CC, "-o", str(dest), "--date", "2030-01-01"]) == 3
    err = capsys.readouterr().err
    assert err == "pia: PIA report: section '4. Risks' failed: RuntimeError: the risk map could not be drawn\n"
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in dest.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pia_report.ipynb", "report"]


def test_fail_on_and_default_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["assess", CC, "--fail-on", "low", "--date", DATE]) == 1
    captured = capsys.readouterr()
    data = json.loads((tmp_path / "reports" / "cloud-connectors" / "findings.json").read_text())
    n = len(gate(data["findings"], "low"))
    assert n > 0
    assert captured.err == f"pia: {n} finding{'s' if n != 1 else ''} not accepted at low risk or above after measures (--fail-on low)\n"
    assert captured.out.startswith(f"reports/cloud-connectors/: pia.html, findings.json ({len(data['findings'])} findings)")


def test_gate_counts_residual_level_of_findings_not_accepted():
    findings = [{"status": "open", "residual_risk": "medium", "risk": "critical"},
                {"status": "accepted", "residual_risk": "critical"},
                {"status": "mitigated", "residual_risk": "low", "risk": "high"}]
    assert gate(findings, "high") == []
    assert gate(findings, "medium") == [findings[0]]
    assert gate(findings, "low") == [findings[0], findings[2]]


def test_bad_date_is_refused(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["assess", CC, "--date", "25.11.2026"])
    assert exc.value.code == 2
    assert "invalid date '25.11.2026' (accepted: YYYY-MM-DD)" in capsys.readouterr().err
