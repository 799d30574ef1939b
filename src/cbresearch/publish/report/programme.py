"""The "Programmazione regionale" section of the Emilia-Romagna report (seeds 002 and 003).

Every figure shown is read from the registry of published figures
(:func:`cbresearch.sources.registry.registered`), so the report and
``cbresearch check`` cannot disagree.

Examples
--------
>>> plan_figures()["Valore"].tolist()[:3]
[3, 5, 39]
"""

from __future__ import annotations

import pandas as pd

from ...check.reproduction import Status, check
from ...data.schema.regions import region_name
from ...formats import percent
from ...sources.programmes import CASA_COMMUNITY_LAB, ER_PLAN_2017_2019
from ...sources.registry import load_registry, registered
from ..figures.style import OKABE_ITO, italian_ticks, subplots, wrap
from ..tables.report_table import frame_table
from .canvas import Canvas

EMILIA_ROMAGNA = "08"


def plan_figures() -> pd.DataFrame:
    """The Emilia-Romagna social and health plan 2017-2019 in figures (seed 003).

    Examples
    --------
    >>> plan_figures().set_index("Voce").loc["Piani di zona presentati", "Valore"]
    np.int64(38)
    """
    rows = [
        ("Obiettivi strategici", "s003-obiettivi-strategici"),
        ("Aree di intervento trasversali", "s003-aree-intervento"),
        ("Schede regionali", "s003-schede"),
        ("Piani di zona presentati", "s003-piani-di-zona"),
        ("… di cui con il percorso Community Lab", "s003-piani-community-lab"),
        ("Schede attuative dei piani di zona", "s003-schede-attuative"),
        ("Incontri di accompagnamento", "s003-incontri"),
        ("Domande REI/RES (oltre)", "s003-domande-rei-res"),
        ("Persone profilate L.R. 14/2015 (oltre)", "s003-profilati-lr14"),
    ]
    return pd.DataFrame({"Voce": [r[0] for r in rows], "Valore": [int(registered(r[1])) for r in rows]})


def _published(figure_id: str) -> dict:
    return next(e for e in load_registry() if e["id"] == figure_id)


#: CasaCommunityLab, region and AUSL della Romagna (seed 002): row -> (region's figures, Romagna's figures)
CASA_COMMUNITY_LAB_ROWS = (
    ("Distretti", ("s002-distretti",), ("s002-romagna-distretti",)),
    ("Case della Comunità", ("s002-case-comunita",), ("s002-romagna-cdc-operative", "s002-romagna-cdc-avvio")),
    ("Facilitatori in formazione", ("s002-facilitatori",), ("s002-romagna-facilitatori",)),
    ("Operatori coinvolti", ("s002-operatori",), ("s002-romagna-operatori",)),
    ("Enti del terzo settore", ("s002-ets",), ("s002-romagna-ets",)),
    ("Cittadini incontrati", ("s002-cittadini",), ("s002-romagna-cittadini",)),
)


def casa_community_lab_figures() -> pd.DataFrame:
    """CasaCommunityLab: the region and the AUSL della Romagna side by side, as the seed prints them (seed 002).

    Approximate figures keep their words ("oltre 600", "circa 150"): a bare number would claim more precision
    than the slide gives.  ``exact`` says whether both figures of a row are exact counts.

    Examples
    --------
    >>> t = casa_community_lab_figures().set_index("Voce")
    >>> t.loc["Facilitatori in formazione", "Romagna"], t.loc["Case della Comunità", "Romagna"]
    ('90', '10 operative + 5 in avvio')
    """
    rows = []
    for label, region, romagna in CASA_COMMUNITY_LAB_ROWS:
        figures = [_published(i) for i in (*region, *romagna)]
        romagna_text = " + ".join(
            f"{_published(i)['published']} {'operative' if 'operative' in i else 'in avvio'}" if len(romagna) > 1
            else _published(i)["published"]
            for i in romagna
        )  # fmt: skip
        rows.append(
            {
                "Voce": label,
                region_name(EMILIA_ROMAGNA): _published(region[0])["published"],
                "Romagna": romagna_text,
                "exact": all(f["qualifier"] == "exact" for f in figures),
                "region_value": sum(registered(i) for i in region),
                "romagna_value": sum(registered(i) for i in romagna),
            }
        )
    return pd.DataFrame(rows)


def _figure(ccl: pd.DataFrame) -> tuple[object, str]:
    """Romagna's share of the region's figures, and the facilitators by area as published; with its message."""

    _figure, axes = subplots(1, 2, figsize=(10, 3.8), layout="constrained")
    exact = ccl[ccl["exact"]].set_index("Voce")  # a share of "oltre 600" or "circa 5.000" would be made up
    share = 100 * exact["romagna_value"] / exact["region_value"]
    axes[0].barh([wrap(v, 22) for v in share.index], share, color=OKABE_ITO["blue"])
    for y, value in enumerate(share):
        axes[0].text(value + 1, y, percent(value, 0), va="center", fontsize=8)
    axes[0].set_xlim(0, 100)
    italian_ticks(axes[0].xaxis, 0, " %")
    axes[0].set_xlabel("Romagna, quota del dato regionale")
    axes[0].invert_yaxis()
    axes[0].set_title("Il peso della Romagna nel percorso regionale", fontsize=10)
    region = CASA_COMMUNITY_LAB["regione"]
    shares = region["facilitatori_quote_pct"]
    axes[1].barh(list(shares), list(shares.values()), color=[OKABE_ITO["blue"], OKABE_ITO["bluish_green"], "0.55"])
    for y, value in enumerate(shares.values()):
        axes[1].text(value + 1, y, percent(value, 0), va="center", fontsize=8)
    axes[1].set_xlim(0, 100)
    italian_ticks(axes[1].xaxis, 0, " %")
    axes[1].invert_yaxis()
    axes[1].set_xlabel("Quota dei facilitatori (come pubblicata)")
    axes[1].set_title(f"Facilitatori in formazione per area ({region['facilitatori']}, seed 002)", fontsize=10)
    alt = (
        "CasaCommunityLab, la Romagna rispetto alla regione: "
        + "; ".join(f"{voce.lower()} {percent(value, 0)}" for voce, value in share.items())
        + ". Facilitatori per area: "
        + ", ".join(f"{area} {percent(value, 0)}" for area, value in shares.items())
        + f" di {region['facilitatori']} (seed 002)."
    )
    return axes[0], alt


def programme_section(report: Canvas) -> None:
    """Display the section in ``report`` (a :class:`cbresearch.publish.report.regional.RegionalReport`); nothing elsewhere.

    Examples
    --------
    >>> from cbresearch.publish.report.regional import RegionalReport
    >>> shown = []
    >>> programme_section(RegionalReport("15", display=lambda *o: shown.extend(o)))
    >>> shown  # nothing outside Emilia-Romagna
    []
    """
    if report.code != EMILIA_ROMAGNA:
        return
    report.show_markdown(
        "## Programmazione regionale\n\n"
        f"Il Piano sociale e sanitario {ER_PLAN_2017_2019['period'][0]}-{ER_PLAN_2017_2019['period'][1]} "
        "(seed 003) e il percorso CasaCommunityLab (seed 002), in cifre: ogni valore viene dal registro delle cifre "
        "pubblicate (`registry.yaml`) ed è verificato da `cbresearch check`."
    )
    report.show_table(frame_table(plan_figures(), "Piano sociale e sanitario regionale 2017-2019 (seed 003)"))
    ccl = casa_community_lab_figures()
    report.show_table(
        frame_table(
            ccl[["Voce", region_name(EMILIA_ROMAGNA), "Romagna"]], "CasaCommunityLab: regione e AUSL della Romagna"
        )
    )
    report.show_figure(*_figure(ccl))
    programme = tuple(e for e in load_registry() if e["seed"] in ("002", "003"))  # its checks refer only to these
    checked = [r for r in check(programme) if r.status in (Status.COERENTE, Status.SEGNALATO)]
    report.show_table(
        frame_table(
            pd.DataFrame(
                {
                    "Cifra": [f"{r.measures}: {r.published}" for r in checked],
                    "Esito": [str(r.status) for r in checked],
                    "Perché": [r.reason for r in checked],
                }
            ),
            "Coerenza interna delle cifre (cbresearch check)",
        )
    )
    passi = "; ".join(f"{i}. {p}" for i, p in enumerate(CASA_COMMUNITY_LAB["passi"], start=1))
    report.show_markdown(f"Le fasi dei processi locali di CasaCommunityLab: {passi}.")
