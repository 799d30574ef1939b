"""The offline catalogue: built files, exports, privacy, and behaviour in a real headless browser."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

import cbresearch as cb
from cbresearch import config
from cbresearch.cli import app
from cbresearch.data.pipeline import clean_all
from cbresearch.publish.catalogue import write_catalogue

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
PHONE = re.compile(r"\b0\d{1,3}[ ./-]?\d{5,8}\b|\b3\d{2}[ .]?\d{6,7}\b")
SCREENSHOTS = config.REPORTS_DIR / "test-output"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("catalogue")
    result = CliRunner().invoke(app, ["catalogue", "--out-dir", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def initiatives() -> pd.DataFrame:
    return cb.load("initiatives")


def test_files_and_exports(site: Path, initiatives: pd.DataFrame) -> None:
    assert {p.name for p in site.iterdir()} == {"index.html", "catalogue.csv", "catalogue.xlsx"}
    exported = pd.read_csv(site / "catalogue.csv")
    assert len(exported) == len(initiatives) == 80
    sheet = load_workbook(site / "catalogue.xlsx").active
    assert sheet.max_row == 81 and sheet["A1"].value == "Codice"


def test_page_is_self_contained(site: Path) -> None:
    page = (site / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", page)
    assert "@import" not in page and "url(" not in page


def test_no_personal_data_by_default(site: Path) -> None:
    for path in site.iterdir():
        text = path.read_text(encoding="utf-8") if path.suffix != ".xlsx" else _xlsx_text(path)
        assert not EMAIL.search(text), (path.name, EMAIL.search(text))
        assert not PHONE.search(text), (path.name, PHONE.search(text))


def _xlsx_text(path: Path) -> str:
    sheet = load_workbook(path).active
    return "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)


def test_contacts_only_when_asked_and_only_for_seed_records(tmp_path: Path) -> None:
    write_catalogue(tmp_path, include_contacts=True)
    exported = pd.read_csv(tmp_path / "catalogue.csv")
    with_contacts = exported[exported["Contatti"].notna()]
    assert set(with_contacts["Fonte"]) == {"seed"} and len(with_contacts) == 4
    assert EMAIL.search((tmp_path / "index.html").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    """A catalogue built from a dataset whose titles try to inject script and formulas."""
    from helpers import read_rows, write_rows

    root = tmp_path_factory.mktemp("hostile")
    raw = root / "raw"
    raw.mkdir()
    import shutil

    for path in config.RAW_DIR.glob("*.csv"):
        shutil.copy2(path, raw / path.name)
    shutil.copytree(config.ISTAT_RAW_DIR, raw / "istat")
    header, rows = read_rows(raw / "initiatives.csv")
    rows[2]["Titolo"] = "<script>alert(1)</script>"
    rows[3]["Titolo"] = "<img src=x onerror=alert(2)>"
    rows[4]["Titolo"] = '=HYPERLINK("http://x")'
    rows[5]["Descrizione"] = "</script><script>alert(3)</script>"
    write_rows(raw / "initiatives.csv", header, rows)
    tables = clean_all(raw, write=False).tables
    out = root / "site"
    write_catalogue(out, initiatives=tables["initiatives"], needs=tables["initiative_needs"])
    return out


def test_exports_neutralise_formulas(hostile_site: Path) -> None:
    exported = pd.read_csv(hostile_site / "catalogue.csv")
    assert '\'=HYPERLINK("http://x")' in set(exported["Titolo"])
    sheet = load_workbook(hostile_site / "catalogue.xlsx").active
    titles = [c.value for c in sheet["B"]]
    assert '\'=HYPERLINK("http://x")' in titles


# --- in a real browser ------------------------------------------------------------------------


def _open(chromium, page_path: Path):
    page = chromium.new_page(viewport={"width": 1200, "height": 900})
    problems = {"errors": [], "requests": [], "dialogs": []}
    page.on("console", lambda m: problems["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems["errors"].append(str(e)))
    page.on("request", lambda r: problems["requests"].append(r.url))
    page.on("dialog", lambda d: (problems["dialogs"].append(d.message), d.dismiss()))
    page.goto(page_path.as_uri())
    return page, problems


def _count(page) -> int:
    return int(page.locator("#count").inner_text().split()[0])


@pytest.mark.browser
def test_catalogue_in_a_browser(site: Path, initiatives: pd.DataFrame) -> None:
    from browser import browser

    institutional = int(initiatives["approaches"].map(lambda a: "Istituzionale" in list(a)).sum())
    both = int(
        initiatives.apply(lambda r: "Istituzionale" in list(r["approaches"]) and r["country"] == "Italia", axis=1).sum()
    )
    with browser() as chromium:
        page, problems = _open(chromium, site / "index.html")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "catalogue-default.png"), full_page=False)
        assert _count(page) == len(initiatives) == 80

        page.get_by_label("Istituzionale", exact=True).check()
        assert _count(page) == institutional
        page.get_by_label("Italia", exact=True).check()
        assert _count(page) == both

        url = page.url
        assert "#" in url and "Istituzionale" in url
        page.reload()
        assert _count(page) == both
        assert page.get_by_label("Istituzionale", exact=True).is_checked()

        page.get_by_role("button", name="Azzera i filtri").click()
        assert _count(page) == 80
        for query in ("alzheimer cafe", "ALZHEIMER CAFÈ", "Alzheimer Cafè"):
            page.fill("#q", query)
            assert _count(page) == 1, query
            assert page.locator("article h2").first.inner_text().startswith("Alzheimer Cafè")
        page.fill("#q", "")
        # keyboard: the search box and the checkboxes are reachable with Tab
        page.focus("#q")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "reset-filters"
    assert problems["errors"] == []
    folder = site.as_uri()
    assert all(u.startswith(folder) or u.startswith("data:") for u in problems["requests"]), problems["requests"]


@pytest.mark.browser
def test_injected_script_does_not_run(hostile_site: Path) -> None:
    from browser import browser

    with browser() as chromium:
        page, problems = _open(chromium, hostile_site / "index.html")
        page.fill("#q", "script")
        assert page.locator("article h2", has_text="<script>alert(1)</script>").count() == 1
        page.fill("#q", "onerror")
        assert page.locator("article h2", has_text="<img src=x onerror=alert(2)>").count() == 1
        page.wait_for_timeout(200)
    assert problems["dialogs"] == [] and problems["errors"] == []


@pytest.mark.browser
def test_readable_on_a_phone(site: Path) -> None:
    from browser import browser

    with browser() as chromium:
        page = chromium.new_page(viewport={"width": 375, "height": 740})
        page.goto((site / "index.html").as_uri())
        overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "catalogue-phone.png"))
    assert not overflow
