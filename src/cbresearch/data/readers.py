"""Reading raw exports: the input edge of cleaning.

Raw files arrive as the real tools export them: UTF-8, UTF-8 with BOM or
Windows-1252; ``,`` or ``;`` separated; or ``.xlsx``.  :func:`read_raw_table`
turns any of them into the same all-text frame, so the rest of the pipeline
never sees the difference.  Nothing here writes to the raw directory.

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
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from ..errors import Described, Problem, RawDataError

SUPPORTED_SUFFIXES = (".csv", ".xlsx")
FIRST_DATA_ROW = 2  # the header is row 1, as a spreadsheet shows it


@dataclass
class RawTable:
    """An input file read as text: every cell a ``str``, blanks as ``""``."""

    path: Path
    frame: pd.DataFrame
    encoding: str | None
    separator: str | None

    @property
    def name(self) -> str:
        """The file name used in messages (relative to the raw directory when known)."""
        return self.path.as_posix() if not self.path.is_absolute() else self.path.name


def detect_encoding(data: bytes) -> str:
    """Return ``utf-8-sig``, ``utf-8`` or ``cp1252`` for the bytes of a text export.

    Examples
    --------
    >>> detect_encoding("Città".encode("utf-8-sig")), detect_encoding("Città".encode("utf-8"))
    ('utf-8-sig', 'utf-8')
    >>> detect_encoding("Città".encode("cp1252"))
    'cp1252'
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def detect_separator(header_line: str) -> str:
    """Return ``;`` or ``,``: whichever separates the header's fields (outside quotes).

    Examples
    --------
    >>> detect_separator('"Codice";"Titolo, breve"')
    ';'
    >>> detect_separator("Codice,Titolo")
    ','
    """
    counts = {",": 0, ";": 0}
    quoted = False
    for ch in header_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    return ";" if counts[";"] > counts[","] else ","


def _decode(data: bytes, encoding: str) -> str:
    if encoding == "cp1252":
        # cp1252 leaves five bytes undefined; latin-1 maps every byte
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")
    return data.decode(encoding)


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


def _read_xlsx(path: Path) -> pd.DataFrame:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    if not rows:
        return pd.DataFrame()
    header = [h.strip() for h in rows[0]]
    while header and not header[-1]:
        header.pop()
    body = [row[: len(header)] + [""] * (len(header) - len(row)) for row in rows[1:]]
    return pd.DataFrame(body, columns=header, dtype=object)


def _header_fields(text: str, separator: str) -> list[str]:
    return [str(c).strip().lstrip("\ufeff") for c in next(csv.reader([text], delimiter=separator))]


def _read_csv(data: bytes, name: str) -> tuple[pd.DataFrame, str, str]:
    """Parse CSV bytes with pyarrow's multi-threaded reader, every column as text."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    encoding = detect_encoding(data)
    if encoding == "utf-8-sig":
        data = data[3:]
    end = data.find(b"\n")
    first_line = _decode(data if end < 0 else data[:end], encoding).rstrip("\r")
    separator = detect_separator(first_line)
    header = _header_fields(first_line, separator)
    invalid: list[Problem] = []

    def on_invalid_row(row) -> str:
        where = None if row.number is None else int(row.number)
        invalid.append(
            Problem(
                name,
                where,
                None,
                Described(f"{row.actual_columns} fields"),
                f"{row.expected_columns} fields separated by '{separator}', as in the header row",
            )
        )
        return "skip"

    names = [f"c{i}" for i in range(len(header))]

    def parse(text_encoding: str):
        return pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, encoding=text_encoding),
            parse_options=pacsv.ParseOptions(
                delimiter=separator, newlines_in_values=b'"' in data, invalid_row_handler=on_invalid_row
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )

    # pyarrow transcodes in its own threads; cp1252 leaves five bytes undefined, latin-1 maps them all
    try:
        table = parse("utf8" if encoding.startswith("utf-8") else encoding)
    except UnicodeDecodeError:
        table = parse("latin-1")
    if invalid:
        raise RawDataError(invalid)
    frame = table.to_pandas(types_mapper=pd.ArrowDtype)  # zero-copy: the frame shares Arrow's buffers
    frame.columns = header
    return frame, encoding, separator


def read_raw_table(path: Path) -> RawTable:
    """Read a raw ``.csv`` or ``.xlsx`` export as text.

    Parameters
    ----------
    path : Path
        The file; its suffix decides the reader.

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
    cbresearch.errors.RawDataError: 1 problem(s) in the raw data
    """
    path = Path(path)
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise RawDataError([Problem(path.name, None, None, path.suffix, "a .csv or .xlsx file")])
    if not path.exists() or path.stat().st_size == 0:
        raise RawDataError([Problem(path.name, None, None, None, "a file with a header row and records")])
    encoding = separator = None
    if path.suffix.lower() == ".xlsx":
        frame = _read_xlsx(path)
    else:
        data = path.read_bytes()
        if not data[:65536].strip() and not data.strip():  # check the head first: no copy of a large file
            raise RawDataError([Problem(path.name, None, None, None, "a file with a header row and records")])
        frame, encoding, separator = _read_csv(data, path.name)
    problems = []
    if frame.shape[1] == 0 or len(frame) == 0:
        problems.append(Problem(path.name, None, None, None, "at least one record below the header row"))
    seen: set[str] = set()
    for column in frame.columns:
        if column in seen:
            problems.append(Problem(path.name, 1, column, column, "each column header once"))
        seen.add(column)
    if problems:
        raise RawDataError(problems)
    return RawTable(path, frame.reset_index(drop=True), encoding, separator)
