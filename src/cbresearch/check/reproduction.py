"""The reproduction check: every figure of the registry recomputed and judged.

The registry (:mod:`cbresearch.sources.registry`) lists every numeric claim
of the five seeds.  :func:`check` recomputes each one:

* **reproduced** — the figure recomputed from the project's data matches the
  published value within its rounding (or its qualifier: "circa" within
  10 %, "oltre" at least, …);
* **flagged** — it does not, or an external figure fails its consistency
  check (a ratio between quoted numbers, shares that must add to 100 %, a
  part larger than its whole); the line says the recomputed value and why;
* **failed** — the code could not compute it (a bug or missing data);
* **external** — quoted from a source the project cannot recompute, and
  consistent where a consistency check exists.

Examples
--------
>>> results = check()
>>> summary_line(results)  # doctest: +ELLIPSIS
'reproduced ..., flagged ..., failed 0, external ...'
"""

from __future__ import annotations

import traceback
from dataclasses import asdict, dataclass, field

from ..rounding import integer_split, round_half_up
from ..sources.registry import load_registry
from .recompute import FUNCTIONS, Context

ABOUT_TOLERANCE = 0.10


@dataclass
class Result:
    """The outcome of checking one registered figure."""

    id: str
    seed: str
    where: str
    measures: str
    published: str
    value: float
    status: str
    recomputed: float | None = None
    reason: str = ""
    source: str = ""
    note: str = ""
    extra: dict = field(default_factory=dict)

    def line(self) -> str:
        """One readable line for the terminal.

        Examples
        --------
        >>> Result("x", "004", "w", "m", "31,9%", 31.9, "flagged", 32.47, "909.186 / 2.800.000 = 32,5 %").line()
        'flagged     x: published 31,9%, recomputed 32.47 - 909.186 / 2.800.000 = 32,5 %'
        """
        text = f"{self.status:<11} {self.id}: published {self.published or '(blank cell)'}"
        if self.recomputed is not None:
            text += f", recomputed {_fmt(self.recomputed)}"
        if self.reason:
            text += f" - {self.reason}"
        return text


def _fmt(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value)}"
    return f"{value:.4g}" if abs(value) < 1000 else f"{value:,.0f}"


def _matches(entry: dict, recomputed: float) -> bool:
    value = float(entry["value"])
    qualifier = entry["qualifier"]
    if qualifier == "about":
        return abs(recomputed - value) <= ABOUT_TOLERANCE * abs(value)
    if qualifier == "at_least":
        return recomputed >= value
    if qualifier == "at_most":
        return recomputed <= value
    return round_half_up(recomputed, int(entry["decimals"])) == round_half_up(value, int(entry["decimals"]))


def _consistency(entry: dict, values: dict[str, float]) -> tuple[bool, float | None, str]:
    rule = entry["consistency"]
    kind = rule["type"]
    value = float(entry["value"])
    if kind == "ratio":
        numerator, denominator = values[rule["numerator"]], values[rule["denominator"]]
        scale = rule.get("scale", 1)
        ratio = scale * numerator / denominator
        ok = _matches(entry, ratio)
        shown = round_half_up(ratio, int(entry["decimals"]))
        why = f"{numerator:,.0f} / {denominator:,.0f} = {shown:g}{' %' if scale == 100 else ''}"
        if not ok:
            implied = scale * numerator / value
            why += f", not the published {entry['published']}; {entry['published']} would need {implied:,.0f} in place of {denominator:,.0f}"
        return ok, ratio, why
    if kind == "sum":
        total = sum(values[i] for i in rule["of"])
        return total == value, total, f"sum of {', '.join(rule['of'])} = {_fmt(total)}"
    if kind == "shares_sum":
        shares = [values[i] for i in rule["group"]]
        total = sum(shares)
        decimals = max(int(e) for e in [entry["decimals"]])
        tolerance = len(shares) * 0.5 * 10 ** (-decimals) + 1e-9
        ok = abs(total - 100) <= tolerance
        return ok, total, f"published shares add up to {total:.2f} (rounding allows ±{tolerance:.2f})"
    if kind == "integer_split":
        total = int(values[rule["total"]])
        shares = [values[i] for i in rule["group"]]
        split = integer_split(total, shares, int(entry["decimals"]))
        if split is None:
            return False, None, f"no split of {total} into whole numbers rounds to {shares} %"
        return (
            True,
            float(sum(split)),
            f"{total} = {' + '.join(map(str, split))} ({', '.join(f'{s:g}%' for s in shares)})",
        )
    if kind == "at_most":
        other = values[rule["than"]]
        return value <= other, None, f"must not exceed {rule['than']} ({_fmt(other)})"
    if kind == "sum_at_most":
        total = sum(values[i] for i in rule["of"])
        other = values[rule["than"]]
        return total <= other, total, f"{' + '.join(rule['of'])} = {_fmt(total)} must not exceed {_fmt(other)}"
    if kind == "equal":
        other = values[rule["to"]]
        return value == other, other, f"must equal {rule['to']} ({_fmt(other)})"
    raise ValueError(f"{entry['id']}: unknown consistency type {kind!r}")


def check(entries: tuple[dict, ...] | None = None, context=None) -> list[Result]:
    """Recompute every registered figure and classify it.

    Parameters
    ----------
    entries : tuple of dict, optional
        Registry entries (default: :func:`load_registry`).
    context : cbresearch.figures.Context, optional
        Where the data come from (default: the project's cleaned tables).

    Returns
    -------
    list of Result

    Examples
    --------
    >>> results = check()
    >>> next(r for r in results if r.id == "s004-copertura-anziani").status
    'flagged'
    """
    entries = entries if entries is not None else load_registry()
    context = context or Context()
    values = {e["id"]: float(e["value"]) for e in entries}
    results = []
    for entry in entries:
        base = {
            "id": entry["id"], "seed": str(entry["seed"]), "where": entry["where"], "measures": entry["measures"],
            "published": str(entry["published"]), "value": float(entry["value"]), "source": entry.get("source", ""),
            "note": entry.get("note") or "",
        }  # fmt: skip
        if "compute" in entry:
            try:
                outcome = FUNCTIONS[entry["compute"]](context, **(entry.get("args") or {}))
            except Exception as error:  # the check must report, not crash
                detail = traceback.format_exception_only(type(error), error)[-1].strip()
                results.append(Result(**base, status="failed", reason=f"{entry['compute']}: {detail}"))
                continue
            note = ""
            if isinstance(outcome, tuple):
                outcome, note = outcome
            recomputed = float(outcome)
            if _matches(entry, recomputed):
                results.append(Result(**base, status="reproduced", recomputed=recomputed, reason=note))
            else:
                reason = note or f"the project's data give {_fmt(recomputed)}"
                if entry.get("note"):
                    reason += f" ({entry['note']})"
                results.append(Result(**base, status="flagged", recomputed=recomputed, reason=reason))
            continue
        if "consistency" in entry:
            try:
                ok, consistent_value, why = _consistency(entry, values)
            except KeyError as error:
                results.append(Result(**base, status="failed", reason=f"consistency refers to unknown id {error}"))
                continue
            status = "external" if ok else "flagged"
            reason = f"consistent: {why}" if ok else f"inconsistent: {why}"
            results.append(Result(**base, status=status, recomputed=consistent_value, reason=reason))
            continue
        results.append(Result(**base, status="external", reason=f"source: {entry['source']}"))
    return results


def summary_line(results: list[Result]) -> str:
    """``reproduced N, flagged M, failed K, external E``.

    Examples
    --------
    >>> summary_line([])
    'reproduced 0, flagged 0, failed 0, external 0'
    """
    counts = {s: sum(r.status == s for r in results) for s in ("reproduced", "flagged", "failed", "external")}
    return ", ".join(f"{status} {count}" for status, count in counts.items())


def to_json(results: list[Result]) -> dict:
    """Machine-readable results: every figure and the summary counts.

    Examples
    --------
    >>> to_json([])["summary"]
    {'reproduced': 0, 'flagged': 0, 'failed': 0, 'external': 0}
    """
    return {
        "summary": {s: sum(r.status == s for r in results) for s in ("reproduced", "flagged", "failed", "external")},
        "figures": [asdict(r) for r in results],
    }


def flagged_markdown(results: list[Result]) -> str:
    """The docs page listing every flagged figure with its explanation (generated).

    Examples
    --------
    >>> flagged_markdown([]).splitlines()[0]
    '# Published figures that do not add up'
    """
    flagged = [r for r in results if r.status == "flagged"]
    lines = [
        "# Published figures that do not add up",
        "",
        "<!-- generated by `cbresearch check --format markdown`: do not edit by hand -->",
        "",
        "`cbresearch check` recomputes every numeric claim of the seeds registered in",
        "`src/cbresearch/registry.yaml`. These are the figures it flags: the published value",
        "disagrees with the project's data beyond its rounding, or is inconsistent with other",
        "figures quoted next to it.",
        "",
        f"Summary: {summary_line(results)}.",
        "",
        "| seed | where | figure | published | recomputed | why |",
        "|---|---|---|---|---|---|",
    ]
    for r in flagged:
        recomputed = "" if r.recomputed is None else _fmt(r.recomputed)
        why = r.reason.replace("|", "/")
        lines.append(f"| {r.seed} | {r.where} | {r.measures} | {r.published} | {recomputed} | {why} |")
    return "\n".join(lines) + "\n"
