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
