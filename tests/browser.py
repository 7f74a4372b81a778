"""Open a report in headless Chromium (Debian's package, driven by Playwright) and record what a
reviewer's browser would do with it: network requests, console errors, dialogs, scripts run by
model content, broken table-of-contents links, invisible pictures."""
from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-default-apps"]
SHOTS = Path(__file__).resolve().parent.parent / "screenshots"


@dataclass
class PageReport:
    path: Path
    requests: list[str] = field(default_factory=list)  # anything but the page itself
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    pwned: bool = False
    toc_links: int = 0
    broken_links: list[str] = field(default_factory=list)
    pictures: int = 0
    invisible_pictures: list[str] = field(default_factory=list)
    text: str = ""
    screenshot: Path | None = None


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)


_PROBE = """
() => {
  const anchors = [...document.querySelectorAll('a[href^="#"]')];
  const broken = anchors.map(a => a.getAttribute('href')).filter(h => {
    const id = decodeURIComponent(h.slice(1));
    return id && !document.getElementById(id) && !document.getElementsByName(id).length;
  });
  const pics = [...document.querySelectorAll('img, svg')].filter(el => !el.closest('svg') || el.tagName.toLowerCase() === 'svg' && !el.parentElement.closest('svg'));
  const invisible = pics.filter(el => {
    const r = el.getBoundingClientRect();
    const ok = r.width > 10 && r.height > 10 && (el.tagName.toLowerCase() !== 'img' || (el.complete && el.naturalWidth > 0));
    return !ok;
  }).map(el => el.outerHTML.slice(0, 80));
  return {toc: anchors.length, broken, pictures: pics.length, invisible,
          pwned: window.__pwned !== undefined, text: document.body ? document.body.innerText : ''};
}
"""


def inspect(browser, path: Path, name: str | None = None) -> PageReport:
    """Load ``path`` with every outside request blocked and recorded; return what happened."""
    path = Path(path).resolve()
    report = PageReport(path)
    page_url = path.as_uri()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=True)
    page = context.new_page()

    def route(r):
        url = r.request.url
        if url.split("#")[0] == page_url:
            return r.continue_()
        report.requests.append(url)
        return r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: report.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: report.console_errors.append(str(e)))
    page.on("dialog", lambda d: (report.dialogs.append(d.message), d.dismiss()))
    page.goto(page_url, wait_until="load")
    page.wait_for_timeout(300)
    probe = page.evaluate(_PROBE)
    report.toc_links = probe["toc"]
    report.broken_links = probe["broken"]
    report.pictures = probe["pictures"]
    report.invisible_pictures = probe["invisible"]
    report.pwned = probe["pwned"]
    report.text = probe["text"]
    # follow the first table-of-contents link: the page must scroll to its target
    first = page.query_selector('a[href^="#"]')
    if first is not None:
        first.click()
        page.wait_for_timeout(100)
    SHOTS.mkdir(exist_ok=True)
    report.screenshot = SHOTS / f"{name or path.stem}.png"
    page.screenshot(path=str(report.screenshot), full_page=True)
    context.close()
    return report
