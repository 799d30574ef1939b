"""Dates of a survey export: the order of day and month, the submission times, the wave they name.

Tools write dates their own way: LimeSurvey ISO (``2024-11-05 10:15:00``),
Google Forms in the interface's locale (``05/11/2024 10.15.00`` in Italian,
``11/5/2024 10:15:00`` in the US), Microsoft Forms Excel date-times.  The order
of day and month is decided once per column from all its values
(:func:`date_order`), never cell by cell; the wave is named after the year of
the submissions unless the dates cannot say it (:func:`wave_of`).

Examples
--------
>>> parse_time("11/10/2024 9:00:00", "mdy").strftime("%d/%m/%Y")
'10/11/2024'
"""

from __future__ import annotations

import re

import pandas as pd

from ...errors import CbResearchError, Described, Problem, RawDataError
from ...i18n import _
from .survey_tools import header_keys

DATE_ORDERS = ("dmy", "mdy")
_NUMERIC_DATE = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})\b")
#: headers of tools in an Italian interface: their dates are day first
_ITALIAN_DATE_HEADERS = ("informazioni cronologiche", "marca temporale", "data e ora", "ora di completamento",
                         "data invio", "data di invio", "data compilazione", "data")  # fmt: skip


def date_order(values: list[str], header: str, file: str, given: str | None = None) -> str:
    """Whether a date column is day-first (``dmy``) or month-first (``mdy``), decided from all its values.

    A value whose first number exceeds 12 is day-first, one whose second does is month-first; when no value
    tells, an Italian interface's header means day-first; otherwise the import stops and asks for
    ``--date-order``.  ISO dates (``2024-11-05``) need no decision.

    Examples
    --------
    >>> date_order(["11/5/2024 10:15", "11/25/2024 9:00"], "Timestamp", "f.csv")
    'mdy'
    >>> date_order(["05/11/2024 10.15.00"], "Informazioni cronologiche", "f.csv")
    'dmy'
    """
    if given:
        return given
    pairs = [(int(m.group(1)), int(m.group(2))) for v in values if (m := _NUMERIC_DATE.match(str(v)))]
    day_first = any(a > 12 for a, _ in pairs)
    month_first = any(b > 12 for _, b in pairs)
    if day_first and month_first:
        raise RawDataError([Problem(file, None, header, Described(_("dates written both day first and month first")),
                                    _("one date order in the whole column"))])  # fmt: skip
    if day_first or month_first:
        return "dmy" if day_first else "mdy"
    if not pairs or any(key in _ITALIAN_DATE_HEADERS for key in header_keys(header)):
        return "dmy"
    found = Described(_("dates such as '{date}' that read either way").format(date=values[0]))
    raise RawDataError([Problem(file, None, header, found, _("the order of day and month: give --date-order dmy "
                                "(05/11 = 5 November) or --date-order mdy (05/11 = May 11)"))])  # fmt: skip


def parse_time(text: str, order: str = "dmy") -> pd.Timestamp | None:
    """A submission time as tools write it: ISO (LimeSurvey), ``dd/mm/yyyy hh.mm.ss`` (Google, Italian),
    ``m/d/yyyy h:mm:ss`` (Google, US) with ``order="mdy"``, Excel's; a time zone, if any, is dropped."""
    text = text.strip()
    if not text:
        return None
    try:
        if re.match(r"^\d{4}-\d{2}-\d{2}", text):
            stamp = pd.Timestamp(text)
        else:
            text = re.sub(r"(\d{1,2})\.(\d{2})(?:\.(\d{2}))?$", lambda m: ":".join(g for g in m.groups() if g), text)
            stamp = pd.to_datetime(text, dayfirst=order == "dmy", format="mixed")
    except (ValueError, TypeError, OverflowError, pd.errors.ParserError):
        return pd.NaT
    return stamp.tz_localize(None) if stamp.tzinfo is not None else stamp  # mixed zones: compare wall clocks


#: a date that anonymised exports put in place of every real one (LimeSurvey: 1 January 1980)
PLACEHOLDER_YEAR = 1980


def wave_of(times: list, name: str) -> str:
    """The wave's label: the year of the submissions; an anonymised export or several years ask for ``--wave``.

    Examples
    --------
    >>> wave_of([pd.Timestamp("2024-11-05"), pd.Timestamp("2024-11-07")], "x.csv")
    '2024'
    """
    given = [t for t in times if t is not None]
    if given and ((len(given) > 1 and len(set(given)) == 1) or min(t.year for t in given) <= PLACEHOLDER_YEAR):
        raise CbResearchError(
            _(
                "{name}: every submission has the same date ({date}): an anonymised export, whose dates cannot name "
                "the wave; give the wave's label with --wave LABEL (e.g. --wave 2024)"
            ).format(name=name, date=f"{given[0]:%d/%m/%Y %H:%M}")
        )
    years = sorted({t.year for t in given})
    if len(years) == 1:
        return str(years[0])
    if not years:
        raise CbResearchError(
            _("{name}: no submission dates to name the wave after; give --wave LABEL").format(name=name)
        )
    raise CbResearchError(
        _("{name}: submissions span {first}–{last}; give the wave's label with --wave LABEL").format(
            name=name, first=years[0], last=years[-1]
        )
    )
