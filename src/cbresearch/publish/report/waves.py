"""The "Com'è cambiato" part of a report's survey section: two waves of the questionnaire compared.

Shown when the region (or Italy) has answers in two waves, each from at least
``min_count`` authorities: the answers per score in each wave (a protected
count table: small counts hidden), the change in the share answering 4–5 with
its 95 % interval (shown for an item only when the counts behind both shares
are publishable), and, for the authorities that answered in both waves, the
paired tests of :func:`cbresearch.analysis.waves.paired_change` — suppressed
with a note below :data:`~cbresearch.analysis.waves.MIN_PAIRS` pairs.

Examples
--------
>>> shown = []
>>> class Report:
...     name, code, min_count = "Italia", "IT", 5
...     def show_markdown(self, text): shown.append(text)
>>> import cbresearch as cb
>>> survey_change(Report(), cb.load("survey"))
False
"""

from __future__ import annotations

import pandas as pd

from ...analysis.waves import (
    MIN_PAIRS,
    SIGNIFICANCE,
    in_wave,
    paired_change,
    share_change,
    smallest_p,
    wave_distributions,
    waves,
)
from ...data.schema.vocab import LIKERT_LABELS
from ...formats import number
from ..tables.report_table import count_table, frame_table
from .canvas import Canvas


def _publishable(count: int, total: int, min_count: int) -> bool:
    return all(c == 0 or c >= min_count for c in (count, total - count))


def survey_change(report: Canvas, answers: pd.DataFrame) -> bool:
    """Show the comparison of the last two waves in ``report``; return whether there was one to show.

    ``report`` is a :class:`~cbresearch.publish.report.regional.RegionalReport` (its ``show_*`` and ``protect``).
    """
    found = waves(answers)
    if len(found) < 2:
        return False
    first, last = found[-2], found[-1]
    report.show_markdown(f"#### Com'è cambiato dal {first} al {last}")
    sizes = {w: len(in_wave(answers, w)) for w in (first, last)}
    if min(sizes.values()) < report.min_count:
        shown = {w: f"<{report.min_count}" if n < report.min_count else str(n) for w, n in sizes.items()}
        report.show_markdown(
            f"Il confronto non è mostrato: in una delle due rilevazioni hanno risposto meno di {report.min_count} "
            f"aziende ({first}: {shown[first]}; {last}: {shown[last]})."
        )
        return True
    distributions = wave_distributions(answers, first, last)
    _show_distributions(report, distributions, first, last)
    _show_shares(report, answers, distributions, first, last)
    _show_paired(report, paired_change(answers, first, last), first, last)
    return True


def _show_distributions(report: Canvas, distributions: pd.DataFrame, first: str, last: str) -> None:
    counts = distributions.copy()
    counts.index = [f"{item} – {wave}" for item, wave in distributions.index]
    names = {score: f"{score} – {LIKERT_LABELS[score].lower()}" for score in range(1, 6)}
    caption = f"Risposte per punteggio nelle rilevazioni {first} e {last}"
    report.show_table(count_table(report.protect(counts), caption, "Domanda e rilevazione", names))


def _show_shares(report: Canvas, answers: pd.DataFrame, distributions: pd.DataFrame, first: str, last: str) -> None:
    rows = []
    for row in share_change(answers, first, last).itertuples():
        ok = all(
            _publishable(
                int(distributions.loc[(row.item, w), [4, 5]].sum()),
                int(distributions.loc[(row.item, w), "Totale"]),
                report.min_count,
            )
            for w in (first, last)
        )
        rows.append(
            {
                "Domanda": row.item,
                f"Quota 4–5 {first} (%)": row.share_first if ok else None,
                f"Quota 4–5 {last} (%)": row.share_last if ok else None,
                "Variazione (punti)": row.change if ok else None,
                "IC 95% (punti)": f"{number(row.change_lower, 1)}; {number(row.change_upper, 1)}" if ok else "n.d.",
            }
        )
    report.show_table(
        frame_table(
            pd.DataFrame(rows),
            f"Quota di aziende che rispondono 4 o 5: {first} e {last}",
            {c: 1 for c in rows[0] if c.startswith(("Quota", "Variazione"))},
            note="IC 95%: intervallo di Newcombe per la differenza di due proporzioni indipendenti. n.d.: non mostrato "
            f"perché la quota rivelerebbe un numero di aziende tra 1 e {report.min_count - 1}.",
        )
    )


def _show_paired(report: Canvas, paired: pd.DataFrame, first: str, last: str) -> None:
    if paired["suppressed"].all():
        pairs = int(paired["n_pairs"].max()) if len(paired) else 0
        report.show_markdown(
            f"Confronto appaiato non mostrato: le aziende che hanno risposto in entrambe le rilevazioni sono meno di "
            f"{MIN_PAIRS} ({'nessuna' if pairs == 0 else f'<{MIN_PAIRS}'}), troppo poche per un test."
        )
        return
    pairs = int(paired["n_pairs"].max())
    if smallest_p(pairs) > SIGNIFICANCE:
        report.show_markdown(
            f"Con {pairs} coppie nessun test può risultare significativo al 5 %: il p più piccolo che un test "
            f"esatto bilaterale può dare è {number(smallest_p(pairs), 4)}. Le distribuzioni qui sopra mostrano "
            "com'è cambiato il quadro; i test appaiati non sono mostrati."
        )
        return
    table = pd.DataFrame(
        {
            "Domanda": paired["item"],
            "Aziende appaiate": paired["n_pairs"].astype(int),
            "Wilcoxon esatto, p": paired["wilcoxon_p"],
            "Test del segno, p": paired["sign_p"],
            "Stuart–Maxwell, χ²": paired["stuart_maxwell"],
            "gl": paired["stuart_maxwell_df"].astype(int),
            "Stuart–Maxwell, p": paired["stuart_maxwell_p"],
        }
    )
    report.show_table(
        frame_table(
            table,
            f"Aziende che hanno risposto nel {first} e nel {last}: test appaiati",
            {"Wilcoxon esatto, p": 3, "Test del segno, p": 3, "Stuart–Maxwell, χ²": 2, "Stuart–Maxwell, p": 3},
            note="Wilcoxon dei ranghi con segno e test del segno: esatti, bilaterali, sulla differenza "
            f"{last} − {first}; Stuart–Maxwell: omogeneità marginale della tabella appaiata dei punteggi. "
            "Stuart–Maxwell considera solo i punteggi che sono cambiati (gl = punteggi cambiati − 1); "
            "«–»: nessun punteggio è cambiato.",
        )
    )
