"""The seed's priority-setting quadrant: trend (worse/better) × variability (high/low).

Seed 004 ("Priority setting: la lettura del contesto (II)") proposes to set
priorities with evidence on performance, trend and variability, in a
two-by-two grid: high variability and a worsening trend is "Attenzione!",
high variability and an improving trend "Sulla buona strada!", low
variability and worsening "Peggioramento!", low variability and improving
"Miglioramento!".  The thresholds live in ``priority.yaml``.

Variability is read here as *geographic* variability: how far the region is
from Italy (relative gap, high from 10 %).  The trend is the one the reports
show, from the recent-trend test (last five years; a quasi-Poisson or
quasi-binomial regression whose dispersion is estimated from the series,
significant below the level in ``priority.yaml``, 5 %): a significant change in
the worse direction of the indicator is "Peggiorato", in the better direction
"Migliorato".  **A trend
that is not significant ("stabile") gets no quadrant**, so a report never
shows "stabile" next to "Peggioramento!".

Examples
--------
>>> quadrant("worsening", gap_from_italy_pct=25.0)
'Attenzione!'
>>> quadrant("improving", gap_from_italy_pct=3.0)
'Miglioramento!'
>>> quadrant("stable", gap_from_italy_pct=25.0) is None
True
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .. import config
from .labels import Trend

PRIORITY_FILE = config.PACKAGE_DIR / "analysis" / "priority.yaml"


#: the trend side of the quadrant for each trend; the others get no quadrant
TREND_SIDE = {Trend.WORSENING: "Peggiorato", Trend.IMPROVING: "Migliorato"}


@cache
def thresholds(path: Path | None = None) -> dict:
    """Read the quadrant and trend settings (``analysis/priority.yaml`` by default).

    Examples
    --------
    >>> settings = thresholds()
    >>> settings["window_years"], settings["trend"]["significance_level"]
    (5, 0.05)
    """
    import yaml  # only needed when the settings are read

    path = Path(path or PRIORITY_FILE)
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def variability_label(gap_from_italy_pct: float, settings: dict | None = None) -> str:
    """'Alta' or 'Bassa' for the absolute relative gap from Italy (%).

    Examples
    --------
    >>> variability_label(-12.0), variability_label(4.0)
    ('Alta', 'Bassa')
    """
    settings = settings or thresholds()
    return (
        "Alta" if abs(gap_from_italy_pct) >= settings["variability"]["high_if_gap_from_italy_pct_at_least"] else "Bassa"
    )


def quadrant(trend: str, gap_from_italy_pct: float, settings: dict | None = None) -> str | None:
    """The quadrant label; ``None`` when the trend is not significant or the gap is missing.

    Parameters
    ----------
    trend : str
        A :class:`Trend` value, as the recent-trend test classified the region.
    gap_from_italy_pct : float
        ``100 * (region / Italy - 1)``.
    settings : dict, optional
        Thresholds (default: ``priority.yaml``).

    Examples
    --------
    >>> quadrant("worsening", 5.0), quadrant("improving", -30.0), quadrant("improving", float("nan")) is None
    ('Peggioramento!', 'Sulla buona strada!', True)
    """
    side = TREND_SIDE.get(Trend(trend))
    if side is None or gap_from_italy_pct != gap_from_italy_pct:
        return None
    settings = settings or thresholds()
    return settings["quadrants"][variability_label(gap_from_italy_pct, settings)][side]


def explain(settings: dict | None = None) -> str:
    """One paragraph (Italian) explaining how the quadrant was assigned.

    Examples
    --------
    >>> "10" in explain() and "5 %" in explain()
    True
    """
    settings = settings or thresholds()
    gap = settings["variability"]["high_if_gap_from_italy_pct_at_least"]
    return (
        f"Quadrante di priorità (seed 004): variabilità 'Alta' se la regione si discosta dall'Italia di almeno "
        f"{gap:g}% (in più o in meno), altrimenti 'Bassa'; trend 'Peggiorato' o 'Migliorato' quando la variazione "
        f"degli ultimi {settings['window_years']} anni, nel verso dell'indicatore, è significativa al "
        f"{level_text(settings)} con un test che tiene conto della variabilità della serie (regressione "
        "quasi-Poisson o quasi-binomiale); a un trend stabile non si assegna alcun quadrante. Soglie modificabili "
        "in priority.yaml."
    )


def level_text(settings: dict | None = None) -> str:
    """The trend test's significance level, written the Italian way.

    Examples
    --------
    >>> level_text()
    '5 %'
    """
    settings = settings or thresholds()
    return f"{100 * settings['trend']['significance_level']:g} %".replace(".", ",")
