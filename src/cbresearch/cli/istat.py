"""``cbresearch istat``: update the ISTAT tables when ISTAT publishes a new year (``aggiorna``), download them
(``scarica``).  See README, "Aggiornare i dati ISTAT".

Examples
--------
>>> from typer.testing import CliRunner
>>> "aggiorna" in CliRunner().invoke(istat, ["--help"]).output
True
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .shell import ItalianCommand, ItalianGroup, friendly

istat = typer.Typer(
    cls=ItalianGroup, help="I dati ISTAT: aggiornare le tabelle quando ISTAT pubblica un nuovo anno, scaricarli."
)


@istat.command(cls=ItalianCommand, name="aggiorna")
@friendly
def istat_update(
    source: Annotated[
        Path | None, typer.Option(help="La cartella dei file ISTAT scaricati (predefinita ../shared/reference).")
    ] = None,
    check: Annotated[bool, typer.Option("--check", help="Dice che cosa è nuovo, senza scrivere nulla.")] = False,
) -> None:
    """Legge i file ISTAT della cartella (qualsiasi anno), dice che cosa è nuovo, poi aggiorna tabelle e indicatori."""
    from ..data.build.istat import build_demography, build_tables
    from ..data.build.istat_update import describe, new_years

    tables = build_tables(source)
    for line in describe(new_years(tables)):
        typer.echo(line)
    if check:
        typer.echo("--check: nulla è stato scritto")
        return
    from ..data.clean.pipeline import clean_all
    from ..publish.report.coverage import write_coverage_cache

    for path in build_demography(source):
        typer.echo(f"scritto    {path}")
    clean_all(progress=False)
    typer.echo(f"indicatori ricalcolati: {write_coverage_cache(None)}")
    typer.echo("poi: `cbresearch reports` ricostruisce i rapporti i cui dati sono cambiati")


@istat.command(cls=ItalianCommand, name="scarica")
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
    from ..data.build.istat_update import download_posas, latest_posas_year

    start = first_year or latest_posas_year() + 1
    fetched = download_posas(dest, start, base_url=base_url)
    for item in fetched:
        typer.echo(f"scaricato  {item.path}  ({item.url}, sha256 {item.sha256[:12]}…)")
    if not fetched:
        typer.echo(f"nessun file nuovo: ISTAT non ha ancora pubblicato l'anno {start}")
