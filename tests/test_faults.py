"""Faults while rendering: a failing notebook cell, a dying kernel, a full disk, an output folder
that cannot be written, SIGTERM and SIGINT during ``pia assess`` and ``pia batch``. Each time the
command says so, exits non-zero, leaves no half-written report (the previous one stays intact, no
temporary folder stays behind), and the next run completes.

Read-only output for root: tests run as root in CI, where ``chmod 555`` does not stop writes. Two
paths fail for root too: an output folder whose parent is a regular file (ENOTDIR) and a folder
under /proc (a kernel file system where nobody can create folders)."""
from __future__ import annotations

import hashlib
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pia.errors import PipelineError

ROOT = Path(__file__).resolve().parent.parent
FAULTS = ROOT / "tests" / "fixtures" / "faults"
MODEL = ROOT / "tests" / "fixtures" / "diff" / "base.yaml"
PIA = [sys.executable, "-m", "pia.cli"]
DATE = ["--date", "2026-01-01"]


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def stray(folder: Path) -> list[str]:
    """Temporary files or folders a run may have left (``.<name>.new-*``, ``.<name>.old-*``)."""
    return sorted(p.name for p in folder.rglob(".*") if ".new-" in p.name or ".old-" in p.name)


# --- notebook faults ----------------------------------------------------------------------------

@pytest.mark.parametrize("notebook,message", [
    ("failing_cell", "failing_cell: section 'The faulty step' failed: RuntimeError: the cell failed on purpose"),
    ("dying_kernel", "dying_kernel: the notebook kernel failed: Kernel died"),
])
def test_notebook_fault(tmp_path, notebook, message):
    from pia.report import render

    out = tmp_path / "page.html"
    out.write_text("previous report", encoding="utf-8")
    with pytest.raises(PipelineError) as exc:
        render(FAULTS / f"{notebook}.ipynb", {"x": 2}, out, executed_ipynb=tmp_path / "page.ipynb")
    assert str(exc.value) == message
    assert out.read_text(encoding="utf-8") == "previous report"
    assert not (tmp_path / "page.ipynb").exists()
    assert stray(tmp_path) == []


# --- command runs with faults -------------------------------------------------------------------

@pytest.fixture(scope="module")
def previous(tmp_path_factory) -> Path:
    """A complete report of MODEL, to copy as the 'previous report' a failing run must keep."""
    d = tmp_path_factory.mktemp("previous")
    p = subprocess.run(PIA + ["assess", str(MODEL), "-o", str(d / "rep"), *DATE], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    return d / "rep"


def _with_previous(tmp_path: Path, previous: Path) -> tuple[Path, dict]:
    out = tmp_path / "out" / "rep"
    shutil.copytree(previous, out)
    return out, digest(out)


def _limit_fsize(limit: int):
    def pre():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes past the limit fail with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return pre


def test_full_disk_keeps_previous_report(tmp_path, previous):
    out, before = _with_previous(tmp_path, previous)
    p = subprocess.run(PIA + ["assess", str(MODEL), "-o", str(out), *DATE], capture_output=True, text=True,
                       timeout=300, preexec_fn=_limit_fsize(64 * 1024))
    assert p.returncode != 0
    assert "File too large" in p.stderr, p.stderr
    assert "Traceback" not in p.stderr
    assert digest(out) == before
    assert stray(out.parent) == []
    p = subprocess.run(PIA + ["assess", str(MODEL), "-o", str(out), *DATE], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    assert digest(out) == before  # same model, same date: the same report


@pytest.mark.parametrize("where", ["under-a-file", "proc"])
def test_unwritable_output(tmp_path, where):
    if where == "under-a-file":
        (tmp_path / "afile").write_text("x")
        out = tmp_path / "afile" / "rep"
    else:
        out = Path("/proc/pia-cannot-write-here") / "rep"
    p = subprocess.run(PIA + ["assess", str(MODEL), "-o", str(out), *DATE], capture_output=True, text=True, timeout=300)
    assert p.returncode != 0
    assert str(out.parent) in p.stderr and "Traceback" not in p.stderr, p.stderr
    if where == "under-a-file":
        assert (tmp_path / "afile").read_text() == "x" and sorted(os.listdir(tmp_path)) == ["afile"]


def _wait_for(pred, timeout: float = 120) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return
        time.sleep(0.05)
    raise AssertionError("the run never reached the point to interrupt")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signal_during_assess(tmp_path, previous, sig):
    out, before = _with_previous(tmp_path, previous)
    p = subprocess.Popen(PIA + ["assess", str(MODEL), "-o", str(out), *DATE], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    _wait_for(lambda: any(n.startswith(".rep.new-") for n in os.listdir(out.parent)))  # rendering started
    time.sleep(1.0)  # the kernels are running cells
    p.send_signal(sig)
    _, err = p.communicate(timeout=120)
    assert p.returncode == 128 + sig, (p.returncode, err)
    assert "interrupted" in err and "Traceback" not in err, err
    assert digest(out) == before
    assert stray(out.parent) == []
    p = subprocess.run(PIA + ["assess", str(MODEL), "-o", str(out), *DATE], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    assert digest(out) == before


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signal_during_batch(tmp_path, sig):
    models = tmp_path / "models"
    models.mkdir()
    for name in ("base", "new-recipient", "retention", "removed"):  # one model four times, own ids
        text = (ROOT / "tests" / "fixtures" / "diff" / f"{name}.yaml").read_text(encoding="utf-8")
        assert text.count("\n  id: shop\n") == 1
        (models / f"{name}.yaml").write_text(text.replace("\n  id: shop\n", f"\n  id: shop-{name}\n"), encoding="utf-8")
    out = tmp_path / "out"
    cmd = PIA + ["batch", str(models), "-o", str(out), "-j", "1", *DATE]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # the first report is in place and the worker renders the next ones (a fixed 3 s wait outlasted
    # the whole batch once warm kernels rendered a report in well under a second)
    _wait_for(lambda: out.exists() and any(d.is_dir() and not d.name.startswith(".") for d in out.iterdir()))
    p.send_signal(sig)
    _, err = p.communicate(timeout=180)
    assert p.returncode == 128 + sig, (p.returncode, err)
    assert "interrupt" in err and "Traceback" not in err, err
    assert stray(out) == []
    for folder in (d for d in out.iterdir() if d.is_dir()):  # every report there is whole
        assert {"pia.html", "findings.json", "pia.ipynb"} <= set(os.listdir(folder)), folder
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr
    assert (out / "index.html").is_file() and stray(out) == []
