"""``pia map``: the disclosure map page and register, focus checks, nothing half-written."""
from __future__ import annotations

import csv
import io

import pytest

import pia
from pia import disclosure
from pia.cli import main
from pia.report import external_references

CC = "data/cloud_connectors.yaml"


def test_listed_in_help(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "map" in capsys.readouterr().out.split()  # listed as a command


@pytest.mark.parametrize("focus, message", [
    ("recipient:google-analytic",
     "data/cloud_connectors.yaml: --focus: unknown recipient 'google-analytic'; did you mean 'google-analytics'? "
     "(accepted: acquirer, client-data-centres, cloud-connectors, customers, google-analytics, law-enforcement, "
     "us-hosting, cew-platform, support-portal, user-store, website)"),
    ("recipent:google-analytics",
     "data/cloud_connectors.yaml: --focus: invalid focus 'recipent:google-analytics'; did you mean "
     "'recipient:google-analytics'? (accepted: KIND:ID with KIND subject, category or recipient, e.g. "
     "recipient:google-analytics)"),
    ("website-visitors",
     "data/cloud_connectors.yaml: --focus: invalid focus 'website-visitors'; did you mean "
     "'subject:website-visitors'? (accepted: KIND:ID with KIND subject, category or recipient, e.g. "
     "recipient:google-analytics)"),
])
def test_bad_focus_exit_2_nothing_written(tmp_path, capsys, focus, message):
    out = tmp_path / "out"
    assert main(["map", CC, "--focus", focus, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err == f"1 problem found:\n  {message}\n"
    assert not out.exists()


def test_bad_model_exit_2(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("assessment: {id: x, title: X}\nflows:\n  - {id: f, from: a, to: b, activity: c}\n")
    assert main(["map", str(bad), "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("3 problems found:\n") and f"{bad}:3:13: flows[0].from: unknown" in err
    assert not (tmp_path / "out").exists()


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("map")
    (out / "keep.txt").write_text("other files stay")
    code = main(["map", CC, "--focus", "recipient:google-analytics", "-o", str(out)])
    return code, out


def test_writes_page_and_register(rendered):
    code, out = rendered
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == ["disclosure-map.html", "disclosures.csv", "keep.txt"]
    model = pia.load(CC)
    text = (out / "disclosures.csv").read_text(encoding="utf-8")
    assert text == disclosure.register(model).to_csv(index=False, lineterminator="\n")
    head = next(csv.reader(io.StringIO(text)))
    assert head == disclosure.COLUMNS


def test_page_sections_self_contained(rendered):
    _code, out = rendered
    page = (out / "disclosure-map.html").read_text(encoding="utf-8")
    for heading in ("Overview map", "Who receives which data", "Transfers outside the EEA", "Who gets my data",
                    "Website and service visitors", "Focus on one recipient: Google Analytics (Google LLC)"):
        assert heading in page, heading
    assert page.count("data:image/svg+xml") + page.count("<svg") >= 4
    assert "<script" not in page.lower()
    assert external_references(page) == []
    assert "Traceback" not in page and "In [" not in page
