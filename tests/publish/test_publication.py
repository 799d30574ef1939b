"""The published reports as their readers get them: Italian, disclosure-safe, accessible, PDF, Excel, an overview.

Everything is read back from the files the commands wrote (HTML, PDF, XLSX), with parsers independent of the
code that wrote them.
"""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from helpers import DECIMAL_POINT, ENGLISH_WORDS, html_tables, is_count_table, read_page

from cbresearch.check.disclosure.audit import audit, parse_count
from cbresearch.data.schema.regions import all_report_codes
from conftest import Published

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("published")]  # one worker builds the session's pages
MONTHS = "gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre"


def pages(published: Published) -> list[Path]:
    found = sorted(published.root.rglob("*.html"))
    assert len(found) >= 22 + 1 + 1 + 1 + 6, [p.relative_to(published.root) for p in found]
    return found


def pdf_text(path: Path) -> str:
    """The text of a PDF, ligatures («ﬁ») unfolded."""
    from pypdf import PdfReader

    return unicodedata.normalize("NFKC", "\n".join(page.extract_text() for page in PdfReader(path).pages))


def foreign(text: str) -> list[str]:
    """English words and numbers written with a decimal point (licence names such as "CC BY 4.0" are names)."""
    text = re.sub(r"CC BY(-SA)? \d\.\d", "", text)
    return sorted({m.group() for m in ENGLISH_WORDS.finditer(text)} | {m.group() for m in DECIMAL_POINT.finditer(text)})


# --- Italian throughout ------------------------------------------------------------------------------------


def test_every_page_and_pdf_is_italian_with_italian_numbers(published: Published) -> None:
    problems = {}
    for path in pages(published):
        parser = read_page(path)
        found = foreign(" ".join(parser.parts) + " " + " ".join(parser.alts))
        if found:
            problems[str(path.relative_to(published.root))] = found
    pdfs = sorted(published.reports.glob("*.pdf"))
    assert [p.name for p in pdfs] == ["08.pdf", "IT.pdf", "SM.pdf"]
    for path in pdfs:
        found = foreign(pdf_text(path))
        if found:
            problems[path.name] = found
    assert problems == {}


def test_the_scan_would_catch_english_and_decimal_points() -> None:
    assert foreign("Confronto: consistent, must not exceed 159.98 (Priority setting)") == [
        "159.98",
        "Priority",
        "consistent",
        "must",
    ]
    assert foreign("13.461.945 persone, 24,49 %, cbresearch 0.1.0") == []


def test_dates_are_written_in_italian(published: Published) -> None:
    report = " ".join(read_page(published.reports / "08.html").parts)
    assert re.search(rf"Generato il \d{{1,2}} ({MONTHS}) \d{{4}}", report)
    index = " ".join(read_page(published.reports / "index.html").parts)
    assert re.search(rf"Eseguiti il \d{{1,2}} ({MONTHS}) \d{{4}}, \d\d:\d\d", index)


# --- disclosure control -----------------------------------------------------------------------------------


def test_every_count_table_of_the_22_reports_passes_the_linear_programming_audit(published: Published) -> None:
    audited, hiding = 0, 0
    for folder in (published.reports, published.illustrative):  # the real edition and the illustrative one
        for path in sorted(folder.glob("*.html")):
            code, page = path.stem, path.read_text(encoding="utf-8")
            for caption, frame in html_tables(page):
                if not is_count_table(frame):
                    continue
                audited += 1
                hiding += frame.isin(["<5", "ris."]).to_numpy().any()
                assert audit(frame) == [], (folder.name, code, caption)
                assert audit(frame, min_count=5) == [], (folder.name, code, caption)
    print(f"audited {audited} count tables of 22 reports and the illustrative ones, {hiding} of them hiding counts")
    assert audited >= 25 and hiding >= 20  # matrices of the regions with enough experiences, themes, survey


def test_the_audit_of_a_page_fails_on_a_hand_made_leaky_table() -> None:
    page = (
        "<table><caption>Prova</caption><thead><tr><th>Attività</th><th>Ist.</th><th>Prof.</th><th>Vol.</th>"
        "<th>Totale</th></tr></thead><tbody><tr><th>Totale</th><td>11</td><td>5</td><td>&lt;5</td><td>17</td></tr>"
        "</tbody></table>"
    )
    [(caption, frame)] = html_tables(page)
    assert caption == "Prova"
    assert is_count_table(frame)
    assert [(r.column, r.low, r.high) for r in audit(frame)] == [("Vol.", 1.0, 1.0)]


def test_the_reports_say_how_small_counts_are_protected(published: Published) -> None:
    text = " ".join(read_page(published.reports / "08.html").parts)
    assert "Dati e avvertenze" in text
    assert "«ris.»" in text and "programmazione lineare" in text


def test_small_survey_results_are_not_shown_at_all(published: Published) -> None:
    text = " ".join(read_page(published.illustrative / "12.html").parts)  # Lazio: 3 health authorities answered
    assert "meno di 5 aziende rispondenti" in text
    assert "Risposte per punteggio" not in text


# --- figures ----------------------------------------------------------------------------------------------


def test_every_figure_has_an_alternative_text_that_states_its_message(published: Published) -> None:
    for code in ("08", "IT"):
        alts = read_page(published.reports / f"{code}.html").alts
        assert len(alts) >= 6, code
        for alt in alts:
            assert len(alt) > 40 and re.search(r"\d", alt), (code, alt)
            assert not alt.lower().startswith(("figura", "grafico.", "immagine", "no description")), alt
    emilia = read_page(published.reports / "08.html").alts
    assert any(alt.startswith("Grafico a imbuto. Emilia-Romagna: ") and "l'Italia" in alt for alt in emilia)
    assert any(alt.startswith("Mappa delle regioni") and "Emilia-Romagna (bordata in nero)" in alt for alt in emilia)


# --- PDF ----------------------------------------------------------------------------------------------------


def test_pdfs_are_a4_with_every_section_and_no_image_cut(published: Published) -> None:
    from pypdf import PdfReader

    for code in ("08", "IT", "SM"):
        html = read_page(published.reports / f"{code}.html")
        reader = PdfReader(published.reports / f"{code}.pdf")
        for page in reader.pages:
            assert float(page.mediabox.width) == pytest.approx(595.92, abs=1)  # A4: 210 mm
            assert float(page.mediabox.height) == pytest.approx(842.88, abs=1)  # 297 mm
        text = " ".join(pdf_text(published.reports / f"{code}.pdf").split())
        assert html.headings and all(heading in text for heading in html.headings), (code, html.headings)
        assert f"pagina 1 di {len(reader.pages)}" in text
        figures = structure(reader, "/Figure")
        assert [alt for alt, _pages in figures] == html.alts, code  # every figure is in the PDF, with its text
        assert all(len(pages) == 1 for _alt, pages in figures), code  # and none is split across two pages


def structure(reader, kind: str) -> list[tuple[str, set[int]]]:
    """The structure elements of ``kind`` of a tagged PDF, in order: their /Alt and the pages they are on."""
    numbers = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}
    found: list[tuple[str, set[int]]] = []

    def pages_of(node, inherited) -> set[int]:
        node = node.get_object()
        if not isinstance(node, dict):
            return {inherited} if inherited is not None else set()
        page = numbers.get(node.raw_get("/Pg").idnum, inherited) if "/Pg" in node else inherited
        kids = node.get("/K")
        if kids is None:
            return {page} if page is not None else set()
        kids = kids if isinstance(kids, list) else [kids]
        return set().union(*(pages_of(kid, page) for kid in kids)) if kids else set()

    def walk(node) -> None:
        node = node.get_object()
        if not isinstance(node, dict):
            return
        if node.get("/S") == kind:
            found.append((str(node.get("/Alt", "")), pages_of(node, None)))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def _outline_titles(outline) -> list:
    return [_outline_titles(item) if isinstance(item, list) else item.title for item in outline]


def test_pdfs_are_tagged_accessible_documents(published: Published) -> None:
    """PDF/UA essentials: structure tree, marked, Italian, its title shown, a bookmark per section, figures with text."""
    from pypdf import PdfReader

    for code in ("08", "IT", "SM"):
        reader = PdfReader(published.reports / f"{code}.pdf")
        root = reader.trailer["/Root"]
        html = read_page(published.reports / f"{code}.html")
        assert "/StructTreeRoot" in root and bool(root["/MarkInfo"]["/Marked"]), code
        assert str(root["/Lang"]).startswith("it"), code
        assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"]), code
        assert reader.metadata.title.endswith(("rapporto regionale", "rapporto nazionale")), code
        title, sections = _outline_titles(reader.outline)
        assert title == reader.metadata.title and sections == html.headings, code  # one bookmark per section
        assert all(alt.strip() for alt, _pages in structure(reader, "/Figure")), code
        tables = structure(reader, "/Table")
        assert tables and structure(reader, "/TH"), code  # tables with header cells


def test_pdfs_hold_no_raster_image_under_300_ppi(published: Published) -> None:
    import subprocess

    for code in ("08", "IT", "SM"):
        listing = subprocess.run(["pdfimages", "-list", str(published.reports / f"{code}.pdf")],
                                 capture_output=True, text=True, check=True).stdout.splitlines()[2:]  # fmt: skip
        for row in listing:
            fields = row.split()
            x_ppi, y_ppi = int(fields[12]), int(fields[13])
            assert min(x_ppi, y_ppi) >= 300, (code, row)
        print(f"{code}.pdf: {len(listing)} raster images")  # none: the figures are vector (SVG)


@pytest.mark.browser
def test_printed_tables_fit_the_a4_text_block_with_at_most_five_lines_a_cell(published: Published) -> None:
    from browser import browser, printed_tables

    longest = max((published.reports / f"{c}.html" for c in all_report_codes()), key=lambda p: p.stat().st_size)
    pages = [published.reports / f"{code}.html" for code in ("08", "IT", "SM")] + [longest]
    with browser() as chromium:
        for page in pages:
            for table in printed_tables(chromium, page):
                assert table["right"] <= table["block"], (page.name, table)
                assert table["lines"] <= 5, (page.name, table)


# --- Excel ------------------------------------------------------------------------------------------------


def test_each_report_workbook_has_one_sheet_per_table_with_the_report_values(published: Published) -> None:
    for code in ("08", "IT", "SM"):
        tables = html_tables((published.reports / f"{code}.html").read_text(encoding="utf-8"))
        book = openpyxl.load_workbook(io.BytesIO((published.reports / f"{code}.xlsx").read_bytes()))
        sheets = [name for name in book.sheetnames if name != "Indice"]
        assert len(sheets) == len(tables), code
        for name, (caption, frame) in zip(sheets, tables, strict=True):
            sheet = book[name]
            assert sheet["A1"].value == caption
            assert [c.value for c in sheet[2]][1:] == list(frame.columns)
            for offset, (label, row) in enumerate(frame.iterrows()):
                cells = [c.value for c in sheet[3 + offset]]
                assert str(cells[0]) == label
                for shown, value in zip(row, cells[1:], strict=True):
                    _same_value(shown, value, (code, caption, label))


def _same_value(shown: str, value: object, where: tuple) -> None:
    if shown in ("<5", "ris."):
        assert value == shown, where
    elif shown == "–":  # a missing number, or a text cell that is a dash
        assert value in (None, "–"), where
    elif isinstance(value, int | float):
        decimals = len(shown.split(",")[1]) if "," in shown else 0
        assert round(value, decimals) == pytest.approx(parse_count(shown)), (where, shown, value)
    else:
        assert str(value) == shown, where


# --- the overview -----------------------------------------------------------------------------------------


@pytest.mark.browser
def test_the_overview_shows_the_map_and_every_region_against_italy(published: Published) -> None:
    from browser import browser, watch

    with browser() as chromium:
        page = chromium.new_page()
        errors, _requests = watch(page)
        page.goto((published.reports / "index.html").as_uri())
        image = page.locator("figure img")
        assert image.evaluate("i => i.complete && i.naturalWidth > 0")
        assert image.get_attribute("alt").startswith("Mappa delle regioni")
        rows = page.locator("table.overview tbody tr")
        names = rows.locator("th").all_inner_texts()
        assert names[0] == "Italia" and len(names) == 22 and "Emilia-Romagna" in names
        classes = page.locator("table.overview td.cmp").evaluate_all("cells => cells.map(c => c.className)")
        assert len(classes) == 22 * 7
        compared = [c for c in classes if any(k in c for k in ("better", "worse", "higher", "lower", "similar"))]
        assert len(compared) == 20 * 7  # every region, every indicator, coloured by its comparison with Italy
        colours = set(page.locator("table.overview td.cmp").evaluate_all(
            "cells => cells.map(c => getComputedStyle(c).backgroundColor)"))  # fmt: skip
        assert len(colours) >= 4
        links = page.locator("a").evaluate_all("links => links.map(a => a.href)")
        assert len(links) >= 22 + 22 + 2
    assert errors == []
    for link in links:
        assert link.startswith("file://"), link
        assert Path(link.removeprefix("file://").split("#")[0]).exists(), link


# --- accessibility ----------------------------------------------------------------------------------------


@pytest.mark.browser
def test_axe_finds_no_serious_or_critical_wcag_violation(published: Published) -> None:
    from browser import browser, serious_violations

    targets = [
        "regional/index.html",
        "regional/08.html",
        "regional/IT.html",
        "regional/SM.html",
        "catalogue/index.html",
    ]
    found = {}
    with browser() as chromium:
        page = chromium.new_page()
        for target in targets:
            page.goto((published.root / target).as_uri())
            problems = serious_violations(page, target)
            if problems:
                found[target] = problems
    assert found == {}


@pytest.mark.browser
def test_the_catalogue_as_rendered_is_italian(published: Published) -> None:
    from browser import browser

    with browser() as chromium:
        page = chromium.new_page()
        page.goto((published.root / "catalogue" / "index.html").as_uri())
        text = page.evaluate(
            "() => { const b = document.body.cloneNode(true);"
            " b.querySelectorAll('script,style,code,pre').forEach(e => e.remove()); return b.innerText; }"
        )
    assert len(text) > 1000 and foreign(text) == []


# --- a quiet batch ----------------------------------------------------------------------------------------


def test_the_batch_prints_one_closing_line_and_keeps_kernel_noise_in_its_log(published: Published) -> None:
    for done in (published.reports_output, published.pdf_output):
        lines = done.stdout.strip().splitlines()
        assert len(lines) == 1 and re.fullmatch(
            r"\d+ costruiti, di cui \d+ aggiornati \(dati cambiati\), \d+ invariati, 0 falliti in \d+(,\d)? s; "
            r"indice: .+index\.html",
            lines[0],
        ), done.stdout
        noise = re.findall(r"(?i)warning|error|traceback|keyboardinterrupt|exception", done.stderr)
        assert noise == [], done.stderr[-2000:]
    log = (published.reports / "batch.log").read_text(encoding="utf-8")
    assert log.startswith("cbresearch reports, ")


# --- what is known about a region (real records and published aggregates only) ----------------------------


def test_default_reports_hold_no_reconstructed_table_and_say_where_data_would_come_from(published: Published) -> None:
    for code in all_report_codes():
        text = " ".join(" ".join(read_page(published.reports / f"{code}.html").parts).split())
        assert "ricostruit" not in text.lower() and "illustrativ" not in text.lower().replace(
            "edizione illustrativa per la didattica", ""
        ), code
        if code != "IT":
            assert "Nessun dato reale" in text and "rapporto Italia" in text, code
    italy = " ".join(" ".join(read_page(published.reports / "IT.html").parts).split())
    assert "Hanno risposto 24 aziende sanitarie" in italy and "pubblicate nel seed 004" in italy


def test_the_illustrative_edition_has_its_own_folder_and_a_banner_on_every_page(published: Published) -> None:
    assert published.illustrative_output.returncode == 0
    assert published.default_untouched  # reports/regional byte for byte the same before and after
    pages = sorted(published.illustrative.glob("*.html"))
    assert {p.stem for p in pages} >= {"01", "03", "08", "12", "IT", "SM", "index"}
    for page in (p for p in pages if p.name != "metodi.html"):
        text = " ".join(" ".join(read_page(page).parts).split())
        assert "Edizione illustrativa" in text and "ricostruit" in text, page.name
    emilia = " ".join(" ".join(read_page(published.illustrative / "08.html").parts).split())
    assert "illustrativo — dati ricostruiti" in emilia
    assert not any("Edizione illustrativa" in " ".join(read_page(p).parts) for p in published.reports.glob("*.html"))
