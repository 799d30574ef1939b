"""Publishing a batch: each executed notebook becomes a page, the manifest and the index follow.

A region that succeeded is converted to HTML (written atomically) and its
executed notebook kept as ``notebooks/<code>.ipynb``; a region that failed
keeps its last good page, its partial notebook is kept as
``notebooks/<code>.failed.ipynb`` and the index says which cell failed.

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

from ...data.regions import all_report_codes, region_name
from ...files import atomic_write_text
from ..notebooks import HtmlConverter
from ..pages import render
from .execute import TaskResult
from .plan import MANIFEST, RegionOutcome, Task


def report_title(code: str) -> str:
    """The title of a report.

    Examples
    --------
    >>> report_title("IT"), report_title("08")
    ('Italia: rapporto nazionale', 'Emilia-Romagna: rapporto regionale')
    """
    if code == "IT":
        return "Italia: rapporto nazionale"
    return f"{region_name(code)}: rapporto regionale"


def publish_result(
    result: TaskResult, task: Task, converter: HtmlConverter, out_dir: Path, manifest: dict
) -> RegionOutcome:
    """Turn one worker's result into the published page (or keep the last good one) and update the manifest."""
    code = result.code
    entry = RegionOutcome(
        code,
        region_name(code),
        "ok" if result.status == "ok" else "failed",
        seconds=result.seconds,
        key=task.key,
        finished=f"{datetime.now():%d/%m/%Y %H:%M:%S}",
    )
    running = Path(task.output)
    if result.status == "ok":
        atomic_write_text(out_dir / f"{code}.html", converter.convert(running, report_title(code)))
        os.replace(running, out_dir / "notebooks" / f"{code}.ipynb")
        entry.html = f"{code}.html"
        manifest[code] = {"key": task.key, "status": "ok", "html": entry.html, "finished": entry.finished}
    else:
        entry.cell, entry.error = result.cell, result.error
        if running.exists():
            os.replace(running, out_dir / "notebooks" / f"{code}.failed.ipynb")
        entry.html = manifest.get(code, {}).get("html") if (out_dir / f"{code}.html").exists() else None
        manifest[code] = {
            "key": None,
            "status": "failed",
            "html": entry.html,
            "cell": entry.cell,
            "error": entry.error,
            "finished": entry.finished,
        }
    atomic_write_text(out_dir / MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False))
    return entry


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
    out_dir: Path, manifest: dict, codes: list[str], outcomes: list[RegionOutcome], data: str, version: str
) -> None:
    """Write ``index.html``: every report in the manifest or this run, with its status, date and any failure."""
    order = {code: i for i, code in enumerate(all_report_codes())}
    shown = {code: dict(manifest.get(code, {})) for code in sorted(set(manifest) | set(codes), key=lambda c: order[c])}
    for outcome in outcomes:
        if outcome.status == "up-to-date":
            shown[outcome.code]["status"] = "ok"
    rows = [
        {
            "code": code,
            "name": region_name(code),
            "status": entry.get("status", "missing"),
            "html": entry.get("html"),
            "finished": entry.get("finished") or "",
            "detail": detail(entry),
        }
        for code, entry in shown.items()
    ]
    page = render(
        "regional_index.html.j2",
        rows=rows,
        run_date=f"{datetime.now():%d/%m/%Y %H:%M}",
        data_version=data,
        code_version=version,
    )
    atomic_write_text(out_dir / "index.html", page)
