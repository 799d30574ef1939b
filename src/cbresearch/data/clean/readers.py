"""Reading raw exports: the input edge of cleaning.

Raw files arrive as the real tools export them: UTF-8, UTF-8 with BOM,
UTF-16 (what Excel's "Unicode text" and some survey tools write) or
Windows-1252; separated by ``,``, ``;``, tab or ``|`` (sniffed from the header
record, which may span several lines inside quotes); or ``.xlsx``, read whole
whatever dimension the workbook declares (Microsoft Forms writes
``<dimension ref="A1"/>``).  :func:`read_raw_table` turns any of them into the
same all-text frame, so the rest of the pipeline never sees the difference.
Nothing here writes to the raw directory.

Examples
--------
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as d:
...     path = Path(d) / "x.csv"
...     _ = path.write_bytes("Nome;Città\\nA;Forlì\\n".encode("cp1252"))
...     table = read_raw_table(path)
>>> table.encoding, table.separator, table.frame.to_dict("records")
('cp1252', ';', [{'Nome': 'A', 'Città': 'Forlì'}])
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from ...errors import Described, Problem, RawDataError
from ...i18n import _

SUPPORTED_SUFFIXES = (".csv", ".xlsx")
FIRST_DATA_ROW = 2  # the header is row 1, as a spreadsheet shows it


@dataclass
class RawTable:
    """An input file read as text: every cell a ``str``, blanks as ``""``."""

    path: Path
    frame: pd.DataFrame
    encoding: str | None
    separator: str | None
    repeated: set[str] = field(default_factory=set)  # headers given more than once (renamed "X (2)" …) or blank
    formulas: list[Problem] = field(default_factory=list)  # cells of a workbook that hold a formula, not a value

    @property
    def name(self) -> str:
        """The file name used in messages (relative to the raw directory when known)."""
        return self.path.as_posix() if not self.path.is_absolute() else self.path.name


def detect_encoding(data: bytes) -> str:
    """Return ``utf-8-sig``, ``utf-8``, ``utf-16`` or ``cp1252`` for the bytes of a text export.

    Examples
    --------
    >>> detect_encoding("Città".encode("utf-8-sig")), detect_encoding("Città".encode("utf-8"))
    ('utf-8-sig', 'utf-8')
    >>> detect_encoding("Città".encode("cp1252")), detect_encoding("Città".encode("utf-16"))
    ('cp1252', 'utf-16')
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


SEPARATORS = (",", ";", "\t", "|")
_NON_BLANK = re.compile(rb"\S")


def detect_separator(header_line: str) -> str:
    """Return ``,``, ``;``, tab or ``|``: whichever separates the header's fields most (outside quotes).

    Examples
    --------
    >>> detect_separator('"Codice";"Titolo, breve"')
    ';'
    >>> detect_separator("Codice,Titolo"), detect_separator("id\\tsubmitdate\\tG01Q01"), detect_separator("a|b|c")
    (',', '\\t', '|')
    """
    counts = dict.fromkeys(SEPARATORS, 0)
    quoted = False
    for ch in header_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(SEPARATORS, key=lambda s: counts[s])  # ties go to the comma, then the semicolon
    return best if counts[best] else ","


def header_end(data: bytes) -> int:
    """The offset of the newline that ends the header record (quotes may hold newlines), or -1.

    Examples
    --------
    >>> data = b'"Azienda";"Quanto\\r\\nimplementate?"\\r\\nAUSL;4\\r\\n'
    >>> data[: header_end(data)]
    b'"Azienda";"Quanto\\r\\nimplementate?"\\r'
    """
    quoted = False
    for position, byte in enumerate(data):
        if byte == 0x22:  # '"' in every encoding read here as bytes (UTF-16 is decoded first)
            quoted = not quoted
        elif byte == 0x0A and not quoted:
            return position
    return -1


def _decode(data: bytes, encoding: str, errors: str = "strict") -> str:
    if encoding == "cp1252":
        # cp1252 leaves five bytes undefined; latin-1 maps every byte
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")
    return data.decode(encoding, errors)


def decode_text(data: bytes, errors: str = "strict") -> str:
    """The bytes of a text file decoded in the encoding :func:`detect_encoding` finds (a BOM is dropped).

    Examples
    --------
    >>> decode_text("Forlì".encode("cp1252")), decode_text("Forlì".encode("utf-8-sig")), decode_text("Età".encode("utf-16"))
    ('Forlì', 'Forlì', 'Età')
    """
    return _decode(data, detect_encoding(data), errors)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime) and value.time() != datetime.min.time():
        return value.strftime("%d/%m/%Y %H:%M:%S")  # a date-time (e.g. a survey tool's completion time)
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _formula_cells(path: Path) -> dict[tuple[int, int], str]:
    """``(row, column) -> formula`` of the cells of the first sheet that hold a formula (1-based, as Excel)."""
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=False)
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()
        return {
            (r, c): value
            for r, row in enumerate(sheet.iter_rows(values_only=True), start=1)
            for c, value in enumerate(row, start=1)
            if isinstance(value, str) and value.startswith("=")
        }
    finally:
        workbook.close()


def _formula_problems(path: Path, header: list[str]) -> list[Problem]:
    """A formula typed in a data cell is no value: say so, and what to type instead."""
    return [
        Problem(path.name, row, header[column - 1] if column <= len(header) else None, formula,
                _("a value typed in the cell, not a formula: type the text or number itself (for a link, the "
                  "address as text)"))
        for (row, column), formula in sorted(_formula_cells(path).items())
        if row > 1
    ]  # fmt: skip


def _read_xlsx(path: Path) -> pd.DataFrame:
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, OSError) as error:
        raise RawDataError(
            [Problem(path.name, None, None, Described(_("a file that is not an Excel workbook ({error})").format(error=error)),
                     _("an .xlsx workbook as Excel, LibreOffice or the survey tool writes it (or a .csv)"))]
        ) from None  # fmt: skip
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # Microsoft Forms declares <dimension ref="A1"/>: read every row there is
        rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    if not rows:
        return pd.DataFrame()
    header = [" ".join(h.split()) for h in rows[0]]  # spaces, non-breaking spaces and line breaks: one space
    while header and not header[-1]:
        header.pop()
    body = [row[: len(header)] + [""] * (len(header) - len(row)) for row in rows[1:]]
    return pd.DataFrame(body, columns=header, dtype=object)


def header_fields(text: str, separator: str) -> list[str]:
    """The fields of the first record of ``text``, BOM dropped and spaces collapsed (a header over two lines
    is one name).

    Examples
    --------
    >>> header_fields('\\ufeffCodice regione;"Età"', ";"), header_fields('"Posti  letto", anno', ",")
    (['Codice regione', 'Età'], ['Posti letto', 'anno'])
    """
    fields = next(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    return [" ".join(str(c).lstrip("\ufeff").split()) for c in fields]  # a header over two lines is one name


def _as_text_bytes(data: bytes, name: str) -> tuple[bytes, str]:
    """The export's bytes ready for the CSV reader (UTF-16 re-encoded, BOM dropped) and the encoding found."""
    encoding = detect_encoding(data)
    if encoding != "utf-16" and b"\x00" in data[:4096]:
        raise RawDataError([Problem(name, None, None, Described(_("a binary file")),
                                    _("a text export (.csv) or an Excel workbook (.xlsx)"))])  # fmt: skip
    if encoding == "utf-16":
        try:
            return data.decode("utf-16").encode("utf-8"), encoding
        except UnicodeDecodeError as error:
            raise RawDataError(
                [Problem(name, None, None, Described(_("bytes that are not UTF-16 text ({reason})").format(reason=error.reason)),
                         _("a text export in UTF-8, UTF-16 or Windows-1252"))]
            ) from None  # fmt: skip
    return (data[3:] if encoding == "utf-8-sig" else data), encoding


class _MalformedRows:
    """pyarrow's handler of rows with the wrong number of fields: keeps where the first is, counts the others."""

    def __init__(self, name: str, data: bytes, start: int, separator: str, text_encoding: str):
        self.name, self.data, self.start = name, data, start  # the records begin at data[start]
        self.separator, self.text_encoding = separator, text_encoding
        self.found: list[Problem] = []

    def __call__(self, row) -> str:
        where: int | None
        if row.number is not None:
            where = int(row.number) + 1  # rows as a spreadsheet numbers them: the header is row 1
        else:  # pyarrow does not count rows when values may hold newlines: find the record's line
            text = row.text.encode("utf-8" if self.text_encoding.startswith("utf") else "latin-1")
            found = self.data.find(text, self.start)
            where = self.data.count(b"\n", self.start, found) + 2 if found >= 0 else None
        expected = _("{count} fields separated by '{separator}', as in the header row")
        self.found.append(Problem(self.name, where, None, Described(_("{count} fields").format(count=row.actual_columns)),
                                  expected.format(count=row.expected_columns, separator=self.separator)))  # fmt: skip
        return "skip"

    def raise_if_any(self) -> None:
        """One message: the first malformed row, and how many more there are."""
        if self.found:
            first = self.found[0]
            more = _(" ({count} more rows like it)").format(count=len(self.found) - 1) if len(self.found) > 1 else ""
            raise RawDataError([replace(first, expected=first.expected + more)])


def _read_csv(data: bytes, name: str) -> tuple[pd.DataFrame, str, str]:
    """Parse CSV bytes with pyarrow's multi-threaded reader, every column as text."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    data, encoding = _as_text_bytes(data, name)
    text_encoding = "utf-8" if encoding == "utf-16" else encoding  # UTF-16 was re-encoded
    end = header_end(data)
    first_record = _decode(data if end < 0 else data[:end], text_encoding).rstrip("\r")
    separator = detect_separator(first_record)
    header = header_fields(first_record, separator)
    start = len(data) if end < 0 else end + 1
    if _NON_BLANK.search(data, start) is None:  # a header and nothing else: no records (the caller says so)
        return pd.DataFrame(columns=header, dtype=object), encoding, separator
    body = pa.py_buffer(data).slice(start)  # the records, without copying a large export
    malformed = _MalformedRows(name, data, start, separator, text_encoding)
    names = [f"c{i}" for i in range(len(header))]

    def parse(reader_encoding: str):
        return pacsv.read_csv(
            pa.BufferReader(body),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=0, encoding=reader_encoding),
            parse_options=pacsv.ParseOptions(
                delimiter=separator, newlines_in_values=data.find(b'"', start) >= 0, invalid_row_handler=malformed
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )

    # pyarrow transcodes in its own threads; cp1252 leaves five bytes undefined, latin-1 maps them all
    try:
        table = parse("utf8" if encoding.startswith(("utf-8", "utf-16")) else encoding)
    except UnicodeDecodeError:
        table = parse("latin-1")
    malformed.raise_if_any()
    frame = table.to_pandas(types_mapper=pd.ArrowDtype)  # zero-copy: the frame shares Arrow's buffers
    frame.columns = header
    return frame, encoding, separator


def _unique_headers(columns: list[str]) -> tuple[list[str], set[str]]:
    """Headers made unique: a repeat becomes ``X (2)``, a blank ``(colonna N)``; and the names involved.

    Examples
    --------
    >>> names, involved = _unique_headers(["A", "B", "A", ""])
    >>> names, sorted(involved)
    (['A', 'B', 'A (2)', '(colonna 4)'], ['(colonna 4)', 'A', 'A (2)'])
    """
    seen: dict[str, int] = {}
    names, involved = [], set()
    for position, column in enumerate(columns, start=1):
        if not column:
            name = f"(colonna {position})"
            involved.add(name)
        elif column in seen:
            seen[column] += 1
            name = f"{column} ({seen[column]})"
            involved |= {column, name}
        else:
            seen[column] = 1
            name = column
        names.append(name)
    return names, involved


def read_raw_table(path: Path, strict_headers: bool = True) -> RawTable:
    """Read a raw ``.csv`` or ``.xlsx`` export as text.

    Parameters
    ----------
    path : Path
        The file; its suffix decides the reader.
    strict_headers : bool
        Refuse a header given twice (the datasets' own files).  A survey tool's export may repeat or leave
        blank headers of columns nobody uses: with ``False`` they are renamed (``X (2)``, ``(colonna N)``)
        and listed in ``repeated``, and only a role that needs one of them is an error.

    Returns
    -------
    RawTable

    Raises
    ------
    RawDataError
        If the file is empty, has no records or has a repeated column header.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     path = Path(d) / "vuoto.csv"
    ...     _ = path.write_text("")
    ...     read_raw_table(path)
    Traceback (most recent call last):
    ...
    cbresearch.errors.RawDataError: problemi nei dati grezzi: 1
    """
    path = Path(path)
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise RawDataError([Problem(path.name, None, None, path.suffix, _("a .csv or .xlsx file"))])
    if not path.exists() or path.stat().st_size == 0:
        raise RawDataError([Problem(path.name, None, None, None, _("a file with a header row and records"))])
    encoding = separator = None
    formulas: list[Problem] = []
    if path.suffix.lower() == ".xlsx":
        frame = _read_xlsx(path)
        formulas = _formula_problems(path, list(frame.columns))
    else:
        data = path.read_bytes()
        if not data[:65536].strip() and not data.strip():  # check the head first: no copy of a large file
            raise RawDataError([Problem(path.name, None, None, None, _("a file with a header row and records"))])
        frame, encoding, separator = _read_csv(data, path.name)
    problems = []
    if frame.shape[1] == 0 or len(frame) == 0:
        problems.append(Problem(path.name, None, None, None, _("at least one record below the header row")))
    repeated: set[str] = set()
    if strict_headers:
        seen: set[str] = set()
        for column in frame.columns:
            if column in seen:
                problems.append(Problem(path.name, 1, column, column, _("each column header once")))
            seen.add(column)
    else:
        names, repeated = _unique_headers(list(frame.columns))
        frame.columns = names
    if problems:
        raise RawDataError(problems)
    return RawTable(path, frame.reset_index(drop=True), encoding, separator, repeated, formulas)
