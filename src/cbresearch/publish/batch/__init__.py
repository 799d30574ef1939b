"""The report batch: one parameterised notebook per region, planned, executed and published, with an overview.

:mod:`.plan` decides which regions need a new report and builds a typed
:class:`~.plan.Task` for each, :mod:`.execute` runs the tasks in worker
processes (local pool or dask), :mod:`.publish` turns each result into a page
and writes the index, :mod:`.overview` the overview page, :mod:`.guard` keeps
the run safe (one run per folder, signals, no orphan processes) and
:mod:`.runner` ties them together: ``cbresearch reports`` and
``cb.reports.run([...])`` call :func:`run`.

May import: every other room of ``publish`` and the layers below.

Examples
--------
>>> from cbresearch.publish.batch import run
>>> run.__module__
'cbresearch.publish.batch.runner'
"""

from __future__ import annotations

from .runner import RunResult, run

__all__ = ["RunResult", "run"]
