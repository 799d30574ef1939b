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

from ..check.reproduction import Status, check
from ..sources.programmes import CASA_COMMUNITY_LAB, ER_PLAN_2017_2019, facilitators_by_profession
from ..sources.registry import load_registry, registered

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
                "Emilia-Romagna": _published(region[0])["published"],
                "Romagna": romagna_text,
                "exact": all(f["qualifier"] == "exact" for f in figures),
                "region_value": sum(registered(i) for i in region),
                "romagna_value": sum(registered(i) for i in romagna),
            }
        )
    return pd.DataFrame(rows)


def programme_section(report) -> None:
    """Display the section in ``report`` (a :class:`cbresearch.publish.report.RegionalReport`); nothing elsewhere.

    Examples
    --------
    >>> from cbresearch.publish.report import RegionalReport
    >>> shown = []
    >>> programme_section(RegionalReport("15", display=lambda *o: shown.extend(o)))
    >>> shown  # nothing outside Emilia-Romagna
    []
    """
    import matplotlib.pyplot as plt

    if report.code != EMILIA_ROMAGNA:
        return
    report.show_markdown(
        "## Programmazione regionale\n\n"
        f"Il Piano sociale e sanitario {ER_PLAN_2017_2019['period'][0]}-{ER_PLAN_2017_2019['period'][1]} "
        "(seed 003) e il percorso CasaCommunityLab (seed 002), in cifre: ogni valore viene dal registro delle cifre "
        "pubblicate (`registry.yaml`) ed è verificato da `cbresearch check`."
    )
    report.show_table(plan_figures(), "Piano sociale e sanitario regionale 2017-2019")
    ccl = casa_community_lab_figures()
    report.show_table(ccl[["Voce", "Emilia-Romagna", "Romagna"]], "CasaCommunityLab: regione e AUSL della Romagna")
    _figure, axes = plt.subplots(1, 2, figsize=(10, 3.6))
    share = ccl[ccl["exact"]].set_index("Voce")  # a share of "oltre 600" or "circa 5.000" would be made up
    (100 * share["romagna_value"] / share["region_value"]).plot.barh(ax=axes[0], color="#2e86c1")
    axes[0].set_xlabel("Romagna, % del dato regionale")
    axes[0].set_ylabel("")
    axes[0].invert_yaxis()
    split = facilitators_by_profession()
    axes[1].pie(
        list(split.values()), labels=[f"{k}\n{v}" for k, v in split.items()], colors=["#2e86c1", "#27ae60", "#bbb"]
    )
    axes[1].set_title(f"Facilitatori per area ({CASA_COMMUNITY_LAB['regione']['facilitatori']})", fontsize=10)
    report.show_figure(axes[0])
    programme = tuple(e for e in load_registry() if e["seed"] in ("002", "003"))  # its checks refer only to these
    checked = [r for r in check(programme) if r.status in (Status.COERENTE, Status.SEGNALATO)]
    report.show_table(
        pd.DataFrame(
            {
                "Cifra": [f"{r.measures}: {r.published}" for r in checked],
                "Esito": [str(r.status) for r in checked],
                "Perché": [r.reason for r in checked],
            }
        ),
        "Coerenza interna delle cifre (cbresearch check)",
    )
    passi = "; ".join(f"{i}. {p}" for i, p in enumerate(CASA_COMMUNITY_LAB["passi"], start=1))
    report.show_markdown(f"Le fasi dei processi locali di CasaCommunityLab: {passi}.")
