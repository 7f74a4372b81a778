"""The browser harness itself must catch what it is there to catch."""
from __future__ import annotations

import pytest

from tests import browser

playwright = pytest.importorskip("playwright.sync_api")


def page(tmp_path, body: str, name="page.html"):
    path = tmp_path / name
    path.write_text(f"<!doctype html><html><head><meta charset='utf-8'><title>t</title></head><body>{body}</body></html>",
                    encoding="utf-8")
    return path


def test_clean_page(chromium, tmp_path):
    svg = "<svg width='50' height='50'><rect width='50' height='50'/></svg>"
    r = browser.inspect(chromium, page(tmp_path, f"<nav><a href='#s1'>One</a></nav><h2 id='s1'>One</h2>{svg}"), "harness-clean")
    assert r.requests == [] and r.console_errors == [] and r.dialogs == [] and not r.pwned
    assert r.toc_links == 1 and r.broken_links == []
    assert r.pictures == 1 and r.invisible_pictures == []
    assert r.screenshot.exists()


def test_catches_outside_requests(chromium, tmp_path):
    r = browser.inspect(chromium, page(tmp_path, "<img src='https://cdn.example.org/x.png'>"
                                       "<link rel='stylesheet' href='http://cdn.example.org/s.css'>"), "harness-net")
    assert sorted(r.requests) == ["http://cdn.example.org/s.css", "https://cdn.example.org/x.png"]
    assert r.invisible_pictures  # the blocked image does not show


def test_catches_script_and_dialogs(chromium, tmp_path):
    r = browser.inspect(chromium, page(tmp_path, "<script>window.__pwned=1; alert('x'); undefinedCall()</script>"), "harness-js")
    assert r.pwned and r.dialogs == ["x"] and any("undefinedCall" in e for e in r.console_errors)


def test_catches_broken_toc_link(chromium, tmp_path):
    r = browser.inspect(chromium, page(tmp_path, "<a href='#nowhere'>x</a>"), "harness-toc")
    assert r.broken_links == ["#nowhere"]
