"""The registry of printed figures: every numeric claim of the seeds, transcribed once in ``registry.yaml``.

Each entry names the seed, the slide, what the figure measures, the text as
printed and its value, and either how the project recomputes it (``compute``:
a function of :mod:`cbresearch.check.recompute`) or where it was quoted from
(``source``), with an optional consistency rule among registered figures.
This module only reads and validates the file; :mod:`cbresearch.check`
recomputes the figures, and report sections read published values from here
with :func:`registered`, so a report and the check can never disagree.

Examples
--------
>>> entries = load_registry()
>>> len(entries) >= 150, entries[0]["seed"]
(True, '004')
>>> registered("s002-facilitatori")
380.0
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .. import config

REQUIRED = ("id", "seed", "where", "measures", "published", "value", "unit", "decimals", "qualifier")
QUALIFIERS = ("exact", "about", "at_least", "at_most")
REGISTRY_FILE = config.PACKAGE_DIR / "sources" / "registry.yaml"


@cache
def load_registry(path: Path | None = None) -> tuple[dict, ...]:
    """Read and validate the registry (``sources/registry.yaml`` by default).

    Raises
    ------
    ValueError
        Naming the entry and the problem, when an entry is malformed.

    Examples
    --------
    >>> {e["qualifier"] for e in load_registry()} <= set(QUALIFIERS)
    True
    """
    import yaml  # PyYAML is only needed when the registry is read

    path = Path(path or REGISTRY_FILE)
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    seen: set[str] = set()
    for position, entry in enumerate(entries, start=1):
        name = entry.get("id", f"entry {position}")
        missing = [k for k in REQUIRED if k not in entry]
        if missing:
            raise ValueError(f"{path.name}: {name}: missing field(s) {', '.join(missing)}")
        if entry["id"] in seen:
            raise ValueError(f"{path.name}: {name}: duplicate id")
        seen.add(entry["id"])
        if entry["qualifier"] not in QUALIFIERS:
            raise ValueError(f"{path.name}: {name}: qualifier {entry['qualifier']!r}, expected one of {QUALIFIERS}")
        if "compute" not in entry and "source" not in entry:
            raise ValueError(f"{path.name}: {name}: needs either 'compute' or 'source' (external)")
    return tuple(entries)


def registered(figure_id: str) -> float:
    """The published value of a registered figure.

    Raises
    ------
    KeyError
        Naming the id, when it is not in the registry.

    Examples
    --------
    >>> registered("s003-piani-di-zona")
    38.0
    """
    for entry in load_registry():
        if entry["id"] == figure_id:
            return float(entry["value"])
    raise KeyError(f"{figure_id!r} is not in registry.yaml")
