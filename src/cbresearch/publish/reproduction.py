"""The reproduction check as a page a researcher can read: every printed figure, its interval, what the check shows.

``cbresearch check --format html`` (and ``make reports``) writes
``reports/riproduzione/index.html``: one row per figure with its seed, the
slide, the quoted text, the published interval, the recomputed value and the
status with its colour and reason, filterable by seed and by status.  The
page is self-contained (offline) and accessible; its words are Italian.

Examples
--------
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as d:
...     page = write_reproduction_page(Path(d))
...     page.name, "riprodotto" in page.read_text(encoding="utf-8")
('index.html', True)
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from .. import config
from ..check.reproduction import MEANING, Result, Status, check, summary_line
from ..data.store.fingerprint import data_version
from ..files import atomic_write_text
from ..formats import italian_date
from .pages import asset, render

#: light backgrounds with dark text (contrast above 7:1) and a darker border, one per status
COLOURS = {
    Status.RIPRODOTTO: ("#d7f0dd", "#1e7b34"),
    Status.COERENTE: ("#dbeafe", "#1d4ed8"),
    Status.TRASCRITTO: ("#ede9fe", "#6d28d9"),
    Status.SEGNALATO: ("#fde2cc", "#b45309"),
    Status.FALLITO: ("#fddede", "#b91c1c"),
    Status.ESTERNO: ("#eeeeee", "#555555"),
}


def render_reproduction_page(results: list[Result]) -> str:
    """The page of the check's results (HTML, from ``templates/pages/reproduction.html.j2``).

    Examples
    --------
    >>> "<h1>" in render_reproduction_page([])
    True
    """
    statuses = [
        {"name": str(s), "meaning": MEANING[s], "background": COLOURS[s][0], "border": COLOURS[s][1]} for s in Status
    ]
    return render(
        "reproduction.html.j2",
        title="Riproduzione delle cifre pubblicate",
        base_css=asset("static/base.css"),
        statuses=statuses,
        results=results,
        seeds=sorted({r.seed for r in results}),
        summary=summary_line(results),
        total=len(results),
        date=italian_date(date.today()),
        data_version=data_version(),
    )


def write_reproduction_page(out_dir: Path | None = None, results: list[Result] | None = None) -> Path:
    """Run the check (unless ``results`` are given) and write ``index.html`` into ``out_dir``.

    Parameters
    ----------
    out_dir : Path, optional
        Default ``reports/riproduzione``.
    results : list of Result, optional
        The check's results, when already computed.

    Returns
    -------
    Path
    """
    out_dir = Path(out_dir or config.REPORTS_DIR / "riproduzione")
    path = out_dir / "index.html"
    atomic_write_text(path, render_reproduction_page(results if results is not None else check()))
    return path
