"""cbresearch: reproducible research on community building in Italian health and social care.

The public entry point for notebooks is :func:`load`; everything else lives in
modules named after what they do (``clean``, ``reconstruct``, ``vocab`` …).
Heavy libraries (seaborn, statsmodels, pandera) are imported only by the
modules that need them, so ``import cbresearch`` stays fast.

Examples
--------
>>> import cbresearch as cb
>>> cb.__version__
'0.1.0'
>>> callable(cb.load)
True
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("cbresearch")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0+unknown"

_LAZY_FUNCTIONS = {"load": "dataset", "clean_all": "clean"}
#: modules reachable as attributes (``cb.matrices``, ``cb.course`` …), imported on first use
_SUBMODULES = {
    "catalogue",
    "clean",
    "config",
    "course",
    "coverage",
    "database",
    "dataset",
    "demography",
    "errors",
    "figures",
    "geo",
    "matrices",
    "national",
    "networks",
    "plots",
    "priority",
    "programme_section",
    "programmes",
    "reconstruct",
    "regional",
    "registry",
    "report",
    "reports",
    "rawio",
    "schemas",
    "seeds",
    "standards",
    "stats",
    "survey",
    "tables",
    "template",
    "themes",
    "vocab",
}

__all__ = ["__version__", "clean_all", "load", *sorted(_SUBMODULES)]


def __getattr__(name: str):
    if name in _LAZY_FUNCTIONS:
        module = importlib.import_module(f".{_LAZY_FUNCTIONS[name]}", __name__)
        return getattr(module, name)
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'cbresearch' has no attribute {name!r}")
