"""Each report's tables as an Excel workbook: one sheet per table, Italian headers, real numbers, hidden cells as text.

The tables travel inside the executed notebook as JSON outputs
(:data:`cbresearch.publish.tables.report_table.TABLE_MIME`); :func:`report_tables`
reads them back in order and :func:`workbook_bytes` writes the workbook with
openpyxl: a first sheet ``Indice`` lists the tables, then one sheet per
table with its caption, header row, values (numbers keep their decimals as a
number format; Excel shows them with the reader's separators) and the note
under the table (what ``<5`` and ``ris.`` mean).

Examples
--------
>>> table = {"caption": "Prova", "header": ["Voce", "n"], "values": [["a", 12], ["b", "<5"]],
...          "decimals": {"n": 0}, "note": ""}
>>> import io, openpyxl
>>> book = openpyxl.load_workbook(io.BytesIO(workbook_bytes([table], "Rapporto")))
>>> book.sheetnames, [c.value for c in book["01 Prova"][3]]
(['Indice', '01 Prova'], ['a', 12])
"""

from __future__ import annotations

import io
import re
from datetime import datetime
from pathlib import Path

from ...files import atomic_write_bytes
from .report_table import TABLE_MIME

#: characters Excel refuses in a sheet name
FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
#: fixed document dates: the same tables give the same workbook bytes
DOCUMENT_DATE = datetime(2000, 1, 1)


def report_tables(notebook) -> list[dict]:
    """The tables of an executed report notebook, in the order they are shown.

    Examples
    --------
    >>> import nbformat
    >>> cell = nbformat.v4.new_code_cell(outputs=[nbformat.v4.new_output("display_data", {TABLE_MIME: {"caption": "x"}})])
    >>> report_tables(nbformat.v4.new_notebook(cells=[cell]))
    [{'caption': 'x'}]
    """
    return [
        output["data"][TABLE_MIME]
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if TABLE_MIME in output.get("data", {})
    ]


def sheet_name(number: int, caption: str, taken: set[str]) -> str:
    """A valid, unique sheet name: the table's number and the start of its caption (31 characters at most).

    Examples
    --------
    >>> sheet_name(3, "Emilia-Romagna: esperienze per attività × approccio", set())
    '03 Emilia-Romagna esperienze pe'
    """
    base = FORBIDDEN.sub("", f"{number:02d} {caption}").replace(":", "")[:31].rstrip()
    name, extra = base, 1
    while name in taken:
        extra += 1
        name = f"{base[:28]} {extra}"
    taken.add(name)
    return name


def _number_format(decimals: int) -> str:
    return "#,##0" if decimals == 0 else "#,##0." + "0" * decimals


def _write_table(sheet, table: dict) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    sheet.append([table["caption"]])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append(table["header"])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="EEF3F8")
    decimals = table.get("decimals", {})
    for row_number, row in enumerate(table["values"]):
        sheet.append(row)
        for column, cell in zip(table["header"], sheet[sheet.max_row], strict=True):
            places = decimals.get(column)
            if isinstance(places, list):
                places = places[row_number]
            if places is not None and isinstance(cell.value, int | float):
                cell.number_format = _number_format(places)
            elif places is not None:  # a hidden count: the text "<5" or "ris.", aligned as a number
                cell.alignment = Alignment(horizontal="right")
    if table.get("note"):
        sheet.append([])
        sheet.append([table["note"]])
    sheet.freeze_panes = "B3"
    for index, column in enumerate(table["header"], start=1):
        longest = max([len(str(column)), *(len(str(row[index - 1])) for row in table["values"])], default=10)
        sheet.column_dimensions[sheet.cell(row=2, column=index).column_letter].width = min(max(longest + 2, 8), 60)


def workbook_bytes(tables: list[dict], title: str) -> bytes:
    """The workbook of a report's tables.

    Parameters
    ----------
    tables : list of dict
        Payloads of :data:`TABLE_MIME` (caption, header, values, decimals, note).
    title : str
        The report's title (first line of the ``Indice`` sheet).

    Examples
    --------
    >>> import io, openpyxl
    >>> book = openpyxl.load_workbook(io.BytesIO(workbook_bytes([], "Rapporto vuoto")))
    >>> book["Indice"]["A1"].value
    'Rapporto vuoto'
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    index = book.active
    index.title = "Indice"
    index.append([title])
    index["A1"].font = Font(bold=True, size=12)
    index.append(["Foglio", "Tabella"])
    taken = {"Indice"}
    region = title.split(":")[0]
    for number, table in enumerate(tables, start=1):
        name = sheet_name(number, table["caption"].removeprefix(f"{region}: "), taken)
        _write_table(book.create_sheet(name), table)
        index.append([name, table["caption"]])
    index.column_dimensions["A"].width = 34
    index.column_dimensions["B"].width = 90
    book.properties.creator = "cbresearch"
    book.properties.created = book.properties.modified = DOCUMENT_DATE
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_workbook(notebook, path: Path, title: str) -> Path:
    """Write the workbook of an executed report notebook to ``path`` (atomically).

    Examples
    --------
    >>> import nbformat, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     written = write_workbook(nbformat.v4.new_notebook(), Path(folder) / "08.xlsx", "Prova")
    ...     written.name, written.stat().st_size > 0
    ('08.xlsx', True)
    """
    atomic_write_bytes(path, workbook_bytes(report_tables(notebook), title))
    return path
