"""The ``cbresearch`` command line.

Every command is a thin shell over a package function; the commands are the
only writers (besides their Python twins).  Errors a user can cause
(:class:`~cbresearch.errors.CbResearchError`) are printed as readable lines on
standard error with exit code 1, never as a traceback.  Packages are
imported inside each command so that ``cbresearch --help`` and a command that
has nothing to do return at once.

Examples
--------
>>> from typer.testing import CliRunner
>>> result = CliRunner().invoke(app, ["--help"])
>>> result.exit_code, "clean" in result.output
(0, True)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from .. import config
from ..check.disclosure.threshold import MIN_COUNT
from ..errors import CbResearchError
from ..i18n import _
from .istat import istat
from .shell import ItalianCommand, ItalianGroup, friendly, italian_help_panels, run_app

app = typer.Typer(
    cls=ItalianGroup,
    help="Ricerca riproducibile sul community building nella sanità e nel sociale in Italia.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(istat, name="istat")


@app.command(cls=ItalianCommand, name="build-raw")
@friendly
def build_raw(
    out_dir: Annotated[Path | None, typer.Option(help="Dove scrivere i CSV grezzi (predefinito data/raw).")] = None,
    force: Annotated[bool, typer.Option(help="Sovrascrive i file grezzi il cui contenuto cambierebbe.")] = False,
) -> None:
    """Ricostruisce i dati grezzi record per record dagli aggregati pubblicati nei seed (deterministico)."""
    from ..data.build.reconstruct import write_raw
    from ..files import atomic_write_bytes

    out_dir = out_dir or config.RAW_DIR
    with tempfile.TemporaryDirectory() as scratch:
        fresh = write_raw(Path(scratch))
        changed = [
            p.name for p in fresh if (out_dir / p.name).exists() and (out_dir / p.name).read_bytes() != p.read_bytes()
        ]
        if changed and not force:
            raise CbResearchError(
                _(
                    "raw data are immutable: rebuilding would change {files} in {folder}; "
                    "pass --force if the change is intended (and say why in the commit)"
                ).format(files=", ".join(changed), folder=out_dir)
            )
        out_dir.mkdir(parents=True, exist_ok=True)
        for path in fresh:
            target = out_dir / path.name
            if target.exists() and target.read_bytes() == path.read_bytes():
                typer.echo(_("unchanged  {path}").format(path=target))
                continue
            atomic_write_bytes(target, path.read_bytes())
            typer.echo(_("written    {path}").format(path=target))


@app.command(cls=ItalianCommand)
@friendly
def clean(
    raw_dir: Annotated[
        Path | None, typer.Option(help="Cartella dei dati grezzi, solo lettura (predefinita data/raw).")
    ] = None,
    out_dir: Annotated[
        Path | None, typer.Option(help="Cartella delle tabelle parquet (predefinita data/processed).")
    ] = None,
) -> None:
    """Valida e pulisce ogni dataset grezzo in data/processed (parquet + validation_report.json)."""
    from ..data.clean.pipeline import clean_all

    out_dir = out_dir or config.PROCESSED_DIR
    result = clean_all(raw_dir, out_dir)
    for name, info in result.report["datasets"].items():
        missing = sum(info["missing"].values())
        deliveries = len(info["files"]) - 1
        extra = _(", {count} deliveries").format(count=deliveries) if deliveries else ""
        line = _(
            "{name:<19} {file:<28} rows read {read:>5}, kept {kept:>5}, fixes {fixes:>4}, blank answers {blank:>3}"
        )
        typer.echo(line.format(name=name, file=info["file"], read=info["rows_read"], kept=info["rows_kept"],
                               fixes=info["fixes_applied"], blank=missing) + extra)  # fmt: skip
        for rejected in info["rejected_rows"]:
            typer.echo(_("warning: rejected: {message}").format(message=rejected["message"]), err=True)
        for duplicate in info["duplicates"]:
            typer.echo(_("note: exact duplicate of {kept} ignored: {duplicate}").format(**duplicate), err=True)
        for change in info["replacements"]:
            typer.echo(_("note: record {id} of {old} replaced by {new}").format(**change), err=True)
    typer.echo(_("wrote {count} files to {folder}").format(count=len(result.written), folder=out_dir))


@app.command(cls=ItalianCommand, name="build-demography")
@friendly
def build_demography_command(
    source: Annotated[
        Path | None, typer.Option(help="Cartella dei file ISTAT di origine (predefinita ../shared/reference).")
    ] = None,
    out_dir: Annotated[
        Path | None, typer.Option(help="Dove scrivere le tabelle derivate (predefinito data/raw/istat).")
    ] = None,
) -> None:
    """Deriva le tabelle ISTAT compatte (popolazione, limitazioni, posti letto, confini) con la loro provenienza."""
    from ..data.build.istat import build_demography

    for path in build_demography(source, out_dir):
        typer.echo(_("written    {path}").format(path=path))


@app.command(cls=ItalianCommand)
@friendly
def coverage(
    year: Annotated[
        int | None, typer.Option(help="Anno da riportare (predefinito: l'ultimo di ogni indicatore).")
    ] = None,
    out_dir: Annotated[
        Path | None, typer.Option(help="Dove scrivere need_coverage_by_region.csv (predefinito reports).")
    ] = None,
) -> None:
    """Copertura dei bisogni e indicatori di priorità per regione: scrive need_coverage_by_region.csv (e la cache dei report)."""
    import pandas as pd

    from ..analysis.coverage import summary_table
    from ..analysis.priority import explain
    from ..files import atomic_write_bytes
    from ..publish.report.coverage import need_coverage, write_coverage_cache
    from ..publish.tables.seed_tables import to_safe_csv

    write_coverage_cache(year)
    table = need_coverage(year)
    out_dir = out_dir or config.REPORTS_DIR
    path = out_dir / "need_coverage_by_region.csv"
    out_dir.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path, to_safe_csv(table))
    from ..formats import number

    summary = summary_table(table).rename_axis(index="regione", columns="indicatore")
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        typer.echo(summary.map(lambda value: number(value, 1)).to_string())  # Italian decimals, "–" for no data
    typer.echo("")
    typer.echo(explain())
    typer.echo(_("wrote {path} ({count} rows)").format(path=path, count=len(table)))


@app.command(cls=ItalianCommand)
@friendly
def tables(
    out_dir: Annotated[Path | None, typer.Option(help="Dove scrivere le tabelle (predefinito reports/tables).")] = None,
) -> None:
    """Scrive ogni tabella dei seed, ricalcolata dai dati, in CSV e in HTML."""
    from ..publish.tables.seed_tables import write_tables

    out_dir = out_dir or config.REPORTS_DIR / "tables"
    written = write_tables(out_dir)
    typer.echo(_("wrote {count} files to {folder}").format(count=len(written), folder=out_dir))


@app.command(cls=ItalianCommand, name="check")
@friendly
def check_command(
    format: Annotated[
        str,
        typer.Option("--format", help="text, json, markdown (docs/flagged-figures.md) o html (reports/riproduzione)."),
    ] = "text",
    out_dir: Annotated[
        Path | None,
        typer.Option(help="Con --format html: dove scrivere index.html (predefinito reports/riproduzione)."),
    ] = None,
) -> None:
    """Controlla ogni cifra stampata nei seed: riprodotto, coerente, trascritto, segnalato, fallito o esterno."""
    import json

    from ..check.reproduction import Status, check, flagged_markdown, summary_line, to_json

    if format not in ("text", "json", "markdown", "html"):
        raise CbResearchError(_("--format: got {value!r}, expected text, json, markdown or html").format(value=format))
    results = check()
    if format == "json":
        typer.echo(json.dumps(to_json(results), ensure_ascii=False, indent=2))
    elif format == "markdown":
        typer.echo(flagged_markdown(results), nl=False)
    elif format == "html":
        from ..publish.reproduction import write_reproduction_page

        typer.echo(_("written    {path}").format(path=write_reproduction_page(out_dir, results)))
        typer.echo(summary_line(results))
    else:
        for result in results:
            typer.echo(result.line())
        typer.echo(summary_line(results))
    if any(r.status is Status.FALLITO for r in results):
        raise typer.Exit(1)


REPORTS_EPILOG = (
    "Codici di uscita: 0 ogni report costruito (o già aggiornato); 1 qualche regione fallita, o dati, cartella "
    "o notebook errati; 2 uso sbagliato; 3 un'altra esecuzione sta scrivendo nella cartella (con --no-wait); "
    "130 interrotto (Ctrl-C); 143 fermato da SIGTERM. Un'esecuzione fermata lascia al loro posto le ultime pagine "
    "buone e nessun processo attivo."
)


IllustrativeOption = Annotated[
    bool,
    typer.Option(
        help="Edizione illustrativa per la didattica: anche le tabelle regionali ricostruite, segnate, con un avviso "
        "su ogni pagina; va in reports/regional-illustrativo."
    ),
]


#: the options of `cbresearch reports` too long to stand in its signature
MinCountOption = Annotated[
    int,
    typer.Option(help="I conteggi sotto questa soglia sono mostrati come '<N' (predefinita: la soglia del pacchetto)."),
]
PdfOption = Annotated[
    bool, typer.Option(help="Scrive anche <codice>.pdf per ogni report (A4, Chromium senza finestra).")
]
VerboseOption = Annotated[bool, typer.Option(help="Mostra i messaggi dei kernel invece di scriverli in batch.log.")]
TimeoutOption = Annotated[
    int, typer.Option(help="Secondi concessi a una regione; oltre, è segnata 'tempo scaduto'.", min=1)
]
WaitOption = Annotated[
    bool,
    typer.Option(
        "--wait/--no-wait", help="Se un'altra esecuzione scrive nella cartella: attendere, o uscire subito con 3."
    ),
]
MaxMemoryOption = Annotated[
    int | None, typer.Option(help="Megabyte di memoria per kernel (un report ne richiede circa 1000).", min=100)
]


@app.command(cls=ItalianCommand, epilog=REPORTS_EPILOG)
@friendly
def reports(
    regions: Annotated[
        str | None, typer.Option(help="Codici delle regioni separati da virgole (01-20, IT, SM); predefinito: tutte.")
    ] = None,
    jobs: Annotated[int | None, typer.Option(help="Processi in parallelo (predefinito: il numero di CPU).")] = None,
    out_dir: Annotated[Path | None, typer.Option(help="Dove scrivere i report (predefinito reports/regional).")] = None,
    force: Annotated[bool, typer.Option(help="Ricostruisce ogni report, anche se nulla è cambiato.")] = False,
    executor: Annotated[str, typer.Option(help="local (processi locali) o dask.")] = "local",
    scheduler: Annotated[
        str | None, typer.Option(help="Indirizzo di uno scheduler dask (con --executor dask).")
    ] = None,
    keep_code: Annotated[bool, typer.Option(help="Mostra le celle di codice nell'HTML.")] = False,
    isolation: Annotated[
        str | None, typer.Option(help="zygote (kernel duplicati con fork, predefinito su Linux) o kernel.")
    ] = None,
    year: Annotated[int | None, typer.Option(help="Anno degli indicatori (predefinito: l'ultimo).")] = None,
    min_count: MinCountOption = MIN_COUNT,
    illustrative: IllustrativeOption = False,
    pdf: PdfOption = False,
    verbose: VerboseOption = False,
    timeout: TimeoutOption = 600,
    wait: WaitOption = True,
    max_memory: MaxMemoryOption = None,
    notebook: Annotated[
        Path | None, typer.Option(help="Il notebook del report (predefinito notebooks/regional_report.ipynb).")
    ] = None,
) -> None:
    """Esegue con papermill il notebook del report per ogni regione; pubblica HTML, Excel e una pagina d'insieme."""
    from ..publish.batch import run
    from ..publish.batch.runner import Options, default_isolation

    options = Options(
        jobs=jobs, executor=executor, scheduler=scheduler, keep_code=keep_code, year=year, min_count=min_count,
        illustrative=illustrative, timeout=timeout, pdf=pdf, max_memory=max_memory,
        isolation=isolation or default_isolation(),
    )  # fmt: skip
    out_dir = out_dir or config.REPORTS_DIR / ("regional-illustrativo" if illustrative else "regional")
    codes = [c.strip() for c in regions.split(",")] if regions else None
    try:
        result = run(codes, options, out_dir=out_dir, force=force, verbose=verbose, wait=wait, notebook=notebook,
                     tell=lambda line: typer.echo(line, err=True))  # fmt: skip
    except KeyboardInterrupt as stop:
        by_sigterm = "signal" in str(stop)
        how = "SIGTERM" if by_sigterm else "Ctrl-C"
        typer.echo(_("interrupted ({signal}): the last complete pages stay").format(signal=how), err=True)
        raise typer.Exit(143 if by_sigterm else 130) from None
    _closing_line(result, out_dir, verbose)


def _closing_line(result, out_dir: Path, verbose: bool) -> None:
    """The batch's one closing line; failed regions make the command exit 1, naming them."""
    from ..formats import number

    built = {o.code for o in result.built}
    unchanged = sum(o.status == "up-to-date" for o in result.outcomes)
    moved = _("; new year of the data: {indicators}").format(indicators=", ".join(result.new_years))
    line = _("{built} built, {updated} updated (their data changed), {unchanged} unchanged, {failed} failed in "
             "{seconds} s; index: {index}")  # fmt: skip
    typer.echo(
        line.format(built=len(built), updated=len(built & set(result.data_changed)), unchanged=unchanged,
                    failed=len(result.failed), seconds=number(result.seconds, 1), index=out_dir / "index.html")
        + (moved if result.new_years else "")
    )  # fmt: skip
    if result.failed:
        cell = _("{name} ({code}): cell {cell}: {error}")
        names = ", ".join(cell.format(name=o.name, code=o.code, cell=o.cell, error=o.error) for o in result.failed)
        log = "" if verbose else _("; kernel messages in {path}").format(path=out_dir / "batch.log")
        raise CbResearchError(_("reports failed for {names}").format(names=names) + log)


@app.command(cls=ItalianCommand)
@friendly
def catalogue(
    out_dir: Annotated[Path | None, typer.Option(help="Dove scrivere il sito (predefinito reports/catalogue).")] = None,
    include_contacts: Annotated[
        bool, typer.Option(help="Mostra i contatti delle schede reali (dati personali: sceglierlo consapevolmente).")
    ] = False,
) -> None:
    """Scrive il catalogo offline e consultabile delle buone pratiche (index.html, catalogue.csv, catalogue.xlsx)."""
    from ..publish.catalogue import write_catalogue

    for path in write_catalogue(out_dir, include_contacts=include_contacts):
        typer.echo(_("written    {path}").format(path=path))


@app.command(cls=ItalianCommand, name="import-survey", epilog="Codici di uscita: 0 importato (con gli avvisi elencati), 1 nulla da "
             "importare o un errore localizzato, 2 uso sbagliato.")  # fmt: skip
@friendly
def import_survey_command(
    export: Annotated[
        Path, typer.Argument(help="L'esportazione dello strumento di indagine (.csv o .xlsx), come scaricata.")
    ],
    tool: Annotated[
        str, typer.Option(help="auto (dalle colonne dell'esportazione), limesurvey, google-forms, ms-forms o generic.")
    ] = "auto",
    mapping: Annotated[
        Path | None, typer.Option(help="Un file di corrispondenze (YAML) per intestazioni con soli codici o ambigue.")
    ] = None,
    wave: Annotated[
        str | None, typer.Option(help="L'etichetta della rilevazione (predefinita: l'anno delle risposte).")
    ] = None,
    raw_dir: Annotated[
        Path | None, typer.Option(help="La cartella dei dati grezzi in cui consegnare (predefinita data/raw).")
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Stampa che cosa sarebbe importato; non scrive nulla.")
    ] = False,
    suggest_mapping: Annotated[
        bool,
        typer.Option("--suggest-mapping", help="Stampa un file di corrispondenze da cui partire; non scrive nulla."),
    ] = False,
    date_order: Annotated[
        str | None,
        typer.Option(help="dmy (05/11 = 5 novembre) o mdy (05/11 = 11 maggio), se le date non lo dicono da sole."),
    ] = None,
) -> None:
    """Importa un'esportazione di LimeSurvey, Google Forms o Microsoft Forms come nuova rilevazione (poi: clean)."""
    from ..data.intake.survey_import import import_survey, read_export, write_import
    from ..data.intake.survey_mapping import suggest_mapping as suggestion
    from ..data.intake.survey_tools import TOOLS

    if tool != "auto" and tool not in TOOLS:
        raise typer.BadParameter(
            _("got {value!r}, expected auto or one of: {choices}").format(value=tool, choices=", ".join(TOOLS)),
            param_hint="--tool",
        )
    if not export.is_file():
        raise typer.BadParameter(_("{path}: no such file").format(path=export), param_hint="EXPORT")
    if date_order not in (None, "dmy", "mdy"):
        raise typer.BadParameter(
            _("got {value!r}, expected dmy or mdy").format(value=date_order), param_hint="--date-order"
        )
    if suggest_mapping:
        typer.echo(suggestion(read_export(export, tool, mapping)[1], export.name))
        return
    result = import_survey(export, tool, mapping, wave, raw_dir, date_order)
    if not check and not write_import(result, raw_dir):
        typer.echo(
            _("note: {name} was imported before (same content): nothing written").format(name=export.name), err=True
        )
    for line in result.lines():
        typer.echo(line)
    if check:
        typer.echo(_("--check: nothing written"))
    elif result.written:
        typer.echo(_("next: `cbresearch clean`, then `cbresearch reports`"))


@app.command(cls=ItalianCommand)
@friendly
def export(
    format: Annotated[str, typer.Option("--format", help="sav (SPSS), dta (Stata), csv o parquet.")] = "sav",
    out_dir: Annotated[Path | None, typer.Option(help="Dove scrivere (predefinito reports/export).")] = None,
) -> None:
    """Scrive le tabelle pulite per SPSS, Stata e R, con le etichette di variabili e valori."""
    from ..publish.export import FORMATS, export_tables

    if format not in FORMATS:
        raise typer.BadParameter(
            _("got {value!r}, expected one of: {choices}").format(value=format, choices=", ".join(FORMATS)),
            param_hint="--format",
        )
    for path in export_tables(format, out_dir):
        typer.echo(_("written    {path}").format(path=path))


@app.command(cls=ItalianCommand)
@friendly
def template(
    dataset: Annotated[str, typer.Argument(help="survey, initiatives o networks.")],
    out: Annotated[Path, typer.Option(help="Il file .xlsx da scrivere.")],
) -> None:
    """Scrive un modello Excel per l'inserimento dei dati (menu a tendina, istruzioni, una riga d'esempio)."""
    from ..data.intake.forms import write_template

    typer.echo(_("written    {path}").format(path=write_template(dataset, out)))


@app.command(cls=ItalianCommand)
@friendly
def status(
    raw_dir: Annotated[Path | None, typer.Option(help="Cartella dei dati grezzi (predefinita data/raw).")] = None,
    processed_dir: Annotated[
        Path | None, typer.Option(help="Cartella dei dati puliti (predefinita data/processed).")
    ] = None,
) -> None:
    """Che cosa contiene la base dati: dataset, consegne, record per fonte, l'ultima validazione."""
    from ..data.clean.status import format_status
    from ..data.clean.status import status as database_status

    typer.echo(format_status(database_status(raw_dir, processed_dir)))


@app.command(cls=ItalianCommand)
@friendly
def course(
    solutions: Annotated[
        bool, typer.Option(help="La copia del formatore: esercizi completati con le soluzioni.")
    ] = False,
    site: Annotated[
        bool, typer.Option("--site", help="Costruisce il sito del corso (Jupyter Book) in reports/course/sito/.")
    ] = False,
    out_dir: Annotated[Path | None, typer.Option(help="Dove scrivere (predefinito reports/course/...).")] = None,
) -> None:
    """Esegue le lezioni del corso e ne scrive l'HTML, o (--site) il sito del corso; --solutions: edizione del formatore."""
    if site:
        from ..publish.course.site import build_site

        typer.echo(_("written    {path}").format(path=build_site(out_dir, solutions=solutions)))
        return
    from ..publish.course.exercises import build_course

    for path in build_course(out_dir, solutions=solutions):
        typer.echo(_("written    {path}").format(path=path))


def main() -> None:
    """Entry point of the ``cbresearch`` console script (the help panels' titles in Italian)."""
    italian_help_panels()
    sys.exit(run_app(app, "cbresearch"))
