"""Presentation of a regional report: one call per section, displayed in the notebook.

``notebooks/regional_report.ipynb`` reads as prose plus one call per section
into :class:`RegionalReport`; every number comes from the package.

* Tables are :class:`~cbresearch.publish.report_table.ReportTable` objects:
  Italian numbers, a caption, header cells, and the same table for Excel.
* Count tables go through :mod:`cbresearch.publish.privacy` (small counts
  hidden, and any count the totals would give away); the same mask hides the
  count in the figure and the sentences that go with the table.
* Figures leave as PNG with an alternative text that states their message
  (:mod:`cbresearch.publish.messages`).
* Contacts from the case cards are never shown.

Examples
--------
>>> r = RegionalReport("08", display=lambda *objects, **options: None)
>>> r.code, r.name
('08', 'Emilia-Romagna')
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd

from .. import config
from ..analysis import regional
from ..analysis.matrices import TOTAL, classification_matrix, need_target_matrix, theme_counts
from ..analysis.priority import thresholds
from ..analysis.survey import score_counts
from ..analysis.waves import in_wave, waves
from ..data.fingerprint import data_version
from ..data.regions import ITALY, check_region_code, region_name
from ..data.vocab import LIKERT_LABELS
from ..formats import italian_date
from .batch.publish import report_title
from .coverage_cache import need_coverage
from .figures import png, png_bundle
from .layers import on_layer
from .messages import matrix_alt, scale_alt
from .methods import methods_summary
from .pages import render
from .plots import likert_bars
from .privacy import LEGEND, MIN_COUNT, Protected, protect
from .programme_section import programme_section
from .report_indicators import demography_section, maps_section, priority_section
from .report_table import ReportTable, count_table, frame_table
from .shared_figures import figures_key, shared_layer
from .waves_section import survey_change


def _default_display(*objects) -> None:
    from IPython.display import display

    display(*objects)


class Image:
    """A PNG and its alternative text, displayed as one output (the ``alt`` reaches the published page)."""

    def __init__(self, data: bytes, alt: str):
        self.data, self.alt = data, alt

    def _repr_mimebundle_(self, include=None, exclude=None):
        return png_bundle(self.data, self.alt)


class RegionalReport:
    """The sections of one region's report.

    Parameters
    ----------
    region_code : str
        ISTAT code ("01"-"20"), "IT" or "SM".
    year : int, optional
        Year of the indicators (default: the latest of each).
    min_count : int
        Counts from 1 to ``min_count - 1`` are hidden (and any count the totals would give away).
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
        self._figures_key: str | None = None

    # --- what a section shows (public: report sections outside this class use them too) --------------

    def show_markdown(self, text: str) -> None:
        """Show Markdown prose."""
        from IPython.display import Markdown

        self._display(Markdown(text))

    def show_html(self, text: str) -> None:
        """Show HTML (rendered from a template: never assembled from strings)."""
        from IPython.display import HTML

        self._display(HTML(text))

    def show_table(self, table: ReportTable) -> None:
        """Show a table (HTML for people, the same table as JSON for the report's workbook)."""
        self._display(table)

    def show_figure(self, ax, alt: str) -> None:
        """Show the figure of ``ax`` as a PNG with its alternative text, and close it."""
        import matplotlib.pyplot as plt

        image = png(ax.figure)
        plt.close(ax.figure)
        self._display(Image(image, alt))

    def show_shared(self, name: str, alt: str, mark: Callable | None = None) -> None:
        """Show a figure shared by every report (:mod:`cbresearch.publish.shared_figures`), with ``mark`` drawn on it.

        ``mark(ax)`` draws this report's region on an Axes laid over the shared base; without it the base is
        shown as it is.
        """
        if self._figures_key is None:
            self._figures_key = figures_key(self.year)
        layer = shared_layer(name, self.year, self._figures_key)
        if mark is None:
            self._display(Image(layer.png, alt))
            return
        ax = on_layer(layer)
        mark(ax)
        self.show_figure(ax, alt)

    def protect(self, counts: pd.DataFrame) -> Protected:
        """Hide the counts of a table that must not be published (see :mod:`cbresearch.publish.privacy`)."""
        return protect(counts, self.min_count)

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
        >>> "Generato il" in shown[0].data, len(shown)
        (True, 2)
        """
        self.show_markdown(
            f"# {report_title(self.code)}\n\n"
            f"Generato il {italian_date(date.today())} · versione dei dati `{data_version()}` · "
            f"cbresearch {config.PACKAGE_VERSION}"
        )
        self.show_html(render("report_notice.html.j2"))

    def network(self) -> None:
        """Who in the network works in the region (real organisations, named in seed 004).

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
            f"**{counts.get('Ente del terzo settore', 0)}** enti del terzo settore del network: sono "
            "organizzazioni, elencate per nome nel seed 004."
        )
        self.show_table(frame_table(members, f"Membri del network in {self.name}", row_header=True))

    def _regional_counts(self, matrix: pd.DataFrame, plural: str, none: str, caption: str, row_label: str) -> None:
        """A region's count matrix, protected; a sentence instead when it is empty or too small to show."""
        total = int(matrix.loc[TOTAL, TOTAL])
        if total == 0:
            self.show_markdown(f"{none} in {self.name}.")
            return
        if total < self.min_count:
            self.show_markdown(
                f"In {self.name} meno di {self.min_count} {plural}: la tabella non è mostrata, perché ogni sua cella "
                "sarebbe un conteggio piccolo."
            )
            return
        protected = self.protect(matrix)
        self.show_markdown(f"{plural.capitalize()} in {self.name}: **{protected.value(TOTAL, TOTAL)}**.")
        self.show_table(count_table(protected, caption, row_label))

    def initiatives(self) -> None:
        """The region's initiatives by activity × approach, with the national matrix for comparison.

        Examples
        --------
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> shown = []
        >>> RegionalReport("08", display=shown.append).initiatives()
        >>> shown[1].shown.iloc[-1].tolist()  # the region's totals, then the national heatmap
        ['Totale', '11', 'ris.', '<5', '0', '17']
        """
        national = classification_matrix(regional.initiatives_in_region(ITALY))
        if self.code != ITALY:
            self._regional_counts(
                classification_matrix(regional.initiatives_in_region(self.code)),
                "esperienze classificate",
                "Nessuna esperienza classificata del catalogo",
                f"{self.name}: esperienze per attività × approccio (dati ricostruiti)",
                "Attività",
            )
        self.show_shared(
            "heatmap-initiatives", matrix_alt(national, "esperienze per attività × approccio in Italia (seed 004)")
        )

    def needs(self) -> None:
        """Needs × targets of the region's experiences, with the national matrix.

        Examples
        --------
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> shown = []
        >>> RegionalReport("15", display=shown.append).needs()
        >>> shown[0].data
        'Nessuna coppia bisogno × target in Campania.'
        """
        national = need_target_matrix(regional.needs_in_region(ITALY))
        if self.code != ITALY:
            self._regional_counts(
                need_target_matrix(regional.needs_in_region(self.code)),
                "coppie bisogno × target",
                "Nessuna coppia bisogno × target",
                f"{self.name}: coppie bisogno × target delle esperienze (dati ricostruiti)",
                "Bisogno",
            )
        self.show_shared("heatmap-needs", matrix_alt(national, "coppie bisogno × target in Italia (seed 004)"))

    def survey(self) -> None:
        """Questionnaire answers of the region's health authorities (not shown below ``min_count`` authorities).

        Examples
        --------
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> shown = []
        >>> RegionalReport("SM", display=shown.append).survey()
        >>> "meno di 5 aziende" in shown[0].data
        True
        """
        every_wave = regional.survey_in_region(self.code)
        found = waves(every_wave)
        answers = in_wave(every_wave, found[-1]) if len(found) > 1 else every_wave
        in_the_wave = f"Nella rilevazione {found[-1]} h" if len(found) > 1 else "H"
        if len(answers) < self.min_count:
            self.show_markdown(
                f"Risposte al questionario di {self.name}: meno di {self.min_count} aziende rispondenti "
                f"({'nessuna' if answers.empty else f'<{self.min_count}'}): i risultati non sono mostrati per "
                "tutelare la riservatezza delle singole aziende."
            )
            survey_change(self, every_wave)
            return
        where = "del network (tutte le regioni e San Marino)" if self.code == ITALY else f"di {self.name}"
        self.show_markdown(f"{in_the_wave}anno risposto **{len(answers)}** aziende sanitarie {where}.")
        protected = self.protect(score_counts(answers))
        scores = list(range(1, 6))
        counts, hidden = protected.counts[scores], protected.hidden[scores]
        if (hidden | (counts == 0)).to_numpy().all():  # every answer given is a small count: the bars would be blank
            self.show_markdown(
                "Con così poche aziende ogni punteggio scelto riguarda meno di "
                f"{self.min_count} aziende: il grafico non è mostrato, la tabella dice quali punteggi nessuno ha scelto."
            )
        else:
            self.show_figure(likert_bars(answers, hidden=hidden), scale_alt(protected, self.name))
        names = {score: f"{score} – {LIKERT_LABELS[score].lower()}" for score in scores}
        rebuilt = " (dati ricostruiti)" if set(answers["source"].astype(str)) == {"ricostruito"} else ""
        self.show_table(count_table(protected, f"Risposte per punteggio, aziende {where}{rebuilt}", "Domanda", names))
        survey_change(self, every_wave)

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
        counts = theme_counts(mine).set_index("Tema")
        self.show_table(
            count_table(
                self.protect(counts),
                f"{self.name}: iniziative per tema (dati ricostruiti)",
                "Tema",
                note="Un'iniziativa può avere più temi: i conteggi non si sommano.",
            )
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
        demography_section(self)

    def maps(self) -> None:
        """Choropleths of the region among the others, and the funnel plot.

        Examples
        --------
        >>> shown = []
        >>> RegionalReport("SM", display=shown.append).maps()
        >>> shown[0].data
        'Nessuna mappa: San Marino non ha dati ISTAT.'
        """
        maps_section(self)

    def priority(self) -> None:
        """The seed's priority quadrant for the indicators with a polarity.

        Examples
        --------
        >>> shown = []
        >>> RegionalReport("SM", display=shown.append).priority()
        >>> shown[0].data
        'Nessun quadrante di priorità: mancano i dati ISTAT.'
        """
        priority_section(self)

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
        """Which figures are reconstructed, how small counts are protected, sources and licences.

        Examples
        --------
        >>> shown = []
        >>> RegionalReport("08", display=shown.append).caveats()
        >>> "Ricostruiti" in shown[0].data, "ris." in shown[0].data
        (True, True)
        """
        settings = thresholds()
        smaller = self.min_count - 1
        self.show_markdown(
            "## Dati e avvertenze\n\n"
            "- **Ricostruiti** (`Fonte = ricostruito`): le esperienze del catalogo diverse dalle quattro schede reali, "
            "le coppie bisogno × target, le risposte al questionario e le reti mappate. Riproducono esattamente gli "
            "aggregati pubblicati nel seed 004; la loro attribuzione a regioni e aziende è illustrativa.\n"
            "- **Reali**: l'elenco dei membri del network e le quattro schede del seed 004; gli indicatori "
            "demografici e di offerta (ISTAT, CC BY 3.0 IT / CC BY 4.0; elaborazioni onData) e i confini regionali "
            "(© Openpolis, CC BY 4.0).\n"
            f"- **Conteggi piccoli**: nelle tabelle e nei grafici di una regione i conteggi da 1 a {smaller} non "
            f"sono mostrati; {LEGEND.format(min_count=self.min_count, smaller=smaller)}. Per ogni cella nascosta si "
            "verifica (con la programmazione lineare) che righe, colonne e totali mostrati lascino possibili almeno "
            "due valori. Lo stesso conteggio è nascosto anche nelle percentuali, nelle barre e nelle frasi. I "
            f"risultati del questionario sono mostrati solo con almeno {self.min_count} aziende rispondenti; le "
            "matrici nazionali sono quelle pubblicate nel seed 004; i contatti personali delle schede non compaiono "
            "mai.\n"
            f"{methods_summary(settings)}\n"
            "- Le cifre pubblicate nei seed sono controllate una per una da `cbresearch check` e dicono che cosa "
            "dimostra il controllo: *riprodotta* (ricalcolata da dati indipendenti dal seed, come ISTAT), *coerente* "
            "(i numeri del seed tornano tra loro), *trascritta* (ricalcolata dai record ricostruiti: prova la "
            "trascrizione, non il dato), *segnalata* (non torna, con il motivo) o *esterna* (fonte non verificabile)."
        )
