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

Importing the package changes nothing in the interpreter (no exception hook
is replaced): the ``cbresearch`` command handles its own errors.

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

from .config import PACKAGE_VERSION as __version__

#: functions reachable as ``cb.<name>``: name -> (module, attribute)
_FUNCTIONS = {
    "load": ("cbresearch.data.store.load", "load"),
    "clean": ("cbresearch.data.clean.pipeline", "clean_all"),
    "DATASETS": ("cbresearch.data.store.load", "DATASETS"),
    "istat_tables": ("cbresearch.data.store.load", "istat_tables"),
    "need_coverage": ("cbresearch.publish.report.coverage", "need_coverage"),
}
#: modules reachable as ``cb.<name>``, imported on first use
_MODULES = {
    "config": "cbresearch.config",
    "errors": "cbresearch.errors",
    "files": "cbresearch.files",
    "rounding": "cbresearch.rounding",
    "slides": "cbresearch.sources.slides",
    "standards": "cbresearch.sources.standards",
    "programmes": "cbresearch.sources.programmes",
    "registry": "cbresearch.sources.registry",
    "vocab": "cbresearch.data.schema.vocab",
    "regions": "cbresearch.data.schema.regions",
    "schemas": "cbresearch.data.schema.datasets",
    "themes": "cbresearch.data.schema.themes",
    "stats": "cbresearch.analysis.stats",
    "matrices": "cbresearch.analysis.matrices",
    "survey": "cbresearch.analysis.survey",
    "waves": "cbresearch.analysis.waves",
    "survey_import": "cbresearch.data.intake.survey_import",
    "networks": "cbresearch.analysis.networks",
    "indicators": "cbresearch.analysis.indicators",
    "dispersion": "cbresearch.analysis.dispersion",
    "coverage": "cbresearch.analysis.coverage",
    "national_coverage": "cbresearch.analysis.national_coverage",
    "priority": "cbresearch.analysis.priority",
    "regional": "cbresearch.analysis.regional",
    "reproduction": "cbresearch.check.reproduction",
    "recompute": "cbresearch.check.recompute",
    "plots": "cbresearch.publish.figures.plots",
    "maps": "cbresearch.publish.figures.maps",
    "tables": "cbresearch.publish.tables.seed_tables",
    "report": "cbresearch.publish.report.regional",
    "reports": "cbresearch.publish.batch",
    "catalogue": "cbresearch.publish.catalogue",
    "course": "cbresearch.publish.course.exercises",
    "sources": "cbresearch.sources",
    "data": "cbresearch.data",
    "analysis": "cbresearch.analysis",
    "check": "cbresearch.check",
    "publish": "cbresearch.publish",
}

__all__ = ["__version__", *sorted(_FUNCTIONS), *sorted(_MODULES)]


def __getattr__(name: str):
    if name in _FUNCTIONS:
        module, attribute = _FUNCTIONS[name]
        return getattr(importlib.import_module(module), attribute)
    if name in _MODULES:
        return importlib.import_module(_MODULES[name])
    raise AttributeError(f"module 'cbresearch' has no attribute {name!r}")
