"""Headless Chromium for the browser tests: Playwright driving Debian's chromium (no browser download).

:func:`serious_violations` runs axe-core (bundled by the ``axe-playwright-python`` package, so it works
offline) on a page with the WCAG 2.1 A and AA rules, and returns the violations of impact serious or
critical, printing which rules it checked.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def chromium_path() -> str:
    """The system Chromium; skip locally when it is missing, fail on CI (where `make browser` installs it)."""
    path = os.environ.get("CBRESEARCH_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        message = "chromium is not installed: run `make browser` (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@contextmanager
def browser():
    """A headless Chromium browser."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        try:
            yield instance
        finally:
            instance.close()


def watch(page) -> tuple[list[str], list[str]]:
    """Collect the page's console errors and every URL it requests (to assert nothing leaves the folder)."""
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))
    return errors, requests


def serious_violations(page, name: str) -> list[str]:
    """Run axe-core's WCAG 2.1 A/AA rules; return the serious and critical violations as readable lines."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations", "passes"]}
    response = Axe().run(page, options=options).response
    checked = sorted({rule["id"] for kind in ("violations", "passes", "incomplete", "inapplicable")
                      for rule in response.get(kind, [])})  # fmt: skip
    print(
        f"axe-core {response['testEngine']['version']} on {name}: {len(checked)} WCAG 2.1 A/AA rules: {', '.join(checked)}"
    )
    return [
        f"{rule['id']} ({rule['impact']}): {rule['help']} — {[n['target'] for n in rule['nodes'][:3]]}"
        for rule in response["violations"]
        if rule["impact"] in ("serious", "critical")
    ]


#: the text block of an A4 page with the PDF's margins (210 mm - 2 × 12 mm = 186 mm), in CSS pixels
A4_TEXT_BLOCK_PX = round(186 / 25.4 * 96)
#: how a printed page's tables are laid out: each table's width against the text block, each cell's lines
MEASURE_TABLES = """() => {
  const block = document.documentElement.clientWidth;
  const found = [];
  for (const table of document.querySelectorAll('table')) {
    const caption = (table.caption ? table.caption.textContent : '').trim().slice(0, 80);
    const right = table.getBoundingClientRect().right;
    let lines = 0, worst = '';
    for (const cell of table.querySelectorAll('th, td')) {
      // the lines of text in the cell: distinct tops of the rectangles its text is laid out in
      const range = document.createRange();
      range.selectNodeContents(cell);
      const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      const n = tops.size;
      if (n > lines) { lines = n; worst = cell.textContent.trim().slice(0, 60); }
    }
    found.push({caption, width: table.scrollWidth, right, block, lines, worst});
  }
  return found;
}"""


def printed_tables(instance, page_path) -> list[dict]:
    """Lay ``page_path`` out as the PDF does (print media, A4 text block wide) and measure every table."""
    page = instance.new_page(viewport={"width": A4_TEXT_BLOCK_PX, "height": 1000})
    page.emulate_media(media="print")
    page.goto(page_path.resolve().as_uri(), wait_until="load")
    measured = page.evaluate(MEASURE_TABLES)
    page.close()
    return measured
