"""The registry of printed figures: every numeric claim of the seeds, transcribed once in ``registry.yaml``.

Each entry is one number printed in the slides: the seed, the slide, the
text around it, the value and how precise the printed digits are (see the
header of ``registry.yaml``), and either how the project recomputes it
(``compute``: a function of :mod:`cbresearch.check.recompute`) or where it
was quoted from (``source``), with optional consistency rules among
registered figures.  This module reads and validates the file and serves the
published values: the reconstruction takes the seed's tables from here
(:func:`published_cells`), report sections quote figures with
:func:`registered`, so the data, the reports and ``cbresearch check`` rest on
one transcription.

Examples
--------
>>> figures = load_registry()
>>> len(figures) >= 200, figures[0]["seed"]
(True, '004')
>>> registered("s002-facilitatori")
380.0
>>> published_cells("survey_count", ("item", "score"))[("suitability_wi", 4)]
13
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .. import config

REQUIRED = ("id", "seed", "where", "quote", "measures", "published", "value", "unit", "qualifier")
QUALIFIERS = ("exact", "about", "more_than", "at_least")
RULES = ("ratio", "share_of_sum", "sum", "shares_sum", "integer_split", "at_most", "sum_at_most", "equal")
REGISTRY_FILE = config.PACKAGE_DIR / "sources" / "registry.yaml"


def _problems(entry: dict, position: int, seen: set[str]) -> list[str]:
    name = entry.get("id", f"entry {position}")
    problems = (
        [f"{name}: missing field(s) {', '.join(k for k in REQUIRED if k not in entry)}"]
        if any(k not in entry for k in REQUIRED)
        else []
    )
    if entry.get("id") in seen:
        problems.append(f"{name}: duplicate id")
    if entry.get("qualifier") not in QUALIFIERS:
        problems.append(f"{name}: qualifier {entry.get('qualifier')!r}, expected one of {', '.join(QUALIFIERS)}")
    if entry.get("qualifier") == "exact" and "precision" not in entry:
        problems.append(f"{name}: an exact figure needs its printed 'precision'")
    if not isinstance(entry.get("published"), str):
        problems.append(f"{name}: 'published' must be the text as printed, in quotes (got {entry.get('published')!r})")
    if not any(k in entry for k in ("compute", "source", "consistency")):
        problems.append(f"{name}: needs 'compute' (recomputed), 'consistency' (checked) or 'source' (quoted)")
    for rule in entry.get("consistency", []):
        if rule.get("type") not in RULES:
            problems.append(f"{name}: consistency rule {rule.get('type')!r}, expected one of {', '.join(RULES)}")
    return problems


@cache
def load_registry(path: Path | None = None) -> tuple[dict, ...]:
    """Read and validate the registry's figures (``sources/registry.yaml`` by default).

    Raises
    ------
    ValueError
        Naming the file, the entry and every problem, when entries are malformed.

    Examples
    --------
    >>> {f["qualifier"] for f in load_registry()} <= set(QUALIFIERS)
    True
    """
    return tuple(registry_settings(path)["figures"])


@cache
def registry_settings(path: Path | None = None) -> dict:
    """The whole registry file: its rules (``rounding``, ``about_tolerance``) and its ``figures``.

    Examples
    --------
    >>> settings = registry_settings()
    >>> settings["rounding"], settings["about_tolerance"]
    ('half_up', 0.1)
    """
    import yaml  # PyYAML is only needed when the registry is read

    path = Path(path or REGISTRY_FILE)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it: 8x faster on this file
    document = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    seen: set[str] = set()
    problems = []
    for position, entry in enumerate(document["figures"], start=1):
        problems += _problems(entry, position, seen)
        seen.add(entry.get("id", ""))
    known = {entry["id"] for entry in document["figures"]}
    for entry in document["figures"]:
        for rule in entry.get("consistency", []):
            referred = [rule[k] for k in ("numerator", "denominator", "part", "than", "to") if k in rule]
            referred += [i for k in ("of", "group") for i in rule.get(k, [])]
            problems += [f"{entry['id']}: consistency refers to unknown id {i!r}" for i in referred if i not in known]
    if problems:
        raise ValueError(f"{path.name}: " + "; ".join(problems))
    return document


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


def published_cells(compute: str, keys: tuple[str, ...]) -> dict[tuple, int]:
    """The printed cells of a seed table: ``(args of keys) -> value`` of every figure recomputed by ``compute``.

    A blank cell of the printed table is no figure, so it is absent (read it as 0).

    Examples
    --------
    >>> cells = published_cells("classification", ("activity", "approach"))
    >>> cells[("Service design che raggiunga i target più fragili", "Istituzionale")], len(cells)
    (14, 17)
    """
    return {
        tuple(entry["args"][k] for k in keys): int(entry["value"])
        for entry in load_registry()
        if entry.get("compute") == compute
    }


def published_shares(compute: str, key: str, column: str) -> dict[str, float]:
    """``label -> published share`` of the figures recomputed by ``compute`` whose ``column`` argument matches.

    Examples
    --------
    >>> published_shares("mention_share", "label", "rewards")["Visibilità"]
    19.0
    """
    return {
        entry["args"][key]: float(entry["value"])
        for entry in load_registry()
        if entry.get("compute") == compute and entry["args"].get("column") == column
    }
