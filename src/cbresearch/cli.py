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

import functools
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from . import config
from .errors import CbResearchError

app = typer.Typer(
    help="Reproducible research on community building in Italian health and social care.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def friendly(command):
    """Turn domain errors into readable lines and exit code 1."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except CbResearchError as error:
            for line in error.lines():
                typer.echo(f"error: {line}", err=True)
            raise typer.Exit(error.exit_code) from None

    return wrapper


@app.command("build-raw")
@friendly
def build_raw(
    out_dir: Annotated[Path | None, typer.Option(help="Where to write the raw CSV files (default data/raw).")] = None,
    force: Annotated[bool, typer.Option(help="Overwrite raw files whose content would change.")] = False,
) -> None:
    """Rebuild the record-level raw data from the seeds' published aggregates (deterministic)."""
    from .data.reconstruct import write_raw
    from .files import atomic_write_bytes

    out_dir = out_dir or config.RAW_DIR
    with tempfile.TemporaryDirectory() as scratch:
        fresh = write_raw(Path(scratch))
        changed = [
            p.name for p in fresh if (out_dir / p.name).exists() and (out_dir / p.name).read_bytes() != p.read_bytes()
        ]
        if changed and not force:
            raise CbResearchError(
                f"raw data are immutable: rebuilding would change {', '.join(changed)} in {out_dir}; "
                "pass --force if the change is intended (and say why in the commit)"
            )
        out_dir.mkdir(parents=True, exist_ok=True)
        for path in fresh:
            target = out_dir / path.name
            if target.exists() and target.read_bytes() == path.read_bytes():
                typer.echo(f"unchanged  {target}")
                continue
            atomic_write_bytes(target, path.read_bytes())
            typer.echo(f"written    {target}")


@app.command()
@friendly
def clean(
    raw_dir: Annotated[
        Path | None, typer.Option(help="Directory of the raw exports, read only (default data/raw).")
    ] = None,
    out_dir: Annotated[
        Path | None, typer.Option(help="Directory for the parquet tables (default data/processed).")
    ] = None,
) -> None:
    """Validate and clean every raw dataset into data/processed (parquet + validation_report.json)."""
    from .data.pipeline import clean_all

    out_dir = out_dir or config.PROCESSED_DIR
    result = clean_all(raw_dir, out_dir)
    for name, info in result.report["datasets"].items():
        missing = sum(info["missing"].values())
        deliveries = len(info["files"]) - 1
        extra = f", {deliveries} deliveries" if deliveries else ""
        typer.echo(
            f"{name:<19} {info['file']:<28} rows read {info['rows_read']:>5}, kept {info['rows_kept']:>5}, "
            f"fixes {info['fixes_applied']:>4}, blank answers {missing:>3}{extra}"
        )
        for rejected in info["rejected_rows"]:
            typer.echo(f"warning: rejected: {rejected['message']}", err=True)
        for duplicate in info["duplicates"]:
            typer.echo(f"note: exact duplicate of {duplicate['kept']} ignored: {duplicate['duplicate']}", err=True)
        for change in info["replacements"]:
            typer.echo(f"note: record {change['id']} of {change['old']} replaced by {change['new']}", err=True)
    typer.echo(f"wrote {len(result.written)} files to {out_dir}")


@app.command("build-demography")
@friendly
def build_demography_command(
    source: Annotated[
        Path | None, typer.Option(help="Directory of the ISTAT source files (default ../shared/reference).")
    ] = None,
    out_dir: Annotated[
        Path | None, typer.Option(help="Where to write the derived tables (default data/raw/istat).")
    ] = None,
) -> None:
    """Derive the compact ISTAT tables (population, limitations, beds, boundaries) with their provenance."""
    from .data.istat import build_demography

    for path in build_demography(source, out_dir):
        typer.echo(f"written    {path}")


istat = typer.Typer(help="I dati ISTAT: aggiornare le tabelle quando ISTAT pubblica un nuovo anno, scaricarli.")
app.add_typer(istat, name="istat")


@istat.command("aggiorna")
@friendly
def istat_update(
    source: Annotated[
        Path | None, typer.Option(help="La cartella dei file ISTAT scaricati (predefinita ../shared/reference).")
    ] = None,
    check: Annotated[bool, typer.Option("--check", help="Dice che cosa è nuovo, senza scrivere nulla.")] = False,
) -> None:
    """Legge i file ISTAT della cartella (qualsiasi anno), dice che cosa è nuovo, poi aggiorna tabelle e indicatori."""
    from .data.istat import build_demography, build_tables
    from .data.istat_update import describe, new_years

    tables = build_tables(source)
    for line in describe(new_years(tables)):
        typer.echo(line)
    if check:
        typer.echo("--check: nulla è stato scritto")
        return
    from .data.pipeline import clean_all
    from .publish.coverage_cache import write_coverage_cache

    for path in build_demography(source):
        typer.echo(f"scritto    {path}")
    clean_all(progress=False)
    typer.echo(f"indicatori ricalcolati: {write_coverage_cache(None)}")
    typer.echo("poi: `cbresearch reports` ricostruisce i rapporti i cui dati sono cambiati")


@istat.command("scarica")
@friendly
def istat_download(
    dest: Annotated[
        Path, typer.Option(help="Dove scrivere i file scaricati (poi: cbresearch istat aggiorna --source).")
    ],
    base_url: Annotated[
        str | None, typer.Option(help="L'indirizzo da cui scaricare (predefinito: il servizio POSAS di ISTAT).")
    ] = None,
    first_year: Annotated[
        int | None,
        typer.Option(help="Il primo anno da scaricare (predefinito: quello dopo l'ultimo che il progetto ha)."),
    ] = None,
) -> None:
    """Scarica da ISTAT i file POSAS degli anni nuovi, ciascuno con URL, data e sha256."""
    from .data.istat_update import download_posas, latest_posas_year

    start = first_year or latest_posas_year() + 1
    fetched = download_posas(dest, start, base_url=base_url)
    for item in fetched:
        typer.echo(f"scaricato  {item.path}  ({item.url}, sha256 {item.sha256[:12]}…)")
    if not fetched:
        typer.echo(f"nessun file nuovo: ISTAT non ha ancora pubblicato l'anno {start}")


@app.command()
@friendly
def coverage(
    year: Annotated[int | None, typer.Option(help="Year to report (default: the latest of each indicator).")] = None,
    out_dir: Annotated[
        Path | None, typer.Option(help="Where to write need_coverage_by_region.csv (default reports).")
    ] = None,
) -> None:
    """Need coverage and priority indicators per region: writes need_coverage_by_region.csv (and the reports' cache)."""
    import pandas as pd

    from .analysis.coverage import summary_table
    from .analysis.priority import explain
    from .files import atomic_write_bytes
    from .publish.coverage_cache import need_coverage, write_coverage_cache
    from .publish.tables import to_safe_csv

    write_coverage_cache(year)
    table = need_coverage(year)
    out_dir = out_dir or config.REPORTS_DIR
    path = out_dir / "need_coverage_by_region.csv"
    out_dir.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path, to_safe_csv(table))
    from .formats import number

    summary = summary_table(table)
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        typer.echo(summary.map(lambda value: number(value, 1)).to_string())  # Italian decimals, "–" for no data
    typer.echo("")
    typer.echo(explain())
    typer.echo(f"wrote {path} ({len(table)} rows)")


@app.command()
@friendly
def tables(
    out_dir: Annotated[Path | None, typer.Option(help="Where to write the tables (default reports/tables).")] = None,
) -> None:
    """Write every table of the seeds, recomputed from the data, as CSV and styled HTML."""
    from .publish.tables import write_tables

    out_dir = out_dir or config.REPORTS_DIR / "tables"
    written = write_tables(out_dir)
    typer.echo(f"wrote {len(written)} files to {out_dir}")


@app.command("check")
@friendly
def check_command(
    format: Annotated[
        str,
        typer.Option("--format", help="text, json, markdown (docs/flagged-figures.md) or html (reports/riproduzione)."),
    ] = "text",
    out_dir: Annotated[
        Path | None, typer.Option(help="With --format html: where to write index.html (default reports/riproduzione).")
    ] = None,
) -> None:
    """Check every printed figure of the seeds: riprodotto, coerente, trascritto, segnalato, fallito or esterno."""
    import json

    from .check.reproduction import Status, check, flagged_markdown, summary_line, to_json

    if format not in ("text", "json", "markdown", "html"):
        raise CbResearchError(f"--format: got {format!r}, expected text, json, markdown or html")
    results = check()
    if format == "json":
        typer.echo(json.dumps(to_json(results), ensure_ascii=False, indent=2))
    elif format == "markdown":
        typer.echo(flagged_markdown(results), nl=False)
    elif format == "html":
        from .publish.reproduction import write_reproduction_page

        typer.echo(f"written    {write_reproduction_page(out_dir, results)}")
        typer.echo(summary_line(results))
    else:
        for result in results:
            typer.echo(result.line())
        typer.echo(summary_line(results))
    if any(r.status is Status.FALLITO for r in results):
        raise typer.Exit(1)


REPORTS_EPILOG = (
    "Exit codes: 0 every report built (or up to date); 1 some region failed, or bad input (data, folder, "
    "notebook); 2 wrong usage; 3 another run is writing in the folder (with --no-wait); 130 interrupted (Ctrl-C); "
    "143 stopped by SIGTERM. A stopped run leaves the last good pages in place and no process behind."
)


IllustrativeOption = Annotated[
    bool,
    typer.Option(
        help="Edizione illustrativa per la didattica: anche le tabelle regionali ricostruite, segnate, con un avviso "
        "su ogni pagina; va in reports/regional-illustrativo."
    ),
]


@app.command(epilog=REPORTS_EPILOG)
@friendly
def reports(
    regions: Annotated[
        str | None, typer.Option(help="Comma-separated region codes (01-20, IT, SM); default all.")
    ] = None,
    jobs: Annotated[int | None, typer.Option(help="Parallel workers (default: CPU count).")] = None,
    out_dir: Annotated[Path | None, typer.Option(help="Where to write the reports (default reports/regional).")] = None,
    force: Annotated[bool, typer.Option(help="Rebuild every report, even when nothing changed.")] = False,
    executor: Annotated[str, typer.Option(help="local (process pool) or dask.")] = "local",
    scheduler: Annotated[str | None, typer.Option(help="Address of a dask scheduler (with --executor dask).")] = None,
    keep_code: Annotated[bool, typer.Option(help="Show code cells in the HTML.")] = False,
    isolation: Annotated[str | None, typer.Option(help="zygote (forked kernels, Linux default) or kernel.")] = None,
    year: Annotated[int | None, typer.Option(help="Year of the indicators (default: latest).")] = None,
    min_count: Annotated[int, typer.Option(help="Counts below this are shown as '<N'.")] = 5,
    illustrative: IllustrativeOption = False,
    pdf: Annotated[bool, typer.Option(help="Also write <code>.pdf for each report (A4, headless Chromium).")] = False,
    verbose: Annotated[
        bool, typer.Option(help="Show the kernels' messages instead of writing them to batch.log.")
    ] = False,
    timeout: Annotated[
        int, typer.Option(help="Seconds a region may take; past them it is marked 'tempo scaduto'.", min=1)
    ] = 600,
    wait: Annotated[
        bool, typer.Option("--wait/--no-wait", help="If another run writes in the folder: wait, or exit 3 at once.")
    ] = True,
    max_memory: Annotated[
        int | None, typer.Option(help="Megabytes of address space per kernel (a report needs about 1000).", min=100)
    ] = None,
    notebook: Annotated[
        Path | None, typer.Option(help="The report notebook (default notebooks/regional_report.ipynb).")
    ] = None,
) -> None:
    """Run the regional report notebook for every region with papermill; publish HTML, Excel and an overview index."""
    from .publish.batch import run

    out_dir = out_dir or config.REPORTS_DIR / ("regional-illustrativo" if illustrative else "regional")
    codes = [c.strip() for c in regions.split(",")] if regions else None
    try:
        result = run(
            codes, jobs=jobs, out_dir=out_dir, force=force, executor=executor, scheduler=scheduler,
            keep_code=keep_code, isolation=isolation, year=year, min_count=min_count, illustrative=illustrative,
            pdf=pdf, verbose=verbose, timeout=timeout, wait=wait, max_memory=max_memory, notebook=notebook,
            tell=lambda line: typer.echo(line, err=True),
        )  # fmt: skip
    except KeyboardInterrupt as stop:
        by_sigterm = "signal" in str(stop)
        typer.echo(f"interrotto ({'SIGTERM' if by_sigterm else 'Ctrl-C'}): le ultime pagine complete restano", err=True)
        raise typer.Exit(143 if by_sigterm else 130) from None
    _closing_line(result, out_dir, verbose)


def _closing_line(result, out_dir: Path, verbose: bool) -> None:
    """The batch's one closing line; failed regions make the command exit 1, naming them."""
    from .formats import number

    built, fresh = len(result.built), sum(o.status == "up-to-date" for o in result.outcomes)
    moved = f"; nuovo anno dei dati: {', '.join(result.new_years)}" if result.new_years else ""
    typer.echo(
        f"{built} costruiti, {fresh} aggiornati, {len(result.failed)} falliti in {number(result.seconds, 1)} s; "
        f"indice: {out_dir / 'index.html'}{moved}"
    )
    if result.failed:
        names = ", ".join(f"{o.name} ({o.code}): cell {o.cell}: {o.error}" for o in result.failed)
        log = "" if verbose else f"; kernel messages in {out_dir / 'batch.log'}"
        raise CbResearchError(f"reports failed for {names}{log}")


@app.command()
@friendly
def catalogue(
    out_dir: Annotated[Path | None, typer.Option(help="Where to write the site (default reports/catalogue).")] = None,
    include_contacts: Annotated[
        bool, typer.Option(help="Show the contacts of the real case cards (personal data: opt in knowingly).")
    ] = False,
) -> None:
    """Write the offline searchable catalogue of good practices (index.html, catalogue.csv, catalogue.xlsx)."""
    from .publish.catalogue import write_catalogue

    for path in write_catalogue(out_dir, include_contacts=include_contacts):
        typer.echo(f"written    {path}")


@app.command("import-survey", epilog="Exit codes: 0 imported (warnings listed), 1 nothing importable or a located error, "
             "2 usage error.")  # fmt: skip
@friendly
def import_survey_command(
    export: Annotated[Path, typer.Argument(help="The survey tool's export (.csv or .xlsx), as downloaded.")],
    tool: Annotated[
        str, typer.Option(help="auto (from the export's columns), limesurvey, google-forms, ms-forms or generic.")
    ] = "auto",
    mapping: Annotated[
        Path | None, typer.Option(help="A mapping file (YAML) for bare-code or ambiguous headers.")
    ] = None,
    wave: Annotated[str | None, typer.Option(help="The wave's label (default: the year of the submissions).")] = None,
    raw_dir: Annotated[Path | None, typer.Option(help="The raw directory to deliver into (default data/raw).")] = None,
    check: Annotated[bool, typer.Option("--check", help="Print what would be imported; write nothing.")] = False,
    suggest_mapping: Annotated[
        bool, typer.Option("--suggest-mapping", help="Print a mapping file to start from, and write nothing.")
    ] = False,
    date_order: Annotated[
        str | None,
        typer.Option(help="dmy (05/11 = 5 novembre) o mdy (05/11 = 11 maggio), se le date non lo dicono da sole."),
    ] = None,
) -> None:
    """Import a LimeSurvey, Google Forms or Microsoft Forms export as a new wave of the survey (then run clean)."""
    from .data.survey_import import import_survey, read_export, write_import
    from .data.survey_mapping import suggest_mapping as suggestion
    from .data.survey_tools import TOOLS

    if tool != "auto" and tool not in TOOLS:
        raise typer.BadParameter(f"got {tool!r}, expected auto or one of: {', '.join(TOOLS)}", param_hint="--tool")
    if not export.is_file():
        raise typer.BadParameter(f"{export}: no such file", param_hint="EXPORT")
    if date_order not in (None, "dmy", "mdy"):
        raise typer.BadParameter(f"got {date_order!r}, expected dmy or mdy", param_hint="--date-order")
    if suggest_mapping:
        typer.echo(suggestion(read_export(export, tool, mapping)[1], export.name))
        return
    result = import_survey(export, tool, mapping, wave, raw_dir, date_order)
    if not check and not write_import(result, raw_dir):
        typer.echo(f"note: {export.name} was imported before (same content): nothing written", err=True)
    for line in result.lines():
        typer.echo(line)
    if check:
        typer.echo("--check: nothing written")
    elif result.written:
        typer.echo("next: `cbresearch clean`, then `cbresearch reports`")


@app.command()
@friendly
def export(
    format: Annotated[str, typer.Option("--format", help="sav (SPSS), dta (Stata), csv or parquet.")] = "sav",
    out_dir: Annotated[Path | None, typer.Option(help="Where to write (default reports/export).")] = None,
) -> None:
    """Write the processed tables for SPSS, Stata and R users, with variable and value labels."""
    from .publish.export import FORMATS, export_tables

    if format not in FORMATS:
        raise typer.BadParameter(f"got {format!r}, expected one of: {', '.join(FORMATS)}", param_hint="--format")
    for path in export_tables(format, out_dir):
        typer.echo(f"written    {path}")


@app.command()
@friendly
def template(
    dataset: Annotated[str, typer.Argument(help="survey, initiatives or networks.")],
    out: Annotated[Path, typer.Option(help="The .xlsx file to write.")],
) -> None:
    """Write an Excel data-entry template (drop-downs, instructions in Italian, an example row)."""
    from .data.forms import write_template

    typer.echo(f"written    {write_template(dataset, out)}")


@app.command()
@friendly
def status(
    raw_dir: Annotated[Path | None, typer.Option(help="Directory of the raw data (default data/raw).")] = None,
    processed_dir: Annotated[
        Path | None, typer.Option(help="Directory of the processed data (default data/processed).")
    ] = None,
) -> None:
    """What is in the database: datasets, deliveries, records per source, the last validation."""
    from .data.status import format_status
    from .data.status import status as database_status

    typer.echo(format_status(database_status(raw_dir, processed_dir)))


@app.command()
@friendly
def course(
    solutions: Annotated[bool, typer.Option(help="The trainer's copy: exercises filled with their solutions.")] = False,
    site: Annotated[
        bool, typer.Option("--site", help="Build the course website (Jupyter Book) into reports/course/sito/.")
    ] = False,
    out_dir: Annotated[Path | None, typer.Option(help="Where to write (default reports/course/...).")] = None,
) -> None:
    """Execute the course lessons and write their HTML, or (--site) the course website; --solutions: trainer's edition."""
    if site:
        from .publish.course_site import build_site

        typer.echo(f"written    {build_site(out_dir, solutions=solutions)}")
        return
    from .publish.course import build_course

    for path in build_course(out_dir, solutions=solutions):
        typer.echo(f"written    {path}")


def main() -> None:
    """Entry point of the ``cbresearch`` console script."""
    app(prog_name="cbresearch")


if __name__ == "__main__":  # pragma: no cover
    main()
