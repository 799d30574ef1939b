"""The cleaning pipeline: every raw dataset and its deliveries into typed tables in ``data/processed``.

For each dataset: find the bundled file and the deliveries
(:mod:`~cbresearch.data.clean.deliveries`), read each as text
(:mod:`~cbresearch.data.clean.readers`), parse and validate it
(:mod:`~cbresearch.data.clean.validation`), type it for analysis
(:func:`to_processed`), merge the deliveries, check the references between
tables, then write the parquet tables and ``validation_report.json`` all at
once (:class:`~cbresearch.files.StagedOutputs`).  The raw directory is never
written to.

Examples
--------
>>> result = clean_all(write=False)
>>> len(result.tables["survey"]), result.report["status"], len(result.report["data_version"])
(24, 'ok', 12)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from ... import config
from ...errors import Problem, RawDataError
from ...files import StagedOutputs, atomic_write_bytes, json_bytes, sha256_file
from ..schema.datasets import SPECS, DatasetSpec, FieldKind
from ..schema.themes import tag_themes
from ..schema.vocab import NEED_CODES
from ..store.cache import schema_version
from ..store.fingerprint import raw_digests, version_of
from .deliveries import delivery_files, find_raw_file, merge_deliveries, raw_label
from .readers import FIRST_DATA_ROW, read_raw_table
from .validation import CleanedTable, check_references, clean_table


def _add_single_approach_and_themes(out: pd.DataFrame) -> None:
    single = out["approaches"].map(lambda items: items[0] if len(items) == 1 else None)
    labels = list(SPECS["initiatives"].field_by_name("approaches").vocabulary or ())
    position = out.columns.get_loc("approaches") + 1
    out.insert(position, "approach", pd.Categorical(single, categories=labels, ordered=True))
    out["themes"] = tag_themes(out)


def _add_need_code(out: pd.DataFrame) -> None:
    codes = {label: code for code, label in NEED_CODES.items()}
    out.insert(out.columns.get_loc("need") + 1, "need_code", out["need"].map(codes).astype("string"))


def _add_wave(out: pd.DataFrame) -> None:
    """A survey answer's wave: as given (``Rilevazione``), else the year it was given (the bundled 2019 answers)."""
    years = out["date"].dt.year.astype("Int64").astype("string")
    out["wave"] = out["wave"].astype("string").str.strip().replace("", pd.NA).fillna(years).astype("string")


#: columns derived from others, per dataset (added in place by to_processed)
DERIVED_COLUMNS: dict[str, Callable[[pd.DataFrame], None]] = {
    "initiatives": _add_single_approach_and_themes,
    "initiative_needs": _add_need_code,
    "survey": _add_wave,
}

#: the processed dtype of each kind of column (labels get their vocabulary's ordered categories)
_PROCESSED_DTYPES = {
    FieldKind.LIKERT: "Int8",  # validated to 1-5
    FieldKind.REGION: "string",
    FieldKind.TEXT: "string[pyarrow]",
    FieldKind.ID: "string[pyarrow]",
}


def to_processed(frame: pd.DataFrame, spec: DatasetSpec, label: str) -> pd.DataFrame:
    """Type a validated frame for analysis and add its provenance (modifies and returns ``frame``).

    Examples
    --------
    >>> frame = pd.DataFrame({"code": ["CB001"], "need": ["Cronicità"], "target": ["Anziano"], "source": ["seed"]})
    >>> out = to_processed(frame, SPECS["initiative_needs"], "initiative_needs.csv")
    >>> out[["need_code", "source_file", "source_row"]].values.tolist()
    [['A', 'initiative_needs.csv', 2]]
    """
    out = frame
    for f in spec.fields:
        if f.name not in out.columns:
            empty = [[] for _ in range(len(out))] if f.kind is FieldKind.MULTI else pd.NA
            out[f.name] = pd.Series(empty, index=out.index)
        if f.kind is FieldKind.LABEL and f.vocabulary is not None:
            column = out[f.name]
            if isinstance(column.dtype, pd.CategoricalDtype):  # rows dropped from a delivery leave unused labels
                column = column.cat.remove_unused_categories()
            out[f.name] = pd.Categorical(column, categories=list(f.vocabulary.labels), ordered=True)
        elif f.kind in _PROCESSED_DTYPES:
            out[f.name] = out[f.name].astype(_PROCESSED_DTYPES[f.kind])
    if "istat_code" in out.columns:  # a spreadsheet drops the leading zero: "8" is region "08"
        code = out["istat_code"].astype("string")
        out["istat_code"] = code.where(~code.str.fullmatch(r"\d").fillna(False), "0" + code)
    if "region_code" in out.columns:
        out["region_code"] = out["region_code"].astype("category")
    if spec.name in DERIVED_COLUMNS:
        DERIVED_COLUMNS[spec.name](out)
    out["source_file"] = pd.Categorical.from_codes(np.zeros(len(out), dtype="int8"), categories=[label])
    out["source_row"] = (out.index.to_numpy() + FIRST_DATA_ROW).astype("int64")
    return out.reset_index(drop=True)


@dataclass
class CleanResult:
    """Every cleaned table and the validation report."""

    tables: dict[str, pd.DataFrame]
    report: dict
    written: list[Path] = field(default_factory=list)


@dataclass
class _FileOutcome:
    """One file read and cleaned: what it gave, what stops the clean and what was left out."""

    info: dict
    frame: pd.DataFrame | None = None
    fatal: list[Problem] = field(default_factory=list)  # problems that stop the clean (bundled files)
    rejected: list[Problem] = field(default_factory=list)  # rows left out of a delivery
    table: CleanedTable | None = None


def _clean_file(path: Path, raw_dir: Path, spec: DatasetSpec, progress: bool | None, delivery: bool) -> _FileOutcome:
    """Read and clean one file: a bundled file with problems is fatal, a delivery loses only its bad rows."""
    label = raw_label(path, raw_dir)
    outcome = _FileOutcome({"file": label, "sha256": sha256_file(path), "delivery": delivery})

    def refuse(problems: list[Problem], rows_rejected: int) -> _FileOutcome:
        outcome.info.update(rows_kept=0, rows_rejected=rows_rejected)
        (outcome.rejected if delivery else outcome.fatal).extend(problems)
        return outcome

    try:
        raw = read_raw_table(path)
    except RawDataError as error:
        outcome.info["rows_read"] = 0
        return refuse([replace(p, file=label) for p in error.problems], 0)
    rows_read = len(raw.frame)
    outcome.info.update(encoding=raw.encoding or "xlsx", separator=raw.separator, rows_read=rows_read)
    large = path.stat().st_size >= config.PROGRESS_BAR_MIN_BYTES
    raw.path = Path(label)  # messages name the file as seen from the raw directory
    if delivery and "Fonte" in raw.frame.columns:  # in a delivery a blank source means the deliverer's own
        blank = raw.frame["Fonte"].astype(str).str.strip() == ""
        raw.frame["Fonte"] = raw.frame["Fonte"].astype(object).where(~blank, "consegna")
    table = outcome.table = clean_table(raw, spec, progress=large if progress is None else progress)
    formula_cells = {(p.row, p.column) for p in raw.formulas}  # their "empty cell" is said by the formula's message
    table.problems = sorted([*(p for p in table.problems if (p.row, p.column) not in formula_cells),
                             *(replace(p, file=label) for p in raw.formulas)],
                            key=lambda p: (p.row or 0, p.column or ""))  # fmt: skip
    frame = table.frame
    if table.problems:
        if not delivery or frame is None or any(p.row in (None, 1) for p in table.problems):
            return refuse(table.problems, rows_read if delivery else 0)
        bad = {p.row - FIRST_DATA_ROW for p in table.problems if p.row}  # a delivery keeps its good rows
        frame = frame.drop(index=[i for i in bad if i in frame.index])
        outcome.rejected.extend(table.problems)
    assert frame is not None  # clean_table returns a frame whenever the headers were found
    outcome.frame = to_processed(frame, spec, label)
    outcome.info.update(rows_kept=len(outcome.frame), rows_rejected=rows_read - len(outcome.frame))
    return outcome


def _clean_dataset(
    spec: DatasetSpec, raw_dir: Path, progress: bool | None, problems: list[Problem]
) -> tuple[pd.DataFrame, dict] | None:
    """Clean a dataset's bundled file and deliveries; append what stops the clean to ``problems``."""
    path, missing = find_raw_file(raw_dir, spec)
    problems.extend(missing)
    if path is None:
        return None
    outcomes = [_clean_file(path, raw_dir, spec, progress, False)]
    outcomes += [_clean_file(p, raw_dir, spec, progress, True) for p in delivery_files(raw_dir, spec)]
    fixes: list[dict] = []
    missing_cells: dict[str, int] = {}
    for outcome in outcomes:
        problems.extend(outcome.fatal)
        if outcome.table is not None:
            fixes += [{**fix, "file": outcome.info["file"]} for fix in outcome.table.fixes]
            for column, count in outcome.table.missing.items():
                missing_cells[column] = missing_cells.get(column, 0) + count
    parts = [o.frame for o in outcomes if o.frame is not None]
    if not parts:
        return None
    merged = merge_deliveries(parts, spec)
    problems.extend(merged.problems)
    files = [o.info for o in outcomes]
    sources = merged.frame["source"].value_counts() if "source" in merged.frame else pd.Series(dtype=int)
    return merged.frame, {
        "file": files[0]["file"],
        "files": files,
        "rows_read": sum(f["rows_read"] for f in files),
        "rows_kept": len(merged.frame),
        "fixes": sorted(fixes, key=lambda x: (x["column"], -x["count"], x["from"])),
        "fixes_applied": sum(fix["count"] for fix in fixes),
        "missing": missing_cells,
        "duplicates": merged.duplicates,
        "replacements": merged.replacements,
        "rejected_rows": [p.to_dict() | {"message": str(p)} for o in outcomes for p in o.rejected],
        "records_by_source": {str(k): int(v) for k, v in sources.items() if v},
    }


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
        The tables and the report, which records the data version
        (:func:`~cbresearch.data.store.fingerprint.data_version`) and the digest of
        every raw file, so that :func:`~cbresearch.data.store.load.load` can tell
        when the tables are stale.

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
    raw_dir = Path(raw_dir or config.RAW_DIR)
    out_dir = Path(out_dir or config.PROCESSED_DIR)
    digests = raw_digests(raw_dir)  # before reading: a file changed meanwhile makes the tables stale, never wrong
    problems: list[Problem] = []
    tables: dict[str, pd.DataFrame] = {}
    datasets: dict[str, dict] = {}
    for spec in SPECS.values():
        cleaned = _clean_dataset(spec, raw_dir, progress, problems)
        if cleaned is not None:
            tables[spec.name], datasets[spec.name] = cleaned
    problems.extend(check_references(tables))
    stamp = datetime.now().isoformat(timespec="seconds")
    if problems:
        if write:
            failure = {"status": "failed", "checked": stamp, "problems": [str(p) for p in problems]}
            atomic_write_bytes(out_dir / config.LAST_VALIDATION, json_bytes(failure))
        raise RawDataError(problems)
    report = {
        "status": "ok",
        "checked": stamp,
        "package_version": config.PACKAGE_VERSION,
        "schema_version": schema_version(),
        "data_version": version_of(digests),
        "raw_files": digests,
        "datasets": datasets,
    }
    result = CleanResult(tables, report)
    if write:
        result.written = _write_outputs(out_dir, tables, report, stamp)
    return result


def _write_outputs(out_dir: Path, tables: dict[str, pd.DataFrame], report: dict, stamp: str) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    rejected = sum(len(d["rejected_rows"]) for d in report["datasets"].values())
    with StagedOutputs() as staged:
        for name, frame in tables.items():
            staged.write_parquet(out_dir / f"{name}.parquet", frame)
        staged.write_json(out_dir / config.VALIDATION_REPORT, report)
        staged.write_json(
            out_dir / config.LAST_VALIDATION, {"status": "ok", "checked": stamp, "rejected_rows": rejected}
        )
    return [out_dir / f"{name}.parquet" for name in tables] + [out_dir / config.VALIDATION_REPORT]
