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

import html
from collections.abc import Callable
from datetime import date

import pandas as pd

from . import regional
from .vocab import ITALY, SAN_MARINO, region_name

POLARISED = ("elderly_beds_per_1000_65plus", "beds_per_1000_severe_limitations", "severe_limitations_observed_expected")
RECONSTRUCTED_BADGE = (
    "<span style='background:#fff3cd;border:1px solid #d39e00;border-radius:4px;padding:1px 6px;"
    "font-size:90%'>dati ricostruiti</span>"
)


_WORDS = {
    "higher": "più alto",
    "lower": "più basso",
    "similar": "simile",
    "better": "meglio",
    "worse": "peggio",
    "benchmark": "riferimento",
    "not compared": "non confrontato",
    "improving": "in miglioramento",
    "worsening": "in peggioramento",
    "stable": "stabile",
    "increasing": "in aumento",
    "decreasing": "in diminuzione",
    "not enough years": "anni insufficienti",
}


def _italian(label: object) -> object:
    """Translate the comparison and trend labels of the coverage table for the report.

    Examples
    --------
    >>> _italian("higher (better)"), _italian("stable")
    ('più alto (meglio)', 'stabile')
    """
    if not isinstance(label, str):
        return label
    for english, italian in sorted(_WORDS.items(), key=lambda kv: -len(kv[0])):
        label = label.replace(english, italian)
    return label


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
        min_count: int = regional.MIN_COUNT,
        display: Callable | None = None,
    ):
        self.code = regional.check_region_code(region_code)
        self.name = region_name(self.code)
        self.year = year
        self.min_count = int(min_count)
        self._display = display or _default_display
        self._coverage: pd.DataFrame | None = None

    # --- helpers ---------------------------------------------------------------------

    def _markdown(self, text: str) -> None:
        from IPython.display import Markdown

        self._display(Markdown(text))

    def _html(self, text: str) -> None:
        from IPython.display import HTML

        self._display(HTML(text))

    def _table(self, frame: pd.DataFrame, caption: str = "", suppress: bool | list[str] = False) -> None:
        columns = suppress if isinstance(suppress, list) else None
        shown = regional.suppress_small(frame, self.min_count, columns) if suppress else frame
        body = shown.to_html(index=False, escape=True, border=0, na_rep="–", float_format=lambda v: f"{v:,.2f}")
        heading = f"<p><em>{html.escape(caption)}</em></p>" if caption else ""
        self._html(heading + body)

    def _figure(self, ax) -> None:
        import matplotlib.pyplot as plt

        figure = ax.figure
        if len(figure.axes) > 1:  # side-by-side panels need room; one panel is trimmed by the inline backend
            figure.tight_layout()
        self._display(figure)
        plt.close(figure)

    @property
    def coverage(self) -> pd.DataFrame:
        """The need-coverage table (computed once per data version, then cached).

        Examples
        --------
        >>> RegionalReport("08").coverage["region_code"].nunique()
        22
        """
        if self._coverage is None:
            from .coverage import cached_need_coverage

            self._coverage = cached_need_coverage(self.year)
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
        from . import __version__
        from .reports import data_version

        self._markdown(
            f"# {regional.title(self.code)}\n\n"
            f"Generato il {date.today():%d/%m/%Y} · versione dei dati `{data_version()}` · cbresearch {__version__}"
        )
        self._html(
            f"<p>{RECONSTRUCTED_BADGE} Le tabelle sulle esperienze, sul questionario e sulle reti sono calcolate "
            "su record <b>ricostruiti</b> dagli aggregati pubblicati nel seed 004: riproducono esattamente i totali "
            "nazionali pubblicati, ma la loro distribuzione tra regioni è illustrativa. Gli indicatori demografici "
            "sono dati ISTAT reali.</p>"
        )

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
            self._markdown(f"Nessuna azienda sanitaria o ente del terzo settore del network ha sede in {self.name}.")
            return
        counts = members["Tipo"].value_counts()
        self._markdown(
            f"In {self.name} lavorano **{counts.get('Azienda sanitaria', 0)}** aziende sanitarie e "
            f"**{counts.get('Ente del terzo settore', 0)}** enti del terzo settore del network (dati del seed 004)."
        )
        self._table(members, "Membri del network")

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
        from .matrices import classification_matrix
        from .plots import matrix_heatmap

        mine = regional.initiatives_in_region(self.code)
        classified = int(mine["in_matrix"].fillna(False).sum())
        national = classification_matrix(regional.initiatives_in_region(ITALY))
        if self.code != ITALY:
            if classified == 0:
                self._markdown(f"Nessuna esperienza classificata del catalogo si trova in {self.name}.")
            else:
                self._markdown(f"Esperienze classificate in {self.name}: **{classified}** su 65 nel Paese.")
                matrix = classification_matrix(mine).rename_axis("Attività").reset_index()
                self._table(matrix, f"Attività × approccio, {self.name} (conteggi < {self.min_count} oscurati)", True)
        self._figure(matrix_heatmap(national, "Italia: attività × approccio delle 65 esperienze"))

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
        from .matrices import need_target_matrix
        from .plots import matrix_heatmap

        national = need_target_matrix(regional.needs_in_region(ITALY))
        if self.code != ITALY:
            pairs = regional.needs_in_region(self.code)
            if pairs.empty:
                self._markdown(f"Nessuna coppia bisogno × target per {self.name}.")
            else:
                matrix = need_target_matrix(pairs).rename_axis("Bisogno").reset_index()
                self._table(matrix, f"Bisogno × target, {self.name} (conteggi < {self.min_count} oscurati)", True)
        self._figure(matrix_heatmap(national, "Italia: bisogno × target (72 coppie)"))

    def survey(self) -> None:
        """Questionnaire answers of the region's health authorities (suppressed below ``min_count``).

        Examples
        --------
        >>> shown = []
        >>> RegionalReport("SM", display=shown.append).survey()
        >>> "meno di 5 aziende" in shown[0].data
        True
        """
        from .plots import likert_bars
        from .survey import distribution

        answers = regional.survey_in_region(self.code)
        if len(answers) < self.min_count:
            self._markdown(
                f"Risposte al questionario di {self.name}: meno di {self.min_count} aziende rispondenti "
                f"({'nessuna' if answers.empty else f'<{self.min_count}'}): i risultati non sono mostrati per "
                "tutelare la riservatezza delle singole aziende."
            )
            return
        self._markdown(f"Hanno risposto **{len(answers)}** aziende sanitarie di {self.name}.")
        self._figure(likert_bars(answers))
        counts = distribution(answers).drop(columns="percent")  # percentages would reveal suppressed counts
        counts.columns = ["Domanda", "Punteggio", "Aziende"]
        self._table(counts, f"Distribuzione delle risposte (conteggi < {self.min_count} oscurati)", ["Aziende"])

    def themes(self) -> None:
        """Initiatives by theme of community health (seeds 000 and 001).

        Examples
        --------
        >>> shown = []
        >>> RegionalReport("15", display=shown.append).themes()
        >>> shown[0].data.startswith("Nessuna iniziativa")
        True
        """
        from .themes import theme_counts

        mine = regional.initiatives_in_region(self.code)
        if mine.empty:
            self._markdown(f"Nessuna iniziativa del catalogo in {self.name}: nessun tema da contare.")
            return
        counts = theme_counts(mine)
        self._table(
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
        from .plots import region_vs_italy

        if self.code == SAN_MARINO:
            self._markdown(
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
                "Confronto con l'Italia": rows["comparison_with_italy"].map(_italian),
                "Trend": rows["trend"].map(_italian),
            }
        )
        self._table(
            table, "Indicatori (intervalli di Wilson o di Byar; confronto: 'similar' se l'Italia cade nell'intervallo)"
        )
        if self.code != ITALY:
            self._figure(region_vs_italy(self.coverage, self.code))

    def maps(self) -> None:
        """Choropleths of the region among the others, and the funnel plot.

        Examples
        --------
        >>> shown = []
        >>> RegionalReport("SM", display=shown.append).maps()
        >>> shown[0].data
        'Nessuna mappa: San Marino non ha dati ISTAT.'
        """
        from .geo import choropleth
        from .plots import funnel_plot

        if self.code == SAN_MARINO:
            self._markdown("Nessuna mappa: San Marino non ha dati ISTAT.")
            return
        ok = self.coverage[(self.coverage["status"] == "ok") & (self.coverage["region_code"] != ITALY)]
        highlight = None if self.code == ITALY else self.code
        for indicator in ("share_65_plus", "elderly_beds_per_1000_65plus"):
            rows = ok[ok["indicator"] == indicator]
            values = rows.set_index("region_code")["value"]
            label = f"{rows['label'].iloc[0]} ({int(rows['year'].iloc[0])})"
            self._figure(choropleth(values, title=label, label=rows["unit"].iloc[0], highlight=highlight))
        self._figure(funnel_plot(self.coverage, "elderly_beds_per_1000_65plus", highlight=highlight))

    def priority(self) -> None:
        """The seed's priority quadrant for the indicators with a polarity.

        Examples
        --------
        >>> shown = []
        >>> RegionalReport("SM", display=shown.append).priority()
        >>> shown[0].data
        'Nessun quadrante di priorità: mancano i dati ISTAT.'
        """
        from .plots import quadrant_scatter
        from .priority import explain

        if self.code == SAN_MARINO:
            self._markdown("Nessun quadrante di priorità: mancano i dati ISTAT.")
            return
        rows = self.coverage[(self.coverage["indicator"].isin(POLARISED)) & (self.coverage["status"] == "ok")]
        if self.code == ITALY:
            counts = rows[rows["region_code"] != ITALY].groupby(["label", "quadrant"]).size().rename("regioni")
            self._table(
                counts.reset_index().rename(columns={"label": "Indicatore", "quadrant": "Quadrante"}),
                "Regioni per quadrante di priorità",
            )
        else:
            mine = rows[rows["region_code"] == self.code]
            self._table(
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
        self._markdown(explain())
        self._figure(
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
        from .programme_section import programme_section

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
        self._markdown(
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
            "rapporti; trend sugli ultimi 5 anni, significativo per chi² > 9,55."
        )
