"""Presentation of a regional report: one call per section, displayed in the notebook.

``notebooks/regional_report.ipynb`` reads as prose plus one call per section
into :class:`RegionalReport`; every number comes from the package.  Tables
are HTML with every text escaped; counts from 1 to ``min_count - 1`` are shown
as "<5" (configurable); contacts from the case cards are never shown.

Examples
--------
>>> r = RegionalReport("08", display=lambda *objects: None)
>>> r.code, r.name
('08', 'Emilia-Romagna')
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd

from .. import config
from ..analysis import regional
from ..analysis.coverage import need_coverage
from ..analysis.indicators import INDICATORS, Polarity
from ..analysis.matrices import TOTAL, classification_matrix, need_target_matrix, theme_counts
from ..analysis.priority import explain, thresholds
from ..analysis.survey import distribution
from ..data.fingerprint import data_version
from ..data.regions import ITALY, SAN_MARINO, check_region_code, region_name
from .batch.publish import report_title
from .italian import italian_label
from .maps import choropleth
from .pages import render
from .plots import funnel_plot, likert_bars, matrix_heatmap, quadrant_scatter, region_vs_italy
from .privacy import MIN_COUNT, suppress_small
from .programme_section import programme_section

#: the indicators with a polarity: the only ones placed in the priority quadrant
POLARISED = tuple(i.key for i in INDICATORS if i.polarity is not Polarity.NONE)


def _default_display(*objects) -> None:
    from IPython.display import display

    display(*objects)


class RegionalReport:
    """The sections of one region's report.

    Parameters
    ----------
    region_code : str
        ISTAT code ("01"-"20"), "IT" or "SM".
    year : int, optional
        Year of the indicators (default: the latest of each).
    min_count : int
        Counts below this are shown as "<min_count".
    display : callable, optional
        Where to send output (IPython's ``display`` by default).
    """

    def __init__(
        self,
        region_code: str,
        year: int | None = None,
        min_count: int = MIN_COUNT,
        display: Callable | None = None,
    ):
        self.code = check_region_code(region_code)
        self.name = region_name(self.code)
        self.year = year
        self.min_count = int(min_count)
        self._display = display or _default_display
        self._coverage: pd.DataFrame | None = None

    # --- what a section shows (public: report sections outside this class use them too) --------------

    def show_markdown(self, text: str) -> None:
        """Show Markdown prose."""
        from IPython.display import Markdown

        self._display(Markdown(text))

    def show_html(self, text: str) -> None:
        """Show HTML (rendered from a template: never assembled from strings)."""
        from IPython.display import HTML

        self._display(HTML(text))

    def show_table(self, frame: pd.DataFrame, caption: str = "", suppress: bool | list[str] = False) -> None:
        """Show a table with its caption; with ``suppress``, small counts (in the listed columns) are hidden."""
        columns = suppress if isinstance(suppress, list) else None
        shown = suppress_small(frame, self.min_count, columns) if suppress else frame
        body = shown.to_html(index=False, escape=True, border=0, na_rep="–", float_format=lambda v: f"{v:,.2f}")
        self.show_html(render("report_table.html.j2", caption=caption, table_html=body))

    def show_figure(self, ax) -> None:
        """Show the figure of ``ax`` and close it."""
        import matplotlib.pyplot as plt

        figure = ax.figure
        if len(figure.axes) > 1:  # side-by-side panels need room; one panel is trimmed by the inline backend
            figure.tight_layout()
        self._display(figure)
        plt.close(figure)

    @property
    def coverage(self) -> pd.DataFrame:
        """The need-coverage table (from the batch's cache when it is current).

        Examples
        --------
        >>> RegionalReport("08").coverage["region_code"].nunique()
        22
        """
        if self._coverage is None:
            self._coverage = need_coverage(self.year)
        return self._coverage

    # --- sections ----------------------------------------------------------------------

    def header(self) -> None:
        """Title, run information and the reconstructed-data notice.

        Examples
        --------
        >>> shown = []
        >>> RegionalReport("08", display=shown.append).header()
        >>> len(shown)
        2
        """
        self.show_markdown(
            f"# {report_title(self.code)}\n\n"
            f"Generato il {date.today():%d/%m/%Y} · versione dei dati `{data_version()}` · "
            f"cbresearch {config.PACKAGE_VERSION}"
        )
        self.show_html(render("report_notice.html.j2"))

    def network(self) -> None:
        """Who in the network works in the region.

        Examples
        --------
        >>> shown = []
        >>> RegionalReport("15", display=shown.append).network()
        >>> shown[0].data.startswith("Nessuna azienda sanitaria")
        True
        """
        members = regional.members_in_region(self.code)
        if members.empty:
            self.show_markdown(
                f"Nessuna azienda sanitaria o ente del terzo settore del network ha sede in {self.name}."
            )
            return
        counts = members["Tipo"].value_counts()
        self.show_markdown(
            f"In {self.name} lavorano **{counts.get('Azienda sanitaria', 0)}** aziende sanitarie e "
            f"**{counts.get('Ente del terzo settore', 0)}** enti del terzo settore del network (dati del seed 004)."
        )
        self.show_table(members, "Membri del network")

    def initiatives(self) -> None:
        """The region's initiatives by activity × approach, with the national matrix for comparison.

        Examples
        --------
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> shown = []
        >>> RegionalReport("IT", display=shown.append).initiatives()
        >>> len(shown)  # the national heatmap
        1
        """
        mine = regional.initiatives_in_region(self.code)
        classified = int(mine["in_matrix"].fillna(False).sum())
        national = classification_matrix(regional.initiatives_in_region(ITALY))
        total = int(national.loc[TOTAL, TOTAL])
        if self.code != ITALY:
            if classified == 0:
                self.show_markdown(f"Nessuna esperienza classificata del catalogo si trova in {self.name}.")
            else:
                self.show_markdown(f"Esperienze classificate in {self.name}: **{classified}** su {total} nel Paese.")
                matrix = classification_matrix(mine).rename_axis("Attività").reset_index()
                self.show_table(
                    matrix, f"Attività × approccio, {self.name} (conteggi < {self.min_count} oscurati)", True
                )
        self.show_figure(matrix_heatmap(national, f"Italia: attività × approccio delle {total} esperienze"))

    def needs(self) -> None:
        """Needs × targets of the region's experiences, with the national matrix.

        Examples
        --------
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> shown = []
        >>> RegionalReport("15", display=shown.append).needs()
        >>> shown[0].data
        'Nessuna coppia bisogno × target per Campania.'
        """
        national = need_target_matrix(regional.needs_in_region(ITALY))
        if self.code != ITALY:
            pairs = regional.needs_in_region(self.code)
            if pairs.empty:
                self.show_markdown(f"Nessuna coppia bisogno × target per {self.name}.")
            else:
                matrix = need_target_matrix(pairs).rename_axis("Bisogno").reset_index()
                self.show_table(matrix, f"Bisogno × target, {self.name} (conteggi < {self.min_count} oscurati)", True)
        self.show_figure(
            matrix_heatmap(national, f"Italia: bisogno × target ({int(national.loc[TOTAL, TOTAL])} coppie)")
        )

    def survey(self) -> None:
        """Questionnaire answers of the region's health authorities (suppressed below ``min_count``).

        Examples
        --------
        >>> shown = []
        >>> RegionalReport("SM", display=shown.append).survey()
        >>> "meno di 5 aziende" in shown[0].data
        True
        """
        answers = regional.survey_in_region(self.code)
        if len(answers) < self.min_count:
            self.show_markdown(
                f"Risposte al questionario di {self.name}: meno di {self.min_count} aziende rispondenti "
                f"({'nessuna' if answers.empty else f'<{self.min_count}'}): i risultati non sono mostrati per "
                "tutelare la riservatezza delle singole aziende."
            )
            return
        self.show_markdown(f"Hanno risposto **{len(answers)}** aziende sanitarie di {self.name}.")
        self.show_figure(likert_bars(answers))
        counts = distribution(answers).drop(columns="percent")  # percentages would reveal suppressed counts
        counts.columns = ["Domanda", "Punteggio", "Aziende"]
        self.show_table(counts, f"Distribuzione delle risposte (conteggi < {self.min_count} oscurati)", ["Aziende"])

    def themes(self) -> None:
        """Initiatives by theme of community health (seeds 000 and 001).

        Examples
        --------
        >>> shown = []
        >>> RegionalReport("15", display=shown.append).themes()
        >>> shown[0].data.startswith("Nessuna iniziativa")
        True
        """
        mine = regional.initiatives_in_region(self.code)
        if mine.empty:
            self.show_markdown(f"Nessuna iniziativa del catalogo in {self.name}: nessun tema da contare.")
            return
        counts = theme_counts(mine)
        self.show_table(
            counts,
            f"Iniziative per tema (un'iniziativa può averne più d'uno; conteggi < {self.min_count} oscurati)",
            ["Iniziative"],
        )

    def demography(self) -> None:
        """Demography and need coverage against Italy, with 95 % intervals and trend.

        Examples
        --------
        >>> shown = []
        >>> RegionalReport("SM", display=shown.append).demography()
        >>> "nessun dato" in shown[0].data
        True
        """
        if self.code == SAN_MARINO:
            self.show_markdown(
                "San Marino non è coperto dalle statistiche ISTAT: **nessun dato** demografico o di "
                "copertura del bisogno disponibile."
            )
            return
        rows = regional.indicators_for_region(self.code, self.coverage)
        table = pd.DataFrame(
            {
                "Indicatore": rows["label"],
                "Anno": rows["year"],
                "Valore": rows["value"],
                "IC 95% inf.": rows["lower_95"],
                "IC 95% sup.": rows["upper_95"],
                "Italia": rows["italy_value"],
                "Confronto con l'Italia": rows["comparison_with_italy"].map(italian_label),
                "Trend": rows["trend"].map(italian_label),
            }
        )
        self.show_table(
            table, "Indicatori (intervalli di Wilson o di Byar; confronto: 'similar' se l'Italia cade nell'intervallo)"
        )
        if self.code != ITALY:
            self.show_figure(region_vs_italy(self.coverage, self.code))

    def maps(self) -> None:
        """Choropleths of the region among the others, and the funnel plot.

        Examples
        --------
        >>> shown = []
        >>> RegionalReport("SM", display=shown.append).maps()
        >>> shown[0].data
        'Nessuna mappa: San Marino non ha dati ISTAT.'
        """
        if self.code == SAN_MARINO:
            self.show_markdown("Nessuna mappa: San Marino non ha dati ISTAT.")
            return
        ok = self.coverage[(self.coverage["status"] == "ok") & (self.coverage["region_code"] != ITALY)]
        highlight = None if self.code == ITALY else self.code
        for indicator in ("share_65_plus", "elderly_beds_per_1000_65plus"):
            rows = ok[ok["indicator"] == indicator]
            values = rows.set_index("region_code")["value"]
            label = f"{rows['label'].iloc[0]} ({int(rows['year'].iloc[0])})"
            self.show_figure(choropleth(values, title=label, label=rows["unit"].iloc[0], highlight=highlight))
        self.show_figure(funnel_plot(self.coverage, "elderly_beds_per_1000_65plus", highlight=highlight))

    def priority(self) -> None:
        """The seed's priority quadrant for the indicators with a polarity.

        Examples
        --------
        >>> shown = []
        >>> RegionalReport("SM", display=shown.append).priority()
        >>> shown[0].data
        'Nessun quadrante di priorità: mancano i dati ISTAT.'
        """
        if self.code == SAN_MARINO:
            self.show_markdown("Nessun quadrante di priorità: mancano i dati ISTAT.")
            return
        rows = self.coverage[(self.coverage["indicator"].isin(POLARISED)) & (self.coverage["status"] == "ok")].copy()
        rows["quadrant"] = rows["quadrant"].fillna("nessuno (trend stabile)")
        if self.code == ITALY:
            counts = rows[rows["region_code"] != ITALY].groupby(["label", "quadrant"]).size().rename("regioni")
            self.show_table(
                counts.reset_index().rename(columns={"label": "Indicatore", "quadrant": "Quadrante"}),
                "Regioni per quadrante di priorità",
            )
        else:
            mine = rows[rows["region_code"] == self.code]
            self.show_table(
                pd.DataFrame(
                    {
                        "Indicatore": mine["label"],
                        "Distanza dall'Italia (%)": mine["gap_from_italy_pct"],
                        "Variazione media annua (%)": mine["annual_change_pct"],
                        "Quadrante": mine["quadrant"],
                    }
                ),
                "Quadrante di priorità",
            )
        self.show_markdown(explain())
        self.show_figure(
            quadrant_scatter(
                self.coverage, "elderly_beds_per_1000_65plus", highlight=None if self.code == ITALY else self.code
            )
        )

    def programme(self) -> None:
        """'Programmazione regionale' (Emilia-Romagna only): figures of seeds 002 and 003, from the registry.

        Examples
        --------
        >>> shown = []
        >>> RegionalReport("01", display=shown.append).programme()
        >>> shown
        []
        """
        programme_section(self)

    def caveats(self) -> None:
        """Which figures are reconstructed, sources and licences.

        Examples
        --------
        >>> shown = []
        >>> RegionalReport("08", display=shown.append).caveats()
        >>> "Ricostruiti" in shown[0].data
        True
        """
        settings = thresholds()
        chi2 = f"{settings['trend']['significant_chi_square']:g}".replace(".", ",")
        self.show_markdown(
            "## Dati e avvertenze\n\n"
            "- **Ricostruiti** (`Fonte = ricostruito`): le esperienze del catalogo diverse dalle quattro schede reali, "
            "le coppie bisogno × target, le risposte al questionario e le reti mappate. Riproducono esattamente gli "
            "aggregati pubblicati nel seed 004; la loro attribuzione a regioni e aziende è illustrativa.\n"
            "- **Reali**: l'elenco dei membri del network e le quattro schede del seed 004; gli indicatori "
            "demografici e di offerta (ISTAT, CC BY 3.0 IT / CC BY 4.0; elaborazioni onData) e i confini regionali "
            "(© Openpolis, CC BY 4.0).\n"
            f'- Nelle tabelle i conteggi da 1 a {self.min_count - 1} sono mostrati come "<{self.min_count}"; i '
            f"risultati del questionario sono mostrati solo con almeno {self.min_count} aziende rispondenti; i "
            "contatti personali delle schede non compaiono mai nei rapporti.\n"
            "- Intervalli al 95 %: Wilson per le proporzioni, Byar (Poisson esatto sotto 10 eventi) per tassi e "
            f"rapporti; trend sugli ultimi {settings['window_years']} anni, significativo per chi² > {chi2}.\n"
            "- Le cifre pubblicate nei seed sono controllate una per una da `cbresearch check` e dicono che cosa "
            "dimostra il controllo: *riprodotta* (ricalcolata da dati indipendenti dal seed, come ISTAT), *coerente* "
            "(i numeri del seed tornano tra loro), *trascritta* (ricalcolata dai record ricostruiti: prova la "
            "trascrizione, non il dato), *segnalata* (non torna, con il motivo) o *esterna* (fonte non verificabile)."
        )
