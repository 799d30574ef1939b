"""Presentation of a regional report: one call per section, displayed in the notebook.

``notebooks/regional_report.ipynb`` reads as prose plus one call per section
into :class:`RegionalReport`; every number comes from the package.

* Tables are :class:`~cbresearch.publish.tables.report_table.ReportTable` objects:
  Italian numbers, a caption, header cells, and the same table for Excel.
* Count tables go through :mod:`cbresearch.check.disclosure.protect` (small counts
  hidden, and any count the totals would give away); the same mask hides the
  count in the figure and the sentences that go with the table.
* Figures leave as PNG with an alternative text that states their message
  (:mod:`cbresearch.publish.text.messages`).
* Contacts from the case cards are never shown.

Examples
--------
>>> r = RegionalReport("08", display=lambda *objects, **options: None)
>>> r.code, r.name
('08', 'Emilia-Romagna')
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from datetime import date

import pandas as pd

from ... import config
from ...analysis import regional
from ...analysis.priority import thresholds
from ...check.disclosure.protect import LEGEND, MIN_COUNT, Protected, protect
from ...data.schema.regions import check_region_code, region_name
from ...data.store.fingerprint import data_version
from ...data.store.load import load
from ...formats import italian_date
from ..figures.layers import on_layer
from ..figures.style import DPI, figure_html, svg
from ..pages import render
from ..tables.report_table import ReportTable, frame_table
from ..text.methods import istat_sources_note, methods_summary
from .coverage import need_coverage
from .indicators import demography_section, maps_section, priority_section
from .lineage import Lineage, data_note
from .programme import programme_section
from .records import initiatives_section, needs_section, survey_section, themes_section
from .shared_figures import figures_key, shared_layer
from .title import report_title


def _default_display(*objects) -> None:
    from IPython.display import display

    display(*objects)


class Image:
    """An SVG figure (and the region's layer over it) with its alternative text, displayed as one output.

    The page gets the ``<img>`` with its ``alt`` (:func:`~cbresearch.publish.figures.style.figure_html`); a reader of
    the notebook without images gets the alternative text.
    """

    def __init__(self, data: bytes, alt: str, layer: bytes | None = None, width: int = 750):
        self.data, self.alt, self.layer, self.width = data, alt, layer, width

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": figure_html(self.data, self.alt, self.layer, self.width), "text/plain": self.alt}


class RegionalReport:
    """The sections of one region's report.

    Parameters
    ----------
    region_code : str
        ISTAT code ("01"-"20"), "IT" or "SM".
    year : int, optional
        Year of the indicators (default: the latest of each).
    min_count : int
        Counts from 1 to ``min_count - 1`` are hidden (and any count the totals would give away); default
        (None): :data:`~cbresearch.check.disclosure.threshold.MIN_COUNT`.
    display : callable, optional
        Where to send output (IPython's ``display`` by default).
    illustrative : bool
        The illustrative edition: keep the tables computed from reconstructed records below the level where
        the seeds publish them, each marked "illustrativo — dati ricostruiti" (see
        :mod:`cbresearch.publish.report.lineage`).  Default: only real records and published aggregates.

    Every output that comes from records is shown with its :class:`~cbresearch.publish.report.lineage.Lineage`;
    ``lineages`` lists them, in order, with a short description (the tests read it).
    """

    def __init__(
        self,
        region_code: str,
        year: int | None = None,
        min_count: int | None = None,
        display: Callable | None = None,
        illustrative: bool = False,
    ):
        self.code = check_region_code(region_code)
        self.name = region_name(self.code)
        self.year = year
        self.min_count = MIN_COUNT if min_count is None else int(min_count)
        self.illustrative = bool(illustrative)
        self._display = display or _default_display
        self._coverage: pd.DataFrame | None = None
        self._figures_key: str | None = None
        self.lineages: list[tuple[Lineage, str]] = []
        self._tables: dict[str, pd.DataFrame] = {}
        self._context: Lineage | None = None

    @contextmanager
    def lineage_context(self, lineage: Lineage):
        """Every output shown inside the block (without a lineage of its own) is recorded with ``lineage``."""
        previous, self._context = self._context, lineage
        try:
            yield
        finally:
            self._context = previous

    def _record(self, lineage: Lineage | None, what: str) -> None:
        lineage = lineage or self._context
        if lineage is not None:
            self.lineages.append((lineage, what))

    # --- what a section shows (public: report sections outside this class use them too) --------------

    def show_markdown(self, text: str, lineage: Lineage | None = None) -> None:
        """Show Markdown prose (with the lineage of the numbers it quotes, if any)."""
        from IPython.display import Markdown

        self._record(lineage, text)
        self._display(Markdown(text))

    def show_html(self, text: str) -> None:
        """Show HTML (rendered from a template: never assembled from strings)."""
        from IPython.display import HTML

        self._display(HTML(text))

    def show_table(self, table: ReportTable, lineage: Lineage | None = None) -> None:
        """Show a table (HTML for people, the same table as JSON for the report's workbook)."""
        self._record(lineage, table.caption)
        self._display(table)

    def show_figure(self, ax, alt: str, lineage: Lineage | None = None) -> None:
        """Show the figure of ``ax`` as SVG with its alternative text, and close it."""
        import matplotlib.pyplot as plt

        self._record(lineage, alt)
        image = svg(ax.figure)
        width = round(float(ax.figure.get_size_inches()[0]) * DPI)
        plt.close(ax.figure)
        self._display(Image(image, alt, width=width))

    def show_shared(self, name: str, alt: str, mark: Callable | None = None, lineage: Lineage | None = None) -> None:
        """Show a figure shared by every report (:mod:`cbresearch.publish.report.shared_figures`), with ``mark`` drawn on it.

        ``mark(ax)`` draws this report's region on an Axes laid over the shared base; without it the base is
        shown as it is.
        """
        import matplotlib.pyplot as plt

        self._record(lineage, alt)
        if self._figures_key is None:
            self._figures_key = figures_key(self.year)
        layer = shared_layer(name, self.year, self._figures_key)
        if mark is None:
            self._display(Image(layer.svg, alt, width=layer.width))
            return
        ax = on_layer(layer)
        mark(ax)
        top = svg(ax.figure, transparent=True)
        plt.close(ax.figure)
        self._display(Image(layer.svg, alt, top, width=layer.width))

    def protect(self, counts: pd.DataFrame) -> Protected:
        """Hide the counts of a table that must not be published (see :mod:`cbresearch.check.disclosure.protect`)."""
        return protect(counts, self.min_count)

    def table(self, name: str) -> pd.DataFrame:
        """A cleaned dataset, loaded once per report (the analyses take it as an argument).

        Examples
        --------
        >>> len(RegionalReport("08").table("members"))
        38
        """
        if name not in self._tables:
            self._tables[name] = load(name)
        return self._tables[name]

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
        >>> "Generato il" in shown[0].data, "ricostruit" in shown[1].data
        (True, False)
        """
        self.show_markdown(
            f"# {report_title(self.code)}\n\n"
            f"Generato il {italian_date(date.today())} · versione dei dati `{data_version()}` · "
            f"cbresearch {config.PACKAGE_VERSION}"
        )
        self.show_html(render("report_notice.html.j2", illustrative=self.illustrative))

    def network(self) -> None:
        """Who in the network works in the region (real organisations, named in seed 004).

        Examples
        --------
        >>> shown = []
        >>> RegionalReport("15", display=shown.append).network()
        >>> shown[0].data.startswith("Nessuna azienda sanitaria")
        True
        """
        members = regional.members_in_region(self.code, self.table("members"))
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

    def initiatives(self) -> None:
        """The region's experiences by activity × approach, with the national matrix the seed publishes.

        Examples
        --------
        >>> shown = []
        >>> RegionalReport("08", display=shown.append).initiatives()
        >>> shown[0].data.startswith("**Nessun dato reale")  # the seed classifies experiences for Italy only
        True
        """
        initiatives_section(self)

    def needs(self) -> None:
        """Needs × targets of the region's experiences, with the national matrix the seed publishes.

        Examples
        --------
        >>> shown = []
        >>> RegionalReport("15", display=shown.append).needs()
        >>> shown[0].data.startswith("**Nessun dato reale")
        True
        """
        needs_section(self)

    def survey(self) -> None:
        """Questionnaire answers: the region's real waves (none are bundled); Italy: the seed's published answers.

        Examples
        --------
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> shown = []
        >>> RegionalReport("IT", display=shown.append).survey()
        >>> "**24**" in shown[0].data
        True
        """
        survey_section(self)

    def themes(self) -> None:
        """Initiatives by theme of community health (seeds 000 and 001), from real records.

        Examples
        --------
        >>> shown = []
        >>> RegionalReport("15", display=shown.append).themes()
        >>> shown[0].data.startswith("**Nessun dato reale")
        True
        """
        themes_section(self)

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
        """Which data are real, which illustrative, how small counts are protected, the methods, sources.

        Examples
        --------
        >>> shown = []
        >>> RegionalReport("08", display=shown.append).caveats()
        >>> "Reali" in shown[0].data, "ris." in shown[0].data, "ricostruit" in shown[0].data
        (True, True, False)
        """
        settings = thresholds()
        smaller = self.min_count - 1
        self.show_markdown(
            "## Dati e avvertenze\n\n"
            f"{data_note(self.illustrative)}\n"
            "- **Reali**: l'elenco dei membri del network e le quattro schede del seed 004; le esperienze consegnate "
            "con il modello Excel (`Fonte = consegna`) e le rilevazioni importate dagli strumenti di questionario "
            "(`Fonte = rilevazione`), ciascuna con la sua fonte; gli aggregati nazionali pubblicati nel seed 004; gli "
            "indicatori demografici e di offerta (ISTAT, CC BY 3.0 IT / CC BY 4.0; elaborazioni onData) e i confini "
            "regionali (© Openpolis, CC BY 4.0).\n"
            f"- **Conteggi piccoli**: nelle tabelle e nei grafici di una regione i conteggi da 1 a {smaller} non "
            f"sono mostrati; {LEGEND.format(min_count=self.min_count, smaller=smaller)}. Per ogni cella nascosta si "
            "verifica (con la programmazione lineare) che righe, colonne e totali mostrati lascino possibili almeno "
            "due valori. Lo stesso conteggio è nascosto anche nelle percentuali, nelle barre e nelle frasi. I "
            f"risultati del questionario sono mostrati solo con almeno {self.min_count} aziende rispondenti; le "
            "matrici nazionali sono quelle pubblicate nel seed 004; i contatti personali delle schede non compaiono "
            "mai.\n"
            f"{methods_summary(settings)}\n{istat_sources_note()}\n"
            "- Le cifre pubblicate nei seed sono controllate una per una da `cbresearch check` e dicono che cosa "
            "dimostra il controllo: *riprodotta* (ricalcolata da dati indipendenti dal seed, come ISTAT), *coerente* "
            "(i numeri del seed tornano tra loro), *trascritta* (ricalcolata dagli aggregati stessi: prova la "
            "trascrizione, non il dato), *segnalata* (non torna, con il motivo) o *esterna* (fonte non verificabile)."
        )
