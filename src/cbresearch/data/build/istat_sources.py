"""ISTAT's files found in a folder by what they hold: any year, named as ISTAT serves them or as republished.

``cbresearch build-demography --source DIR`` (and ``cbresearch istat aggiorna``)
read every file of the folder, and of the ``.zip`` files ISTAT's download pages
serve, and recognise each by its content, never by a list of years:

* **POSAS** (demo.istat.it, resident population on 1 January by region, single
  year of age): the title line says the year ("… al 1° gennaio 2025"); a year
  in the file name (``POSAS_2025_it_Regioni.csv``, ``istat_posas_2025_regions.csv``)
  must agree with it;
* the **reconstructed intercensal series** (columns ``anno``, ``genere``,
  ``codice``, ``regione`` and one per age): every year it holds;
* **residential beds** and **severe limitations** (ISTAT *Disabilità in
  cifre*, as onData processes them): recognised by their columns;
* the **region boundaries** (TopoJSON).

Two files for the same POSAS year (a new release): the later one wins — the
file modified last, then the name — and the provenance file lists the one used
and the one set aside.

Examples
--------
>>> title_year('"Popolazione residente per età, sesso e stato civile al 1° gennaio 2025"')
2025
>>> name_year("POSAS_2024_it_Regioni.zip"), name_year("istat_posas_2019_regions.csv"), name_year("x.csv")
(2024, 2019, None)
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import Described, Problem, SourceDataError
from ...i18n import _
from ..clean.readers import decode_text, detect_separator, header_fields

_TITLE_YEAR = re.compile(r"1\s*[°º]?\s*gennaio\s+(\d{4})", re.IGNORECASE)
_NAME_YEAR = re.compile(r"posas_(\d{4})", re.IGNORECASE)
POSAS_COLUMNS = ("Codice regione", "Regione", "Età", "Totale")
RECONSTRUCTED_COLUMNS = ("anno", "genere", "codice", "regione", "0", "100")
BEDS_COLUMNS = ("regione", "Anziani (65 anni e più)", "Persone con disabilità", "descrizione", "anno", "gerarchia")
LIMITATIONS_COLUMNS = ("scelta", "Limitazioni gravi", "descrizione", "anno", "gerarchia")
KINDS = ("posas", "reconstructed", "residential_beds", "severe_limitations", "boundaries")


def title_year(first_line: str) -> int | None:
    """The year of a POSAS title line ("… al 1° gennaio YYYY"), or None.

    Examples
    --------
    >>> title_year("Popolazione residente al 1 gennaio 2024 per età") is None
    False
    """
    match = _TITLE_YEAR.search(first_line)
    return int(match.group(1)) if match else None


def name_year(name: str) -> int | None:
    """The year a POSAS file's name carries, or None."""
    match = _NAME_YEAR.search(name)
    return int(match.group(1)) if match else None


@dataclass(frozen=True)
class SourceFile:
    """One ISTAT file found in the folder (a member of a ``.zip`` is named ``archive.zip/member.csv``)."""

    kind: str
    name: str
    data: bytes
    modified: float
    year: int | None = None

    def text(self) -> str:
        """The file decoded (UTF-8 with or without BOM, UTF-16 or Windows-1252)."""
        return decode_text(self.data)


@dataclass
class Inventory:
    """What a folder holds: the POSAS file of each year, the other tables, and the files set aside."""

    posas: dict[int, SourceFile] = field(default_factory=dict)
    others: dict[str, SourceFile] = field(default_factory=dict)
    superseded: list[tuple[SourceFile, SourceFile]] = field(default_factory=list)  # (set aside, used instead)

    def used(self) -> list[SourceFile]:
        """Every file the build reads, POSAS by year first."""
        return [self.posas[y] for y in sorted(self.posas)] + [self.others[k] for k in KINDS if k in self.others]

    def require(self, kind: str, folder: Path) -> SourceFile:
        """The file of ``kind``, or a one-line error naming what is missing."""
        if kind not in self.others:
            raise SourceDataError(
                _(
                    "{folder}: no {kind} file found; expected the ISTAT source described in README, 'Aggiornare i "
                    "dati ISTAT' (pass --source DIR to read it from elsewhere)"
                ).format(folder=folder, kind=kind.replace("_", " "))
            )
        return self.others[kind]


def _files(folder: Path) -> list[tuple[str, bytes, float]]:
    """(name, bytes, modification time) of every CSV/JSON file of the folder and of its ``.zip`` archives."""
    found = []
    for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
        suffix = path.suffix.lower()
        if suffix == ".zip":
            try:
                with zipfile.ZipFile(path) as archive:
                    for member in archive.infolist():
                        if member.filename.lower().endswith((".csv", ".json")) and not member.is_dir():
                            found.append((f"{path.name}/{member.filename}", archive.read(member),
                                          path.stat().st_mtime))  # fmt: skip
            except zipfile.BadZipFile:
                found_zip = Described(_("a damaged or incomplete .zip"))
                expected = _("the archive ISTAT serves (download it again)")
                raise SourceDataError(str(Problem(path.name, None, None, found_zip, expected))) from None
        elif suffix in (".csv", ".json"):
            found.append((path.name, path.read_bytes(), path.stat().st_mtime))
    return found


def _header(text: str) -> tuple[str, list[str]]:
    """The first line, and the header's fields (the line after a POSAS title, else the first line)."""
    lines = text.splitlines()
    first = lines[0] if lines else ""
    header_line = lines[1] if len(lines) > 1 and title_year(first) is not None else first
    return first, header_fields(header_line, detect_separator(header_line)) if header_line.strip() else []


def classify(name: str, data: bytes, modified: float = 0.0) -> SourceFile | None:
    """What an ISTAT file is, from its content (None: not one of the project's sources).

    Raises
    ------
    SourceDataError
        A POSAS file whose name says another year than its title line.

    Examples
    --------
    >>> data = b'"Popolazione residente ... al 1\\xc2\\xb0 gennaio 2025"\\n"Codice regione";"Regione";"Et\\xc3\\xa0";"Totale"\\n'
    >>> classify("POSAS_2025_it_Regioni.csv", data).kind, classify("POSAS_2025_it_Regioni.csv", data).year
    ('posas', 2025)
    """
    if name.endswith(".json"):
        return SourceFile("boundaries", name, data, modified) if b'"Topology"' in data[:200] else None
    first, columns = _header(decode_text(data, errors="replace")[:20000])
    present = set(columns)
    looks_posas = title_year(first) is not None or name_year(name) is not None
    missing = [c for c in POSAS_COLUMNS if c not in present]
    if looks_posas and missing and len(missing) < len(POSAS_COLUMNS):
        expected = _("POSAS's columns {columns} (found: {found})").format(
            columns=", ".join(map(repr, POSAS_COLUMNS)), found=", ".join(map(repr, columns[:8]))
        )
        raise SourceDataError(str(Problem(name, 2, missing[0], Described(_("no such column")), expected)))
    if not missing:
        year = title_year(first)
        named = name_year(name)
        if year is None:
            expected = _("POSAS's title line with the date of the count ('… al 1° gennaio YYYY')")
            raise SourceDataError(str(Problem(name, 1, None, first.strip()[:80], expected)))
        if named is not None and named != year:
            found_year = Described(_("the year {year} in the title").format(year=year))
            expected = _("{year} as the file's name says (a renamed file?)").format(year=named)
            raise SourceDataError(str(Problem(name, 1, None, found_year, expected)))
        return SourceFile("posas", name, data, modified, year)
    for kind, needed in (("reconstructed", RECONSTRUCTED_COLUMNS), ("residential_beds", BEDS_COLUMNS),
                         ("severe_limitations", LIMITATIONS_COLUMNS)):  # fmt: skip
        missing = [c for c in needed if c not in present]
        if not missing:
            return SourceFile(kind, name, data, modified)
        if len(missing) <= 2 and len(needed) - len(missing) >= 3:  # this table, with a renamed column
            expected = _("the {kind} table's columns {columns} (found: {found})").format(
                kind=kind.replace("_", " "),
                columns=", ".join(map(repr, needed)),
                found=", ".join(map(repr, columns[:10])),
            )
            raise SourceDataError(str(Problem(name, 1, missing[0], Described(_("no such column")), expected)))
    return None


def _later(a: SourceFile, b: SourceFile) -> bool:
    return (a.modified, a.name) > (b.modified, b.name)


def inventory(folder: Path) -> Inventory:
    """Recognise every ISTAT file of ``folder`` (see the module's description).

    Examples
    --------
    >>> from cbresearch import config
    >>> found = inventory(config.REFERENCE_DIR)  # doctest: +SKIP
    >>> sorted(found.posas)[:2], sorted(found.others)  # doctest: +SKIP
    ([2019, 2020], ['boundaries', 'reconstructed', 'residential_beds', 'severe_limitations'])
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise SourceDataError(
            _("{folder}: no such folder; expected the folder of the ISTAT files (--source DIR)").format(folder=folder)
        )
    found = Inventory()
    for name, data, modified in _files(folder):
        source = classify(name, data, modified)
        if source is None:
            continue
        if source.kind == "posas":
            assert source.year is not None
            _keep_later(found.posas, source.year, source, found.superseded)
        else:
            _keep_later(found.others, source.kind, source, found.superseded)
    return found


def _keep_later(kept: dict, key, source: SourceFile, superseded: list) -> None:
    """Keep ``source`` under ``key`` unless a later release is there already; the other one is set aside."""
    current = kept.get(key)
    if current is None or _later(source, current):
        if current is not None:
            superseded.append((current, source))
        kept[key] = source
    else:
        superseded.append((source, current))
