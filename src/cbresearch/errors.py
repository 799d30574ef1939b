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
survey_responses.csv, riga 7, colonna 'Approccio': trovato 'Istituzionle', atteso one of: Istituzionale, Professionale (forse 'Istituzionale'?)

(The frame of the message is in the language of :mod:`cbresearch.i18n`;
``expected`` is written by whoever found the problem.)
"""

from __future__ import annotations

import errno
from dataclasses import asdict, dataclass

from .i18n import N_, _


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
            where.append(_("row {row}").format(row=self.row))
        if self.column is not None:
            where.append(_("column '{column}'").format(column=self.column))
        text = _("{where}: got {value}, expected {expected}").format(
            where=", ".join(where), value=_show(self.value), expected=self.expected
        )
        if self.suggestion:
            text += _(" (did you mean '{suggestion}'?)").format(suggestion=self.suggestion)
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
        return _("an empty cell")
    return repr(str(value))


class RawDataError(CbResearchError):
    """Raised when raw input files cannot be accepted; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(_("{count} problem(s) in the raw data").format(count=len(self.problems)))

    def lines(self) -> list[str]:
        """One line per problem, then (with more than one) how many.

        Examples
        --------
        >>> err = RawDataError([Problem("a.csv", None, None, None, "a non-empty file")])
        >>> err.lines()
        ['a.csv: trovato una cella vuota, atteso a non-empty file']
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


#: the reasons of the file-system errors a user meets, in the catalogue (the system's own text is English)
_OS_REASONS = {
    errno.ENOENT: N_("no such file or folder"),
    errno.EEXIST: N_("already exists"),
    errno.ENOTDIR: N_("a file where a folder is expected"),
    errno.EISDIR: N_("a folder where a file is expected"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("permission denied"),
    errno.ENOSPC: N_("no space left on the disk"),
    errno.EROFS: N_("a read-only file system"),
    errno.ECONNREFUSED: N_("connection refused"),
    errno.ETIMEDOUT: N_("the connection timed out"),
    errno.EHOSTUNREACH: N_("the server cannot be reached"),
    errno.ENETUNREACH: N_("no network"),
}


def os_error_text(error: OSError) -> str:
    """Why a file operation failed, in the user's language (the system's words when the catalogue lacks them).

    Examples
    --------
    >>> os_error_text(FileExistsError(errno.EEXIST, "File exists", "x"))
    'esiste già'
    """
    reason = _OS_REASONS.get(error.errno) if error.errno is not None else None
    return _(reason) if reason else (error.strerror or str(error))


def os_error_line(error: OSError) -> str:
    """One readable line for a file operation that failed: the path and why.

    Examples
    --------
    >>> os_error_line(NotADirectoryError(errno.ENOTDIR, "Not a directory", "/etc/passwd/tables"))
    '/etc/passwd/tables: un file dove serve una cartella'
    """
    where = error.filename if error.filename is not None else ""
    return f"{where}: {os_error_text(error)}" if where else os_error_text(error)
