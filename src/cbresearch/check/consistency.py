"""Consistency rules among printed figures, evaluated with interval arithmetic and explained in Italian.

A rule holds when some values inside the printed intervals make it true.
When it holds only for part of an input's interval, the explanation says for
which values; when it fails, it says by how much it misses and which values
would make it hold.

Examples
--------
>>> figures = {"u": Interval.point(909_186), "n": Interval(2_750_000, 2_850_000), "p": Interval(31.85, 31.95)}
>>> outcome = evaluate({"type": "ratio", "numerator": "u", "denominator": "n", "scale": 100}, "p", figures)
>>> outcome.holds
True
>>> print(outcome.reason)
909.186 / [2.750.000; 2.850.000] × 100 = [31,90; 33,06]: coerente con [31,85; 31,95] entro l'arrotondamento solo se «n» è tra 2.845.653 e 2.850.000
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from ..formats import number
from ..printed import Interval
from ..rounding import integer_split


@dataclass(frozen=True)
class Outcome:
    """What a rule shows: whether it holds, the value the other figures give, and why (Italian)."""

    holds: bool
    value: Interval | None
    reason: str
    involved: tuple[str, ...]


def _shown(interval: Interval, decimals: int = 0) -> str:
    return interval.text(decimals)


def _decimals(*intervals: Interval) -> int:
    """Enough decimals to write the ends of the narrowest interval (a rounding interval ends on a half digit)."""
    widths = [i.high - i.low for i in intervals if 0 < i.high - i.low < math.inf]
    if not widths:
        return 2 if any(not float(i.low).is_integer() for i in intervals) else 0
    return min(4, max(0, 1 - math.floor(math.log10(min(widths)) + 1e-9)))


def _named(names: dict[str, str], key: str) -> str:
    return f"«{names.get(key, key)}»"


def _ratio(rule: dict, own: str, figures: dict[str, Interval], names: dict[str, str]) -> Outcome:
    numerator, denominator = figures[rule["numerator"]], figures[rule["denominator"]]
    scale = float(rule.get("scale", 1))
    published = figures[own]
    ratio = numerator / denominator * scale
    digits = _decimals(published)
    start = f"{_shown(numerator)} / {_shown(denominator)} × {number(scale)} = {_shown(ratio, digits)}"
    needed = (numerator * scale) / published  # the denominators that give a ratio inside the published interval
    possible = needed.intersection(denominator)
    name = _named(names, rule["denominator"])
    count = _decimals(denominator) if denominator.high > denominator.low else 0
    involved = (own, rule["numerator"], rule["denominator"])
    if possible is None:
        gap = ratio.gap(published)
        return Outcome(
            False, ratio, f"{start}: fuori da {_shown(published, digits)} di {number(gap, digits)}; servirebbe {name} "
            f"tra {number(needed.low, count)} e {number(needed.high, count)}, fuori da {_shown(denominator)}", involved,
        )  # fmt: skip
    if possible == denominator:
        return Outcome(True, ratio, f"{start}: coerente con {_shown(published, digits)}", involved)
    return Outcome(
        True, ratio, f"{start}: coerente con {_shown(published, digits)} entro l'arrotondamento solo se {name} è tra "
        f"{number(possible.low, count)} e {number(possible.high, count)}", involved,
    )  # fmt: skip


def _share_of_sum(rule: dict, own: str, figures: dict[str, Interval], names: dict[str, str]) -> Outcome:
    part = figures[rule["part"]]
    total = Interval(sum(figures[i].low for i in rule["of"]), sum(figures[i].high for i in rule["of"]))
    share = part / total * 100
    published = figures[own]
    digits = _decimals(published)
    text = f"{_shown(part)} / {_shown(total)} × 100 = {_shown(share, digits)}"
    holds = share.overlaps(published)
    verdict = "coerente" if holds else f"fuori da {_shown(published, digits)} di {number(share.gap(published), digits)}"
    return Outcome(holds, share, f"{text}: {verdict}", (own, rule["part"], *rule["of"]))


def _sum(rule: dict, own: str, figures: dict[str, Interval], names: dict[str, str]) -> Outcome:
    parts = [figures[i] for i in rule["of"]]
    total = Interval(sum(p.low for p in parts), sum(p.high for p in parts))
    published = figures[own]
    text = " + ".join(_shown(p) for p in parts) + f" = {_shown(total)}"
    holds = total.overlaps(published)
    verdict = "coerente" if holds else f"non {_shown(published)}: differenza {number(total.gap(published))}"
    return Outcome(holds, total, f"{text}: {verdict}", (own, *rule["of"]))


def _shares_sum(rule: dict, own: str, figures: dict[str, Interval], names: dict[str, str]) -> Outcome:
    shares = [figures[i] for i in rule["group"]]
    total = Interval(sum(s.low for s in shares), sum(s.high for s in shares))
    holds = total.contains(100)
    text = f"le quote sommano a {_shown(total, 1)} %, " + ("100 % compreso" if holds else "100 % escluso")
    return Outcome(holds, total, text, (own, *rule["group"]))


def _integer_split(rule: dict, own: str, figures: dict[str, Interval], names: dict[str, str]) -> Outcome:
    total = int(figures[own].low + 0.5) if figures[own].high - figures[own].low <= 1 else None
    shares = [(figures[i].low + figures[i].high) / 2 for i in rule["group"]]
    width = min(figures[i].high - figures[i].low for i in rule["group"])
    digits = max(0, -math.floor(math.log10(width) + 1e-9))  # the decimals the shares were printed with
    split = integer_split(total, shares, digits) if total else None
    involved = (own, *rule["group"])
    if split is None:
        return Outcome(False, None, f"nessuna ripartizione intera di {total} dà le quote {shares} %", involved)
    parts = ", ".join(f"{number(s, digits)} %" for s in shares)
    return Outcome(True, Interval.point(sum(split)), f"{total} = {' + '.join(map(str, split))} ({parts})", involved)


def _at_most(rule: dict, own: str, figures: dict[str, Interval], names: dict[str, str]) -> Outcome:
    factor = float(rule.get("factor", 1))
    value, other = figures[own], figures[rule["than"]] * factor
    holds = value.low <= other.high
    scaled = f" × {number(factor)}" if factor != 1 else ""
    sign = "≤" if holds else ">"
    digits = _decimals(value, figures[rule["than"]])
    text = f"{_shown(value, digits)} {sign} {_shown(figures[rule['than']], digits)}{scaled} ({_named(names, rule['than'])})"
    return Outcome(holds, None, text, (own, rule["than"]))


def _sum_at_most(rule: dict, own: str, figures: dict[str, Interval], names: dict[str, str]) -> Outcome:
    parts = [figures[i] for i in rule["of"]]
    total = Interval(sum(p.low for p in parts), sum(p.high for p in parts))
    other = figures[rule["than"]]
    holds = total.low <= other.high
    text = " + ".join(_shown(p) for p in parts) + f" = {_shown(total)} {'≤' if holds else '>'} {_shown(other)}"
    return Outcome(holds, total, f"{text} ({_named(names, rule['than'])})", (own, *rule["of"], rule["than"]))


def _equal(rule: dict, own: str, figures: dict[str, Interval], names: dict[str, str]) -> Outcome:
    value, other = figures[own], figures[rule["to"]]
    holds = value.overlaps(other)
    digits = _decimals(value, other)
    text = f"{_shown(value, digits)} {'=' if holds else '≠'} {_shown(other, digits)} ({_named(names, rule['to'])})"
    return Outcome(holds, other, text, (own, rule["to"]))


#: how each type of rule is evaluated
RULES: dict[str, Callable[[dict, str, dict[str, Interval], dict[str, str]], Outcome]] = {
    "ratio": _ratio,
    "share_of_sum": _share_of_sum,
    "sum": _sum,
    "shares_sum": _shares_sum,
    "integer_split": _integer_split,
    "at_most": _at_most,
    "sum_at_most": _sum_at_most,
    "equal": _equal,
}


def evaluate(rule: dict, own: str, figures: dict[str, Interval], names: dict[str, str] | None = None) -> Outcome:
    """Evaluate one consistency rule of figure ``own``.

    Parameters
    ----------
    rule : dict
        The rule as written in the registry (``type`` and its arguments).
    own : str
        The id of the figure the rule belongs to.
    figures : dict
        Every figure's printed interval, by id.
    names : dict, optional
        What each figure measures, to name it in the explanation.

    Examples
    --------
    >>> figures = {"a": Interval.point(4), "b": Interval.point(8), "t": Interval.point(12)}
    >>> evaluate({"type": "sum", "of": ["a", "b"]}, "t", figures).reason
    '4 + 8 = 12: coerente'
    >>> evaluate({"type": "sum", "of": ["a", "b"]}, "a", figures).reason
    '4 + 8 = 12: non 4: differenza 8'
    """
    return RULES[rule["type"]](rule, own, figures, names or {})
