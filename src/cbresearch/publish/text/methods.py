"""The methods of the need-coverage indicators, summarised in Italian for each report's "Dati e avvertenze".

The full text, per indicator, is ``docs/methods.md``; this summary says the
same in a few lines, with the settings of ``priority.yaml``.

Examples
--------
>>> text = methods_summary()
>>> "sovradispersione" in text and "31 dicembre" in text and "arrotondamento" in text
True
"""

from __future__ import annotations

from pathlib import Path

from ... import config
from ...analysis.priority import level_text, thresholds
from ...data.build.istat_update import sources_in_use
from ..pages import asset, render

#: the methods page, written once for people (docs) and published beside the reports
METHODS_FILE = config.DOCS_DIR / "methods.md"
METHODS_PAGE = "metodi.html"


def methods_page(source: Path | None = None) -> str:
    """``docs/methods.md`` as an accessible Italian HTML page (no raw HTML from the source, tables kept).

    Examples
    --------
    >>> page = methods_page()
    >>> '<html lang="it">' in page and "<table>" in page and "Spiegelhalter" in page
    True
    """
    from markdown_it import MarkdownIt

    text = Path(source or METHODS_FILE).read_text(encoding="utf-8")
    title, _, body = text.partition("\n")
    html = MarkdownIt("commonmark", {"html": False}).enable("table").render(body)
    return render("methods.html.j2", title=title.lstrip("# ").strip(), base_css=asset("static/base.css"), body=html)


def methods_summary(settings: dict | None = None) -> str:
    """Markdown bullets: what each interval covers, how regions are compared with Italy, the trend test.

    Parameters
    ----------
    settings : dict, optional
        The quadrant and trend settings (default: ``priority.yaml``).

    Examples
    --------
    >>> methods_summary().startswith("- **Intervalli al 95 %**")
    True
    """
    settings = settings or thresholds()
    return (
        "- **Intervalli al 95 %**: Wilson per le quote, Byar (Poisson esatto sotto 10 eventi) per tassi e posti "
        "letto. Le quote di popolazione e l'indice di dipendenza sono conteggi completi dell'anagrafe: il loro "
        "intervallo è una convenzione (il valore osservato come una realizzazione di un processo sottostante, come "
        "nei profili Fingertips), non un errore di misura. Le persone con limitazioni gravi sono una *stima "
        "campionaria* ISTAT pubblicata in migliaia, non un conteggio: gli indicatori costruiti su di essa mostrano "
        "l'intervallo dovuto all'arrotondamento della cifra pubblicata (±0,5 migliaia), che è un limite inferiore "
        "dell'incertezza (l'errore campionario si aggiunge).\n"
        "- **Denominatori**: i posti letto sono contati al 31 dicembre e divisi per i residenti al 1° gennaio "
        "dell'anno successivo, come nei tassi ISTAT; il rapporto osservate/attese usa tassi per età e popolazione "
        "della stessa fonte, per cui l'Italia vale 1 in ogni anno.\n"
        "- **Confronto con l'Italia e grafico a imbuto**: le regioni differiscono tra loro molto più di quanto il "
        "caso spiegherebbe (sovradispersione). Si stima la varianza tra le regioni (τ², DerSimonian–Laird sugli "
        "z-score winsorizzati al 10 %, Spiegelhalter 2005) e la si aggiunge a quella di ogni regione: una regione "
        "è «simile» all'Italia (entro la variabilità tra le regioni) se cade entro Italia ± 1,96·√(s² + τ²); i limiti al 95 % e al 99,8 % del "
        "grafico a imbuto sono allargati allo stesso modo. L'Italia comprende la regione: per le regioni più "
        "grandi la distanza dal resto d'Italia è un po' maggiore di quella mostrata. Con 7 indicatori × 20 regioni "
        "qualche differenza «significativa» è attesa per caso.\n"
        f"- **Trend** sugli ultimi {settings['window_years']} anni: regressione quasi-Poisson (quasi-binomiale per "
        "le quote) con la dispersione stimata dalla serie (χ² di Pearson / gradi di libertà, mai sotto 1), "
        f"significativo al {level_text(settings)} (test F); il quadrante di priorità si assegna solo a un trend "
        "significativo. Il metodo completo, indicatore per indicatore: [i metodi degli indicatori](metodi.html) "
        "(`docs/methods.md`)."
    )


def istat_sources_note() -> str:
    """A bullet for "Dati e avvertenze": the ISTAT releases the indicators come from, with their years.

    Examples
    --------
    >>> istat_sources_note().startswith("- **Dati ISTAT usati**")
    True
    """
    return (
        "- **Dati ISTAT usati** (l'anno di ogni indicatore è nella sua tabella; l'ultimo anno disponibile di "
        f"ciascuno): {'; '.join(sources_in_use())}. Aggiornarli: `cbresearch istat aggiorna`."
    )
