"""Validating a parsed table and saying what is wrong in words a person can act on.

:func:`clean_table` parses one raw table (:mod:`~cbresearch.data.clean.parsing`),
validates it with the dataset's pandera schema and translates every failure
into a :class:`~cbresearch.errors.Problem` naming the file, the row as a
spreadsheet counts it, the column, the value as typed, what was expected
and, where a close label exists, a suggestion.  :func:`check_references`
does the same for the links between tables (a survey answer from an
authority that is not a member, a need of an unknown initiative).

Examples
--------
>>> from pathlib import Path
>>> frame = pd.DataFrame({"Codice": ["CB001"], "Bisogno": ["Cronicità"], "Target": ["Anzianno"], "Fonte": ["seed"]})
>>> print(clean_table(RawTable(Path("initiative_needs.csv"), frame, None, None), SPECS["initiative_needs"]).problems[0])
initiative_needs.csv, riga 2, colonna 'Target': trovato 'Anzianno', atteso uno tra: Minore, Indistinto, Anziano, Caregiver, Comunità (forse 'Anziano'?)
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ...errors import Described, Problem
from ...i18n import _
from ..schema.datasets import REFERENCES, SPECS, DatasetSpec, Field, FieldKind, pandera_schema
from ..schema.vocab import normalise_key
from .parsing import ParseResult, parse_field
from .readers import FIRST_DATA_ROW, RawTable

# pandera and tqdm are imported inside the functions that use them: `cb.load` must not pay for them.


@dataclass
class CleanedTable:
    """The outcome of cleaning one dataset."""

    spec: DatasetSpec
    raw: RawTable | None
    frame: pd.DataFrame | None = None
    problems: list[Problem] = field(default_factory=list)
    fixes: list[dict] = field(default_factory=list)
    missing: dict[str, int] = field(default_factory=dict)


def _row(index: int) -> int:
    return int(index) + FIRST_DATA_ROW


def check_headers(raw: RawTable, spec: DatasetSpec) -> list[Problem]:
    """Report every required column missing from the file, with the closest header present.

    Examples
    --------
    >>> import pandas as pd
    >>> from pathlib import Path
    >>> raw = RawTable(Path("members.csv"), pd.DataFrame(columns=["Codice", "Nomi"]), None, None)
    >>> print(check_headers(raw, SPECS["members"])[0])
    members.csv, riga 1, colonna 'Nome': trovato nessuna colonna con questa intestazione, atteso una colonna intestata 'Nome' (forse 'Nomi'?)
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
                Described(_("no column with this header")),
                _("a column headed '{header}'").format(header=f.header),
                close[0] if close else None,
            )
        )
    return problems


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
    columns = {f.name: column for f in spec.fields if (column := _column(raw, f)) is not None}
    fields = [f for f in spec.fields if f.name in columns]
    for f in tqdm(fields, desc=f"cleaning {raw.name}", unit="column", disable=not progress, leave=False):
        column = columns[f.name]
        for name, outcome in parse_field(f, column).items():
            parsed[name] = outcome
            if outcome.invalid is not None:
                for index in np.flatnonzero(outcome.invalid.to_numpy(dtype=bool)):
                    problem = Problem(raw.name, _row(int(index)), f.header, column.iloc[index], f.expected())
                    result.problems.append(problem)
            for source, (target, count) in outcome.fixes.items():
                result.fixes.append({"column": f.header, "from": source, "to": str(target), "count": count})
            if outcome.blank and f.kind not in (FieldKind.TEXT, FieldKind.MULTI) and name == f.name:
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
                raw.name, _row(index), rule.header, value, rule.describe(), suggestion
            )
            continue
        f = fields.get(case.column)
        if f is None:
            continue
        value = _raw_value(parsed, f, index)
        expected, suggestion = f.expected(), None
        if case.check == "not_nullable":
            expected = _("a value: '{header}' may not be empty").format(header=f.header)
        elif case.check == "field_uniqueness":
            same = np.flatnonzero((frame[f.name] == frame[f.name].iloc[index]).to_numpy())
            if index == same[0]:
                continue  # the first occurrence is fine; later ones are the duplicates
            expected = _("a code used by no other row (already used in row {row})").format(row=_row(same[0]))
        elif case.check.startswith("vocabulary:") and f.kind is FieldKind.MULTI and f.vocabulary is not None:
            unknown = [item for item in frame.at[index, f.name] if item not in f.vocabulary]
            value = "; ".join(unknown)
            suggestion = f.vocabulary.suggest(unknown[0]) if unknown else None
        elif f.vocabulary is not None:
            suggestion = f.vocabulary.suggest(value)
        problems[(index, f.header, case.check)] = Problem(raw.name, _row(index), f.header, value, expected, suggestion)
    return sorted(problems.values(), key=lambda p: (p.row or 0, p.column or ""))


def _raw_value(parsed: dict[str, ParseResult], f: Field | None, index: int) -> object:
    if f is None or f.name not in parsed:
        return None
    text = parsed[f.name].raw_text(index)
    return None if text.strip() == "" else text


def check_references(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """Report every value that should name a record of another table and does not.

    Examples
    --------
    >>> needs = pd.DataFrame({"code": ["CB01"], "source_file": ["initiative_needs.csv"], "source_row": [2]})
    >>> initiatives = pd.DataFrame({"code": ["CB001"]})
    >>> print(check_references({"initiative_needs": needs, "initiatives": initiatives})[0])
    initiative_needs.csv, riga 2, colonna 'Codice': trovato 'CB01', atteso un 'Codice' presente in i dati initiatives (initiatives.csv e le sue consegne) (forse 'CB001'?)
    """
    problems = []
    for dataset, name, target, target_name in REFERENCES:
        source, goal = tables.get(dataset), tables.get(target)
        if source is None or goal is None:
            continue
        allowed = set(goal[target_name].dropna())
        header = SPECS[dataset].field_by_name(name).header
        target_header = SPECS[target].field_by_name(target_name).header
        target_file = _("the {name} data ({name}.csv and its deliveries)").format(name=SPECS[target].stem)
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
                    _("a '{header}' listed in {where}").format(header=target_header, where=target_file),
                    close[0] if close else None,
                )
            )
    return problems
