"""Publishing a batch: each executed notebook becomes a page and a workbook, the manifest and the index follow.

A region that succeeded is converted to HTML and to an ``.xlsx`` workbook of
its tables (both written atomically) and its executed notebook is kept as
``notebooks/<code>.ipynb``; a region that failed keeps its last good page,
its partial notebook is kept as ``notebooks/<code>.failed.ipynb`` and the
index says which cell failed.  The index is the overview a regional analyst
opens first (:mod:`.overview`) followed by every report's status and files.

Examples
--------
>>> detail({"status": "failed", "cell": 4, "error": "ValueError: boom", "html": "08.html"})
"cella 4: ValueError: boom (mostrata l'ultima versione riuscita)"
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

from ...data.schema.regions import all_report_codes, region_name
from ...files import atomic_write_text
from ...formats import italian_datetime
from ..kernels.notebooks import HtmlConverter
from ..pages import asset, render
from ..report.title import report_title
from ..text.methods import METHODS_PAGE, methods_page
from .execute import TaskResult
from .plan import MANIFEST, RegionOutcome, Task

#: the project's other pages, linked from the index when they have been built
NEIGHBOURS = (
    {"href": METHODS_PAGE, "text": "I metodi degli indicatori"},
    {"href": "../riproduzione/index.html", "text": "Il controllo di ogni cifra pubblicata nei seed"},
    {"href": "../catalogue/index.html", "text": "Il catalogo delle buone pratiche"},
)
#: what the index says of a report's state
STATUS_TEXT = {"ok": "riuscito", "failed": "non riuscito", "missing": "non ancora costruito"}


def report_links(code: str, pdf: bool) -> list[dict]:
    """The links at the top of a published report: the index, its workbook and (with ``--pdf``) its PDF.

    Examples
    --------
    >>> [link["href"] for link in report_links("08", pdf=True)]
    ['index.html', '08.xlsx', '08.pdf']
    """
    links = [
        {"href": "index.html", "text": "Tutti i rapporti"},
        {"href": f"{code}.xlsx", "text": "Le tabelle in Excel (.xlsx)"},
    ]
    if pdf:
        links.append({"href": f"{code}.pdf", "text": "Versione PDF per la stampa"})
    return links


def publish_result(
    result: TaskResult, task: Task, converter: HtmlConverter, out_dir: Path, manifest: dict, pdf: bool = False
) -> RegionOutcome:
    """Turn one worker's result into the published page and workbook (or keep the last good ones)."""
    import nbformat

    from ..tables.workbook import write_workbook

    code = result.code
    entry = RegionOutcome(
        code,
        region_name(code),
        "ok" if result.status == "ok" else "failed",
        seconds=result.seconds,
        key=task.key,
        finished=italian_datetime(datetime.now()),
    )
    running = Path(task.output)
    if result.status == "ok":
        notebook = nbformat.read(running, as_version=4)
        notebook.metadata["cbresearch"] = {"links": report_links(code, pdf)}
        atomic_write_text(out_dir / f"{code}.html", converter.convert_node(notebook, report_title(code)))
        write_workbook(notebook, out_dir / f"{code}.xlsx", report_title(code))
        os.replace(running, out_dir / "notebooks" / f"{code}.ipynb")
        if not pdf:
            (out_dir / f"{code}.pdf").unlink(missing_ok=True)  # an older PDF would not match the new page
        entry.html, entry.xlsx = f"{code}.html", f"{code}.xlsx"
        manifest[code] = {"key": task.key, "status": "ok", "html": entry.html, "xlsx": entry.xlsx,
                          "pdf": None, "finished": entry.finished}  # fmt: skip
    else:
        entry.cell, entry.error = result.cell, result.error
        if running.exists():
            os.replace(running, out_dir / "notebooks" / f"{code}.failed.ipynb")
        previous = manifest.get(code, {})
        kept = (out_dir / f"{code}.html").exists()
        entry.html = previous.get("html") if kept else None
        entry.xlsx = previous.get("xlsx") if kept else None
        entry.pdf = previous.get("pdf") if kept else None
        manifest[code] = {
            "key": None,
            "status": "failed",
            "html": entry.html,
            "xlsx": entry.xlsx,
            "pdf": entry.pdf,
            "cell": entry.cell,
            "error": entry.error,
            "finished": entry.finished,
        }
    save_manifest(out_dir, manifest)
    return entry


def save_manifest(out_dir: Path, manifest: dict) -> None:
    """Write the manifest of the output folder (atomically)."""
    atomic_write_text(out_dir / MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False))


def detail(entry: dict) -> str:
    """What the index says about a failed report (empty for the others)."""
    if entry.get("status") != "failed":
        return ""
    cell = entry.get("cell")
    text = f"{f'cella {cell}' if cell is not None else 'avvio'}: {str(entry.get('error', ''))[:300]}"
    if entry.get("html"):
        text += " (mostrata l'ultima versione riuscita)"
    return text


def write_index(
    out_dir: Path,
    manifest: dict,
    outcomes: list[RegionOutcome],
    data: str,
    version: str,
    overview: dict,
    illustrative: bool = False,
) -> None:
    """Write ``index.html``: the overview, then every report in the manifest or this run with its status and files."""
    atomic_write_text(out_dir / METHODS_PAGE, methods_page())
    order = ["IT", *(code for code in all_report_codes() if code not in ("IT", "SM")), "SM"]  # Italy leads
    shown = {code: dict(manifest.get(code, {})) for code in order}  # every report has a row, built or not
    for outcome in outcomes:
        if outcome.status == "up-to-date":
            shown[outcome.code]["status"] = "ok"
    rows = []
    for code, entry in shown.items():
        status = entry.get("status", "missing")
        rows.append(
            {
                "code": code,
                "name": region_name(code),
                "status": status,
                "status_text": STATUS_TEXT[status],
                "html": entry.get("html"),
                "xlsx": entry.get("xlsx"),
                "pdf": entry.get("pdf"),
                "finished": entry.get("finished") or "",
                "detail": detail(entry),
                "cells": overview["rows"].get(code, []),
            }
        )
    page = render(
        "regional_index.html.j2",
        title="Rapporti regionali sul community building" + (" — edizione illustrativa" if illustrative else ""),
        illustrative=illustrative,
        base_css=asset("static/base.css"),
        neighbours=[link for link in NEIGHBOURS if (out_dir / link["href"]).exists()],
        rows=rows,
        overview=overview,
        run_date=italian_datetime(datetime.now()),
        data_version=data,
        code_version=version,
    )
    atomic_write_text(out_dir / "index.html", page)
