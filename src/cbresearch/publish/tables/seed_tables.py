"""Writing tables for people: CSV that spreadsheets open safely.

Examples
--------
>>> to_safe_csv(pd.DataFrame({"a": ["=1+1", "ok"]}))
b"a\\n'=1+1\\nok\\n"
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from ...analysis import matrices, national_coverage, networks, survey
from ...analysis.waves import SEED_WAVE, in_wave
from ...data.store.load import load as default_load
from ...files import StagedOutputs
from ..pages import asset, render
from ..text.italian import heading, italian_label
from .report_table import ReportTable, frame_table

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: object) -> object:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe.

    Numbers are left alone (a negative number is not a formula).

    Examples
    --------
    >>> neutralise_formula("=HYPERLINK(\\"x\\")"), neutralise_formula(-3), neutralise_formula("-3 %")
    ('\\'=HYPERLINK("x")', -3, "'-3 %")
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def to_safe_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8, comma-separated CSV with formula injection neutralised in text cells.

    Examples
    --------
    >>> to_safe_csv(pd.DataFrame({"n": [-1], "t": ["+39"]})).decode().splitlines()
    ['n,t', "-1,'+39"]
    """
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise_formula)
    buffer = io.StringIO()
    safe.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")


def build_tables(load=None) -> dict[str, tuple[pd.DataFrame, str]]:
    """Every published-style table, as ``name -> (frame, caption)``.

    Examples
    --------
    >>> tables = build_tables()
    >>> tables["classification_matrix"][0].columns.tolist()
    ['Attività', 'Istituzionale', 'Professionale', 'Volontariato', 'Tra pari', 'Totale']
    """
    load = load or default_load
    return {
        **_matrix_tables(load("initiatives"), load("needs")),
        **_survey_tables(in_wave(load("survey"), SEED_WAVE)),
        **_network_tables(load("networks")),
        "national_coverage": (
            national_coverage.national_coverage(),
            "Copertura nazionale del bisogno: utenti in carico / bisogno, ricalcolata e pubblicata (seed 004).",
        ),
    }


REBUILT = " Dati ricostruiti dagli aggregati pubblicati nel seed 004."


def _matrix_tables(initiatives: pd.DataFrame, needs: pd.DataFrame) -> dict[str, tuple[pd.DataFrame, str]]:
    classification = matrices.classification_matrix(initiatives)
    rebuilt = REBUILT
    return {
        "classification_matrix": (
            classification.rename_axis("Attività").reset_index(),
            "Matrice di classificazione delle esperienze: attività × approccio (seed 004)." + rebuilt,
        ),
        "classification_row_percent": (
            matrices.row_percentages(classification).rename_axis("Attività").reset_index(),
            "Matrice attività × approccio: percentuali di riga." + rebuilt,
        ),
        "classification_column_percent": (
            matrices.column_percentages(classification).rename_axis("Attività").reset_index(),
            "Matrice attività × approccio: percentuali di colonna." + rebuilt,
        ),
        "classification_reading_notes": (
            pd.DataFrame([n.__dict__ for n in matrices.reading_notes(classification)]),
            "Le tre note di lettura della matrice (seed 004), verificate sui dati.",
        ),
        "need_target_matrix": (
            matrices.need_target_matrix(needs).rename_axis("Bisogno").reset_index(),
            "Matrice bisogno × target delle aziende sanitarie (seed 004)." + rebuilt,
        ),
    }


def _survey_tables(answers: pd.DataFrame) -> dict[str, tuple[pd.DataFrame, str]]:
    rebuilt = REBUILT
    return {
        "survey_distribution": (
            survey.distribution(answers),
            "Questionario di assessment strategico: distribuzione delle risposte (n = 24)." + rebuilt,
        ),
        "survey_summary": (
            survey.summary(answers).round(3),
            "Questionario: media, mediana e quota di risposte 4-5 con intervallo di Wilson al 95 %." + rebuilt,
        ),
        "survey_paired_tests": (
            survey.paired_tests(answers).round(6),
            "Implementazione rispetto ad adeguatezza, sui record ricostruiti (accoppiamento non pubblicato): "
            "Wilcoxon esatto (zeri esclusi), test del segno, correlazione rank-biserial.",
        ),
        "survey_conclusion_robustness": (
            survey.conclusion_robustness(answers).round(6),
            "La conclusione 'sovrastima del punto di partenza' vale per ogni accoppiamento compatibile con le "
            "distribuzioni pubblicate?",
        ),
    }


def _network_tables(mapped: pd.DataFrame) -> dict[str, tuple[pd.DataFrame, str]]:
    rebuilt = REBUILT
    return {
        "network_shares": (
            networks.network_shares(mapped),
            "Mappatura delle reti sociali: quote pubblicate (seed 004)." + rebuilt,
        ),
        "network_contributions": (
            _both_sides(
                networks.mention_shares(mapped, "contributions"),
                networks.mention_shares(mapped, "contributions_intervention"),
            ),
            "Contributi che le reti possono offrire: quota delle menzioni, per il target e per l'intervento." + rebuilt,
        ),
        "network_rewards": (
            _both_sides(
                networks.mention_shares(mapped, "rewards"), networks.mention_shares(mapped, "rewards_intervention")
            ),
            "Ricompense che le reti chiedono: quota delle menzioni, per il target e per l'intervento." + rebuilt,
        ),
        "network_power_interest": (
            networks.power_interest_grid(mapped),
            "Griglia interesse-influenza (Mendelow) delle reti mappate." + rebuilt,
        ),
        "network_social_capital": (
            networks.diversity_by_mapper(mapped).round(3),
            "Capitale sociale (bonding / bridging / linking) e indice di diversità di Blau per ente mappante."
            + rebuilt,
        ),
    }


def _both_sides(target: pd.DataFrame, intervention: pd.DataFrame) -> pd.DataFrame:
    merged = target.merge(intervention, on="label", suffixes=("_target", "_intervento"))
    return merged.rename(columns={"label": "voce"})


def needed_decimals(values: pd.Series, most: int) -> int:
    """The fewest decimals (up to ``most``) that show every value as it is rounded to ``most``.

    Examples
    --------
    >>> needed_decimals(pd.Series([26.4, 31.9]), 2), needed_decimals(pd.Series([0.123456]), 4)
    (1, 4)
    """
    finite = values.dropna().astype(float)
    for digits in range(most + 1):
        if (finite.round(digits) - finite.round(most)).abs().max() < 10 ** -(most + 2) or finite.empty:
            return digits
    return most


#: columns whose values are the coverage table's English vocabularies, shown in Italian
TRANSLATED_COLUMNS = ("comparison_with_italy", "trend", "funnel_position")


def page_table(frame: pd.DataFrame, caption: str) -> ReportTable:
    """A data table as its page shows it: Italian headings and numbers, «sì»/«no» for true and false.

    Decimals: at most four for p-values, three for indices, two for other decimal numbers, and no more
    than the column's values have (a column rounded to one decimal shows "26,4", not "26,40").

    Examples
    --------
    >>> t = page_table(pd.DataFrame({"item": ["a"], "percent": [12.5], "robust": [True]}), "x")
    >>> list(t.shown.columns), t.shown.iloc[0].tolist()
    (['Domanda', 'Percentuale (%)', 'Robusta'], ['a', '12,5', 'sì'])
    >>> page_table(pd.DataFrame({"comparison_with_italy": ["similar"]}), "x").shown.iloc[0, 0]
    'simile'
    """
    shown = frame.copy()
    decimals: dict[str, int | list[int]] = {}
    for column in frame.columns:
        if str(column) in TRANSLATED_COLUMNS:  # the coverage table's vocabularies: "similar" is "simile"
            shown[column] = frame[column].map(italian_label)
        elif pd.api.types.is_bool_dtype(frame[column]):
            shown[column] = frame[column].map({True: "sì", False: "no"})
        elif pd.api.types.is_float_dtype(frame[column]):
            name = str(column)
            most = 4 if "_p_" in f"_{name}_" else 3 if name.startswith("blau") else 2
            decimals[heading(column)] = needed_decimals(frame[column], most)
    shown = shown.rename(columns=heading)
    return frame_table(shown, caption, decimals, row_header=False)


def write_tables(out_dir, load=None) -> list[Path]:
    """Write every table as CSV (formula-safe) and styled HTML, plus an index page.

    Returns
    -------
    list of Path

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     paths = write_tables(d)
    >>> len(paths)
    31
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = build_tables(load)
    written = []
    with StagedOutputs() as staged:
        for name, (frame, caption) in tables.items():
            staged.write_bytes(out_dir / f"{name}.csv", to_safe_csv(frame))
            page = render("table_page.html.j2", title=caption, table_html=page_table(frame, caption).html(),
                          base_css=asset("static/base.css"))  # fmt: skip
            staged.write_text(out_dir / f"{name}.html", page)
            written += [out_dir / f"{name}.csv", out_dir / f"{name}.html"]
        items = [{"name": name, "caption": caption} for name, (_, caption) in tables.items()]
        staged.write_text(
            out_dir / "index.html",
            render("tables_index.html.j2", title="Le tabelle dei seed, ricalcolate", items=items,
                   base_css=asset("static/base.css")),
        )  # fmt: skip
    return [*written, out_dir / "index.html"]
