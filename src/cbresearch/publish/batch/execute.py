"""Executing the tasks: one region's notebook per worker process, on a local pool or a dask cluster.

:func:`execute_region` runs in the worker: papermill executes the notebook
with the region's parameters and the outcome comes back as a
:class:`TaskResult` (a failing region is recorded, never fatal to the batch).
:func:`execute_all` yields the results as they complete, with a progress bar.

Examples
--------
>>> TaskResult("08", "ok", 1.5).status
'ok'
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ...errors import CbResearchError
from ...i18n import _
from ..kernels import kernel
from .guard import stop_if_signalled
from .plan import Task

#: imported by the workers' template process before any task arrives
PRELOAD = [__name__, "papermill", "nbclient", kernel.__name__]


def skip_iri_grammar() -> None:
    """Keep ``rfc3987_syntax`` from being imported in this process (before nbformat is).

    jsonschema, which nbformat uses to validate notebooks, imports it when it is installed
    (jupyterlab brings it) and it compiles some 35 Lark grammars at import: about 2 s, for the
    IRI formats that no notebook schema uses (python-jsonschema/jsonschema#1428).  A ``None`` in
    ``sys.modules`` makes that optional import fail as if the package were absent.  Only for the
    processes the batch owns: the command, its workers and their template process.

    Examples
    --------
    >>> "rfc3987_syntax" in sys.modules or "jsonschema" in sys.modules or skip_iri_grammar() is None
    True
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


skip_iri_grammar()  # this module is the workers' entry point: it is imported before papermill there


@dataclass(frozen=True)
class TaskResult:
    """What a worker reports back about one region."""

    code: str
    status: str  # "ok" or "failed"
    seconds: float
    cell: int | None = None
    error: str | None = None


@contextlib.contextmanager
def output_to(log: str | None) -> Iterator[None]:
    """Send this process's stdout and stderr (and so its kernel's) to ``log`` while the block runs.

    Examples
    --------
    >>> with output_to(None):  # None: nothing changes
    ...     print("shown")
    shown
    """
    if log is None:
        yield
        return
    sys.stdout.flush()
    sys.stderr.flush()
    saved = [os.dup(1), os.dup(2)]
    target = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.dup2(target, 1)
        os.dup2(target, 2)
        yield
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for descriptor in (*saved, target):
            os.close(descriptor)


def execute_region(task: Task) -> TaskResult:
    """Execute one region's notebook with papermill (in a worker process or on a dask worker).

    Examples
    --------
    >>> execute_region  # doctest: +ELLIPSIS
    <function execute_region at ...>
    """
    with output_to(task.log):
        return _execute(task)


class _Progress:
    """What the worker knows of a running notebook, from nbclient's hooks: the notebook and the cell it runs.

    papermill writes the executed notebook only at the end; when a region times out or its kernel dies, this
    is how the partial notebook is kept and the index names the cell.
    """

    def __init__(self) -> None:
        self.notebook = None
        self.cell: int | None = None

    def notebook_started(self, notebook, **_) -> None:
        self.notebook = notebook

    def cell_started(self, cell, cell_index: int, **_) -> None:
        self.cell = cell_index

    def keep(self, output: Path) -> int | None:
        """Write the partial notebook to ``output`` (when there is one) and return the running cell's index."""
        if self.notebook is not None:
            import nbformat

            with contextlib.suppress(OSError, ValueError):
                nbformat.write(self.notebook, str(output))
        return self.cell


def _died(status: int | None) -> str:
    """Why a kernel ended, in words: the signal that killed it, or its exit code."""
    if status is None:
        return "il kernel si è interrotto"
    number = -status if status < 0 else status - 128 if status > 128 else None
    if number:
        with contextlib.suppress(ValueError):
            return f"il kernel si è interrotto (segnale {number}, {signal.Signals(number).name})"
        return f"il kernel si è interrotto (segnale {number})"
    return f"il kernel si è interrotto (codice di uscita {status})"


def _execute(task: Task) -> TaskResult:
    import papermill as pm
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    os.environ.update(task.env)
    os.environ["CBRESEARCH_WORKER_PID"] = str(os.getpid())  # lets a test notebook play a lost worker
    started = time.perf_counter()
    deadline = time.monotonic() + task.timeout
    progress = _Progress()

    def failed(cell: int | None, error: str) -> TaskResult:
        return TaskResult(task.code, "failed", time.perf_counter() - started, cell, error)

    try:
        pm.execute_notebook(
            str(task.notebook),
            str(task.output),
            parameters=task.parameters,
            kernel_name=task.kernel,
            cwd=str(task.cwd),
            progress_bar=False,
            log_output=False,
            execution_timeout=task.timeout,
            timeout_func=lambda cell: max(1, int(deadline - time.monotonic())),  # the region's budget, not a cell's
            start_timeout=task.start_timeout,
            shutdown_kernel="immediate",  # every output is already in the notebook: no graceful wait
            request_save_on_cell_execute=False,  # written once at the end (a failure still writes what ran)
            kernel_manager_class=kernel.QuickKernelManager,  # no fixed waits at start and shutdown
            on_notebook_start=progress.notebook_started,
            on_cell_start=progress.cell_started,
        )
    except PapermillExecutionError as error:
        if error.ename == "MemoryError":
            return failed(
                error.cell_index, "memoria esaurita (MemoryError): il limite di --max-memory è stato superato"
            )
        return failed(error.cell_index, f"{error.ename}: {error.evalue}")
    except CellTimeoutError:
        return failed(progress.keep(task.output), f"tempo scaduto: oltre {task.timeout} s (--timeout)")
    except DeadKernelError:
        return failed(progress.keep(task.output), _died(kernel.last_exit_status()))
    except Exception as error:  # could not start, …: recorded, never fatal to the batch
        return failed(progress.keep(task.output), f"{type(error).__name__}: {error}")
    return TaskResult(task.code, "ok", time.perf_counter() - started)


def execute_all(
    tasks: list[Task], jobs: int | None, executor: str, scheduler: str | None, progress: bool
) -> Iterator[TaskResult]:
    """Yield each task's result as it completes (local process pool, or dask)."""
    from tqdm.auto import tqdm

    jobs = jobs or os.cpu_count() or 1
    bar = tqdm(total=len(tasks), desc="reports", unit="region", disable=not progress)
    try:
        runner = _on_dask(tasks, jobs, scheduler) if executor == "dask" else _on_pool(tasks, jobs)
        for result in runner:
            stop_if_signalled()
            bar.update()
            yield result
    finally:
        bar.close()


def pool_context():
    """The process context of the local pool: a forkserver that has imported papermill (Linux), else spawn.

    Examples
    --------
    >>> pool_context().get_start_method() in ("forkserver", "spawn")
    True
    """
    import multiprocessing

    context = multiprocessing.get_context("forkserver" if sys.platform.startswith("linux") else "spawn")
    if hasattr(context, "set_forkserver_preload"):
        context.set_forkserver_preload(PRELOAD)
    return context


def warm_pool(executor: str) -> None:
    """Start the local pool's template process now, so its imports overlap the batch's preparation."""
    if executor != "local" or not sys.platform.startswith("linux"):
        return
    from multiprocessing import forkserver

    pool_context()
    forkserver.ensure_running()


def _on_pool(tasks: list[Task], jobs: int) -> Iterator[TaskResult]:
    from concurrent.futures import ProcessPoolExecutor, as_completed

    pool = ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=pool_context(), max_tasks_per_child=1)
    futures = {pool.submit(execute_region, task): task for task in tasks}
    try:
        for future in as_completed(futures):
            yield _outcome(future, futures[future])
    except BaseException:  # Ctrl-C, SIGTERM, the consumer gone: stop the running regions now, do not wait for them
        for process in list((pool._processes or {}).values()):  # the stdlib has no public way to stop its workers
            with contextlib.suppress(OSError):
                process.kill()  # their kernels and launchers are stopped by the run (guard.OwnedProcesses)
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _outcome(future, task: Task) -> TaskResult:
    """The result of a finished future; a worker that died with its task is a failed region, never a missing one."""
    try:
        return future.result()
    except Exception as error:
        return TaskResult(task.code, "failed", 0.0, None, f"il processo che eseguiva il rapporto si è interrotto "
                          f"({type(error).__name__}: {error})")  # fmt: skip


def _on_dask(tasks: list[Task], jobs: int, scheduler: str | None) -> Iterator[TaskResult]:
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:  # pragma: no cover - distributed is a dependency
        raise CbResearchError(_("--executor dask needs the 'distributed' package (pip install distributed)")) from None
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        futures = dict(zip(client.map(execute_region, tasks, pure=False), tasks, strict=True))
        # a lost worker's regions run again elsewhere (the scheduler's retries, distributed.scheduler.allowed-failures)
        for future in as_completed(futures):
            yield _outcome(future, futures[future])
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
