"""Domain exceptions.

Every error a user can cause is a :class:`CbResearchError`; the CLI turns it
into readable lines on standard error and a non-zero exit code, never a
traceback.  Problems in a data file are :class:`Problem` records naming the
file, row, column, the bad value, what was expected and, where a close label
exists, a suggestion.

Examples
--------
>>> p = Problem("survey_responses.csv", 7, "Approccio", "Istituzionle",
...             "one of: Istituzionale, Professionale", "Istituzionale")
>>> print(p)
survey_responses.csv, row 7, column 'Approccio': got 'Istituzionle', expected one of: Istituzionale, Professionale (did you mean 'Istituzionale'?)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


class CbResearchError(Exception):
    """Base class of every error a user of cbresearch can cause."""

    #: the command's exit code when this error ends it
    exit_code = 1

    def lines(self) -> list[str]:
        """Return the message as a list of readable lines.

        Examples
        --------
        >>> CbResearchError("no such region: 99").lines()
        ['no such region: 99']
        """
        return [str(self)]


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file.

    ``row`` is the row as a spreadsheet shows it (the header is row 1, the first
    record row 2); ``None`` when the problem concerns the whole file or column.
    """

    file: str
    row: int | None
    column: str | None
    value: object
    expected: str
    suggestion: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        text = f"{', '.join(where)}: got {_show(self.value)}, expected {self.expected}"
        if self.suggestion:
            text += f" (did you mean '{self.suggestion}'?)"
        return text

    def to_dict(self) -> dict:
        """Return the problem as a JSON-friendly dict.

        Examples
        --------
        >>> Problem("a.csv", 2, "X", 7, "1-5").to_dict()["row"]
        2
        """
        d = asdict(self)
        d["value"] = None if self.value is None else str(self.value)
        return d


class Described(str):
    """A value shown as plain words in a message (``got no such column``), not quoted."""


def _show(value: object) -> str:
    if isinstance(value, Described):
        return str(value)
    if value is None or (isinstance(value, float) and value != value):
        return "an empty cell"
    return repr(str(value))


class RawDataError(CbResearchError):
    """Raised when raw input files cannot be accepted; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(f"{len(self.problems)} problem(s) in the raw data")

    def lines(self) -> list[str]:
        """One line per problem, then (with more than one) how many.

        Examples
        --------
        >>> err = RawDataError([Problem("a.csv", None, None, None, "a non-empty file")])
        >>> err.lines()
        ['a.csv: got an empty cell, expected a non-empty file']
        >>> len(RawDataError([Problem("a.csv", 2, "X", 7, "1-5")] * 2).lines())
        3
        """
        return [str(p) for p in self.problems] + ([str(self)] if len(self.problems) > 1 else [])


class StaleDataError(CbResearchError):
    """Raised when a processed table is missing or older than the raw data it was cleaned from.

    Reading never cleans: the message names what changed and the command to run.

    Examples
    --------
    >>> StaleDataError("survey_responses.csv changed since the last clean").lines()[0]
    'survey_responses.csv changed since the last clean'
    """


class SourceDataError(CbResearchError):
    """Raised when an external source file (e.g. ISTAT) is missing or changed.

    Examples
    --------
    >>> SourceDataError("istat.csv: missing").lines()
    ['istat.csv: missing']
    """
