"""`pia check`: text, json and SARIF output; exit codes."""
from __future__ import annotations

import json

from pia.cli import main

CC = "data/cloud_connectors.yaml"


def run(capsys, *args):
    code = main(["check", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_is_the_analysis(capsys):
    import pia
    from pia.analysis import analyse

    code, out, _ = run(capsys, CC, "--format", "json")
    assert code == 0
    assert json.loads(out) == json.loads(json.dumps(analyse(pia.load(CC)).as_json()))


def test_text_lists_where_why_law_and_what_to_do(capsys):
    code, out, _ = run(capsys, CC)
    assert code == 0
    assert out.startswith(f"{CC}: The Cloud Connectors")
    assert "DPIA screening: DPIA required" in out
    for label in ("where:", "why:", "law:", "how bad:", "do:"):
        assert label in out
    assert "activity account-registration (data/cloud_connectors.yaml:" in out


def test_fail_on(capsys):
    assert run(capsys, CC, "--fail-on", "high")[0] == 1
    code, out, _ = run(capsys, CC, "--fail-on", "critical")
    assert (code == 1) == ("CRITICAL (residual risk)" in out)


def test_invalid_model_exit_2(capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("assessment: {id: x}\n")
    code, out, err = run(capsys, str(bad))
    assert code == 2 and out == ""
    assert "bad.yaml:1" in err and "assessment.title: required field is missing" in err


def test_sarif_structure(capsys):
    code, out, _ = run(capsys, CC, "--format", "sarif")
    assert code == 0
    log = json.loads(out)
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    (run_,) = log["runs"]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "pia"
    rule_ids = [r["id"] for r in driver["rules"]]
    for r in driver["rules"]:
        assert r["shortDescription"]["text"] and r["help"]["text"]
    assert run_["results"]
    lines = open(CC, encoding="utf-8").read().splitlines()
    for res in run_["results"]:
        assert res["ruleId"] == rule_ids[res["ruleIndex"]]
        assert res["level"] in ("error", "warning", "note")
        assert res["message"]["text"]
        (loc,) = res["locations"]
        phys = loc["physicalLocation"]
        assert phys["artifactLocation"]["uri"] == CC
        line = phys["region"]["startLine"]
        assert 1 <= line <= len(lines)
        name = loc["logicalLocations"][0]["name"]
        if "." not in name:  # an element id: the line is where that element is written
            assert f"id: {name}" in lines[line - 1] or f"{name}:" in lines[line - 1], (name, lines[line - 1])


def _model_with(tmp_path, accepted: bool):
    import sys
    from pathlib import Path

    import yaml

    sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "rules"))
    from base import activity, base

    d = base()
    activity(d)["legal_basis"] = "unknown"  # LAW-01: 3 x 3 = high
    if accepted:
        d["accepted"] = [{"rule": "LAW-01", "elements": ["orders"], "by": "Board", "reason": "Basis under review"}]
    p = tmp_path / ("accepted.yaml" if accepted else "open.yaml")
    p.write_text(yaml.safe_dump(d, sort_keys=False))
    return str(p)


def test_accepted_findings_do_not_trip_the_gate_but_are_shown(capsys, tmp_path):
    path = _model_with(tmp_path, accepted=False)
    assert run(capsys, path, "--fail-on", "high")[0] == 1
    assert run(capsys, path, "--fail-on", "critical")[0] == 0
    path = _model_with(tmp_path, accepted=True)
    code, out, _ = run(capsys, path, "--fail-on", "low")
    assert code == 0
    assert "LAW-01 No legal basis recorded [accepted]" in out
    assert "accepted: by Board: Basis under review" in out
    code, out, _ = run(capsys, path, "--format", "sarif")
    (res,) = [r for r in json.loads(out)["runs"][0]["results"] if r["ruleId"] == "LAW-01"]
    assert res["suppressions"] == [{"kind": "external", "status": "accepted",
                                    "justification": "Accepted by Board: Basis under review"}]
    lines = open(path, encoding="utf-8").read().splitlines()
    assert lines[res["locations"][0]["physicalLocation"]["region"]["startLine"] - 1] == "- id: orders"
    assert res["level"] == "error" and res["properties"]["status"] == "accepted"
