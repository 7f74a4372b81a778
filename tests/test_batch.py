"""pia batch: broken models among good ones, interruption, skipping and --force, the index, Dask."""
from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import pia
from pia import batch
from pia.cli import main
from pia.errors import ModelError

ROOT = Path(__file__).resolve().parent.parent
BASE = (ROOT / "tests" / "fixtures" / "diff" / "base.yaml").read_text()
THIRD = (ROOT / "tests" / "fixtures" / "diff" / "third-country.yaml").read_text()
DATE = "2026-11-25"
FILES = ["disclosure-map.html", "disclosures.csv", "findings.json", "pia.html", "pia.ipynb", "ropa.csv"]


def model(text: str, ident: str, title: str) -> str:
    return text.replace("  id: shop\n  title: Web shop\n", f"  id: {ident}\n  title: {title}\n", 1)


def write_models(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(n):
        p = folder / f"shop-{k}.yaml"
        p.write_text(model(BASE if k % 2 == 0 else THIRD, f"shop-{k}", f"Shop {k}"))
        paths.append(p)
    return paths


def complete(folder: Path) -> bool:
    names = sorted(p.name for p in folder.iterdir())
    if names != FILES:
        return False
    json.loads((folder / "findings.json").read_text())
    json.loads((folder / "pia.ipynb").read_text())
    return all((folder / f).read_text().rstrip().endswith("</html>") for f in ("pia.html", "disclosure-map.html"))


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.startswith("."))


# --- a batch with broken models among good ones ---------------------------------------------------

@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """Good models (two files and a folder model), broken ones, a non-model file; rendered once."""
    base = tmp_path_factory.mktemp("batch")
    src = base / "models"
    (src / "team").mkdir(parents=True)
    (src / "good-low.yaml").write_text(model(BASE, "shop-low", "Shop with EU vendors"))
    (src / "team" / "good-high.yml").write_text(model(THIRD, "shop-high", "Shop mailing from the US"))
    head, flows = model(BASE, "shop-folder", "Shop split in files").split("flows:\n")
    (src / "split").mkdir()
    (src / "split" / "main.yaml").write_text(head)
    (src / "split" / "flows.yaml").write_text("flows:\n" + flows)
    (src / "syntax.yaml").write_text("assessment:\n  id: [oops\n")
    (src / "typo.yaml").write_text(model(BASE, "shop-typo", "Typo").replace("legal_basis: contract", "legal_basis: contrakt"))
    (src / "team" / "dup.yaml").write_text(model(BASE, "shop-low", "Same id as another"))
    (src / "settings.yaml").write_text("colour: blue\n")  # not a model: ignored
    out = base / "out"
    stderr = io.StringIO()
    old = sys.stderr
    sys.stderr = stderr
    try:
        code = main(["batch", str(src), "-o", str(out), "-j", "2", "--date", DATE])
    finally:
        sys.stderr = old
    return {"src": src, "out": out, "code": code, "stderr": stderr.getvalue(),
            "summary": json.loads((out / "batch-summary.json").read_text())}


def test_discovery_finds_files_and_folder_models(mixed):
    found, missing = batch.discover([str(mixed["src"])])
    src = str(mixed["src"])
    assert found == sorted([f"{src}/good-low.yaml", f"{src}/split", f"{src}/syntax.yaml", f"{src}/team/dup.yaml",
                            f"{src}/team/good-high.yml", f"{src}/typo.yaml"])
    assert missing == []


def test_broken_models_are_reported_and_the_others_render(mixed):
    out, s = mixed["out"], mixed["summary"]
    assert mixed["code"] == 2  # some models invalid
    assert s["counts"] == {"rendered": 3, "skipped": 0, "invalid": 3, "failed": 0, "interrupted": 0}
    for ident in ("shop-low", "shop-high", "shop-folder"):
        assert complete(out / ident), ident
    assert sorted(p.name for p in out.iterdir()) == ["batch-summary.json", "index.html", "shop-folder", "shop-high", "shop-low"]
    by_path = {Path(i["path"]).name: i for i in s["items"]}
    assert by_path["syntax.yaml"]["status"] == "invalid"
    with pytest.raises(ModelError) as exc:  # the same problems as `pia validate` gives
        pia.load(f"{mixed['src']}/typo.yaml")
    assert by_path["typo.yaml"]["problems"] == [str(p) for p in exc.value.problems]
    [problem] = by_path["typo.yaml"]["problems"]
    assert problem.startswith(f"{mixed['src']}/typo.yaml:21:")
    assert problem.endswith(": activities[0].legal_basis: invalid legal basis 'contrakt'; did you mean 'contract'? "
                            "(accepted: consent, contract, legal_obligation, vital_interests, public_task, legitimate_interests, unknown)")
    assert by_path["dup.yaml"]["error"] == (f"assessment id 'shop-low' is also used by {mixed['src']}/good-low.yaml; "
                                            "each assessment needs its own id")
    err = mixed["stderr"]
    assert f"pia batch: {mixed['src']}/typo.yaml: the model has 1 problem" in err
    assert "Traceback" not in err


def test_batch_outputs_equal_pia_assess(mixed, tmp_path):
    assert main(["assess", str(mixed["src"] / "team" / "good-high.yml"), "-o", str(tmp_path / "one"), "--date", DATE]) == 0
    for name in ("findings.json", "ropa.csv", "disclosures.csv"):
        assert (tmp_path / "one" / name).read_bytes() == (mixed["out"] / "shop-high" / name).read_bytes(), name


def test_index_lists_assessments_by_risk_and_the_failures(mixed):
    page = (mixed["out"] / "index.html").read_text()
    soup = BeautifulSoup(page, "html.parser")
    assert not soup.find_all(["script", "link", "img", "iframe"])
    for tag in soup.find_all(href=True):
        assert not tag["href"].startswith(("http:", "https:", "//")), tag["href"]
    rows = soup.select("table.index tbody tr")
    titles = [r.select_one("a.title").get_text() for r in rows]
    findings = {i: json.loads((mixed["out"] / i / "findings.json").read_text()) for i in ("shop-low", "shop-high", "shop-folder")}

    def open_counts(data):
        opened = [f for f in data["findings"] if f["status"] == "open"]
        return tuple(sum(1 for f in opened if f["residual_risk"] == lvl) for lvl in ("critical", "high", "medium", "low"))

    expected = sorted(findings, key=lambda i: tuple(-n for n in open_counts(findings[i])) + (
        {"shop-low": "shop with eu vendors", "shop-high": "shop mailing from the us", "shop-folder": "shop split in files"}[i],))
    names = {"shop-low": "Shop with EU vendors", "shop-high": "Shop mailing from the US", "shop-folder": "Shop split in files"}
    assert titles == [names[i] for i in expected]
    first = rows[0]
    ident = expected[0]
    cells = [td.get_text(" ", strip=True) for td in first.find_all("td")]
    assert cells[1] == findings[ident]["screening"]["verdict"]
    assert tuple(int(c) for c in cells[2:6]) == open_counts(findings[ident])
    assert cells[7] == DATE
    assert cells[8] == findings[ident]["fingerprint"][:12]
    links = [a["href"] for a in first.select(".links a")]
    assert links == [f"{ident}/pia.html", f"{ident}/disclosure-map.html", f"{ident}/findings.json",
                     f"{ident}/ropa.csv", f"{ident}/disclosures.csv"]
    problems = soup.select("#problems tbody tr")
    assert len(problems) == 3
    assert "invalid legal basis 'contrakt'" in soup.select_one("#problems").get_text()


# --- incremental runs, --force, a failed regeneration keeps the previous report ---------------------

def test_skipping_force_and_failed_regeneration(tmp_path):
    src = tmp_path / "models"
    a, b = write_models(src, 2)
    out = tmp_path / "out"
    first = batch.run([str(src)], out, jobs=2, date=DATE)
    assert [i.status for i in first.items] == ["rendered", "rendered"]
    stamp = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file() and p.parent != out}

    again = batch.run([str(src)], out, jobs=2, date="2027-01-01")
    assert [i.status for i in again.items] == ["skipped", "skipped"]
    assert {p: p.stat().st_mtime_ns for p in stamp} == stamp  # nothing rewritten
    assert [i.date for i in again.items] == [DATE, DATE]  # the date of the report shown, not of this run

    a.write_text(a.read_text().replace("retention: P1Y", "retention: P3Y"))  # content change: new fingerprint
    b.write_text("# a comment changes nothing\n" + b.read_text())
    third = batch.run([str(src)], out, jobs=2, date=DATE)
    assert [(Path(i.path).name, i.status) for i in third.items] == [("shop-0.yaml", "rendered"), ("shop-1.yaml", "skipped")]

    forced = batch.run([str(src)], out, jobs=1, force=True, date=DATE)
    assert [i.status for i in forced.items] == ["rendered", "rendered"]

    good = (out / "shop-1" / "findings.json").read_bytes()
    b.write_text(b.read_text().replace("legal_basis: contract", "legal_basis: sometimes"))
    broken = batch.run([str(src)], out, jobs=1, force=True, date=DATE)
    assert [i.status for i in broken.items] == ["rendered", "invalid"]
    assert broken.exit_code == 2
    assert complete(out / "shop-1") and (out / "shop-1" / "findings.json").read_bytes() == good
    soup = BeautifulSoup((out / "index.html").read_text(), "html.parser")
    stale = soup.select("tr.stale")
    assert len(stale) == 1 and "Outdated" in stale[0].get_text()
    assert leftovers(out) == []


# --- interrupted midway ---------------------------------------------------------------------------

def test_killed_midway_leaves_only_complete_reports_and_next_run_completes(tmp_path):
    src = tmp_path / "models"
    write_models(src, 4)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "pia.cli", "batch", str(src), "-o", str(out), "-j", "1", "--date", DATE]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while not any((out / f"shop-{k}" / "pia.html").exists() for k in range(4)):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "no report appeared"
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 128 + signal.SIGTERM, stderr
    assert "not reached (interrupted)" in stdout
    done = [k for k in range(4) if (out / f"shop-{k}").exists()]
    assert 1 <= len(done) < 4
    for k in done:
        assert complete(out / f"shop-{k}")
    assert leftovers(out) == []
    summary = json.loads((out / "batch-summary.json").read_text())
    assert summary["interrupted"] is True
    assert summary["counts"]["rendered"] == len(done) and summary["counts"]["interrupted"] == 4 - len(done)

    again = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    summary = json.loads((out / "batch-summary.json").read_text())
    assert summary["counts"] == {"rendered": 4 - len(done), "skipped": len(done), "invalid": 0, "failed": 0, "interrupted": 0}
    assert all(complete(out / f"shop-{k}") for k in range(4))
    assert again.stderr == ""  # not a terminal: no progress bar


# --- Dask ---------------------------------------------------------------------------------------

def test_dask_executor_on_a_local_cluster(tmp_path):
    distributed = pytest.importorskip("distributed")
    src = tmp_path / "models"
    write_models(src, 2)
    (src / "broken.yaml").write_text("assessment: {id: x}\n")
    # worker processes, as the README advises: a kernel started in a thread of this test process would share
    # its event loop state with whatever ran before in the same process
    with distributed.LocalCluster(processes=True, n_workers=1, threads_per_worker=1, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        try:
            result = batch.run([str(src)], tmp_path / "out", executor=client.get_executor(pure=False), date=DATE)
        finally:
            client.run(batch.shutdown_kernels)
            batch.shutdown_kernels()
    assert [(Path(i.path).name, i.status) for i in result.items] == [
        ("broken.yaml", "invalid"), ("shop-0.yaml", "rendered"), ("shop-1.yaml", "rendered")], [i.error for i in result.items]
    assert complete(tmp_path / "out" / "shop-0") and complete(tmp_path / "out" / "shop-1")
    workers = {i.worker for i in result.items if i.worker}
    assert workers  # rendered on the cluster's worker process


# --- small parts ----------------------------------------------------------------------------------

def test_progress_bar_on_a_terminal_only():
    class Tty(io.StringIO):
        def isatty(self):
            return True

    items = [batch.Item("a.yaml", id="a", status="rendered"), batch.Item("b.yaml", id="b"), batch.Item("c.yaml", id="c")]
    result = batch.BatchResult(items, Path("out"))
    tty = Tty()
    bar = batch.Progress(tty, width=10)
    bar(result, [items[1]])
    assert tty.getvalue().startswith("\r[###-------] 1/3  rendered 1  skipped 0  failed 0  now: b")
    plain = io.StringIO()
    batch.Progress(plain)(result, [items[1]])
    assert plain.getvalue() == ""


def test_missing_path_is_reported(tmp_path, capsys):
    code = main(["batch", str(tmp_path / "nowhere"), "-o", str(tmp_path / "out")])
    out, err = capsys.readouterr()
    assert code == 2
    assert f"pia batch: {tmp_path / 'nowhere'}: no such file or folder" in err
    summary = json.loads((tmp_path / "out" / "batch-summary.json").read_text())
    assert summary["counts"]["invalid"] == 1


def test_dask_needs_a_scheduler(tmp_path, capsys):
    assert main(["batch", str(tmp_path), "-o", str(tmp_path / "out"), "--executor", "dask"]) == 2
    assert "--executor dask needs --scheduler ADDRESS" in capsys.readouterr().err


def test_plan_refuses_ids_that_are_batch_files(tmp_path):
    src = tmp_path / "models"
    src.mkdir()
    (src / "a.yaml").write_text(model(BASE, "index.html", "Named like the index"))
    [item] = batch.plan([str(src)], tmp_path / "out")
    assert (item.status, item.error) == ("invalid", "assessment id 'index.html' is the name of a file the batch writes")


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _cmdline(proc: Path) -> bytes:
    try:
        return (proc / "cmdline").read_bytes()
    except OSError:
        return b""


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find the worker processes")
def test_a_worker_that_dies_does_not_stop_the_batch(tmp_path):
    src = tmp_path / "models"
    write_models(src, 3)
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "pia.cli", "batch", str(src), "-o", str(out), "-j", "1", "--date", DATE],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    worker = None
    while worker is None:  # the worker process is the one that has started a kernel
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        worker = next((c for c in _children(proc.pid) if _children(c)), None)
        time.sleep(0.05)
    os.kill(worker, signal.SIGKILL)
    stdout, stderr = proc.communicate(timeout=600)
    assert proc.returncode == 0, stderr
    summary = json.loads((out / "batch-summary.json").read_text())
    assert summary["counts"]["rendered"] == 3
    assert all(complete(out / f"shop-{k}") for k in range(3))
    assert leftovers(out) == []
    import tempfile

    assert not list(Path(tempfile.gettempdir()).glob(f"pia-k-{worker}-*"))  # the dead worker's kernel folder is gone
    # and its kernel too, even one killed while starting (before it watches its parent)
    needle = f"pia-k-{worker}-".encode()
    alive = [c for c in Path("/proc").glob("[0-9]*") if needle in _cmdline(c)]
    assert alive == [], alive


def test_a_changed_notice_text_makes_the_report_out_of_date(tmp_path):
    """The findings rest on the notice text too: same model, new notice text, new report."""
    from pia import __version__
    from pia.rules import CATALOGUE_VERSION

    src = tmp_path / "models"
    (p,) = write_models(src, 1)
    notice = src / "notice.md"
    notice.write_text("# Notice\n\nWe collect your email address.\n")
    p.write_text(p.read_text().replace("  - {id: notice, title: Privacy notice}\n",
                                       "  - {id: notice, title: Privacy notice, path: notice.md}\n", 1))
    m = pia.load(p)
    out = tmp_path / "out"
    (out / m.assessment.id).mkdir(parents=True)
    for name in FILES:
        (out / m.assessment.id / name).write_text("x")

    def stamp(sha: str) -> None:
        (out / m.assessment.id / "findings.json").write_text(json.dumps({
            "fingerprint": m.fingerprint, "toolkit_version": __version__, "rules_version": CATALOGUE_VERSION,
            "notice_texts": [{"source": "notice", "file": "notice.md", "sha256": sha}]}))

    import hashlib
    stamp(hashlib.sha256(notice.read_bytes()).hexdigest())
    assert [i.status for i in batch.plan([str(p)], out)] == ["skipped"]
    notice.write_text("# Notice\n\nWe collect your email address and share it with Mailchimp.\n")
    assert [i.status for i in batch.plan([str(p)], out)] == ["pending"]


def test_warm_kernel_restarts_every_n_reports_and_after_a_failure():
    wk = batch.WarmKernel(restart_every=2)
    try:
        first = wk.acquire()
        wk.release(True)
        assert wk.acquire() is first and wk.starts == 1  # kept warm for the second report
        wk.release(True)  # the second report: restart due
        assert wk.km is None
        third = wk.acquire()
        assert third is not first and wk.starts == 2
        wk.release(False)  # a failure: never reused
        assert wk.km is None and not third.is_alive()
        wk.acquire()
        assert wk.starts == 3
    finally:
        wk.shutdown()
