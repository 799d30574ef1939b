"""The report batch: papermill per region, offline HTML, index, incremental, failure isolation, dask, zygote."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from typer.testing import CliRunner

from cbresearch.cli import app
from cbresearch.publish.batch import run
from cbresearch.publish.batch.runner import default_notebook

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("published")]  # one worker builds the session's pages

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]+")
PHONE = re.compile(r"\b(?:\+?39[ .]?)?0\d{1,3}[ ./-]?\d{5,8}\b|\b3\d{2}[ .]?\d{6,7}\b")


@pytest.fixture(scope="module")
def built(published) -> Path:
    """The session's 22 reports (see ``conftest.py``), built by ``cbresearch reports``."""
    return published.reports


def test_every_requested_report_and_the_index(built: Path) -> None:
    for code in ("08", "15", "IT", "SM"):
        assert (built / f"{code}.html").stat().st_size > 10_000
        assert (built / "notebooks" / f"{code}.ipynb").exists()
    index = (built / "index.html").read_text(encoding="utf-8")
    for name in ("Emilia-Romagna", "Campania", "Italia", "San Marino"):
        assert name in index
    assert "versione dei dati" in index and "cbresearch" in index


def test_reports_work_offline_and_hide_code(built: Path) -> None:
    page = (built / "08.html").read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=[\"']?https?:", page)
    assert "RegionalReport(" not in page and "injected-parameters" not in page
    assert re.search(r'<img[^>]+src="data:image/svg\+xml', page)  # vector figures
    assert not re.search(r'<img[^>]+src="data:image/png', page)


def test_no_personal_data_in_any_generated_page(built: Path) -> None:
    for page in built.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not EMAIL.search(text), (page.name, EMAIL.search(text).group())
        shown = re.sub(r"data:font/[^\"')]+", "", re.sub(r'data:image/[^"]+', "", text))  # figures and fonts aside
        shown = re.sub(r"<code>[^<]*</code>", "", shown)  # versions and hashes: "0.1.0+06089985" is no phone
        assert not PHONE.search(shown), page.name
        for name in ("Perotta", "Miceli", "Romagnuolo", "Fleming", "Robins"):
            assert name not in text, (page.name, name)


def test_region_specific_content(built: Path) -> None:
    emilia = (built / "08.html").read_text(encoding="utf-8")
    assert "Programmazione regionale" in emilia and "CasaCommunityLab" in emilia
    assert "Coerenza interna delle cifre" in emilia and "247 + 99 + 34" in emilia
    assert "Nessun dato reale sui temi delle esperienze per Emilia-Romagna" in emilia
    san_marino = (built / "SM.html").read_text(encoding="utf-8")
    assert "nessun dato" in san_marino.lower()
    campania = (built / "15.html").read_text(encoding="utf-8")
    assert "Programmazione regionale" not in campania
    assert "Nessuna azienda sanitaria o ente del terzo settore del network ha sede in Campania" in campania


def test_small_counts_are_suppressed(built: Path) -> None:
    emilia = (built / "08.html").read_text(encoding="utf-8")
    assert "&lt;5" in emilia and "ris." in emilia  # regional matrices are sparse: small counts are hidden


def test_nothing_changed_means_nothing_rebuilt(built: Path) -> None:
    before = (built / "15.html").stat().st_mtime_ns
    result = run(["11", "15", "12"], out_dir=built, progress=False)  # built without --pdf, as asked now
    assert [o.status for o in result.outcomes] == ["up-to-date"] * 3
    assert (built / "15.html").stat().st_mtime_ns == before


def test_asking_for_pdfs_rebuilds_and_dropping_them_removes_them(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(built, out)
    assert (out / "08.pdf").exists()
    result = run(["08"], out_dir=out, progress=False)  # without --pdf: the page changes (no PDF link)
    assert [o.status for o in result.outcomes] == ["ok"]
    assert not (out / "08.pdf").exists() and "08.pdf" not in (out / "08.html").read_text(encoding="utf-8")


def test_a_failing_region_is_isolated(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(built, out)
    good_html = (out / "SM.html").read_bytes()
    notebook = nbformat.read(default_notebook(), as_version=4)
    notebook.cells.insert(
        3, nbformat.v4.new_code_cell('if region_code == "SM":\n    raise RuntimeError("injected failure")')
    )
    broken = tmp_path / "regional_report.ipynb"
    nbformat.write(notebook, broken)
    outcome = run(["08", "SM"], out_dir=out, notebook=broken, jobs=2, progress=False)
    assert [o.code for o in outcome.failed] == ["SM"]
    failure = outcome.failed[0]
    # the index is the executed notebook's (saved as SM.failed.ipynb): papermill added the injected-parameters cell
    assert failure.cell == 4 and "injected failure" in failure.error
    assert (out / "SM.html").read_bytes() == good_html  # the last good report is untouched
    assert next(o for o in outcome.outcomes if o.code == "08").status == "ok"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "non riuscito" in index and "cella 4" in index and "injected failure" in index
    assert (out / "notebooks" / "SM.failed.ipynb").exists()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["SM"]["status"] == "failed" and manifest["SM"]["html"] == "SM.html"


def test_cli_exits_non_zero_naming_the_failed_region(tmp_path: Path, monkeypatch) -> None:
    notebook = nbformat.read(default_notebook(), as_version=4)
    notebook.cells.insert(3, nbformat.v4.new_code_cell("raise ValueError('boom')"))
    broken = tmp_path / "regional_report.ipynb"
    nbformat.write(notebook, broken)
    monkeypatch.setattr("cbresearch.publish.batch.runner.default_notebook", lambda: broken)
    result = CliRunner().invoke(
        app, ["reports", "--regions", "SM", "--out-dir", str(tmp_path / "o"), "--isolation", "kernel"]
    )
    assert result.exit_code == 1
    assert "rapporti non riusciti: San Marino (SM): cella 4: ValueError: boom" in result.output.replace("\n", " ")


def test_dask_executor_on_a_local_cluster(tmp_path: Path) -> None:
    result = run(["11", "SM"], out_dir=tmp_path, executor="dask", jobs=2, progress=False)
    assert not result.failed and {o.code for o in result.built} == {"11", "SM"}
    assert (tmp_path / "11.html").exists()


def _outputs(path: Path) -> list:
    notebook = nbformat.read(path, as_version=4)
    return [
        [(o["output_type"], dict(o.get("data", {})), o.get("text")) for o in cell.outputs]
        for cell in notebook.cells
        if cell.cell_type == "code"
    ]


def test_forked_kernels_give_the_same_outputs_as_fresh_kernels(tmp_path: Path) -> None:
    fresh = run(["08"], out_dir=tmp_path / "kernel", isolation="kernel", progress=False)
    forked = run(["08"], out_dir=tmp_path / "zygote", isolation="zygote", progress=False)
    assert not fresh.failed and not forked.failed
    a = _outputs(tmp_path / "kernel" / "notebooks" / "08.ipynb")
    b = _outputs(tmp_path / "zygote" / "notebooks" / "08.ipynb")
    assert sum("data:image/svg+xml" in data.get("text/html", "") for cell in a for _, data, _ in cell) >= 5
    assert a == b


@pytest.mark.browser
def test_html_renders_in_a_browser_with_its_images(built: Path) -> None:
    from browser import browser

    with browser() as chromium:
        page = chromium.new_page()
        errors, requests = [], []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("request", lambda request: requests.append(request.url))
        for code in ("08", "SM"):
            page.goto((built / f"{code}.html").as_uri())
            loaded = page.evaluate("Array.from(document.images).map(i => i.complete && i.naturalWidth > 0)")
            assert all(loaded), code
            if code == "08":
                assert len(loaded) >= 5
        page.goto((built / "index.html").as_uri())
        assert page.locator("a", has_text="Emilia-Romagna").count() == 4  # overview, report, Excel and PDF
    assert errors == []
    assert all(url.startswith(("file://", "data:")) for url in requests), requests


def test_unknown_region_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["reports", "--regions", "99", "--out-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "codice di regione sconosciuto '99'" in result.output


def test_notebook_parameters_are_checked(tmp_path: Path) -> None:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    path = tmp_path / "bad.ipynb"
    nbformat.write(notebook, path)
    from cbresearch.errors import CbResearchError

    with pytest.raises(CbResearchError, match="non definisce illustrative, min_count, region_code, year"):
        run(["08"], out_dir=tmp_path / "o", notebook=path, progress=False)
    assert not (tmp_path / "o" / "notebooks").exists()  # refused before any region ran
