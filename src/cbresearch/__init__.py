"""cbresearch: reproducible research on community building in Italian health and social care.

The package is organised in layers, each a subpackage that may import only
the ones below it (an import-linter contract in ``make lint`` says so)::

    cli        the `cbresearch` command
    publish    plots, maps, tables, regional reports and their batch, catalogue, course
    check      the reproduction check of every published figure
    analysis   statistics, matrices, survey, networks, coverage, priorities
    data       reading, validating, cleaning, loading; reconstruction; ISTAT tables
    sources    facts transcribed from the slides and from ISTAT
    config · errors · files · rounding

For notebooks, the names researchers use are reachable from the top, imported
on first use so that ``import cbresearch`` stays fast: ``cb.load(name)``,
``cb.clean()``, ``cb.need_coverage()`` (the need-coverage table), and the modules ``cb.matrices``, ``cb.survey``,
``cb.networks``, ``cb.stats``, ``cb.coverage``, ``cb.priority``,
``cb.plots``, ``cb.maps``, ``cb.course``, ``cb.reports`` (the batch:
``cb.reports.run(["08"])``), ``cb.reproduction`` …

A domain error (:class:`~cbresearch.errors.CbResearchError`) that nobody
catches in a script ends it with its message on one line, not a traceback.

Examples
--------
>>> import cbresearch as cb
>>> cb.__version__
'0.1.0'
>>> callable(cb.load), cb.survey.__name__
(True, 'cbresearch.analysis.survey')
"""

from __future__ import annotations

import importlib
import sys

from .config import PACKAGE_VERSION as __version__
from .errors import CbResearchError

#: functions reachable as ``cb.<name>``: name -> (module, attribute)
_FUNCTIONS = {
    "load": ("data.load", "load"),
    "clean": ("data.pipeline", "clean_all"),
    "DATASETS": ("data.load", "DATASETS"),
    "istat_tables": ("data.load", "istat_tables"),
    "need_coverage": ("publish.coverage_cache", "need_coverage"),
}
#: modules reachable as ``cb.<name>``, imported on first use
_MODULES = {
    "config": "config",
    "errors": "errors",
    "files": "files",
    "rounding": "rounding",
    "slides": "sources.slides",
    "standards": "sources.standards",
    "programmes": "sources.programmes",
    "registry": "sources.registry",
    "vocab": "data.vocab",
    "regions": "data.regions",
    "schemas": "data.schemas",
    "themes": "data.themes",
    "stats": "analysis.stats",
    "matrices": "analysis.matrices",
    "survey": "analysis.survey",
    "waves": "analysis.waves",
    "survey_import": "data.survey_import",
    "networks": "analysis.networks",
    "indicators": "analysis.indicators",
    "dispersion": "analysis.dispersion",
    "coverage": "analysis.coverage",
    "national_coverage": "analysis.national_coverage",
    "priority": "analysis.priority",
    "regional": "analysis.regional",
    "reproduction": "check.reproduction",
    "recompute": "check.recompute",
    "plots": "publish.plots",
    "maps": "publish.maps",
    "tables": "publish.tables",
    "report": "publish.report",
    "reports": "publish.batch",
    "catalogue": "publish.catalogue",
    "course": "publish.course",
    "sources": "sources",
    "data": "data",
    "analysis": "analysis",
    "check": "check",
    "publish": "publish",
}

__all__ = ["__version__", *sorted(_FUNCTIONS), *sorted(_MODULES)]


def __getattr__(name: str):
    if name in _FUNCTIONS:
        module, attribute = _FUNCTIONS[name]
        return getattr(importlib.import_module(f".{module}", __name__), attribute)
    if name in _MODULES:
        return importlib.import_module(f".{_MODULES[name]}", __name__)
    raise AttributeError(f"module 'cbresearch' has no attribute {name!r}")


def _report_domain_errors(kind, error, traceback) -> None:
    """In a script, an uncaught CbResearchError ends with its message (``error: …``), not a traceback."""
    if isinstance(error, CbResearchError):
        for line in error.lines():
            print(f"error: {line}", file=sys.stderr)
        return
    _previous_excepthook(kind, error, traceback)


_previous_excepthook = sys.excepthook
if sys.excepthook is sys.__excepthook__:  # leave alone a hook installed by another tool (IPython, pytest …)
    sys.excepthook = _report_domain_errors
