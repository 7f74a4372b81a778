"""Limits: very large files, deeply nested and alias-bombed YAML, and huge or binary notices are
refused with a clear error (exit 2, file named, what is accepted) quickly and in bounded memory,
by every command that reads them. Peak memory is measured in the child process that runs the
command (ru_maxrss); "bounded" means well under what reading the input would take."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

#: Peak resident memory allowed for refusing an input (the interpreter with pia imported takes
#: about 35 MB; a 300 MB file read whole, or an alias bomb expanded, would take far more).
PEAK_MB = 150

_RUNNER = """
import json, resource, sys, contextlib, io
from pia.cli import main
err = io.StringIO()
with contextlib.redirect_stderr(err):
    rc = main(sys.argv[1:])
# VmHWM is this process's own high-water mark; ru_maxrss would also carry the forking parent's
# (Linux keeps the pre-exec maximum), which made the bound depend on the size of the test runner
peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:")) // 1024
print(json.dumps({"rc": rc, "stderr": err.getvalue(), "peak_mb": peak}))
"""


def run(args, cwd):
    p = subprocess.run([sys.executable, "-c", _RUNNER, *args], cwd=cwd, capture_output=True, text=True, timeout=120)
    return json.loads(p.stdout.strip().splitlines()[-1])


def _bomb() -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("limits")
    (d / "deep-seq.yaml").write_text("assessment: " + "[" * 5000 + "]" * 5000 + "\n")
    (d / "deep-map.yaml").write_text("".join("  " * i + f"k{i}:\n" for i in range(300)) + "  " * 300 + "x: 1\n")
    (d / "bomb.yaml").write_text(_bomb())
    (d / "recursive.yaml").write_text("a: &a [1, *a]\n")
    with open(d / "huge.yaml", "wb") as f:  # sparse: takes no disk, but 300 MB if read
        f.truncate(300 * 1024 * 1024)
    (d / "binary.yaml").write_bytes(bytes(range(256)) * 100)
    with open(d / "huge-notice.txt", "wb") as f:
        f.truncate(30 * 1024 * 1024)
    (d / "binary-notice.txt").write_bytes(b"We collect " + bytes(range(128, 256)) * 100)
    (d / "nul-notice.txt").write_bytes(b"\x00" * 100_000)  # valid UTF-8, yet binary
    return d


YAML_CASES = {
    "deep-seq.yaml": "deep-seq.yaml:1:1012: values are nested more than 64 levels deep (accepted: at most 64 levels of nesting)",
    "deep-map.yaml": "deep-map.yaml:66:131: k0.k1.k2.k3.k4.k5 ... k63.k64: values are nested more than 64 levels deep",
    "bomb.yaml": "bomb.yaml:1:1: aliases expand the document to more than 20,000,000 values from 30 written ones (an 'alias bomb')",
    "recursive.yaml": "recursive.yaml:1:",
    "huge.yaml": "huge.yaml: file is too large (314,572,800 bytes) (accepted: at most 268,435,456 bytes)",
    "binary.yaml": "binary.yaml: this is a binary file, not YAML text (accepted: a UTF-8 YAML text file)",
}


@pytest.mark.parametrize("command", ["validate", "check", "assess", "import-fides"])
@pytest.mark.parametrize("name", sorted(YAML_CASES))
def test_yaml_refused(inputs, command, name):
    args = {"validate": ["validate", name], "check": ["check", name], "assess": ["assess", name, "-o", "out-" + name],
            "import-fides": ["import", "fides", name, "-o", "m-" + name]}[command]
    r = run(args, inputs)
    assert r["rc"] == 2, r
    assert YAML_CASES[name] in r["stderr"], r["stderr"]
    assert "Traceback" not in r["stderr"]
    assert r["peak_mb"] < PEAK_MB, r
    assert not (inputs / ("out-" + name)).exists() and not (inputs / ("m-" + name)).exists()  # nothing written


@pytest.mark.parametrize("name,message", [
    ("huge-notice.txt", "huge-notice.txt: the notice is too large (31457280 bytes) (accepted: a notice of at most 20 MB)"),
    ("binary-notice.txt", "binary-notice.txt: cannot read the privacy notice: not UTF-8 text (byte 11)"),
    ("nul-notice.txt", "nul-notice.txt: cannot read the privacy notice: not UTF-8 text (byte 0)"),
])
def test_notice_refused(inputs, name, message):
    r = run(["notice-check", "--policy", name, "-o", "nc-" + name], inputs)
    assert r["rc"] == 2, r
    assert message in r["stderr"], r["stderr"]
    assert r["peak_mb"] < PEAK_MB, r
    assert not (inputs / ("nc-" + name)).exists()
