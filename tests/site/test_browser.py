"""Open every page of the built site in headless Chromium, offline, and check what a reader sees.

For each page of ``_toc.yml`` (served from 127.0.0.1):

- it works offline: no console error or uncaught exception, no failed request, no
  request to any other host, every formula typeset by the site's own MathJax (no raw
  TeX left, no MathJax error), every image loaded and described by alt text;
- at desktop width (1400 x 900), in light and in dark mode: exactly one visible search
  field, the sidebar logo fully visible and not covered, the chapters' Colab/Binder
  setup cell not shown, and no violation of axe-core's WCAG 2.1 A and AA rules;
- on a phone (390 px wide) the page is no wider than the screen.

The search page must find "sigmoid".

Uses Debian's Chromium (``/usr/bin/chromium``, or ``$CHROMIUM``) through Playwright;
never ``playwright install``; axe-core comes inside the ``axe-playwright-python`` wheel.
Without Chromium the tests skip and say why, unless ``REQUIRE_BROWSER=1`` (set by
``.ci/run`` where it can install Chromium): then they fail.
Set ``BROWSER_SCREENSHOTS=<folder>`` to save screenshots: each page as it loads
(``<page>.png``) and the first screen a reader sees in light and dark mode and at
390 px (``<page>__light.png``, ``<page>__dark.png``, ``<page>__390px.png``).
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from book_pages import toc_documents

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]
LOCAL_HOST = "127.0.0.1"
TIMEOUT_MS = 30_000
# TeX that must not survive typesetting in the text a reader sees (code blocks excluded).
RAW_TEX = ("\\(", "\\[", "$$", "\\frac", "\\begin{", "\\sum", "\\sigma")

PAGES = toc_documents()
ROOT = Path(__file__).resolve().parents[2]
DESKTOP = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}
MODES = ("light", "dark")
# axe-core's rule tags for WCAG 2.0 and 2.1, levels A and AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _unavailable(reason: str):
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (REQUIRE_BROWSER=1, so this is an error)")
    pytest.skip(reason)


# One Playwright and one Chromium per test process. Other test modules import the
# ``context`` fixture from here (tests/site/test_quiz.py), which makes pytest register it
# once per module; a second sync_playwright() inside the first one's event loop fails, so
# every copy of the fixture shares this one browser, closed when the last copy is done.
_SHARED: dict = {"users": 0}


def _acquire_context(profile_dir):
    if _SHARED["users"] == 0:
        from playwright.sync_api import sync_playwright

        manager = sync_playwright()
        playwright = manager.start()
        ctx = playwright.chromium.launch_persistent_context(
            str(profile_dir), executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS, viewport=DESKTOP,
        )
        ctx.set_default_timeout(TIMEOUT_MS)
        _SHARED.update(playwright=playwright, context=ctx)
    _SHARED["users"] += 1
    return _SHARED["context"]


def _release_context():
    _SHARED["users"] -= 1
    if _SHARED["users"] == 0:
        _SHARED.pop("context").close()
        _SHARED.pop("playwright").stop()


@pytest.fixture(scope="session")
def context(tmp_path_factory):
    """One headless Chromium with a fresh profile for the whole session."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable("the Python package playwright is not installed (pip install -r requirements.txt)")
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        found = shutil.which("chromium")
        _unavailable(
            f"no Chromium at {CHROMIUM}"
            + (f" (one is at {found}: set CHROMIUM={found})" if found else "")
            + ". Install Debian's package as root: apt-get install -y --no-install-recommends chromium"
            " (.ci/run does this when it can)"
        )
    ctx = _acquire_context(tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield ctx
    finally:
        _release_context()


@dataclass
class Visit:
    """What happened while a page loaded."""

    errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        found = []
        if self.foreign:
            found.append(f"requests to other hosts than {LOCAL_HOST}: {self.foreign}")
        if self.failed:
            found.append(f"failed requests: {self.failed}")
        if self.errors:
            found.append(f"errors in the browser console: {self.errors}")
        return found


def open_page(context, url: str):
    """Open ``url`` with every request watched; other hosts are recorded and blocked."""
    page = context.new_page()
    visit = Visit()

    def route(r):
        parts = urlsplit(r.request.url)
        if parts.scheme in ("data", "blob", "about") or parts.hostname == LOCAL_HOST:
            r.continue_()
        else:
            visit.foreign.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: visit.errors.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: visit.errors.append(f"uncaught: {e}"))
    page.on(
        "requestfailed",
        lambda r: None if r.url in visit.foreign else visit.failed.append(f"{r.url} ({r.failure})"),
    )
    page.on("response", lambda r: visit.failed.append(f"{r.url} (HTTP {r.status})") if r.status >= 400 else None)
    page.goto(url, wait_until="load")
    return page, visit


MATH_REPORT = """async () => {
  const math = [...document.querySelectorAll("main .math")];
  if (math.length && window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
  }
  const untypeset = math.filter(m => !m.querySelector("mjx-container")).map(m => m.textContent.slice(0, 80));
  // TeX errors, and undefined macros (MathJax shows their names in red).
  const errors = [...document.querySelectorAll("mjx-container mjx-merror")]
    .map(e => e.getAttribute("data-mjx-error") || e.textContent.slice(0, 80))
    .concat([...document.querySelectorAll("mjx-assistive-mml mtext[mathcolor=red]")]
      .map(e => `undefined macro ${e.textContent}`));
  const main = document.querySelector("main").cloneNode(true);
  main.querySelectorAll("pre, code, .highlight, mjx-container, script, style").forEach(e => e.remove());
  return {count: math.length, mathjax: !!window.MathJax, untypeset, errors, text: main.textContent};
}"""

IMAGE_REPORT = """async () => {
  const images = [...document.images];
  images.forEach(img => { img.loading = "eager"; });
  await Promise.all(images.map(img => img.complete ? null : new Promise(done => {
    img.addEventListener("load", done); img.addEventListener("error", done); setTimeout(done, 10000);
  })));
  return images.map(img => ({
    src: img.getAttribute("src"), width: img.naturalWidth, alt: (img.getAttribute("alt") || "").trim(),
    section: (img.closest("section") || {}).id || "",
  }));
}"""


@pytest.mark.parametrize("docname", PAGES)
def test_page_works_offline(context, server, site, docname):
    page, visit = open_page(context, server + f"{docname}.html")
    try:
        math = page.evaluate(MATH_REPORT)
        images = page.evaluate(IMAGE_REPORT)
        page.wait_for_load_state("networkidle")
        if os.environ.get("BROWSER_SCREENSHOTS"):
            folder = Path(os.environ["BROWSER_SCREENSHOTS"])
            folder.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(folder / f"{docname.replace('/', '__')}.png"))
    finally:
        page.close()

    problems = visit.problems()
    source_has_math = 'class="math' in (site / f"{docname}.html").read_text(encoding="utf-8")
    if (math["count"] > 0) != source_has_math:
        problems.append(f"the page source has math: {source_has_math}, but the DOM has {math['count']} formulas")
    if math["count"] and not math["mathjax"]:
        problems.append("the page has math but MathJax did not load")
    if math["untypeset"]:
        problems.append(f"{len(math['untypeset'])} formulas not typeset, e.g. {math['untypeset'][:3]}")
    if math["errors"]:
        problems.append(f"MathJax errors: {math['errors'][:5]}")
    raw = [tex for tex in RAW_TEX if tex in math["text"]]
    if raw:
        problems.append(f"raw TeX left in the page's text: {raw}")
    broken = [i["src"] for i in images if i["width"] == 0]
    if broken:
        problems.append(f"images that did not load: {broken}")
    no_alt = [f"{i['src']} (in section #{i['section']})" for i in images if not i["alt"]]
    if no_alt:
        problems.append(f"images without alt text: {no_alt}")
    assert not problems, f"{docname}.html:\n  " + "\n  ".join(problems)


def test_search_finds_sigmoid(context, server):
    page, visit = open_page(context, server + "search.html?q=sigmoid")
    try:
        page.wait_for_selector("#search-results ul.search li", timeout=TIMEOUT_MS)
        hits = page.eval_on_selector_all(
            "#search-results ul.search li a", "links => links.map(a => a.getAttribute('href'))"
        )
        page.wait_for_load_state("networkidle")
    finally:
        page.close()
    assert any(h.startswith("chapters/") for h in hits), f"no chapter among the results for 'sigmoid': {hits}"
    assert not visit.problems(), "search.html:\n  " + "\n  ".join(visit.problems())


def _screenshot(page, name: str, full_page: bool = False) -> None:
    if os.environ.get("BROWSER_SCREENSHOTS"):
        folder = Path(os.environ["BROWSER_SCREENSHOTS"])
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"{name}.png"), full_page=full_page)


def _setup_cell_lines(docname: str) -> list[str]:
    """The code lines of a chapter's first code cell (the Colab/Binder setup cell), or []."""
    notebook = ROOT / f"{docname}.ipynb"
    if not notebook.is_file():
        return []
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    code = next((c for c in cells if c["cell_type"] == "code"), None)
    if code is None:
        return []
    lines = [line.strip() for line in "".join(code["source"]).splitlines()]
    # Its long lines (the clone and the install) are its own; short ones such as
    # "import subprocess" may well appear in a chapter's code.
    return [line for line in lines if len(line) > 30 and not line.startswith("#")]


LAYOUT_REPORT = """() => {
  const visible = e => {
    const box = e.getBoundingClientRect(), style = getComputedStyle(e);
    return box.width > 0 && box.height > 0 && style.visibility !== "hidden" && !!e.offsetParent;
  };
  // The theme's search fields: real inputs and the buttons that look like one.
  const fields = [...document.querySelectorAll("input[type=search], .search-button-field")]
    .filter(e => !e.closest("dialog"));
  const search = fields.filter(visible).map(e => {
    const b = e.getBoundingClientRect();
    return `${e.tagName.toLowerCase()}.${[...e.classList].join(".")} at (${b.x | 0}, ${b.y | 0}) ${b.width | 0}px wide`;
  });
  const logo = [...document.querySelectorAll(".navbar-brand img.logo__image")].filter(visible)[0];
  let logoReport = null;
  if (logo) {
    // The theme scrolls the sidebar towards the current page's link; _static/sidebar.js
    // scrolls it back when that link fits unscrolled, so then the logo must be visible as
    // the page opens. A sidebar too long for the window is checked scrolled to its top.
    const sidebar = logo.closest(".bd-sidebar-primary");
    const active = [...document.querySelectorAll(".bd-docs-nav .active")].pop();
    if (sidebar && active) {
      const bottom = active.getBoundingClientRect().bottom - sidebar.getBoundingClientRect().top + sidebar.scrollTop;
      if (bottom > sidebar.clientHeight) sidebar.scrollTop = 0;
    }
    const b = logo.getBoundingClientRect();
    const inside = b.left >= 0 && b.top >= 0 && b.right <= innerWidth && b.bottom <= innerHeight;
    // Points just inside the corners and the centre must hit the logo itself, not a cover.
    const points = [[0.5, 0.5], [0.03, 0.05], [0.97, 0.05], [0.03, 0.95], [0.97, 0.95]];
    const covered = points.map(([fx, fy]) => [b.left + fx * b.width, b.top + fy * b.height])
      .map(([x, y]) => document.elementFromPoint(x, y))
      .filter(hit => hit !== logo)
      .map(hit => hit ? `${hit.tagName.toLowerCase()}#${hit.id}.${[...hit.classList].join(".")}` : "nothing");
    logoReport = {inside, covered, loaded: logo.complete && logo.naturalWidth > 0,
                  box: [b.left | 0, b.top | 0, b.width | 0, b.height | 0]};
  }
  const code = [...document.querySelectorAll("main pre")].map(e => e.textContent).join("\\n");
  return {search, logo: logoReport, code, theme: document.documentElement.dataset.theme};
}"""


def _axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    results = Axe().run(page, options=options)
    found = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            found.append(
                f"{violation['id']} ({violation['impact']}): {' '.join(map(str, node['target']))}: "
                f"{node.get('failureSummary', '').splitlines()[-1].strip() if node.get('failureSummary') else ''}"
            )
    return found


def _wait_for_math(page) -> None:
    """Wait until MathJax has typeset the page, the fonts are in and no transition runs: the page is final."""
    page.evaluate(
        "async () => { if (window.MathJax && MathJax.startup && MathJax.startup.promise)"
        " { await MathJax.startup.promise; } await document.fonts.ready;"
        " await Promise.all(document.getAnimations().map(a => a.finished.catch(() => null))); }"
    )


# The theme remembers the last page's light/dark theme in localStorage and starts the next
# page in it; one browser profile serves every page here, each in its own mode, so each
# page starts as a first visit (a reader's preference does not flip between pages).
FIRST_VISIT = "try { localStorage.removeItem('theme'); localStorage.removeItem('mode'); } catch (e) {}"


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("docname", PAGES)
def test_page_as_a_reader_sees_it(context, server, docname, mode):
    """Desktop width, light or dark: one search field, the logo in full, no setup cell, 0 axe violations."""
    page = context.new_page()
    try:
        page.add_init_script(FIRST_VISIT)
        page.set_viewport_size(DESKTOP)
        page.emulate_media(color_scheme=mode)
        page.goto(server + f"{docname}.html", wait_until="load")
        _wait_for_math(page)
        _screenshot(page, f"{docname.replace('/', '__')}__{mode}")
        layout = page.evaluate(LAYOUT_REPORT)
        violations = _axe_violations(page)
    finally:
        page.close()

    problems = []
    if layout["theme"] != mode:
        problems.append(f"the page is in {layout['theme']!r} mode, not {mode!r}, when the reader prefers {mode}")
    if len(layout["search"]) != 1:
        problems.append(f"{len(layout['search'])} visible search fields, not 1: {layout['search']}")
    logo = layout["logo"]
    if logo is None:
        problems.append("no visible logo in the sidebar")
    else:
        if not logo["loaded"]:
            problems.append("the sidebar logo did not load")
        if not logo["inside"]:
            problems.append(f"the sidebar logo is not fully on screen: box {logo['box']} (x, y, width, height)")
        if logo["covered"]:
            problems.append(f"the sidebar logo is covered by {sorted(set(logo['covered']))}")
    shown = [line for line in _setup_cell_lines(docname) if line in layout["code"]]
    if shown:
        problems.append(f"the Colab/Binder setup cell is shown on the page: {shown[:2]}")
    if violations:
        problems.append(f"{len(violations)} WCAG 2.1 A/AA violations (axe-core):\n    " + "\n    ".join(violations))
    assert not problems, f"{docname}.html in {mode} mode at 1400 px:\n  " + "\n  ".join(problems)


WIDE_ELEMENTS = """() => {
  // Elements that reach past the right edge of the screen and do not scroll in a box of their own.
  const width = document.documentElement.clientWidth;
  const scrolls = e => {
    for (let p = e.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (p.clientWidth <= width && ["auto", "scroll", "hidden", "clip"].includes(s.overflowX)) return true;
    }
    return false;
  };
  const wide = [...document.querySelectorAll("body *")].filter(e => {
    const b = e.getBoundingClientRect();
    return b.width > 0 && b.right > width + 1 && !scrolls(e) && getComputedStyle(e).position !== "fixed";
  });
  // Report the innermost ones: those that hold no other offender.
  const innermost = wide.filter(e => !wide.some(o => o !== e && e.contains(o)));
  return {
    scrollWidth: document.documentElement.scrollWidth, width,
    wide: innermost.slice(0, 5).map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join(".")}`
      + ` (right edge at ${e.getBoundingClientRect().right | 0}px): ${(e.textContent || "").trim().slice(0, 60)}`),
  };
}"""


@pytest.mark.parametrize("docname", PAGES)
def test_page_fits_a_phone(context, server, docname):
    """At 390 px wide nothing makes the page wider than the screen (wide content scrolls in its own box)."""
    page = context.new_page()
    try:
        page.set_viewport_size(PHONE)
        page.goto(server + f"{docname}.html", wait_until="load")
        _wait_for_math(page)
        report = page.evaluate(WIDE_ELEMENTS)
        _screenshot(page, f"{docname.replace('/', '__')}__390px")
    finally:
        page.close()
    assert report["scrollWidth"] <= PHONE["width"], (
        f"{docname}.html is {report['scrollWidth']} px wide on a {PHONE['width']} px screen; "
        f"what sticks out: {report['wide']}"
    )
