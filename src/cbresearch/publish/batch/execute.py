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

import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass

from ...errors import CbResearchError
from .plan import Task


@dataclass(frozen=True)
class TaskResult:
    """What a worker reports back about one region."""

    code: str
    status: str  # "ok" or "failed"
    seconds: float
    cell: int | None = None
    error: str | None = None


def execute_region(task: Task) -> TaskResult:
    """Execute one region's notebook with papermill (in a worker process or on a dask worker).

    Examples
    --------
    >>> execute_region  # doctest: +ELLIPSIS
    <function execute_region at ...>
    """
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    os.environ.update(task.env)
    started = time.perf_counter()
    try:
        pm.execute_notebook(
            str(task.notebook),
            str(task.output),
            parameters=task.parameters,
            kernel_name=task.kernel,
            cwd=str(task.cwd),
            progress_bar=False,
            log_output=False,
            execution_timeout=task.execution_timeout,
            start_timeout=task.start_timeout,
            shutdown_kernel="immediate",  # every output is already in the notebook: no graceful wait
        )
    except PapermillExecutionError as error:
        return TaskResult(
            task.code, "failed", time.perf_counter() - started, error.cell_index, f"{error.ename}: {error.evalue}"
        )
    except Exception as error:  # kernel died, timed out, could not start …: recorded, never fatal to the batch
        return TaskResult(task.code, "failed", time.perf_counter() - started, None, f"{type(error).__name__}: {error}")
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
            bar.update()
            yield result
    finally:
        bar.close()


def _on_pool(tasks: list[Task], jobs: int) -> Iterator[TaskResult]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    context = multiprocessing.get_context("forkserver" if sys.platform.startswith("linux") else "spawn")
    if hasattr(context, "set_forkserver_preload"):
        context.set_forkserver_preload(["papermill", "nbclient", "cbresearch.publish.batch.execute"])
    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=context, max_tasks_per_child=1) as pool:
        futures = [pool.submit(execute_region, task) for task in tasks]
        for future in as_completed(futures):
            yield future.result()


def _on_dask(tasks: list[Task], jobs: int, scheduler: str | None) -> Iterator[TaskResult]:
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
            yield future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
