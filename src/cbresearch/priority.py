"""The seed's priority-setting quadrant: trend (worse/better) × variability (high/low).

Seed 004 ("Priority setting: la lettura del contesto (II)") proposes to set
priorities with evidence on performance, trend and variability, in a
two-by-two grid: high variability and a worsening trend is "Attenzione!",
high variability and an improving trend "Sulla buona strada!", low
variability and worsening "Peggioramento!", low variability and improving
"Miglioramento!".  The thresholds live in ``priority.yaml``.

Variability is read here as *geographic* variability: how far the region is
from Italy (relative gap); the trend is the annual relative change over the
recent window, signed by the indicator's polarity (so "worse" means a fall
for an indicator where higher is better).

Examples
--------
>>> quadrant(annual_change_pct=-3.0, gap_from_italy_pct=25.0)
'Attenzione!'
>>> quadrant(annual_change_pct=2.0, gap_from_italy_pct=3.0)
'Miglioramento!'
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from . import config


@cache
def thresholds(path: Path | None = None) -> dict:
    """Read the quadrant thresholds (``priority.yaml`` in the package by default).

    Examples
    --------
    >>> thresholds()["window_years"]
    5
    """
    import yaml

    path = Path(path or config.PACKAGE_DIR / "priority.yaml")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def trend_label(annual_change_pct: float, settings: dict | None = None) -> str:
    """'Peggiorato' or 'Migliorato' for a polarity-signed annual change (%).

    Examples
    --------
    >>> trend_label(-0.5), trend_label(0.0)
    ('Peggiorato', 'Migliorato')
    """
    settings = settings or thresholds()
    return "Peggiorato" if annual_change_pct < settings["trend"]["worse_if_annual_change_pct_below"] else "Migliorato"


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


def quadrant(annual_change_pct: float, gap_from_italy_pct: float, settings: dict | None = None) -> str | None:
    """The quadrant label; ``None`` when either input is missing.

    Parameters
    ----------
    annual_change_pct : float
        Annual relative change over the recent window, signed so that a
        negative value is a worsening (polarity applied).
    gap_from_italy_pct : float
        ``100 * (region / Italy - 1)``.
    settings : dict, optional
        Thresholds (default: ``priority.yaml``).

    Examples
    --------
    >>> quadrant(-1.0, 5.0), quadrant(1.0, -30.0), quadrant(float("nan"), 1.0) is None
    ('Peggioramento!', 'Sulla buona strada!', True)
    """
    if annual_change_pct != annual_change_pct or gap_from_italy_pct != gap_from_italy_pct:
        return None
    settings = settings or thresholds()
    variability = variability_label(gap_from_italy_pct, settings)
    return settings["quadrants"][variability][trend_label(annual_change_pct, settings)]


def explain(settings: dict | None = None) -> str:
    """One paragraph (Italian) explaining how the quadrant was assigned.

    Examples
    --------
    >>> "10" in explain()
    True
    """
    settings = settings or thresholds()
    gap = settings["variability"]["high_if_gap_from_italy_pct_at_least"]
    cut = settings["trend"]["worse_if_annual_change_pct_below"]
    return (
        f"Quadrante di priorità (seed 004): variabilità 'Alta' se la regione si discosta dall'Italia di almeno "
        f"{gap:g}% (in più o in meno), altrimenti 'Bassa'; trend 'Peggiorato' se la variazione media annua "
        f"degli ultimi {settings['window_years']} anni, nel verso dell'indicatore, è inferiore a {cut:g}%, "
        "altrimenti 'Migliorato'. Soglie modificabili in priority.yaml."
    )
