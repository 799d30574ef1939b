"""Parsing raw text into typed values: pure ``Series -> ParseResult`` functions, one per kind of column.

Each parser reads a column of text exactly as a tool exported it, returns the
typed values, the fixes it applied (``"tra-pari" -> "Tra pari"``, counted),
where a cell could not be read and how many cells were blank.  Parsers work
once per *distinct* value (real exports repeat a few labels a million times),
keeping the raw text compactly so that messages can quote a cell as typed.
:data:`PARSERS` says which parser reads which :class:`~cbresearch.data.schema.datasets.FieldKind`.

Examples
--------
>>> s = pd.Series([" 4 ", "4,0", "4 - Molto", "", "7"])
>>> parse_likert(s).values.tolist()
[4, 4, 4, <NA>, 7]
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import pandas as pd

from ..schema.datasets import Field, FieldKind
from ..schema.regions import region_code
from ..schema.vocab import LIKERT_LABELS, YES_NO, Vocabulary, normalise_key


@dataclass
class ParseResult:
    """Parsed values, the fixes applied and where the raw value could not be read."""

    values: pd.Series
    fixes: dict[str, tuple[object, int]] = field(default_factory=dict)  # raw -> (parsed, count)
    invalid: pd.Series | None = None  # True where the raw value could not be parsed
    blank: int = 0
    raw_codes: np.ndarray | None = None  # with raw_uniques: the raw text of every row, compactly
    raw_uniques: list[str] | None = None

    def raw_text(self, position: int) -> str:
        """The cell as typed (trimmed for plain text), for messages."""
        if self.raw_codes is not None and self.raw_uniques is not None:
            return self.raw_uniques[self.raw_codes[position]]
        value = self.values.iloc[position]
        return "" if value is None or value is pd.NA else str(value)


def _over_uniques(series: pd.Series, convert: Callable[[str], object]) -> tuple[list, np.ndarray, np.ndarray, list]:
    """Apply ``convert`` once per distinct value; return (converted uniques, codes, counts, uniques)."""
    codes, uniques = pd.factorize(series, use_na_sentinel=False)
    codes = codes.astype(np.int32, copy=False)
    counts = np.bincount(codes, minlength=len(uniques))
    raw = ["" if u is None or u is pd.NA else str(u) for u in uniques]
    return [convert(u) for u in raw], codes, counts, raw


def _take(converted: list, codes: np.ndarray, index: pd.Index, dtype=object) -> pd.Series:
    lookup = np.empty(len(converted), dtype=object)
    lookup[:] = converted
    return pd.Series(lookup[codes], index=index, dtype=dtype)


def strip_text(series: pd.Series) -> ParseResult:
    """Trim spaces and turn blank cells into missing values.

    Examples
    --------
    >>> strip_text(pd.Series(["  Asl Roma 1 ", ""])).values.tolist()
    ['Asl Roma 1', <NA>]
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(series.dtype, pd.ArrowDtype):
        text = series.array._pa_array  # the Arrow data of the raw column: no copy
    else:
        text = pa.chunked_array([pa.array(series.astype(object).where(series.notna(), None), type=pa.string())])
    trimmed = pc.utf8_trim_whitespace(text)  # one copy, computed in Arrow
    blank = pc.fill_null(pc.equal(trimmed, ""), True)
    blanks = pc.sum(blank).as_py() or 0
    if blanks:
        trimmed = pc.if_else(blank, pa.scalar(None, pa.string()), trimmed)
    return ParseResult(pd.Series(pd.arrays.ArrowExtensionArray(trimmed), index=series.index), blank=int(blanks))


def _categorical(converted: list, codes: np.ndarray, index: pd.Index) -> pd.Series:
    """Build a categorical Series from per-unique values (``None`` -> missing) and codes."""
    value_codes, categories = pd.factorize(pd.Series(converted, dtype=object))
    return pd.Series(pd.Categorical.from_codes(value_codes[codes], categories=categories), index=index)


def _record(fixes: dict, raw: str, parsed: object, count: int) -> None:
    if parsed is not None and raw != str(parsed):
        previous = fixes.get(raw, (parsed, 0))[1]
        fixes[raw] = (parsed, previous + int(count))


def parse_labels(series: pd.Series, vocabulary: Vocabulary) -> ParseResult:
    """Map label variants to the vocabulary's canonical labels.

    Unknown labels are kept as typed (trimmed) so that validation can report
    them with a suggestion.

    Examples
    --------
    >>> from cbresearch.data.schema.vocab import APPROACHES
    >>> r = parse_labels(pd.Series(["istituzionale ", "ISTITUZIONALE", "Tra Pari", "Boh"]), APPROACHES)
    >>> r.values.tolist()
    ['Istituzionale', 'Istituzionale', 'Tra pari', 'Boh']
    >>> r.fixes["Tra Pari"]
    ('Tra pari', 1)
    """

    def convert(raw: str) -> str | None:
        text = " ".join(str(raw).split())
        return (vocabulary.lookup(text) or text) if text else None

    converted, codes, counts, uniques = _over_uniques(series, convert)
    result = ParseResult(_categorical(converted, codes, series.index), raw_codes=codes, raw_uniques=uniques)
    for raw, parsed, count in zip(uniques, converted, counts, strict=True):
        _record(result.fixes, raw, parsed, count)
    result.blank = int(sum(c for v, c in zip(converted, counts, strict=True) if v is None))
    return result


def parse_multi(series: pd.Series, vocabulary: Vocabulary) -> ParseResult:
    """Split multi-choice answers joined with ``;`` and map each label.

    Examples
    --------
    >>> from cbresearch.data.schema.vocab import APPROACHES
    >>> parse_multi(pd.Series(["Istituzionale; tra-pari", ""]), APPROACHES).values.tolist()
    [['Istituzionale', 'Tra pari'], []]
    """
    fixes: dict[str, tuple[object, int]] = {}

    def convert(raw: str) -> list[str]:
        items = []
        for part in str(raw).split(";"):
            text = " ".join(part.split())
            if text:
                label = vocabulary.lookup(text) or text
                items.append(label)
                _record(fixes, text, label, 0)
        return list(dict.fromkeys(items))

    converted, codes, counts, uniques = _over_uniques(series, convert)
    # count each label fix once per cell it appears in
    per_raw = dict.fromkeys(fixes, 0)
    for raw_cell, count in zip(uniques, counts, strict=True):
        for part in str(raw_cell).split(";"):
            text = " ".join(part.split())
            if text in per_raw:
                per_raw[text] += int(count)
    result = ParseResult(_take(converted, codes, series.index), raw_codes=codes, raw_uniques=uniques)
    result.fixes = {raw: (fixes[raw][0], n) for raw, n in per_raw.items()}
    result.blank = int(sum(c for v, c in zip(converted, counts, strict=True) if not v))
    return result


_LIKERT = re.compile(r"^\s*([+-]?\d+)(?:[.,]0*)?\s*(?:(?:[-–:]\s*(?P<label>.*?))|\((?P<bracketed>[^()]*)\))?\s*$")
#: "Per niente (1)": the label first, the score in brackets after it
_LABEL_THEN_SCORE = re.compile(r"^\s*(?P<label>[^()]*?)\s*\(\s*(?P<score>[+-]?\d+)\s*\)\s*$")
_LIKERT_BY_LABEL = {normalise_key(label): score for score, label in LIKERT_LABELS.items()}


def likert_score(text: object) -> int | float | None:
    """Read one Likert answer: ``4``, `` 4 ``, ``4,0``, ``4 - Molto``, ``4 (Molto)``, ``Molto (4)`` or ``Molto``.

    Returns the integer (range is checked by validation), ``None`` for a blank
    cell and ``nan`` when the text is not a score.

    Examples
    --------
    >>> [likert_score(t) for t in ["4", " 4 ", "4,0", "4 - Molto", "molto", ""]]
    [4, 4, 4, 4, 4, None]
    >>> likert_score("tanto"), likert_score("4 - Poco"), likert_score("4,5")
    (nan, nan, nan)
    >>> likert_score("1 (Per niente)"), likert_score("Per niente (1)"), likert_score("Molto (2)")
    (1, 1, nan)
    """
    text = str(text).strip()
    if not text:
        return None
    match = _LIKERT.match(text)
    if match is None:
        flipped = _LABEL_THEN_SCORE.match(text)
        if flipped is None:
            return _LIKERT_BY_LABEL.get(normalise_key(text), float("nan"))
        score, label = int(flipped.group("score")), flipped.group("label")
        return score if _LIKERT_BY_LABEL.get(normalise_key(label), score) == score else float("nan")
    score = int(match.group(1))
    label = match.group("label") or match.group("bracketed")
    if label and _LIKERT_BY_LABEL.get(normalise_key(label), score) != score:
        return float("nan")  # "4 - Poco": the label contradicts the number
    return score


def parse_likert(series: pd.Series) -> ParseResult:
    """Parse Likert answers to nullable integers, reporting blanks and unreadable cells.

    Examples
    --------
    >>> r = parse_likert(pd.Series(["3", "", "abc"]))
    >>> r.values.tolist(), r.blank, r.invalid.tolist()
    ([3, <NA>, <NA>], 1, [False, False, True])
    """
    converted, codes, counts, uniques = _over_uniques(series, likert_score)
    bad = np.array([isinstance(v, float) for v in converted], dtype=bool)
    # int16 keeps a million answers small; anything outside it is out of range anyway (messages quote the raw text)
    numbers = np.array(
        [np.nan if v is None or isinstance(v, float) else min(max(v, -32768), 32767) for v in converted], dtype=float
    )
    result = ParseResult(pd.Series(pd.array(numbers[codes], dtype="Int16"), index=series.index))
    result.invalid = pd.Series(bad[codes], index=series.index)
    result.raw_codes, result.raw_uniques = codes, uniques
    for raw, parsed, count in zip(uniques, converted, counts, strict=True):
        if isinstance(parsed, int) and raw != f"{parsed} - {LIKERT_LABELS.get(parsed, '')}":
            _record(result.fixes, raw, parsed, count)
    result.blank = int(sum(c for v, c in zip(converted, counts, strict=True) if v is None))
    return result


_DATE_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S")


def parse_date_text(text: object) -> datetime | float | None:
    """Read a date written the Italian way (``18/11/2019``); ISO dates are accepted too.

    Examples
    --------
    >>> parse_date_text("18/11/2019")
    datetime.datetime(2019, 11, 18, 0, 0)
    >>> parse_date_text("31/02/2020")
    nan
    """
    text = str(text).strip()
    if not text:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return float("nan")


def parse_dates(series: pd.Series) -> ParseResult:
    """Parse dates (dd/mm/yyyy), reporting blanks and unparseable cells.

    Examples
    --------
    >>> r = parse_dates(pd.Series(["01/12/2019", "2019-12-01", "ieri"]))
    >>> r.values.dt.strftime("%Y-%m-%d").tolist()[:2], r.invalid.tolist()
    (['2019-12-01', '2019-12-01'], [False, False, True])
    """
    converted, codes, counts, uniques = _over_uniques(series, parse_date_text)
    bad = np.array([isinstance(v, float) for v in converted], dtype=bool)
    stamps = np.array([np.datetime64(v, "ns") if isinstance(v, datetime) else np.datetime64("NaT") for v in converted])
    values = pd.Series(stamps.astype("datetime64[ns]")[codes], index=series.index)
    result = ParseResult(
        values, invalid=pd.Series(bad[codes], index=series.index), raw_codes=codes, raw_uniques=uniques
    )
    result.blank = int(sum(c for v, c in zip(converted, counts, strict=True) if v is None))
    return result


def parse_yes_no(series: pd.Series) -> ParseResult:
    """Parse ``Sì``/``No`` answers (any case, with or without accent) to booleans.

    Examples
    --------
    >>> r = parse_yes_no(pd.Series(["Sì", "si", "NO", "forse"]))
    >>> r.values.tolist(), r.invalid.tolist()
    ([True, True, False, <NA>], [False, False, False, True])
    """
    labels = parse_labels(series, YES_NO)
    known = labels.values.isin(YES_NO.labels)
    values = pd.Series(labels.values.astype(object).map({"Sì": True, "No": False}), dtype="boolean")
    invalid = ~known & labels.values.notna()
    return ParseResult(values, labels.fixes, invalid, labels.blank, labels.raw_codes, labels.raw_uniques)


def parse_regions(series: pd.Series, vocabulary: Vocabulary) -> tuple[ParseResult, pd.Series]:
    """Map region names in any spelling to canonical names and ISTAT codes.

    Examples
    --------
    >>> from cbresearch.data.schema.regions import REGIONS
    >>> names, codes = parse_regions(pd.Series(["Emilia Romagna", "Inghilterra"]), REGIONS)
    >>> names.values.tolist(), codes.tolist()
    (['Emilia-Romagna', 'Inghilterra'], ['08', nan])
    """
    names = parse_labels(series, vocabulary)
    # one lookup per category (a few), then integer codes: no Python object per row
    found = [region_code(name) for name in names.values.cat.categories]
    categories = sorted({code for code in found if code is not None})
    position = np.array([categories.index(code) if code is not None else -1 for code in found] + [-1], dtype=np.int16)
    codes = pd.Categorical.from_codes(position[names.values.cat.codes.to_numpy()], categories=categories)
    return names, pd.Series(codes, index=series.index)


def parse_number(series: pd.Series) -> ParseResult:
    """Parse decimal numbers written with ``.`` or ``,``; blanks become missing.

    Examples
    --------
    >>> parse_number(pd.Series(["1,5", "2.25", "", "x"])).values.tolist()
    [1.5, 2.25, <NA>, <NA>]
    """
    text = series.astype(str).str.strip().str.replace(",", ".", regex=False)
    numbers = pd.to_numeric(text.where(text != ""), errors="coerce")
    invalid = numbers.isna() & (text != "")
    return ParseResult(numbers.astype("Float64"), invalid=invalid, blank=int((text == "").sum()))


def parse_int(series: pd.Series) -> ParseResult:
    """Parse whole numbers; blanks become missing.

    Examples
    --------
    >>> parse_int(pd.Series(["12", "", "x"])).invalid.tolist()
    [False, False, True]
    """
    text = series.astype(str).str.strip()
    numbers = pd.to_numeric(text.where(text != ""), errors="coerce")
    invalid = numbers.isna() & (text != "")
    return ParseResult(numbers.astype("Int64"), invalid=invalid, blank=int((text == "").sum()))


def _needs_vocabulary(f: Field) -> Vocabulary:
    if f.vocabulary is None:
        raise ValueError(f"column {f.header!r} of kind {f.kind} has no vocabulary")
    return f.vocabulary


#: which parser reads which kind of column (regions, which also give a code column, are handled by parse_field)
PARSERS: dict[FieldKind, Callable[[pd.Series, Field], ParseResult]] = {
    FieldKind.ID: lambda column, f: strip_text(column),
    FieldKind.TEXT: lambda column, f: strip_text(column),
    FieldKind.LABEL: lambda column, f: parse_labels(column, _needs_vocabulary(f)),
    FieldKind.MULTI: lambda column, f: parse_multi(column, _needs_vocabulary(f)),
    FieldKind.LIKERT: lambda column, f: parse_likert(column),
    FieldKind.DATE: lambda column, f: parse_dates(column),
    FieldKind.YESNO: lambda column, f: parse_yes_no(column),
    FieldKind.INT: lambda column, f: parse_int(column),
    FieldKind.NUMBER: lambda column, f: parse_number(column),
}


def parse_field(f: Field, column: pd.Series) -> dict[str, ParseResult]:
    """Parse one raw column by its kind; a region column also gives ``<name>_code``.

    Examples
    --------
    >>> from cbresearch.data.schema.datasets import SPECS
    >>> out = parse_field(SPECS["members"].field_by_name("region"), pd.Series(["Emilia Romagna"]))
    >>> sorted(out), out["region_code"].values.tolist()
    (['region', 'region_code'], ['08'])
    """
    if f.kind is FieldKind.REGION:
        names, codes = parse_regions(column, _needs_vocabulary(f))
        return {f.name: names, f"{f.name}_code": ParseResult(codes)}
    return {f.name: PARSERS[f.kind](column, f)}
