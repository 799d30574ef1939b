"""The batch runner: one parameterised notebook per region, executed with papermill, published as HTML.

:func:`run` executes ``notebooks/regional_report.ipynb`` once per region with
papermill (parameters injected), in separate worker processes, converts each
executed notebook in-process with nbconvert into a self-contained HTML page
(no CDN; code hidden unless ``keep_code``), and writes ``index.html`` with the
status of every report, the run date, the data version and the package
version.

* **Incremental**: a region is rebuilt only when the notebook, the package
  version, its parameters or the input data changed (``force`` rebuilds all).
* **Isolated failures**: a failing region is recorded with the failing cell
  and error; the others finish; the last good HTML is never overwritten.
* **Executors**: ``local`` (a process pool, one task per worker process) or
  ``dask`` (the same task on a ``dask.distributed`` cluster).
* **Isolation**: ``kernel`` starts a fresh kernel per region (papermill's
  plain path); ``zygote`` (Linux, the default there) forks each kernel from a
  template process that has already imported the report's libraries, so no
  region pays for the imports again.  Each region still runs in its own new
  process with a fresh namespace (see :mod:`cbresearch.zygote`).

This module imports nothing heavy until there is work to do, so a run with
nothing to rebuild returns in well under a second.

Examples
--------
>>> task_key({"region_code": "08"}, "nb", "data", "0.1.0", False) == task_key({"region_code": "08"}, "nb", "data",
...                                                                                "0.1.0", False)
True
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from . import config
from .errors import CbResearchError

NOTEBOOK = config.NOTEBOOKS_DIR / "regional_report.ipynb"
KERNEL_NAME = "cbresearch"
MANIFEST = "manifest.json"
TEMPLATE_VERSION = "offline-1"  # bump when the HTML conversion changes


@dataclass
class RegionOutcome:
    """What happened to one region in a run."""

    code: str
    name: str
    status: str  # ok, failed, up-to-date
    html: str | None = None
    seconds: float | None = None
    cell: int | None = None
    error: str | None = None
    finished: str | None = None
    key: str | None = None


@dataclass
class RunResult:
    """The outcome of a batch run."""

    out_dir: Path
    outcomes: list[RegionOutcome] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> list[RegionOutcome]:
        """Regions whose notebook raised."""
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def built(self) -> list[RegionOutcome]:
        """Regions rebuilt in this run."""
        return [o for o in self.outcomes if o.status == "ok"]


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def data_version() -> str:
    """Short hash of every file under ``data/raw`` (the inputs of every report).

    Examples
    --------
    >>> len(data_version())
    12
    """
    digest = hashlib.sha256()
    for path in sorted(config.RAW_DIR.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(config.RAW_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def code_version() -> str:
    """Package version plus a hash of the package's source: a code change rebuilds the reports too.

    Examples
    --------
    >>> code_version().startswith("0.")
    True
    """
    from . import __version__

    digest = hashlib.sha256()
    for path in sorted(config.PACKAGE_DIR.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".yaml", ".j2", ".json"):
            digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:8]}"


def task_key(parameters: dict, notebook_hash: str, data: str, version: str, keep_code: bool) -> str:
    """The identity of a report: what must change for it to be rebuilt."""
    payload = json.dumps(
        {
            "parameters": parameters,
            "notebook": notebook_hash,
            "data": data,
            "version": version,
            "keep_code": keep_code,
            "template": TEMPLATE_VERSION,
        },
        sort_keys=True,
    )
    return _sha256(payload.encode())


def _load_manifest(out_dir: Path) -> dict:
    path = out_dir / MANIFEST
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        return {}


def _write_text(path: Path, text: str) -> None:
    from .rawio import atomic_write_bytes

    atomic_write_bytes(path, text.encode("utf-8"))


# --- the task, run in a worker process --------------------------------------------------


def execute_region(task: dict) -> dict:
    """Execute one region's notebook with papermill (runs in a worker process or on a dask worker).

    Returns a JSON-friendly dict: ``status`` ok/failed, the output path, and
    for failures the failing cell's index, the exception name and message.

    Examples
    --------
    >>> execute_region  # doctest: +ELLIPSIS
    <function execute_region at ...>
    """
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    os.environ.update(task.get("env", {}))
    started = time.perf_counter()
    result = {"code": task["code"], "output": task["output"]}
    try:
        pm.execute_notebook(
            task["notebook"],
            task["output"],
            parameters=task["parameters"],
            kernel_name=task["kernel"],
            cwd=task["cwd"],
            progress_bar=False,
            log_output=False,
            execution_timeout=task["execution_timeout"],
            start_timeout=task["start_timeout"],
            shutdown_kernel="immediate",  # every output is already in the notebook: no graceful wait
        )
        result["status"] = "ok"
    except PapermillExecutionError as error:
        result.update(status="failed", cell=error.cell_index, error=f"{error.ename}: {error.evalue}")
    except Exception as error:  # kernel died, timed out, could not start …: recorded, never fatal to the batch
        result.update(status="failed", cell=None, error=f"{type(error).__name__}: {error}")
    result["seconds"] = time.perf_counter() - started
    return result


# --- conversion, in the parent process ---------------------------------------------------


class HtmlConverter:
    """An nbconvert HTML exporter built once and reused for every region (template compiled once)."""

    def __init__(self, keep_code: bool = False):
        from nbconvert import HTMLExporter
        from traitlets.config import Config

        settings = Config()
        settings.TagRemovePreprocessor.enabled = True
        settings.TagRemovePreprocessor.remove_cell_tags = ("injected-parameters", "parameters")
        settings.HTMLExporter.exclude_input = not keep_code
        settings.HTMLExporter.exclude_input_prompt = True
        settings.HTMLExporter.exclude_output_prompt = True
        settings.HTMLExporter.embed_images = True
        self.exporter = HTMLExporter(
            config=settings, template_name="offline", extra_template_basedirs=[str(config.PACKAGE_DIR / "templates")]
        )
        if keep_code:  # show the parameters too: whoever keeps the code wants to see how it ran
            self.exporter.register_preprocessor("nbconvert.preprocessors.TagRemovePreprocessor", enabled=False)

    def convert(self, notebook_path: Path, title: str) -> str:
        """Return the HTML page of an executed notebook.

        Examples
        --------
        >>> HtmlConverter  # doctest: +ELLIPSIS
        <class 'cbresearch.reports.HtmlConverter'>
        """
        import nbformat

        notebook = nbformat.read(notebook_path, as_version=4)
        notebook.metadata["title"] = title
        body, _ = self.exporter.from_notebook_node(notebook)
        return body


# --- the runner -------------------------------------------------------------------------------


def _ensure_kernel() -> str:
    """Make sure the project's kernel is registered (in this environment), installing it if needed."""
    from jupyter_client.kernelspec import KernelSpecManager

    if KERNEL_NAME not in KernelSpecManager().find_kernel_specs():
        from ipykernel.kernelspec import install

        install(kernel_name=KERNEL_NAME, display_name="Python (cbresearch)", prefix=sys.prefix)
    return KERNEL_NAME


def _check_notebook(notebook: Path) -> None:
    import papermill as pm

    if not notebook.exists():
        raise CbResearchError(f"{notebook}: no such notebook; expected the parameterised regional report")
    declared = set(pm.inspect_notebook(str(notebook)))
    missing = {"region_code", "year", "min_count"} - declared
    if missing:
        raise CbResearchError(f"{notebook.name}: the 'parameters' cell does not define {', '.join(sorted(missing))}")


def prepare(year: int | None) -> None:
    """Work shared by all regions, done once before the batch: clean data, coverage table.

    Examples
    --------
    >>> prepare(None)  # cleans the data if needed and caches the coverage table
    """
    from .coverage import cached_need_coverage
    from .dataset import DATASETS, load

    for name in DATASETS:
        load(name)
    cached_need_coverage(year)


def _write_index(out_dir: Path, outcomes: dict[str, dict], data: str, version: str) -> None:
    from .vocab import region_name

    rows = []
    for code, entry in outcomes.items():
        name = html.escape(region_name(code))
        status = entry.get("status", "missing")
        link = f"<a href='{html.escape(entry['html'])}'>{name}</a>" if entry.get("html") else name
        detail = ""
        if status == "failed":
            cell = entry.get("cell")
            where = f"cella {cell}" if cell is not None else "avvio"
            detail = f"{where}: {html.escape(str(entry.get('error', ''))[:300])}"
            if entry.get("html"):
                detail += " (mostrata l'ultima versione riuscita)"
        rows.append(
            f"<tr class='{status}'><td>{html.escape(code)}</td><td>{link}</td><td>{status}</td>"
            f"<td>{html.escape(entry.get('finished') or '')}</td><td>{detail}</td></tr>"
        )
    page = f"""<!DOCTYPE html>
<html lang="it"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Rapporti regionali - cbresearch</title>
<style>
body {{ font-family: sans-serif; margin: 2em; color: #222; }} table {{ border-collapse: collapse; }}
td, th {{ padding: 4px 10px; border-bottom: 1px solid #ddd; text-align: left; }}
tr.failed td {{ background: #fdecea; }} tr.ok td:nth-child(3) {{ color: #1e7e34; }}
</style></head><body>
<h1>Rapporti regionali</h1>
<p>Eseguiti il {datetime.now():%d/%m/%Y %H:%M} · versione dei dati <code>{data}</code> ·
cbresearch <code>{html.escape(version)}</code></p>
<table><thead><tr><th>Codice</th><th>Regione</th><th>Stato</th><th>Completato</th><th>Dettagli</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table>
<p>Dati ricostruiti dove indicato nei singoli rapporti; dati ISTAT (CC BY 3.0 IT / CC BY 4.0); confini © Openpolis.</p>
</body></html>
"""
    _write_text(out_dir / "index.html", page)


def run(
    regions: list[str] | None = None,
    *,
    jobs: int | None = None,
    out_dir: Path | None = None,
    force: bool = False,
    executor: str = "local",
    scheduler: str | None = None,
    keep_code: bool = False,
    isolation: str | None = None,
    notebook: Path | None = None,
    year: int | None = None,
    min_count: int = 5,
    progress: bool = True,
    execution_timeout: int = 600,
    start_timeout: int = 120,
) -> RunResult:
    """Build the regional reports.

    Parameters
    ----------
    regions : list of str, optional
        Region codes ("01"-"20", "IT", "SM"); default: all 22 reports.
    jobs : int, optional
        Parallel workers (default: the number of CPUs).
    out_dir : Path, optional
        Where to write (default ``reports/regional``).
    force : bool
        Rebuild every report even when nothing changed.
    executor : {"local", "dask"}
        A local process pool, or a ``dask.distributed`` cluster.
    scheduler : str, optional
        Address of an existing dask scheduler (default: a ``LocalCluster``).
    keep_code : bool
        Show code cells in the HTML.
    isolation : {"zygote", "kernel"}, optional
        How kernels start (default: ``zygote`` on Linux, ``kernel`` elsewhere).
    notebook : Path, optional
        The notebook to run (default ``notebooks/regional_report.ipynb``).
    year, min_count : optional
        Notebook parameters.
    progress : bool
        Show a progress bar.
    execution_timeout, start_timeout : int
        Seconds allowed per cell and for a kernel to start.

    Returns
    -------
    RunResult

    Notes
    -----
    Regions run in worker processes started with ``multiprocessing``: from a
    script, call ``run`` under ``if __name__ == "__main__":`` (notebooks and the
    ``cbresearch`` command need nothing).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     result = run(["SM"], out_dir=d, isolation="kernel", progress=False)
    >>> [(o.code, o.status) for o in result.outcomes]
    [('SM', 'ok')]
    """
    from .regional import all_report_codes, check_region_code, title
    from .vocab import region_name

    started = time.perf_counter()
    codes = [check_region_code(c) for c in (regions or all_report_codes())]
    notebook = Path(notebook or NOTEBOOK).resolve()
    out_dir = Path(out_dir or config.REPORTS_DIR / "regional")
    if executor not in ("local", "dask"):
        raise CbResearchError(f"--executor: got {executor!r}, expected local or dask")
    isolation = isolation or ("zygote" if sys.platform.startswith("linux") else "kernel")
    if isolation not in ("zygote", "kernel"):
        raise CbResearchError(f"--isolation: got {isolation!r}, expected zygote or kernel")
    if not notebook.exists():
        raise CbResearchError(f"{notebook}: no such notebook; expected the parameterised regional report")
    notebook_hash = _sha256(notebook.read_bytes())
    data, version = data_version(), code_version()
    manifest = _load_manifest(out_dir)
    result = RunResult(out_dir)
    todo = []
    for code in codes:
        parameters = {"region_code": code, "year": year, "min_count": min_count}
        key = task_key(parameters, notebook_hash, data, version, keep_code)
        previous = manifest.get(code, {})
        fresh = previous.get("key") == key and previous.get("status") == "ok" and (out_dir / f"{code}.html").exists()
        if fresh and not force:
            result.outcomes.append(
                RegionOutcome(
                    code,
                    region_name(code),
                    "up-to-date",
                    previous.get("html"),
                    finished=previous.get("finished"),
                    key=key,
                )
            )
            continue
        todo.append((code, parameters, key))

    if todo:
        _check_notebook(notebook)
        kernel = _ensure_kernel()
        zygote = None
        if isolation == "zygote":
            from .zygote import Zygote

            zygote = Zygote.spawn()  # imports its libraries while the shared work below runs
        prepare(year)
        (out_dir / "notebooks").mkdir(parents=True, exist_ok=True)
        env = {"MPLBACKEND": "module://matplotlib_inline.backend_inline", "PYTHONHASHSEED": "0"}
        tasks = [
            {
                "code": code,
                "notebook": str(notebook),
                "parameters": parameters,
                "kernel": kernel,
                "output": str(out_dir / "notebooks" / f".{code}.running.ipynb"),
                "cwd": str(notebook.parent),
                "execution_timeout": execution_timeout,
                "start_timeout": start_timeout,
                "env": env,
            }
            for code, parameters, _ in todo
        ]
        keys = {code: key for code, _, key in todo}
        converter = HtmlConverter(keep_code=keep_code)
        if zygote is not None:
            zygote.wait_ready()
            for task in tasks:
                task["kernel"] = zygote.kernel_name
                task["env"] = {**task["env"], **zygote.env}
        try:
            for outcome in _execute(tasks, jobs, executor, scheduler, progress, zygote):
                code = outcome["code"]
                entry = RegionOutcome(
                    code,
                    region_name(code),
                    outcome["status"],
                    seconds=outcome.get("seconds"),
                    key=keys[code],
                    finished=f"{datetime.now():%d/%m/%Y %H:%M:%S}",
                )
                running = Path(outcome["output"])
                if outcome["status"] == "ok":
                    page = converter.convert(running, title(code))
                    _write_text(out_dir / f"{code}.html", page)
                    os.replace(running, out_dir / "notebooks" / f"{code}.ipynb")
                    entry.html = f"{code}.html"
                    manifest[code] = {"key": keys[code], "status": "ok", "html": entry.html, "finished": entry.finished}
                else:
                    entry.cell, entry.error = outcome.get("cell"), outcome.get("error")
                    if running.exists():
                        os.replace(running, out_dir / "notebooks" / f"{code}.failed.ipynb")
                    last_good = manifest.get(code, {}).get("html") if (out_dir / f"{code}.html").exists() else None
                    entry.html = last_good
                    manifest[code] = {
                        "key": None,
                        "status": "failed",
                        "html": last_good,
                        "cell": entry.cell,
                        "error": entry.error,
                        "finished": entry.finished,
                    }
                result.outcomes.append(entry)
                _write_text(out_dir / MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False))
        finally:
            if zygote is not None:
                zygote.stop()
    out_dir.mkdir(parents=True, exist_ok=True)
    order = {code: i for i, code in enumerate(all_report_codes())}
    shown = {code: manifest.get(code, {}) for code in sorted(set(manifest) | set(codes), key=lambda c: order[c])}
    for outcome in result.outcomes:
        if outcome.status == "up-to-date":
            shown[outcome.code] = {**shown.get(outcome.code, {}), "status": "ok"}
    _write_index(out_dir, shown, data, version)
    result.outcomes.sort(key=lambda o: order[o.code])
    result.seconds = time.perf_counter() - started
    return result


def _execute(tasks: list[dict], jobs: int | None, executor: str, scheduler: str | None, progress: bool, zygote):
    """Yield each task's outcome as it completes."""
    from tqdm.auto import tqdm

    jobs = jobs or os.cpu_count() or 1
    bar = tqdm(total=len(tasks), desc="reports", unit="region", disable=not progress)
    try:
        if executor == "dask":
            yield from _execute_dask(tasks, jobs, scheduler, bar)
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor, as_completed

        context = multiprocessing.get_context("forkserver" if sys.platform.startswith("linux") else "spawn")
        if hasattr(context, "set_forkserver_preload"):
            context.set_forkserver_preload(["papermill", "nbclient", "cbresearch.reports"])
        with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=context, max_tasks_per_child=1) as pool:
            futures = [pool.submit(execute_region, task) for task in tasks]
            for future in as_completed(futures):
                bar.update()
                yield future.result()
    finally:
        bar.close()


def _execute_dask(tasks: list[dict], jobs: int, scheduler: str | None, bar):
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:  # pragma: no cover - distributed is a dependency
        raise CbResearchError("--executor dask needs the 'distributed' package (pip install distributed)") from None
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        futures = client.map(execute_region, tasks, pure=False)
        for future in as_completed(futures):
            bar.update()
            yield future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
