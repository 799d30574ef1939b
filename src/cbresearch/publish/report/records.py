"""The report sections built from records: initiatives, needs × targets, themes, the questionnaire.

What they show follows the rule of :mod:`cbresearch.publish.report.lineage`:

* by default, a region's section shows its **real** records only (the seed's
  case cards, initiatives delivered with the template, survey waves imported
  from real exports), each labelled with its source; where there are none, a
  short paragraph says what the seed publishes (nationally, in the Italy
  report) and how the region's own data get in;
* the Italy report shows the seed's national aggregates as published (the
  65-experience matrix, the 72 need × target pairs, the answers of the 24
  authorities), and the real records;
* the illustrative edition (``illustrative=True``) keeps the reconstructed
  regional tables, each marked "illustrativo — dati ricostruiti".

Each function takes a :class:`~cbresearch.publish.report.regional.RegionalReport` and
passes the :class:`~cbresearch.publish.report.lineage.Lineage` of what it shows to
its ``show_*`` methods.

Examples
--------
>>> shown = []
>>> from cbresearch.publish.report.regional import RegionalReport
>>> initiatives_section(RegionalReport("15", display=shown.append))
>>> shown[0].data.startswith("**Nessun dato reale")
True
"""

from __future__ import annotations

import pandas as pd

from ...analysis import regional
from ...analysis.matrices import TOTAL, classification_matrix, need_target_matrix, theme_counts
from ...analysis.survey import score_counts
from ...analysis.waves import in_wave, waves
from ...data.schema.regions import ITALY
from ...data.schema.vocab import LIKERT_LABELS
from ..figures.plots import likert_bars
from ..tables.report_table import count_table, frame_table
from ..text.messages import matrix_alt, scale_alt
from .canvas import Canvas
from .lineage import (
    ILLUSTRATIVE,
    Lineage,
    lineage_of,
    published_classification,
    published_need_target,
    published_survey_answers,
    real_records,
    source_label,
)
from .waves import survey_change

#: how each kind of record gets into the data, for the paragraph of a section without real data
HOW_TO_ADD = {
    "initiatives": (
        "`cbresearch template initiatives --out esperienze.xlsx`: il foglio compilato (Fonte = consegna) va in "
        "`data/raw/initiatives/`, poi `cbresearch clean` e `cbresearch reports`"
    ),
    "survey": (
        "`cbresearch import-survey EXPORT` importa le risposte scaricate da LimeSurvey, Google Moduli o Microsoft "
        "Forms come una nuova rilevazione, poi `cbresearch clean` e `cbresearch reports`"
    ),
}


def _level(report: Canvas) -> str:
    return "Italia" if report.code == ITALY else "regione"


def _badge(report: Canvas) -> str:
    return f" ({ILLUSTRATIVE})" if report.illustrative else ""


def no_real_data(report: Canvas, what: str, published: str, how: str) -> None:
    """The paragraph of a section with no real data for the region: what is published, how data get in."""
    link = "" if report.code == ITALY else " (nel [rapporto Italia](IT.html))"
    report.show_markdown(
        f"**Nessun dato reale {what} per {report.name}.** {published}{link}; come si distribuisca tra le "
        f"regioni non è noto, e il rapporto non lo inventa. Per aggiungere i dati di {report.name}: {how}."
    )


def _regional_counts(
    report: Canvas, matrix: pd.DataFrame, lineage: Lineage, plural: str, caption: str, row: str
) -> None:
    """A count matrix, protected; a sentence instead when it is empty or too small to show."""
    total = int(matrix.loc[TOTAL, TOTAL])
    if total == 0:
        report.show_markdown(f"Nessuna delle {plural} riguarda {report.name}.", lineage=lineage)
        return
    if total < report.min_count:
        report.show_markdown(
            f"In {report.name} meno di {report.min_count} {plural}: la tabella non è mostrata, perché ogni sua "
            "cella sarebbe un conteggio piccolo.",
            lineage=lineage,
        )
        return
    protected = report.protect(matrix)
    report.show_markdown(
        f"{plural.capitalize()} in {report.name}: **{protected.value(TOTAL, TOTAL)}**.", lineage=lineage
    )
    report.show_table(count_table(protected, caption + _badge(report), row), lineage=lineage)


def _real_list(report: Canvas, records: pd.DataFrame, caption: str) -> None:
    """The real initiatives of the region, one per row, with their source."""
    table = pd.DataFrame(
        {
            "Titolo": records["title"].astype(str),
            "Attività": records["activity"].astype(str),
            "Approccio": records["approach"].astype(str),
            "Fonte": source_label(records),
        }
    ).reset_index(drop=True)
    report.show_table(frame_table(table, caption, row_header=True), lineage=lineage_of(records, _level(report)))


def _published_heatmap(report: Canvas, name: str, national: pd.DataFrame, what: str) -> None:
    """The national matrix the seed publishes, as its shared heatmap: a published aggregate."""
    report.show_shared(name, matrix_alt(national, what),
                       lineage=Lineage(frozenset({"seed"}), "Italia", published_aggregate=True))  # fmt: skip


def initiatives_section(report: Canvas) -> None:
    """The region's experiences by activity × approach, with the national matrix the seed publishes."""
    records = regional.initiatives_in_region(report.code, report.table("initiatives"))
    if report.illustrative and report.code != ITALY:
        _regional_counts(report, classification_matrix(records), lineage_of(records, "regione"),
                         "esperienze classificate", f"{report.name}: esperienze per attività × approccio",
                         "Attività")  # fmt: skip
    else:
        real = real_records(records)
        if real.empty:
            no_real_data(report, "sulle esperienze", "Il seed 004 pubblica la classificazione delle esperienze "
                         "(attività × approccio) solo per l'Italia", HOW_TO_ADD["initiatives"])  # fmt: skip
        else:
            report.show_markdown(
                f"Esperienze di {report.name} da fonti reali (schede del seed 004 e consegne): **{len(real)}**.",
                lineage=lineage_of(real, _level(report)),
            )
            _real_list(report, real, f"{report.name}: esperienze da fonti reali, con la loro fonte")
    _published_heatmap(report, "heatmap-initiatives", published_classification(),
                       "esperienze per attività × approccio in Italia (seed 004, pubblicata)")  # fmt: skip


def needs_section(report: Canvas) -> None:
    """Needs × targets of the region's experiences, with the national matrix the seed publishes."""
    needs = regional.needs_in_region(report.code, report.table("initiatives"), report.table("needs"))
    caption = f"{report.name}: coppie bisogno × target delle esperienze"
    if report.illustrative and report.code != ITALY:
        _regional_counts(report, need_target_matrix(needs), lineage_of(needs, "regione"), "coppie bisogno × target",
                         caption, "Bisogno")  # fmt: skip
    else:
        real = real_records(needs)
        if real.empty:
            no_real_data(report, "su bisogni e target", "Il seed 004 pubblica le 72 coppie bisogno × target solo per "
                         "l'Italia", HOW_TO_ADD["initiatives"])  # fmt: skip
        else:
            _regional_counts(report, need_target_matrix(real), lineage_of(real, _level(report)),
                             "coppie bisogno × target delle esperienze da fonti reali", caption, "Bisogno")  # fmt: skip
    _published_heatmap(report, "heatmap-needs", published_need_target(),
                       "coppie bisogno × target in Italia (seed 004, pubblicata)")  # fmt: skip


def themes_section(report: Canvas) -> None:
    """Initiatives by theme of community health (seeds 000 and 001)."""
    records = regional.initiatives_in_region(report.code, report.table("initiatives"))
    chosen = records if report.illustrative else real_records(records)
    if chosen.empty:
        no_real_data(report, "sui temi delle esperienze", "I seed 000 e 001 nominano i temi, ma nessuna cifra per "
                     "tema è pubblicata", HOW_TO_ADD["initiatives"])  # fmt: skip
        return
    lineage = lineage_of(chosen, _level(report))
    counts = theme_counts(chosen).set_index("Tema")
    if int(counts.to_numpy().max()) == 0:
        report.show_markdown(f"Le esperienze di {report.name} non toccano nessuno dei temi.", lineage=lineage)
        return
    what = "" if report.illustrative else " (esperienze da fonti reali)"
    report.show_table(
        count_table(report.protect(counts), f"{report.name}: iniziative per tema{what}{_badge(report)}", "Tema",
                    note="Un'iniziativa può avere più temi: i conteggi non si sommano."),
        lineage=lineage,
    )  # fmt: skip


def _survey_block(report: Canvas, every_wave: pd.DataFrame, where: str, label: str, lineage: Lineage) -> None:
    """One questionnaire block: counts per score (protected), bars, and the change between the last two waves."""
    found = waves(every_wave)
    answers = in_wave(every_wave, found[-1]) if len(found) > 1 else every_wave
    in_the_wave = f"Nella rilevazione {found[-1]} h" if len(found) > 1 else "H"
    if len(answers) < report.min_count:
        report.show_markdown(
            f"Risposte al questionario {where}: meno di {report.min_count} aziende rispondenti "
            f"({'nessuna' if answers.empty else f'<{report.min_count}'}): i risultati non sono mostrati per "
            "tutelare la riservatezza delle singole aziende.",
            lineage=lineage,
        )
        survey_change(report, every_wave)
        return
    report.show_markdown(f"{in_the_wave}anno risposto **{len(answers)}** aziende sanitarie {where}.", lineage=lineage)
    protected = report.protect(score_counts(answers))
    scores = list(range(1, 6))
    counts, hidden = protected.counts[scores], protected.hidden[scores]
    if (hidden | (counts == 0)).to_numpy().all():  # every answer given is a small count: the bars would be blank
        report.show_markdown(
            "Con così poche aziende ogni punteggio scelto riguarda meno di "
            f"{report.min_count} aziende: il grafico non è mostrato, la tabella dice quali punteggi nessuno ha scelto."
        )
    else:
        report.show_figure(likert_bars(answers, hidden=hidden), scale_alt(protected, report.name), lineage=lineage)
    names = {score: f"{score} – {LIKERT_LABELS[score].lower()}" for score in scores}
    caption = f"Risposte per punteggio, aziende {where}{label}{_badge(report)}"
    report.show_table(count_table(protected, caption, "Domanda", names), lineage=lineage)
    survey_change(report, every_wave)


def survey_section(report: Canvas) -> None:
    """Questionnaire answers: the region's real waves; for Italy the seed's published answers of 24 authorities."""
    every_wave = regional.survey_in_region(report.code, report.table("survey"))
    where = "del network (tutte le regioni e San Marino)" if report.code == ITALY else f"di {report.name}"
    if report.illustrative:
        _survey_block(report, every_wave, where, "", lineage_of(every_wave, _level(report)))
        return
    if report.code == ITALY:
        published = published_survey_answers()
        _survey_block(report, published, f"{where}, rilevazione del seed 004", " (pubblicate nel seed 004)",
                      Lineage(frozenset({"seed"}), "Italia", published_aggregate=True))  # fmt: skip
    real = real_records(every_wave)
    if real.empty:
        if report.code != ITALY:
            no_real_data(report, "sulle risposte al questionario", "Il seed 004 pubblica le risposte delle 24 aziende "
                         "sanitarie del network solo in forma aggregata", HOW_TO_ADD["survey"])  # fmt: skip
        return
    files = ", ".join(sorted(set(source_label(real))))
    _survey_block(report, real, where, f" (fonte: {files})", lineage_of(real, _level(report)))
