"""The offline catalogue: built files, exports, privacy, and behaviour in a real headless browser."""

from __future__ import annotations

import io
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

import cbresearch as cb
from cbresearch import config
from cbresearch.cli import app
from cbresearch.data.clean.pipeline import clean_all
from cbresearch.data.schema.vocab import search_words
from cbresearch.errors import SourceDataError
from cbresearch.publish.catalogue import FIELDS, catalogue_records, export_frame, write_catalogue
from cbresearch.publish.tables.seed_tables import to_safe_csv

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]+")
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

        page.check(_box("approaches", "Istituzionale"))
        assert _count(page) == institutional
        page.check(_box("country", "Italia"))
        assert _count(page) == both

        url = page.url
        assert "#" in url and "Istituzionale" in url
        page.reload()
        assert _count(page) == both
        assert page.is_checked(_box("approaches", "Istituzionale"))

        page.get_by_role("button", name="Azzera i filtri").click()
        assert _count(page) == 80
        for query in ("alzheimer cafe", "ALZHEIMER CAFÈ", "Alzheimer Cafè"):
            page.fill("#q", query)
            assert _count(page) >= 1, query
            assert page.locator("article h2").first.text_content().startswith("Alzheimer Cafè")
        page.fill("#q", "")
        # keyboard: the search box and the checkboxes are reachable with Tab
        page.focus("#q")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "reset-filters"
    assert problems["errors"] == []
    folder = site.as_uri()
    assert all(u.startswith(folder) or u.startswith("data:") for u in problems["requests"]), problems["requests"]


def _box(field: str, value: str) -> str:
    return f"#field-filters input[name='{field}'][value='{value}']"


def _fold(text: str) -> str:
    return unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode().lower()


def _shown(page) -> list[str]:  # (cards use content-visibility: read their text with text_content)
    """The codes of the initiatives the page shows, in its order (pressing "Mostra altre" until all are there)."""
    while page.locator("#more").is_visible():
        page.click("#more")
    return page.eval_on_selector_all("#results article", "nodes => nodes.map(n => n.id)")


def _search(page, text: str) -> list[str]:
    page.fill("#q", text)
    shown = _shown(page)
    assert _count(page) == len(shown), text
    return shown


@pytest.fixture(scope="module")
def records() -> dict[str, dict]:
    return {r["code"]: r for r in catalogue_records()}


@pytest.mark.browser
def test_search_reads_every_field_with_italian_word_forms(site: Path, records: dict[str, dict]) -> None:
    from browser import browser, serious_violations

    elderly = {code for code, r in records.items() if "Anziani fragili" in r["targets"]}
    carers = {code for code, r in records.items() if "Caregiver" in r["targets"]}
    assert elderly and carers
    with browser() as chromium:
        page, problems = _open(chromium, site / "index.html")
        for query in ("anziani", "anziano", "ANZIANI fragili"):
            assert elderly <= set(_search(page, query)), query
        assert carers <= set(_search(page, "caregiver"))

        # several words narrow the result: all must match
        broad = _search(page, "anziani")
        narrow = _search(page, "anziani istituzionale")
        assert set(narrow) < set(broad) and narrow
        assert all("Istituzionale" in records[code]["approaches"] for code in narrow)

        # the matched words are highlighted in the cards
        _search(page, "anziani")
        marks = page.eval_on_selector_all("#results article:first-child mark", "nodes => nodes.map(n => n.textContent)")
        assert any(_fold(mark).startswith("anzian") for mark in marks), marks
        assert serious_violations(page, "catalogue searched for 'anziani'") == []

        # ranking: the initiatives whose title or target matches come first
        order = _search(page, "prevenzione")
        in_title_or_target = [
            "prevenzion" in _fold(records[code]["title"] + " " + " ".join(records[code]["targets"])) for code in order
        ]
        assert True in in_title_or_target and False in in_title_or_target
        assert in_title_or_target == sorted(in_title_or_target, reverse=True)

        # the title field filters as one types
        page.fill("#q", "")
        page.fill("#title-q", "alzheimer")
        titled = {code for code, r in records.items() if "alzheimer" in _fold(r["title"])}
        assert titled and set(_shown(page)) == titled
    assert problems["errors"] == []


@pytest.mark.browser
def test_every_synonym_finds_what_its_partners_find(site: Path) -> None:
    from browser import browser

    groups = search_words()["synonyms"]
    with browser() as chromium:
        page, problems = _open(chromium, site / "index.html")
        found = {}
        for group in groups:
            results = {word: sorted(_search(page, word)) for word in group}
            first = results[group[0]]
            assert first, f"the synonyms {group} find nothing in the bundled catalogue"
            found[group[0]] = {word: result == first for word, result in results.items()}
    assert all(all(same.values()) for same in found.values()), found
    assert problems["errors"] == []


FACET_CHOICES = [
    {"approaches": ["Istituzionale"]},
    {"approaches": ["Istituzionale"], "country": ["Italia"]},
    {"targets": ["Anziani fragili", "Minori"], "themes": ["Domiciliarità"], "region": ["Emilia-Romagna", "Lombardia"]},
]


def _values(record: dict, key: str) -> list[str]:
    value = record[key]
    return list(value) if isinstance(value, list) else ([] if value is None else [value])


def _expected_counts(records: list[dict], chosen: dict[str, list[str]]) -> dict[str, Counter]:
    """What each option would give: the records meeting every other field's choices, counted by option."""
    counts = {}
    for key, _, _ in FIELDS:
        others = [(k, set(v)) for k, v in chosen.items() if k != key]
        counts[key] = Counter(
            value
            for record in records
            if all(set(_values(record, k)) & wanted for k, wanted in others)
            for value in _values(record, key)
        )
    return counts


@pytest.mark.browser
@pytest.mark.parametrize("chosen", FACET_CHOICES, ids=["approach", "approach-country", "targets-theme-regions"])
def test_facet_counts_equal_counts_from_the_data(site: Path, records: dict[str, dict], chosen: dict) -> None:
    from browser import browser

    expected = _expected_counts(list(records.values()), chosen)
    matching = [r for r in records.values() if all(set(_values(r, k)) & set(v) for k, v in chosen.items())]
    with browser() as chromium:
        page, problems = _open(chromium, site / "index.html")
        for key, wanted in chosen.items():
            for value in wanted:
                page.check(_box(key, value))
        shown = page.eval_on_selector_all(
            "#field-filters input",
            "boxes => boxes.map(b => [b.name, b.value, b.parentNode.querySelector('.n').textContent, b.disabled])",
        )
        assert _count(page) == len(matching) > 0
    counts = {(name, value): int(text.strip("()")) for name, value, text, _ in shown}
    assert {option: n for option, n in counts.items() if n} == {
        (key, value): n for key, counter in expected.items() for value, n in counter.items()
    }
    assert set(counts) == {(key, v) for key, _, _ in FIELDS for r in records.values() for v in _values(r, key)}
    assert any(n == 0 for n in counts.values())
    for name, value, text, disabled in shown:
        assert disabled == (text == "(0)" and value not in chosen.get(name, [])), (name, value)
    assert problems["errors"] == []


@pytest.mark.browser
def test_a_permalink_opens_with_its_card_in_view(site: Path, records: dict[str, dict]) -> None:
    from browser import browser

    last = list(records)[-1]  # alphabetically last: beyond the first page of cards
    with browser() as chromium:
        page, problems = _open(chromium, site / "index.html")
        page.goto(f"{(site / 'index.html').as_uri()}#{last}")
        card = page.locator(f"article#{last}")
        assert card.locator("h2").text_content().startswith(records[last]["title"])
        in_view = card.evaluate(
            "n => { const r = n.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }"
        )
        assert in_view
        assert page.evaluate("document.activeElement.id") == last
        assert card.get_by_role("link", name=re.compile("Link permanente")).get_attribute("href") == f"#{last}"
    assert problems["errors"] == []


@pytest.mark.browser
def test_the_downloaded_selection_is_the_shown_selection(site: Path, records: dict[str, dict]) -> None:
    from browser import browser

    with browser() as chromium:
        page, problems = _open(chromium, site / "index.html")
        with page.expect_download() as everything:
            page.click("#download")
        page.check(_box("approaches", "Istituzionale"))
        shown = _search(page, "anziani")
        with page.expect_download() as selection:
            page.click("#download")
        downloaded = Path(selection.value.path()).read_bytes()
        assert Path(everything.value.path()).read_bytes() == (site / "catalogue.csv").read_bytes()
        assert selection.value.suggested_filename == "catalogo-selezione.csv"
    assert downloaded == to_safe_csv(export_frame([records[code] for code in shown]))
    assert len(pd.read_csv(io.BytesIO(downloaded))) == len(shown) > 0
    assert problems["errors"] == []


@pytest.mark.browser
def test_clicking_a_region_on_the_map_filters_by_it(site: Path, records: dict[str, dict]) -> None:
    from browser import browser

    by_region = Counter(r["region"] for r in records.values())
    with browser() as chromium:
        page, problems = _open(chromium, site / "index.html")
        lombardy = page.locator("#region-map path[data-region='Lombardia']")
        assert lombardy.get_attribute("aria-label") == f"Lombardia: {by_region['Lombardia']} iniziative"
        lombardy.click()
        assert _count(page) == by_region["Lombardia"]
        assert {records[code]["region"] for code in _shown(page)} == {"Lombardia"}
        assert page.is_checked(_box("region", "Lombardia")) and lombardy.get_attribute("aria-pressed") == "true"
        # by keyboard: Tab reaches the regions, Enter adds one to the filter and removes it again
        page.focus("#region-map path[data-region='Emilia-Romagna']")
        page.keyboard.press("Enter")
        assert _count(page) == by_region["Lombardia"] + by_region["Emilia-Romagna"]
        lombardy.focus()
        page.keyboard.press("Enter")
        assert _count(page) == by_region["Emilia-Romagna"]
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "catalogue-map.png"))
    assert problems["errors"] == []


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


def test_a_word_in_two_synonym_groups_is_refused_with_the_file_and_the_word(tmp_path: Path) -> None:
    words = tmp_path / "search_words.yaml"
    words.write_text(
        "synonyms:\n  - [anziani, over 65]\n  - [Over-65, terza età]\nstop_words: [di]\n", encoding="utf-8"
    )
    with pytest.raises(SourceDataError, match=r"search_words.yaml: 'Over-65' è nei gruppi di sinonimi 1 e 2"):
        search_words(words)
    words.write_text("synonyms:\n  - [anziani]\nstop_words: []\n", encoding="utf-8")
    with pytest.raises(
        SourceDataError, match=r"il gruppo di sinonimi 1 è \['anziani'\], attesa una lista di due o più"
    ):
        search_words(words)
