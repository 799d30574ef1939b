"""The batch runner: one parameterised notebook per region, executed with papermill, published as HTML.

:func:`run` plans (:mod:`.plan`: which regions changed), prepares the work
shared by every region once (clean data when stale, the coverage cache),
executes the notebooks in worker processes (:mod:`.execute`: a local pool or
dask, kernels forked from a template process with ``isolation="zygote"``) and
publishes each result as it arrives (:mod:`.publish`: the page, the
manifest, then the index with every report's status, the run date, the data
version and the code version).

* **Incremental**: a region is rebuilt only when the notebook, the code, its
  parameters or the input data changed (``force`` rebuilds all).
* **Isolated failures**: a failing region is recorded with the failing cell
  and error; the others finish; the last good HTML is never overwritten.
* **Isolation**: ``kernel`` starts a fresh kernel per region (papermill's
  plain path); ``zygote`` (Linux, the default there) forks each kernel from a
  template process that has already imported the report's libraries
  (see :mod:`cbresearch.publish.kernels.zygote`).

Nothing heavy is imported until there is work to do, so a run with nothing
to rebuild returns in well under a second.

Examples
--------
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as d:
...     result = run(["SM"], out_dir=d, isolation="kernel", progress=False)  # doctest: +SLOW
>>> [(o.code, o.status) for o in result.outcomes]  # doctest: +SLOW
[('SM', 'ok')]
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from ... import config
from ...check.disclosure.threshold import MIN_COUNT
from ...data.schema.regions import all_report_codes, check_region_code
from ...data.store.cache import cache_key, code_version
from ...data.store.fingerprint import data_version
from ...data.store.load import staleness
from ...errors import CbResearchError
from ...formats import italian_datetime
from ...i18n import _
from ..kernels.limits import LIMITED_KERNEL, MEMORY_ENV, limited_kernelspec, temporary_folder
from ..pdf import PdfPrinter
from ..report.title import report_title
from .execute import execute_all, warm_pool
from .guard import OwnedProcesses, RunLock, check_output_folder, run_id, sigterm_as_interrupt, stop_if_signalled
from .overview import cached_overview, years_moved
from .plan import RegionOutcome, Task, plan
from .publish import publish_result, save_manifest, write_index

NOTEBOOK_NAME = "regional_report.ipynb"
#: the run's log, next to the index: kernels' warnings and shutdown notices (``--verbose`` shows them instead)
LOG_NAME = "batch.log"
PARAMETERS = ("region_code", "year", "min_count", "illustrative")
#: where the illustrative edition goes by default: never mixed with the real reports
ILLUSTRATIVE_FOLDER = "regional-illustrativo"
#: kernels see these: the inline backend (figures are outputs, not windows) and stable hashing
KERNEL_ENV = {"MPLBACKEND": "module://matplotlib_inline.backend_inline", "PYTHONHASHSEED": "0"}


def default_notebook() -> Path:
    """The parameterised regional report.

    Examples
    --------
    >>> default_notebook().name
    'regional_report.ipynb'
    """
    return config.NOTEBOOKS_DIR / NOTEBOOK_NAME


@dataclass
class RunResult:
    """The outcome of a batch run."""

    out_dir: Path
    outcomes: list[RegionOutcome] = field(default_factory=list)
    seconds: float = 0.0
    new_years: list[str] = field(default_factory=list)  # indicators whose latest year changed since the last run
    data_changed: list[str] = field(default_factory=list)  # regions planned for a rebuild because their data changed

    @property
    def failed(self) -> list[RegionOutcome]:
        """Regions whose notebook raised."""
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def built(self) -> list[RegionOutcome]:
        """Regions rebuilt in this run."""
        return [o for o in self.outcomes if o.status == "ok"]


def check_notebook(notebook: Path) -> None:
    """Refuse a notebook that is missing or whose ``parameters`` cell lacks the report's parameters.

    Examples
    --------
    >>> check_notebook(Path("nessuno.ipynb"))
    Traceback (most recent call last):
    ...
    cbresearch.errors.CbResearchError: nessuno.ipynb: il notebook non esiste; atteso il notebook parametrico del rapporto regionale
    """
    if not notebook.exists():
        raise CbResearchError(
            _("{path}: no such notebook; expected the parameterised regional report").format(path=notebook)
        )
    import papermill as pm

    missing = set(PARAMETERS) - set(pm.inspect_notebook(str(notebook)))
    if missing:
        raise CbResearchError(
            _("{name}: the 'parameters' cell does not define {names}").format(
                name=notebook.name, names=", ".join(sorted(missing))
            )
        )


def prepare(year: int | None) -> None:
    """Work shared by all regions, done once before the batch: clean the data when stale, cache the coverage table,
    draw the figures every report shares (:mod:`cbresearch.publish.report.shared_figures`).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> prepare(None)  # doctest: +SLOW
    """
    # pandas, pyarrow and pandera come with these: imported only when there is work, so a no-op run stays fast
    from ...data.clean.pipeline import clean_all
    from ..report.coverage import write_coverage_cache
    from ..report.shared_figures import write_shared_figures

    if staleness() is not None:
        clean_all()
    write_coverage_cache(year)
    write_shared_figures(year)


def default_isolation() -> str:
    """How kernels start by default: forked from a template process on Linux, fresh elsewhere.

    Examples
    --------
    >>> default_isolation() in ("zygote", "kernel")
    True
    """
    return "zygote" if sys.platform.startswith("linux") else "kernel"


@dataclass(frozen=True)
class Options:
    """How a batch runs (see :func:`run` for each option)."""

    jobs: int | None = None
    executor: str = "local"
    scheduler: str | None = None
    keep_code: bool = False
    isolation: str = field(default_factory=default_isolation)
    year: int | None = None
    min_count: int = MIN_COUNT
    illustrative: bool = False
    progress: bool = True
    timeout: int = 600
    start_timeout: int = 120
    pdf: bool = False
    log: Path | None = None  # where kernels' and workers' messages go (None: the terminal)
    max_memory: int | None = None
    run_id: str = ""

    def __post_init__(self) -> None:
        if self.executor not in ("local", "dask"):
            raise CbResearchError(_("--executor: got {value!r}, expected local or dask").format(value=self.executor))
        if self.isolation not in ("zygote", "kernel"):
            raise CbResearchError(
                _("--isolation: got {value!r}, expected zygote or kernel").format(value=self.isolation)
            )


def _tasks(
    todo: list[tuple[str, dict, str]], notebook: Path, out_dir: Path, kernel: str, env: dict, options: Options
) -> list[Task]:
    running = out_dir / "notebooks"
    return [
        Task(
            code=code,
            parameters=parameters,
            key=key,
            notebook=notebook,
            output=running / f".{code}.{options.run_id}.running.ipynb",  # the run's id: runs never share a file
            cwd=notebook.parent,
            kernel=kernel,
            timeout=options.timeout,
            start_timeout=options.start_timeout,
            env={**KERNEL_ENV, **env},
            log=str(options.log) if options.log else None,
        )
        for code, parameters, key in todo
    ]


def run(
    regions: list[str] | None = None,
    options: Options | None = None,
    *,
    out_dir: Path | None = None,
    notebook: Path | None = None,
    force: bool = False,
    verbose: bool = False,
    wait: bool = True,
    tell: Callable[[str], None] | None = None,
    **settings,
) -> RunResult:
    """Build the regional reports.

    Parameters
    ----------
    regions : list of str, optional
        Region codes ("01"-"20", "IT", "SM"); default: all 22 reports.
    options : Options, optional
        How the batch runs, built once by the caller (the command line builds it); or give its fields as
        keywords (``run(["08"], jobs=2)``).  The fields:
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
    illustrative : bool
        Build the illustrative edition (reconstructed tables, marked, a banner on every page), by default in
        ``reports/regional-illustrativo`` so that it never mixes with the real reports.
    progress : bool
        Show a progress bar.
    timeout : int
        Seconds a region may take (its notebook, all cells); past them it is stopped and marked
        "tempo scaduto", and the others go on.
    start_timeout : int
        Seconds allowed for a kernel to start.
    pdf : bool
        Also print each report to ``<code>.pdf`` (A4, headless Chromium).
    verbose : bool
        Let the kernels' messages (warnings, shutdown notices) reach the terminal; by default they go to
        ``batch.log`` next to the index.
    wait : bool
        When another run is writing in ``out_dir``, wait for it (default) or raise
        :class:`~.guard.FolderBusyError` (exit code 3 on the command line).
    max_memory : int, optional
        Megabytes of address space each kernel may use (see :mod:`cbresearch.publish.kernels.limits`).
    tell : callable, optional
        Receives the one-line message when the run waits for another (default: standard error).

    Returns
    -------
    RunResult

    Notes
    -----
    Regions run in worker processes started with ``multiprocessing``: from a
    script, call ``run`` under ``if __name__ == "__main__":`` (notebooks and the
    ``cbresearch`` command need nothing).
    """
    started = time.perf_counter()
    options = options or Options(**settings)
    codes = [check_region_code(c) for c in (regions or all_report_codes())]
    notebook = Path(notebook or default_notebook()).resolve()
    default_folder = config.REPORTS_DIR / (ILLUSTRATIVE_FOLDER if options.illustrative else "regional")
    out_dir = check_output_folder(Path(out_dir or default_folder), len(codes), options.pdf)
    options = replace(options, log=None if verbose else out_dir / LOG_NAME, run_id=run_id())
    if not notebook.exists():
        check_notebook(notebook)
    say = tell or (lambda line: print(line, file=sys.stderr, flush=True))
    with RunLock(out_dir, wait, say), sigterm_as_interrupt(), OwnedProcesses():
        data, version = data_version(), code_version()
        notebook_hash = hashlib.sha256(notebook.read_bytes()).hexdigest()
        todo = plan(codes, out_dir, notebook_hash, data, version, options.keep_code, force=force, year=options.year,
                    min_count=options.min_count, pdf=options.pdf, illustrative=options.illustrative)  # fmt: skip
        result = RunResult(out_dir, list(todo.up_to_date), data_changed=todo.data_changed)
        if todo.todo:
            result.outcomes += _build(todo.todo, todo.manifest, notebook, out_dir, options)
            data = data_version()  # prepare() may have cleaned: the index shows what the reports were built from
            _record_data(out_dir, todo.manifest, result.built, data)
        overview = cached_overview(out_dir, cache_key("overview", options.year), options.year)
        result.new_years = years_moved(out_dir, overview)
        write_index(out_dir, todo.manifest, result.outcomes, data, version, overview, options.illustrative)
    order = {code: i for i, code in enumerate(all_report_codes())}
    result.outcomes.sort(key=lambda o: order[o.code])
    result.seconds = time.perf_counter() - started
    return result


def _start_log(log: Path | None) -> None:
    """Start this run's log: a header line; kernels and workers append their messages below it."""
    if log is not None:
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(f"cbresearch reports, {italian_datetime(datetime.now())}\n", encoding="utf-8")


def _build(todo: list, manifest: dict, notebook: Path, out_dir: Path, options: Options) -> list[RegionOutcome]:
    """Prepare, execute and publish the regions of ``todo``; every process started here is stopped here."""
    from ..kernels.notebooks import HtmlConverter, ensure_kernel  # nbconvert: only when there is work (fast no-op runs)

    _start_log(options.log)
    os.environ.setdefault("MPLBACKEND", "Agg")  # the shared figures are drawn here: never a window (no effect once
    # pyplot is imported, as in JupyterLab, where the inline backend draws off screen too)
    zygote = None
    outcomes = []
    with contextlib.ExitStack() as stack:
        if options.isolation == "zygote":
            from ..kernels.zygote import Zygote  # Linux only (fork, Unix sockets)

            zygote = Zygote.spawn(options.log)  # imports its libraries while the shared work below runs
            stack.callback(zygote.stop)
        warm_pool(options.executor)  # so do the workers' template process
        stack.callback(_remove_running, out_dir, options.run_id)
        check_notebook(notebook)
        kernel = ensure_kernel()
        prepare(options.year)
        env: dict[str, str] = {}
        if options.max_memory:
            env[MEMORY_ENV] = str(options.max_memory)
            if zygote is None:  # a fresh kernel is capped by the kernelspec that starts it
                folder = temporary_folder()
                stack.callback(shutil.rmtree, folder, ignore_errors=True)
                env.update(limited_kernelspec(folder))
                kernel = LIMITED_KERNEL
        printer = stack.enter_context(PdfPrinter()) if options.pdf else None
        (out_dir / "notebooks").mkdir(parents=True, exist_ok=True)
        if zygote is not None:
            zygote.wait_ready()
            kernel = zygote.kernel_name
            env.update(zygote.env)
        tasks = _tasks(todo, notebook, out_dir, kernel, env, options)
        by_code = {task.code: task for task in tasks}
        converter = HtmlConverter(keep_code=options.keep_code)
        for done in execute_all(tasks, options.jobs, options.executor, options.scheduler, options.progress):
            outcome = publish_result(done, by_code[done.code], converter, out_dir, manifest, options.pdf)
            stop_if_signalled()
            if printer is not None and outcome.status == "ok":
                _print_pdf(printer, outcome, out_dir, manifest)
            outcomes.append(outcome)
    return outcomes


def _record_data(out_dir: Path, manifest: dict, built: list[RegionOutcome], data: str) -> None:
    """Remember the data version each report was built from: the next run tells rebuilt-for-new-data apart."""
    for outcome in built:
        manifest[outcome.code]["data"] = data
    save_manifest(out_dir, manifest)


def _remove_running(out_dir: Path, run: str) -> None:
    """Remove the notebooks this run left half-executed (an interrupted run); other runs' files are not touched."""
    for path in (out_dir / "notebooks").glob(f".*.{run}.running.ipynb"):
        path.unlink(missing_ok=True)


def _print_pdf(printer: PdfPrinter, outcome: RegionOutcome, out_dir: Path, manifest: dict) -> None:
    """Print a published report to PDF; a failure marks the region failed (its HTML and workbook stay)."""
    try:
        printer.print(out_dir / f"{outcome.code}.html", out_dir / f"{outcome.code}.pdf", report_title(outcome.code))
    except Exception as error:  # the browser crashed or timed out: recorded, never fatal to the batch
        outcome.status, outcome.error = "failed", f"PDF: {type(error).__name__}: {error}"
        manifest[outcome.code].update(status="failed", key=None, error=outcome.error)
    else:
        outcome.pdf = manifest[outcome.code]["pdf"] = f"{outcome.code}.pdf"
    save_manifest(out_dir, manifest)
