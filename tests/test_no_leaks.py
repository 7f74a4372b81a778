"""Reports carry no secrets and nothing of the machine that built them: no absolute paths (the repo,
the temporary folder, the home folder, /work, /tmp, /root), no environment variable values, no
host or user name. The outputs are those rendered once by tests/test_browser_reports.py, with a
canary environment variable set."""
from __future__ import annotations

import getpass
import os
import re
import socket
from pathlib import Path

import pytest

from tests.test_browser_reports import CANARY_VALUE, POLICY, ROOT, rendered

FILES = ["cc/pia.html", "cc/disclosure-map.html", "cc/pia.ipynb", "cc/findings.json", "cc/ropa.csv",
         "cc/disclosures.csv", "hostile/pia.html", "hostile/disclosure-map.html", "hostile/pia.ipynb",
         "hostile/findings.json", "batch/index.html", "batch/batch-summary.json", "batch/hostile/pia.html",
         "batch/hostile/pia.ipynb", "batch/hostile/findings.json", "change/change.html", "change/change.json",
         "nc-hostile/notice-check.html", "nc-hostile/notice-check.json"]
if POLICY.exists():
    FILES += ["nc-cc/notice-check.html", "nc-cc/notice-check.json"]


def _secrets(out: Path) -> list[str]:
    home = str(Path.home())
    values = [CANARY_VALUE, str(ROOT), str(out), str(out.resolve()), home, "/work/", "/tmp/", "/root",
              os.path.realpath(os.environ.get("TMPDIR", "/tmp")) + "/"]
    host = socket.gethostname()
    if len(host) >= 6:  # a short host name ("ci", "box") would match ordinary words
        values.append(host)
    user = getpass.getuser()
    if len(user) >= 6:
        values.append(user)
    return sorted(set(v for v in values if v and v != "/"))


@pytest.fixture(scope="module")
def out() -> Path:
    return rendered()


@pytest.mark.parametrize("name", FILES)
def test_no_machine_details(out, name):
    text = (out / name).read_text(encoding="utf-8", errors="replace")
    found = [s for s in _secrets(out) if s in text]
    assert found == [], f"{name} leaks {found}"


@pytest.mark.parametrize("name", [f for f in FILES if f.endswith(".ipynb")])
def test_notebook_metadata_has_no_paths(out, name):
    import nbformat

    nb = nbformat.read(out / name, as_version=4)
    pm = nb.metadata.get("papermill", {})
    for key in ("input_path", "output_path", "cwd"):
        assert not pm.get(key) or not os.path.isabs(str(pm[key])), (key, pm.get(key))
    # no kernel connection file, no traceback in any output
    text = nbformat.writes(nb)
    assert not re.search(r"kernel-[0-9a-f-]{8,}\.json", text)
    assert "Traceback" not in text

