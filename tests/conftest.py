"""Shared test set-up: run from the repository root, draw without a screen."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(autouse=True)
def _repo_root(monkeypatch):
    monkeypatch.chdir(ROOT)


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium driven by Playwright (tests/browser.py), one per test module."""
    playwright = pytest.importorskip("playwright.sync_api")
    from tests import browser

    with playwright.sync_playwright() as p:
        b = browser.launch(p)
        yield b
        b.close()
