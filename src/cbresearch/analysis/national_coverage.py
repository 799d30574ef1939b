"""National need coverage, as seed 004 publishes it, recomputed from the quoted figures.

Seed 004 ("Fabbisogno …" and "Le risposte dei servizi") quotes the need
(2,8 milioni non-self-sufficient elderly; 708.000 persons with disability)
and the users in care (909.186 and 204.176) with the coverage they imply.
The quoted counts come from an external report, so this table recomputes
only the ratios, side by side with the published percentages.

One rule everywhere (as ``cbresearch check``): a printed figure stands for
the interval of values its digits round to (:mod:`cbresearch.printed`).
"2,8 milioni" is any need from 2.750.000 to 2.849.999, so 909.186 users cover
31,90–33,06 % of it, and the published "31,9 %" ([31,85; 31,95]) agrees
within rounding although 909.186 / 2.800.000 = 32,47 %.

Examples
--------
>>> t = national_coverage().set_index("target")
>>> float(t.loc["Anziani 65+ non autosufficienti", "coverage_recomputed"])
32.5
>>> t["agrees"].tolist()
[True, True]
"""

from __future__ import annotations

import pandas as pd

from ..formats import number, percent
from ..printed import Interval, printed_interval
from ..rounding import round_half_up
from ..sources.registry import load_registry, registry_settings

#: seed 004, "Fabbisogno di anziani 65+ non autosufficienti e persone con disabilità" and
#: "Le risposte dei servizi": target -> registry ids of (users in care, need, published coverage %)
PUBLISHED = {
    "Anziani 65+ non autosufficienti": (
        "s004-utenti-anziani",
        "s004-anziani-non-autosufficienti",
        "s004-copertura-anziani",
    ),
    "Persone con disabilità": ("s004-utenti-disabili", "s004-persone-disabilita", "s004-copertura-disabili"),
}


def _printed(figure_id: str) -> tuple[dict, Interval]:
    entry = next(e for e in load_registry() if e["id"] == figure_id)
    return entry, printed_interval(entry, registry_settings()["about_tolerance"])


def national_coverage() -> pd.DataFrame:
    """Users over need for the elderly and the disabled, recomputed and published, compared as printed intervals.

    Returns
    -------
    DataFrame
        ``target``, ``users``, ``need``, ``coverage_recomputed`` (one decimal, from the printed values),
        ``coverage_published``, ``recomputed_interval`` (the shares the printed figures allow),
        ``agrees`` (the published share's interval meets it), ``need_implied_by_published`` and a ``note``.

    Examples
    --------
    >>> national_coverage()["recomputed_interval"].tolist()
    ['[31,90; 33,06] %', '[28,82; 28,86] %']
    """
    rows = []
    for target, ids in PUBLISHED.items():
        (users_entry, users), (need_entry, need), (published_entry, published) = (_printed(i) for i in ids)
        share = users / need * 100
        users_value, need_value = int(users_entry["value"]), int(need_entry["value"])
        published_value = float(published_entry["value"])
        agrees = share.overlaps(published)
        implied = users_value / (published_value / 100)
        note = (
            f"concorda entro gli arrotondamenti: {number(need_value)} sta per {need.text(0)}, quindi la quota "
            f"sta in {share.text(2, '%')}, che comprende {percent(published_value, 1)}"
            if agrees
            else f"non concorda: {number(users_value)} / {need.text(0)} dà {share.text(2, '%')}, che non comprende "
            f"{published.text(2, '%')}; la quota pubblicata implica un bisogno di circa {number(implied, 0)}"
        )
        rows.append(
            {
                "target": target,
                "users": users_value,
                "need": need_value,
                "coverage_recomputed": round_half_up(100 * users_value / need_value, 1),
                "coverage_published": published_value,
                "recomputed_interval": share.text(2, "%"),
                "agrees": agrees,
                "need_implied_by_published": round(implied),
                "note": note,
            }
        )
    return pd.DataFrame(rows)
