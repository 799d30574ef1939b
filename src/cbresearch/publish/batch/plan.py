"""Planning a batch: which regions need a new report, and the task that builds each.

A report's identity (:func:`task_key`) is what must change for it to be
rebuilt: its parameters, the notebook, the data version
(:func:`cbresearch.data.store.fingerprint.data_version`), the code version
(:func:`cbresearch.data.store.cache.code_version`), whether code is shown and the HTML template.  The
manifest in the output folder remembers the key of every report built; a
region whose key is unchanged and whose page exists is up to date.

Examples
--------
>>> a = task_key({"region_code": "08"}, "nb", "data", "0.1.0", False)
>>> a == task_key({"region_code": "08"}, "nb", "data", "0.1.0", False), a == task_key({"region_code": "09"}, "nb",
...                                                                                   "data", "0.1.0", False)
(True, False)
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ...data.schema.regions import region_name

MANIFEST = "manifest.json"
TEMPLATE_VERSION = "offline-2"  # bump when the HTML conversion changes

Status = Literal["ok", "failed", "up-to-date"]


@dataclass(frozen=True)
class Task:
    """Everything a worker process needs to execute one region's notebook (picklable, for dask too)."""

    code: str
    parameters: dict
    key: str
    notebook: Path
    output: Path  # where the executed notebook is written while it runs
    cwd: Path
    kernel: str
    timeout: int  # seconds for the whole notebook
    start_timeout: int
    env: dict[str, str] = field(default_factory=dict)
    log: str | None = None  # file that receives the worker's and the kernel's output (None: inherited)


@dataclass
class RegionOutcome:
    """What happened to one region in a run."""

    code: str
    name: str
    status: Status
    html: str | None = None
    xlsx: str | None = None
    pdf: str | None = None
    seconds: float | None = None
    cell: int | None = None
    error: str | None = None
    finished: str | None = None
    key: str | None = None


def task_key(parameters: dict, notebook_hash: str, data: str, version: str, keep_code: bool, pdf: bool = False) -> str:
    """The identity of a report: what must change for it to be rebuilt (``pdf``: whether it has a PDF)."""
    payload = json.dumps(
        {
            "parameters": parameters,
            "notebook": notebook_hash,
            "data": data,
            "version": version,
            "keep_code": keep_code,
            "pdf": pdf,
            "template": TEMPLATE_VERSION,
        },
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def load_manifest(out_dir: Path) -> dict:
    """The manifest of an output folder (``{}`` when there is none or it is damaged).

    Examples
    --------
    >>> load_manifest(Path("/nonexistent"))
    {}
    """
    path = Path(out_dir) / MANIFEST
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


@dataclass
class Plan:
    """The regions to build and those already up to date."""

    todo: list[tuple[str, dict, str]]  # (code, parameters, key)
    up_to_date: list[RegionOutcome]
    manifest: dict
    data_changed: list[str] = field(default_factory=list)  # regions rebuilt because their data changed


def plan(
    codes: list[str],
    out_dir: Path,
    notebook_hash: str,
    data: str,
    version: str,
    keep_code: bool,
    *,
    force: bool,
    year: int | None,
    min_count: int,
    pdf: bool = False,
    illustrative: bool = False,
) -> Plan:
    """Decide, region by region, whether its report must be rebuilt.

    Examples
    --------
    >>> p = plan(["08"], Path("/nonexistent"), "nb", "data", "v", False, force=False, year=None, min_count=5)
    >>> [code for code, _, _ in p.todo], p.up_to_date
    (['08'], [])
    """
    manifest = load_manifest(out_dir)
    todo, fresh, changed = [], [], []
    for code in codes:
        parameters = {"region_code": code, "year": year, "min_count": min_count, "illustrative": illustrative}
        key = task_key(parameters, notebook_hash, data, version, keep_code, pdf)
        previous = manifest.get(code, {})
        files = [previous.get(kind) for kind in ("html", "xlsx", "pdf" if pdf else "html")]
        built = (
            previous.get("key") == key
            and previous.get("status") == "ok"
            and all(name and (out_dir / name).exists() for name in files)
        )
        if built and not force:
            outcome = RegionOutcome(code, region_name(code), "up-to-date", previous.get("html"), key=key)
            outcome.xlsx, outcome.pdf, outcome.finished = (
                previous.get("xlsx"),
                previous.get("pdf"),
                previous.get("finished"),
            )
            fresh.append(outcome)
        else:
            todo.append((code, parameters, key))
            if previous.get("status") == "ok" and previous.get("data") not in (None, data):
                changed.append(code)
    return Plan(todo, fresh, manifest, changed)
