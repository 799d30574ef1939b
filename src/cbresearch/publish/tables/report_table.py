"""Tables as published: Italian numbers, a caption, header cells, hidden counts, and the same table for Excel.

A :class:`ReportTable` holds what a reader sees (``shown``: text, numbers
written the Italian way, ``"<5"`` and ``"ris."`` where a count is hidden)
and what a spreadsheet should get (``values``: numbers stay numbers, hidden
cells stay the text ``"<5"``).  It renders as accessible HTML (``<caption>``,
``<th scope>``, numbers right-aligned) from a template, and travels inside
the executed notebook as a JSON output (:data:`TABLE_MIME`) from which the
batch writes each report's ``.xlsx`` (:mod:`cbresearch.publish.tables.workbook`).

Examples
--------
>>> t = frame_table(pd.DataFrame({"Voce": ["a"], "Valore": [1234.5]}), "Prova", decimals={"Valore": 1})
>>> t.shown["Valore"].tolist(), t.values["Valore"].tolist()
(['1.234,5'], [1234.5])
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from ...check.disclosure.protect import Protected
from ...formats import MISSING, number
from ..pages import render

#: the MIME type of a table inside an executed notebook (read back for the workbook and the tests)
TABLE_MIME = "application/vnd.cbresearch.table+json"


@dataclass(frozen=True)
class ReportTable:
    """One table of a report: caption, what is shown, what a spreadsheet gets, and a note under it."""

    caption: str
    shown: pd.DataFrame  # text as published
    values: pd.DataFrame  # numbers (or the text of hidden cells) for spreadsheets
    decimals: dict[str, int | list[int]] = field(default_factory=dict)  # number columns: places (per row)
    note: str = ""
    row_header: bool = True  # the first column names the row

    def html(self) -> str:
        """The table as accessible HTML.

        Examples
        --------
        >>> html = frame_table(pd.DataFrame({"Voce": ["a"], "n": [3]}), "Conteggi").html()
        >>> "<caption>Conteggi</caption>" in html, '<th scope="row">a</th>' in html
        (True, True)
        """
        numeric = [column in self.decimals for column in self.shown.columns]
        rows = [
            [(text, numeric[i]) for i, text in enumerate(record)]
            for record in self.shown.itertuples(index=False, name=None)
        ]
        return render(
            "report_table.html.j2",
            caption=self.caption,
            header=list(zip(self.shown.columns, numeric, strict=True)),
            rows=rows,
            note=self.note,
            row_header=self.row_header,
        )

    def payload(self) -> dict:
        """The table for :data:`TABLE_MIME`: caption, header, values, decimals and note (JSON-ready).

        Examples
        --------
        >>> frame_table(pd.DataFrame({"n": [3]}), "C", row_header=False).payload()["values"]
        [[3]]
        """
        values = self.values.astype(object).where(self.values.notna(), None)
        return {
            "caption": self.caption,
            "header": [str(c) for c in self.values.columns],
            "values": [[_plain(v) for v in row] for row in values.itertuples(index=False, name=None)],
            "decimals": {str(k): v for k, v in self.decimals.items()},
            "note": self.note,
        }

    def text(self) -> str:
        """The table as plain text (for a console, and a notebook's plain-text view).

        Examples
        --------
        >>> print(frame_table(pd.DataFrame({"Voce": ["a"], "n": [1234]}), "Conteggi").text())
        Conteggi
        Voce     n
           a 1.234
        """
        lines = [self.caption, self.shown.to_string(index=False)]
        return "\n".join([*lines, self.note] if self.note else lines)

    def bundle(self) -> dict:
        """The display bundle: HTML for people, the JSON payload for the workbook, plain text for consoles."""
        return {"text/plain": self.text(), "text/html": self.html(), TABLE_MIME: self.payload()}

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return self.bundle()


def _plain(value: object) -> object:
    """A JSON-ready cell: numpy numbers become Python numbers."""
    if hasattr(value, "item"):
        return value.item()
    return value


def _format_column(column: pd.Series, decimals: int | list[int] | None) -> list[str]:
    if decimals is None:
        return [MISSING if v is None or (isinstance(v, float) and pd.isna(v)) else str(v) for v in column]
    places = decimals if isinstance(decimals, list) else [decimals] * len(column)
    return [number(None if pd.isna(v) else v, d) for v, d in zip(column, places, strict=True)]


def frame_table(
    frame: pd.DataFrame,
    caption: str,
    decimals: Mapping[str, int | list[int]] | None = None,
    note: str = "",
    row_header: bool = True,
) -> ReportTable:
    """A table of values (not counts to protect): numbers formatted the Italian way.

    Parameters
    ----------
    frame : DataFrame
        The columns as published; the first names the rows when ``row_header``.
    caption : str
    decimals : dict, optional
        Column -> decimal places (one number, or one per row); whole-number columns not listed get 0,
        other columns are text.
    note : str
        A line under the table (sources, what a symbol means).

    Examples
    --------
    >>> frame_table(pd.DataFrame({"Anno": [2023], "Quota": [24.4874]}), "c", {"Quota": 2}).shown.iloc[0].tolist()
    ['2023', '24,49']
    """
    decimals = dict(decimals or {})
    for column in frame.columns:
        if column not in decimals and pd.api.types.is_integer_dtype(frame[column]):
            decimals[column] = 0
    if "Anno" in frame.columns:  # a year is a label: 2023, not 2.023
        decimals.pop("Anno", None)
    shown = pd.DataFrame({c: _format_column(frame[c], decimals.get(c)) for c in frame.columns}, dtype=object)
    return ReportTable(caption, shown, frame.reset_index(drop=True), decimals, note, row_header)


def count_table(
    protected: Protected, caption: str, row_label: str, column_names: dict | None = None, note: str = ""
) -> ReportTable:
    """A protected count table (see :mod:`cbresearch.check.disclosure.protect`): hidden cells as ``<5`` / ``ris.``.

    Parameters
    ----------
    protected : Protected
    caption : str
    row_label : str
        Heading of the first column (the table's index).
    column_names : dict, optional
        Headings to show instead of the count table's column labels.
    note : str
        Added after the legend of the hidden cells.

    Examples
    --------
    >>> from cbresearch.check.disclosure.protect import protect
    >>> counts = pd.DataFrame({"Sì": [12, 3]}, index=["a", "b"])
    >>> t = count_table(protect(counts), "Risposte", "Voce")
    >>> t.shown.values.tolist(), t.values.values.tolist()
    ([['a', '12'], ['b', '<5']], [['a', 12], ['b', '<5']])
    """
    shown = protected.shown()
    values = protected.counts.astype(object).mask(protected.hidden, shown)
    names = [str(i) for i in protected.counts.index]
    shown = shown.reset_index(drop=True)
    values = values.reset_index(drop=True)
    shown.insert(0, row_label, names)
    values.insert(0, row_label, names)
    headings = {column: str((column_names or {}).get(column, column)) for column in protected.counts.columns}
    shown, values = shown.rename(columns=headings), values.rename(columns=headings)
    legend = protected.legend()
    full_note = " ".join(part for part in (legend + "." if legend else "", note) if part)
    return ReportTable(caption, shown, values, dict.fromkeys(headings.values(), 0), full_note)
