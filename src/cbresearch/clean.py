"""Clean raw exports into tidy, typed tables.

The pipeline for one dataset is: read the file as text
(:func:`cbresearch.rawio.read_raw_table`), check its headers, parse every
column with a verb-named pure function (``parse_labels``, ``parse_likert`` …)
that also reports each fix it applied, validate the parsed frame with the
dataset's pandera schema, and translate every failure into a
:class:`~cbresearch.errors.Problem` that names the file, row, column, the value
as typed and what was expected.  :func:`clean_all` does this for every dataset,
checks the references between tables and writes the parquet tables and
``validation_report.json`` atomically.  It never writes to the raw directory.

Examples
--------
>>> s = pd.Series([" 4 ", "4,0", "4 - Molto", "", "7"])
>>> parse_likert(s).values.tolist()
[4, 4, 4, <NA>, 7]
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from . import config
from .errors import Described, Problem, RawDataError
from .rawio import FIRST_DATA_ROW, RawTable, StagedOutputs, read_raw_table
from .schemas import REFERENCES, SPECS, DatasetSpec, Field, pandera_schema
from .vocab import LIKERT_LABELS, NEED_CODES, YES_NO, Vocabulary, normalise_key, region_code

# --- parsing: pure Series -> ParseResult functions -----------------------------------


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
    >>> from cbresearch.vocab import APPROACHES
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
    >>> from cbresearch.vocab import APPROACHES
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


_LIKERT = re.compile(r"^\s*([+-]?\d+)(?:[.,]0*)?\s*(?:[-–:]\s*(?P<label>.*?))?\s*$")
_LIKERT_BY_LABEL = {normalise_key(label): score for score, label in LIKERT_LABELS.items()}


def likert_score(text: object) -> int | float | None:
    """Read one Likert answer: ``4``, `` 4 ``, ``4,0``, ``4 - Molto`` or ``Molto``.

    Returns the integer (range is checked by validation), ``None`` for a blank
    cell and ``nan`` when the text is not a score.

    Examples
    --------
    >>> [likert_score(t) for t in ["4", " 4 ", "4,0", "4 - Molto", "molto", ""]]
    [4, 4, 4, 4, 4, None]
    >>> likert_score("tanto"), likert_score("4 - Poco"), likert_score("4,5")
    (nan, nan, nan)
    """
    text = str(text).strip()
    if not text:
        return None
    match = _LIKERT.match(text)
    if match is None:
        return _LIKERT_BY_LABEL.get(normalise_key(text), float("nan"))
    score = int(match.group(1))
    label = match.group("label")
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
    >>> from cbresearch.vocab import REGIONS
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


# --- one dataset ---------------------------------------------------------------------


@dataclass
class CleanedTable:
    """The outcome of cleaning one dataset."""

    spec: DatasetSpec
    raw: RawTable | None
    frame: pd.DataFrame | None = None
    problems: list[Problem] = field(default_factory=list)
    fixes: list[dict] = field(default_factory=list)
    missing: dict[str, int] = field(default_factory=dict)


def _row(index: object) -> int:
    return int(index) + FIRST_DATA_ROW  # type: ignore[arg-type]


def check_headers(raw: RawTable, spec: DatasetSpec) -> list[Problem]:
    """Report every required column missing from the file, with the closest header present.

    Examples
    --------
    >>> import pandas as pd
    >>> from pathlib import Path
    >>> raw = RawTable(Path("members.csv"), pd.DataFrame(columns=["Codice", "Nomi"]), None, None)
    >>> print(check_headers(raw, SPECS["members"])[0])
    members.csv, row 1, column 'Nome': got no column with this header, expected a column headed 'Nome' (did you mean 'Nomi'?)
    """
    present = list(raw.frame.columns)
    by_key = {normalise_key(c): c for c in present}
    known = {normalise_key(f.header) for f in spec.fields}
    unexpected = [c for c in present if normalise_key(c) not in known]  # where a misspelt header hides
    problems = []
    for f in spec.fields:
        if not f.required or f.header in present or normalise_key(f.header) in by_key:
            continue
        close = difflib.get_close_matches(f.header, unexpected, n=1, cutoff=0.6)
        problems.append(
            Problem(
                raw.name,
                1,
                f.header,
                Described("no column with this header"),
                f"a column headed '{f.header}'",
                close[0] if close else None,
            )
        )
    return problems


def _parse_field(raw: RawTable, f: Field, column: pd.Series) -> dict[str, ParseResult]:
    if f.kind in ("label",):
        return {f.name: parse_labels(column, f.vocabulary)}  # type: ignore[arg-type]
    if f.kind == "multi":
        return {f.name: parse_multi(column, f.vocabulary)}  # type: ignore[arg-type]
    if f.kind == "likert":
        return {f.name: parse_likert(column)}
    if f.kind == "date":
        return {f.name: parse_dates(column)}
    if f.kind == "yesno":
        return {f.name: parse_yes_no(column)}
    if f.kind == "int":
        return {f.name: parse_int(column)}
    if f.kind == "number":
        return {f.name: parse_number(column)}
    if f.kind == "region":
        names, codes = parse_regions(column, f.vocabulary)  # type: ignore[arg-type]
        return {f.name: names, f"{f.name}_code": ParseResult(codes)}
    return {f.name: strip_text(column)}


def _column(raw: RawTable, f: Field) -> pd.Series | None:
    if f.header in raw.frame.columns:
        return raw.frame[f.header]
    wanted = normalise_key(f.header)
    for column in raw.frame.columns:
        if normalise_key(column) == wanted:
            return raw.frame[column]
    return None


def clean_table(raw: RawTable, spec: DatasetSpec, progress: bool = False) -> CleanedTable:
    """Parse and validate one raw table against its spec.

    Parameters
    ----------
    raw : RawTable
        The file as read by :func:`~cbresearch.rawio.read_raw_table`.
    spec : DatasetSpec
        What the dataset must look like.
    progress : bool
        Show a progress bar over the columns.

    Returns
    -------
    CleanedTable
        ``frame`` holds every parsed row; ``problems`` what must be fixed
        (``frame`` is ``None`` only when required columns are missing).

    Notes
    -----
    Takes ownership of ``raw``: once parsed, its text is released (the headers
    stay) to keep the peak memory of large files low.

    Examples
    --------
    >>> from pathlib import Path
    >>> frame = pd.DataFrame({"Codice": ["CB001"], "Bisogno": ["cronicita"], "Target": ["Anziani"],
    ...                       "Fonte": ["seed"]})
    >>> out = clean_table(RawTable(Path("initiative_needs.csv"), frame, None, None), SPECS["initiative_needs"])
    >>> out.frame[["need", "target"]].values.tolist(), len(out.fixes)
    ([['Cronicità', 'Anziano']], 2)
    """
    result = CleanedTable(spec, raw, problems=check_headers(raw, spec))
    if result.problems:
        return result
    from tqdm.auto import tqdm

    parsed: dict[str, ParseResult] = {}
    fields = [f for f in spec.fields if _column(raw, f) is not None]
    for f in tqdm(fields, desc=f"cleaning {raw.name}", unit="column", disable=not progress, leave=False):
        column = _column(raw, f)
        for name, outcome in _parse_field(raw, f, column).items():  # type: ignore[arg-type]
            parsed[name] = outcome
            if outcome.invalid is not None:
                for index in np.flatnonzero(outcome.invalid.to_numpy(dtype=bool)):
                    result.problems.append(Problem(raw.name, _row(index), f.header, column.iloc[index], f.expected()))
            for source, (target, count) in outcome.fixes.items():
                result.fixes.append({"column": f.header, "from": source, "to": str(target), "count": count})
            if outcome.blank and f.kind not in ("text", "multi") and name == f.name:
                result.missing[f.header] = outcome.blank
    frame = pd.DataFrame({name: outcome.values for name, outcome in parsed.items()}, index=raw.frame.index)
    # the parse results keep the raw text compactly: release the file's text before validating
    raw.frame = raw.frame.iloc[0:0]
    result.problems.extend(_validate(frame, raw, spec, parsed))
    result.problems.sort(key=lambda p: (p.row or 0, p.column or ""))
    result.frame = frame  # callers decide: a base file with problems is rejected, a delivery loses its bad rows
    return result


def _validate(frame: pd.DataFrame, raw: RawTable, spec: DatasetSpec, parsed: dict[str, ParseResult]) -> list[Problem]:
    import pandera.pandas as pa

    try:
        pandera_schema(spec).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        return _translate(errors.failure_cases, frame, raw, spec, parsed)
    return []


def _translate(
    failures: pd.DataFrame, frame: pd.DataFrame, raw: RawTable, spec: DatasetSpec, parsed: dict[str, ParseResult]
) -> list[Problem]:
    """Turn pandera's failure cases into problems that quote the raw cell."""
    fields = {f.name: f for f in spec.fields}
    rules = {f"rule:{r.name}": r for r in spec.rules}
    headers = {f.header: f for f in spec.fields}
    problems: dict[tuple, Problem] = {}
    for case in failures.itertuples(index=False):
        index = case.index
        if index is None or (isinstance(index, float) and np.isnan(index)):
            continue
        index = int(index)
        if case.check in rules:
            rule = rules[case.check]
            f = headers.get(rule.header)
            value = _raw_value(parsed, f, index)
            suggestion = f.vocabulary.suggest(value) if f is not None and f.vocabulary else None
            problems[(index, rule.header, case.check)] = Problem(
                raw.name, _row(index), rule.header, value, rule.expected, suggestion
            )
            continue
        f = fields.get(case.column)
        if f is None:
            continue
        value = _raw_value(parsed, f, index)
        expected, suggestion = f.expected(), None
        if case.check == "not_nullable":
            expected = f"a value: '{f.header}' may not be empty"
        elif case.check == "field_uniqueness":
            same = np.flatnonzero((frame[f.name] == frame[f.name].iloc[index]).to_numpy())
            if index == same[0]:
                continue  # the first occurrence is fine; later ones are the duplicates
            expected = f"a code used by no other row (already used in row {_row(same[0])})"
        elif case.check.startswith("vocabulary:") and f.kind == "multi":
            unknown = [item for item in frame.at[index, f.name] if item not in f.vocabulary]  # type: ignore[operator]
            value = "; ".join(unknown)
            suggestion = f.vocabulary.suggest(unknown[0]) if unknown else None  # type: ignore[union-attr]
        elif f.vocabulary is not None:
            suggestion = f.vocabulary.suggest(value)
        problems[(index, f.header, case.check)] = Problem(raw.name, _row(index), f.header, value, expected, suggestion)
    return sorted(problems.values(), key=lambda p: (p.row or 0, p.column or ""))


def _raw_value(parsed: dict[str, ParseResult], f: Field | None, index: int) -> object:
    if f is None or f.name not in parsed:
        return None
    text = parsed[f.name].raw_text(index)
    return None if text.strip() == "" else text


# --- all datasets --------------------------------------------------------------------


def find_raw_file(raw_dir: Path, spec: DatasetSpec) -> tuple[Path | None, list[Problem]]:
    """Return the bundled raw file of ``spec`` (``<stem>.csv`` or ``<stem>.xlsx``) in ``raw_dir``.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     path, problems = find_raw_file(Path(d), SPECS["members"])
    >>> path is None, problems[0].expected
    (True, 'members.csv or members.xlsx')
    """
    candidates = [raw_dir / f"{spec.stem}{suffix}" for suffix in (".csv", ".xlsx")]
    present = [p for p in candidates if p.exists()]
    if not present:
        return None, [
            Problem(
                raw_dir.name + "/",
                None,
                None,
                Described("no such file"),
                f"{spec.stem}.csv or {spec.stem}.xlsx",
            )
        ]
    if len(present) > 1:
        return None, [
            Problem(
                present[1].name,
                None,
                None,
                Described(f"both {present[0].name} and {present[1].name}"),
                "one file per dataset: remove or rename one of them",
            )
        ]
    return present[0], []


def delivery_files(raw_dir: Path, spec: DatasetSpec) -> list[Path]:
    """Further deliveries of a dataset: ``.csv``/``.xlsx`` files in ``raw_dir/<dataset>/``, in name order.

    The folder is named after the dataset's file stem (``networks``,
    ``survey_responses`` …) or its short name (``survey``).  Name deliveries so
    that they sort in time order, e.g. ``2026-12-asl-roma-1.xlsx``.

    Examples
    --------
    >>> delivery_files(config.RAW_DIR, SPECS["networks"])
    []
    """
    folders = dict.fromkeys([raw_dir / spec.stem, raw_dir / spec.name])
    found = []
    for folder in folders:
        if folder.is_dir():
            found += [
                p
                for p in folder.iterdir()
                if p.suffix.lower() in (".csv", ".xlsx") and not p.name.startswith((".", "~$"))
            ]
    return sorted(found, key=lambda p: (p.name, str(p)))


def _label(path: Path, raw_dir: Path) -> str:
    try:
        return path.relative_to(raw_dir).as_posix()
    except ValueError:
        return path.name


def _to_processed(frame: pd.DataFrame, spec: DatasetSpec, label: str) -> pd.DataFrame:
    """Type the validated frame for analysis (modifies and returns ``frame``)."""
    out = frame
    for f in spec.fields:
        if f.name not in out.columns:
            out[f.name] = pd.Series([[] for _ in range(len(out))] if f.kind == "multi" else pd.NA, index=out.index)
        if f.kind == "label" and f.vocabulary is not None:
            column = out[f.name]
            if isinstance(column.dtype, pd.CategoricalDtype):  # rows dropped from a delivery leave unused labels
                column = column.cat.remove_unused_categories()
            out[f.name] = pd.Categorical(column, categories=list(f.vocabulary.labels), ordered=True)
        elif f.kind == "likert":
            out[f.name] = out[f.name].astype("Int8")  # validated to 1-5 above
        elif f.kind == "region":
            out[f.name] = out[f.name].astype("string")
        elif f.kind in ("text", "id"):
            out[f.name] = out[f.name].astype("string[pyarrow]")
    if "region_code" in out.columns:
        out["region_code"] = out["region_code"].astype("category")
    if spec.name == "initiatives":
        from .themes import tag_themes

        single = out["approaches"].map(lambda items: items[0] if len(items) == 1 else None)
        approaches = SPECS["initiatives"].field_by_name("approaches").vocabulary
        position = out.columns.get_loc("approaches") + 1
        out.insert(position, "approach", pd.Categorical(single, categories=list(approaches.labels), ordered=True))  # type: ignore[union-attr]
        out["themes"] = tag_themes(out)
    if spec.name == "initiative_needs":
        codes = {label: code for code, label in NEED_CODES.items()}
        out.insert(out.columns.get_loc("need") + 1, "need_code", out["need"].map(codes).astype("string"))
    out["source_file"] = pd.Categorical.from_codes(np.zeros(len(out), dtype="int8"), categories=[label])
    out["source_row"] = (out.index.to_numpy() + FIRST_DATA_ROW).astype("int64")
    return out.reset_index(drop=True)


def _content(row: pd.Series, columns: list[str]) -> tuple:
    values = []
    for column in columns:
        value = row[column]
        if isinstance(value, list | np.ndarray):
            value = tuple(value)
        elif value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
            value = None
        values.append(value)
    return tuple(values)


@dataclass
class Merged:
    """A dataset after its deliveries were merged into the bundled file."""

    frame: pd.DataFrame
    duplicates: list[dict] = field(default_factory=list)
    replacements: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def merge_deliveries(parts: list[pd.DataFrame], spec: DatasetSpec) -> Merged:
    """Merge processed parts (bundled file first, then deliveries in order) into one table.

    * a record whose id is new is added;
    * an exact duplicate of an existing record (same content, provenance aside)
      is kept once and reported;
    * a record whose id exists with *different* content is rejected, naming
      both files and rows, unless it says which record it replaces in its
      ``Sostituisce`` column: then it replaces that record, and the
      replacement is reported.

    Datasets without an id (e.g. ``initiative_needs``) drop exact duplicates.

    Examples
    --------
    >>> base = pd.DataFrame({"member_code": ["A"], "name": ["x"], "replaces": [pd.NA], "source_file": ["m.csv"],
    ...                      "source_row": [2]})
    >>> later = pd.DataFrame({"member_code": ["A"], "name": ["y"], "replaces": ["A"], "source_file": ["m/1.csv"],
    ...                       "source_row": [2]})
    >>> merged = merge_deliveries([base, later], SPECS["members"])
    >>> merged.frame["name"].tolist(), merged.replacements[0]["id"]
    (['y'], 'A')
    """
    provenance = {"source_file", "source_row", "replaces"}
    if len(parts) == 1:  # no deliveries: the bundled file was validated whole (ids unique)
        return Merged(_finish(parts[0].drop(columns=["replaces"], errors="ignore"), spec))
    frame = pd.concat(parts, ignore_index=True)
    columns = [c for c in frame.columns if c not in provenance]
    ids = [f for f in spec.fields if f.kind == "id"]
    result = Merged(frame)
    base = len(parts[0])
    keep: list[int] = list(range(base))
    if ids:
        where: dict[object, int] = {key: i for i, key in enumerate(parts[0][ids[0].name])}  # key -> position in keep
    else:
        where = {_content(row, columns): i for i, (_, row) in enumerate(parts[0].iterrows())}
    for index, row in frame.iloc[base:].iterrows():  # only the delivered rows are merged one by one
        key = row[ids[0].name] if ids else _content(row, columns)
        replaces = row.get("replaces")
        replaces = None if replaces is None or replaces is pd.NA or str(replaces).strip() == "" else str(replaces)
        location = f"{row['source_file']} row {row['source_row']}"
        if replaces is not None:
            if replaces not in where:
                result.problems.append(
                    Problem(
                        str(row["source_file"]),
                        int(row["source_row"]),
                        "Sostituisce",
                        replaces,
                        "the id of a record already in the database",
                    )
                )
                continue
            old = frame.loc[keep[where[replaces]]]
            result.replacements.append(
                {"id": replaces, "old": f"{old['source_file']} row {old['source_row']}", "new": location}
            )
            keep[where.pop(replaces)] = -1
        if key in where:
            existing = frame.loc[keep[where[key]]]
            if _content(existing, columns) == _content(row, columns):
                result.duplicates.append(
                    {
                        "id": str(key) if ids else str(key[:3]),
                        "kept": f"{existing['source_file']} row {existing['source_row']}",
                        "duplicate": location,
                    }
                )
                continue
            header = ids[0].header if ids else None
            result.problems.append(
                Problem(
                    str(row["source_file"]),
                    int(row["source_row"]),
                    header,
                    key,
                    f"a new id: '{key}' is already used by a different record in {existing['source_file']} row "
                    f"{existing['source_row']} (to correct that record, add a 'Sostituisce' column naming it)",
                )
            )
            continue
        where[key] = len(keep)
        keep.append(index)
    kept = frame.loc[[i for i in keep if i >= 0]].drop(columns=["replaces"], errors="ignore").reset_index(drop=True)
    result.frame = _finish(kept, spec)
    return result


def _finish(frame: pd.DataFrame, spec: DatasetSpec) -> pd.DataFrame:
    """Provenance as a categorical; label columns with the vocabulary's categories (concatenation may lose them)."""
    frame["source_file"] = frame["source_file"].astype("category")
    for f in spec.fields:
        if f.kind != "label" or f.vocabulary is None or f.name not in frame.columns:
            continue
        if not (isinstance(frame[f.name].dtype, pd.CategoricalDtype) and frame[f.name].cat.ordered):
            frame[f.name] = pd.Categorical(frame[f.name], categories=list(f.vocabulary.labels), ordered=True)
    return frame


def _check_references(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    problems = []
    for dataset, name, target, target_name in REFERENCES:
        source, goal = tables.get(dataset), tables.get(target)
        if source is None or goal is None:
            continue
        allowed = set(goal[target_name].dropna())
        header = SPECS[dataset].field_by_name(name).header
        target_header = SPECS[target].field_by_name(target_name).header
        target_file = f"the {SPECS[target].stem} data ({SPECS[target].stem}.csv and its deliveries)"
        values = source[name]
        for index in np.flatnonzero(~values.isin(allowed).to_numpy() & values.notna().to_numpy()):
            row = source.iloc[index]
            value = values.iloc[index]
            close = difflib.get_close_matches(str(value), sorted(map(str, allowed)), n=1, cutoff=0.6)
            problems.append(
                Problem(
                    str(row["source_file"]),
                    int(row["source_row"]),
                    header,
                    value,
                    f"a '{target_header}' listed in {target_file}",
                    close[0] if close else None,
                )
            )
    return problems


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def raw_fingerprint(raw_dir: Path | None = None) -> dict[str, str]:
    """Return ``{file: sha256}`` of every raw file the datasets would read (bundled and delivered).

    Examples
    --------
    >>> sorted(raw_fingerprint())[:2]
    ['initiative_needs.csv', 'initiatives.csv']
    """
    raw_dir = Path(raw_dir or config.RAW_DIR)
    found = {}
    for spec in SPECS.values():
        path, _ = find_raw_file(raw_dir, spec)
        for file in ([path] if path is not None else []) + delivery_files(raw_dir, spec):
            found[_label(file, raw_dir)] = _sha256(file)
    return found


@dataclass
class CleanResult:
    """Every cleaned table and the validation report."""

    tables: dict[str, pd.DataFrame]
    report: dict
    written: list[Path] = field(default_factory=list)


def _clean_file(path: Path, raw_dir: Path, spec: DatasetSpec, progress: bool | None, delivery: bool):
    """Read and clean one file; returns (processed frame or None, file info, fatal problems, rejected problems)."""
    label = _label(path, raw_dir)
    info = {"file": label, "sha256": _sha256(path), "delivery": delivery}
    try:
        raw = read_raw_table(path)
    except RawDataError as error:
        problems = [replace(p, file=label) for p in error.problems]
        info.update(rows_read=0, rows_kept=0, rows_rejected=0)
        return None, info, ([] if delivery else problems), (problems if delivery else []), None
    info.update(encoding=raw.encoding or "xlsx", separator=raw.separator, rows_read=len(raw.frame))
    large = path.stat().st_size >= config.PROGRESS_BAR_MIN_BYTES
    raw.path = Path(label)  # messages name the file as seen from the raw directory
    table = clean_table(raw, spec, progress=large if progress is None else progress)
    problems = table.problems
    if not problems:
        frame = table.frame
    elif not delivery or table.frame is None or any(p.row in (None, 1) for p in problems):
        info.update(rows_kept=0, rows_rejected=len(raw.frame) if delivery else 0)
        return None, info, ([] if delivery else problems), (problems if delivery else []), table
    else:  # a delivery keeps its good rows; the bad ones are reported
        bad = {p.row - FIRST_DATA_ROW for p in problems if p.row}
        frame = table.frame.drop(index=[i for i in bad if i in table.frame.index])
    processed = _to_processed(frame, spec, label)
    info.update(rows_kept=len(processed), rows_rejected=info["rows_read"] - len(processed))
    return processed, info, [], (problems if delivery else []), table


def clean_all(
    raw_dir: Path | None = None, out_dir: Path | None = None, write: bool = True, progress: bool | None = None
) -> CleanResult:
    """Clean every raw dataset and its deliveries, validate them and write the processed tables.

    Parameters
    ----------
    raw_dir : Path, optional
        Where the raw files are (default ``data/raw``).  Never written to.
    out_dir : Path, optional
        Where to write ``<dataset>.parquet`` and ``validation_report.json``
        (default ``data/processed``).
    write : bool
        Write the outputs (all at once, atomically); ``False`` only returns them.
    progress : bool, optional
        Force the progress bar on or off; by default it shows for large files.

    Returns
    -------
    CleanResult

    Raises
    ------
    RawDataError
        With one problem per bad cell, missing column, duplicate id or file of a
        bundled file, per id collision between deliveries, and per broken
        reference between tables.  Bad rows of a *delivery* are not fatal: they
        are left out and listed in the report (``rejected_rows``).

    Examples
    --------
    >>> result = clean_all(write=False)
    >>> {name: len(frame) for name, frame in result.tables.items()}["survey"]
    24
    >>> result.report["status"]
    'ok'
    """
    from . import __version__

    raw_dir = Path(raw_dir or config.RAW_DIR)
    out_dir = Path(out_dir or config.PROCESSED_DIR)
    problems: list[Problem] = []
    tables: dict[str, pd.DataFrame] = {}
    datasets: dict[str, dict] = {}
    for spec in SPECS.values():
        path, missing = find_raw_file(raw_dir, spec)
        problems.extend(missing)
        if path is None:
            continue
        parts, files, fixes, missing_cells, rejected = [], [], [], {}, []
        for file, delivery in [(path, False)] + [(p, True) for p in delivery_files(raw_dir, spec)]:
            frame, info, fatal, dropped, table = _clean_file(file, raw_dir, spec, progress, delivery)
            files.append(info)
            problems.extend(fatal)
            rejected.extend(dropped)
            if table is not None:
                fixes += [{**fix, "file": info["file"]} for fix in table.fixes]
                for column, count in table.missing.items():
                    missing_cells[column] = missing_cells.get(column, 0) + count
            if frame is not None:
                parts.append(frame)
        if not parts:
            continue
        merged = merge_deliveries(parts, spec)
        problems.extend(merged.problems)
        tables[spec.name] = merged.frame
        datasets[spec.name] = {
            "file": files[0]["file"],
            "files": files,
            "rows_read": sum(f["rows_read"] for f in files),
            "rows_kept": len(merged.frame),
            "fixes": sorted(fixes, key=lambda x: (x["column"], -x["count"], x["from"])),
            "fixes_applied": sum(fix["count"] for fix in fixes),
            "missing": missing_cells,
            "duplicates": merged.duplicates,
            "replacements": merged.replacements,
            "rejected_rows": [p.to_dict() | {"message": str(p)} for p in rejected],
            "records_by_source": {str(k): int(v) for k, v in merged.frame["source"].value_counts().items() if v}
            if "source" in merged.frame
            else {},
        }
    problems.extend(_check_references(tables))
    stamp = datetime.now().isoformat(timespec="seconds")
    if problems:
        if write:
            from .rawio import atomic_write_bytes

            out_dir.mkdir(parents=True, exist_ok=True)
            failure = {"status": "failed", "checked": stamp, "problems": [str(p) for p in problems]}
            atomic_write_bytes(
                out_dir / LAST_VALIDATION, (json.dumps(failure, ensure_ascii=False, indent=2) + "\n").encode()
            )
        raise RawDataError(problems)
    report = {
        "status": "ok",
        "checked": stamp,
        "package_version": __version__,
        "raw_fingerprint": {f["file"]: f["sha256"] for d in datasets.values() for f in d["files"]},
        "datasets": datasets,
    }
    result = CleanResult(tables, report)
    if write:
        out_dir.mkdir(parents=True, exist_ok=True)
        with StagedOutputs() as staged:
            for name, frame in tables.items():
                staged.write_parquet(out_dir / f"{name}.parquet", frame)
            staged.write_json(out_dir / config.VALIDATION_REPORT, report)
            staged.write_json(
                out_dir / LAST_VALIDATION,
                {
                    "status": "ok",
                    "checked": stamp,
                    "rejected_rows": sum(len(d["rejected_rows"]) for d in datasets.values()),
                },
            )
        result.written = [out_dir / f"{name}.parquet" for name in tables] + [out_dir / config.VALIDATION_REPORT]
    return result


LAST_VALIDATION = "last_validation.json"
