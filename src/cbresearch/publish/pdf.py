"""Print-ready PDFs of the published pages, rendered by headless Chromium through Playwright (no LaTeX).

A4, the report's name and the page number in the footer, backgrounds kept;
the pages' print style sheet keeps figures and table rows whole and repeats
table headers on each page.  One browser serves a whole batch
(:class:`PdfPrinter`).

Chromium is found in this order: ``CBRESEARCH_CHROMIUM``, a ``chromium`` /
``chromium-browser`` / ``google-chrome`` on the ``PATH``, then the browser
that ``python -m playwright install chromium`` downloads.

Examples
--------
>>> footer("Emilia-Romagna")[:40]
'<div style="font-size:8px;width:100%;mar'
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import CbResearchError
from ..i18n import _
from .pages import render

if TYPE_CHECKING:
    from playwright.sync_api import PdfMargins

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync"]
MARGINS: PdfMargins = {"top": "14mm", "bottom": "16mm", "left": "12mm", "right": "12mm"}


def chromium_executable() -> str | None:
    """The Chromium to drive, or None to let Playwright use the browser it downloaded.

    Examples
    --------
    >>> chromium_executable() is None or Path(chromium_executable()).name.startswith(("chrom", "google"))
    True
    """
    configured = os.environ.get("CBRESEARCH_CHROMIUM")
    if configured:
        return configured
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)


def footer(name: str) -> str:
    """The footer printed on every page: the report's name and «pagina N di M» (Chromium fills the numbers).

    Examples
    --------
    >>> "pageNumber" in footer("Italia"), "Italia" in footer("Italia")
    (True, True)
    """
    return render("pdf_footer.html.j2", name=name)


class PdfPrinter:
    """A headless Chromium that prints pages to PDF; use as a context manager (one browser for many pages).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:  # doctest: +SLOW
    ...     page = Path(folder) / "p.html"
    ...     _ = page.write_text("<html lang='it'><body><h1>Prova</h1></body></html>")
    ...     with PdfPrinter() as printer:
    ...         printer.print(page, Path(folder) / "p.pdf", "Prova").read_bytes()[:5]
    b'%PDF-'
    """

    def __enter__(self) -> PdfPrinter:
        try:
            from playwright.sync_api import Error, sync_playwright
        except ImportError:  # pragma: no cover - playwright is a dependency
            raise CbResearchError(_("--pdf needs the playwright package: pip install playwright")) from None
        self._playwright = sync_playwright().start()
        try:
            self._browser = self._playwright.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)
        except Error as error:
            self._playwright.stop()
            raise CbResearchError(
                _(
                    "--pdf needs Chromium and none could be started: install it (`make browser`, or "
                    "`python -m playwright install chromium`) or set CBRESEARCH_CHROMIUM to its path ({error})"
                ).format(error=str(error).splitlines()[0])
            ) from None
        self._page = self._browser.new_page()
        return self

    def print(self, html: Path, pdf: Path, name: str) -> Path:
        """Print the page ``html`` to ``pdf`` (written whole or not at all), with ``name`` in the footer."""
        from ..files import atomic_write_bytes

        self._page.goto(Path(html).resolve().as_uri(), wait_until="load")
        data = self._page.pdf(
            format="A4",
            print_background=True,
            display_header_footer=True,
            header_template=render("pdf_header.html.j2"),
            footer_template=footer(name),
            margin=MARGINS,
            tagged=True,  # a structure tree: headings, lists, tables with header cells, figures with their text
            outline=True,  # bookmarks from the headings
        )
        atomic_write_bytes(pdf, data)
        return pdf

    def __exit__(self, *exc) -> None:
        self._browser.close()
        self._playwright.stop()
