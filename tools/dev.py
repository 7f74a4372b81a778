#!/usr/bin/env python3
"""Set up pia's isolated environment from the lock file, then run a job in it.

    python3 tools/dev.py main   # set up, then write the Cloud Connectors PIA into reports/
    python3 tools/dev.py test   # set up, then run the whole test suite

The environment lives in .venv/. It is (re)installed only when requirements/lock.txt or
pyproject.toml changed since the last install (a stamp file records their hash), so a second
run starts in seconds. Only the Python standard library is used here, so this works on a fresh
machine with nothing but Python 3.11+ and access to the package registry.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements" / "lock.txt"
STAMP = VENV / ".pia-install-stamp"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")


def _fingerprint() -> str:
    h = hashlib.sha256()
    for path in (LOCK, ROOT / "pyproject.toml"):
        h.update(path.read_bytes())
    return h.hexdigest()


def _run(*cmd: str | os.PathLike) -> None:
    """Run an install step; show its output only when it fails (minus pip's find-links noise)."""
    result = subprocess.run([str(c) for c in cmd], cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        noise = re.compile(r"^WARNING: Location '.*' is ignored")
        for line in (result.stdout + result.stderr).splitlines():
            if not noise.match(line):
                print(line, file=sys.stderr)
        sys.exit(result.returncode)


def ensure_env() -> None:
    """Create .venv and install the locked dependencies, unless already up to date."""
    if sys.version_info < (3, 11):
        sys.exit(f"pia needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    want = _fingerprint()
    if STAMP.exists() and STAMP.read_text().strip() == want and (BIN / "pia").exists():
        return
    if not (BIN / "python").exists():
        print("Creating the isolated environment in .venv/ ...", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    print("Installing the locked dependencies (requirements/lock.txt) ...", flush=True)
    pip = [BIN / "python", "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    _run(*pip, "--require-hashes", "-r", LOCK)
    _run(*pip, "--no-deps", "-e", ".")
    STAMP.write_text(want + "\n")


def ensure_chromium() -> None:
    """The browser tests open the reports in Debian's Chromium; install it when missing (as root)."""
    if shutil.which("chromium"):
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        print("Chromium is missing: install Debian's 'chromium' package for the browser tests.", file=sys.stderr)
        return
    print("Installing Chromium for the browser tests (apt-get) ...", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium"]):
        result = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            print(result.stdout[-2000:] + result.stderr[-2000:], file=sys.stderr)
            sys.exit(result.returncode)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"main", "test", "setup"}:
        print(__doc__)
        return 2
    ensure_env()
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", MPLBACKEND="Agg")
    job, rest = argv[0], argv[1:]
    if job == "setup":
        return 0
    if job == "main":
        cmd = [BIN / "pia", "assess", "data/cloud_connectors.yaml", *rest]
    else:
        ensure_chromium()
        cmd = [BIN / "python", "-m", "pytest", *rest]
    return subprocess.run([str(c) for c in cmd], cwd=ROOT, env=env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
