"""National need coverage, as seed 004 publishes it, recomputed from the quoted figures.

Seed 004 ("Fabbisogno …" and "Le risposte dei servizi") quotes the need
(2,8 milioni non-self-sufficient elderly; 708.000 persons with disability)
and the users in care (909.186 and 204.176) with the coverage they imply.
The quoted counts come from an external report, so this table recomputes
only the ratios, side by side with the published percentages.

Examples
--------
>>> t = national_coverage().set_index("target")
>>> float(t.loc["Anziani 65+ non autosufficienti", "coverage_recomputed"])
32.5
>>> bool(t.loc["Persone con disabilità", "agrees"])
True
"""

from __future__ import annotations

import pandas as pd

from ..formats import number, percent
from ..rounding import round_half_up
from ..sources.registry import registered

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


def national_coverage() -> pd.DataFrame:
    """Users over need for the elderly and the disabled, recomputed and published.

    Returns
    -------
    DataFrame
        ``target``, ``users``, ``need``, ``coverage_recomputed`` (one decimal),
        ``coverage_published``, ``agrees``, ``need_implied_by_published`` and a ``note``.

    Examples
    --------
    >>> national_coverage()["agrees"].tolist()
    [False, True]
    """
    rows = []
    for target, ids in PUBLISHED.items():
        users, need, published = int(registered(ids[0])), int(registered(ids[1])), registered(ids[2])
        recomputed = round_half_up(100 * users / need, 1)
        implied = users / (published / 100)
        agrees = recomputed == published
        note = (
            "concorda"
            if agrees
            else f"{number(users)} / {number(need)} = {percent(100 * users / need, 2)}, non {percent(published, 1)}: "
            f"la quota pubblicata implica un bisogno di circa {number(implied, 0)}, quindi la cifra del bisogno è "
            "stata probabilmente troncata, non arrotondata"
        )
        rows.append(
            {
                "target": target,
                "users": users,
                "need": need,
                "coverage_recomputed": recomputed,
                "coverage_published": published,
                "agrees": agrees,
                "need_implied_by_published": round(implied),
                "note": note,
            }
        )
    return pd.DataFrame(rows)
