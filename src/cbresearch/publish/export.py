"""The processed tables for SPSS, Stata and R users: ``cbresearch export``.

Every processed table is written as ``<name>.sav`` (SPSS), ``.dta`` (Stata),
``.csv`` (text that a spreadsheet would run as a formula, such as ``=…`` or ``+…``, is prefixed with an apostrophe, as in every CSV the project writes) or ``.parquet`` with, for SPSS and Stata, a **variable label** per
column (the raw file's Italian header; for the questionnaire's items the
question and the item) and **value labels** for the 1–5 scores
(``1 = Per niente`` … ``5 = Totalmente``), written by pyreadstat.  Lists
(multi-valued fields) are joined with ``"; "``, categories become their labels,
and the provenance columns (file and row of the raw data) are kept.  Personal
data never reach the processed tables, so they cannot reach an export.

Examples
--------
>>> import tempfile, pyreadstat
>>> with tempfile.TemporaryDirectory() as d:
...     paths = export_tables("sav", Path(d), ["survey"])
...     frame, meta = pyreadstat.read_sav(str(paths[0]))
>>> meta.variable_value_labels["suitability_wi"][5], len(frame)
('Totalmente', 24)
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .. import config
from ..data.intake.survey_tools import QUESTIONS
from ..data.schema.datasets import SPECS, FieldKind
from ..data.schema.vocab import LIKERT_LABELS, SURVEY_DIMENSIONS
from ..data.store.load import DATASETS, load
from .tables.seed_tables import to_safe_csv

FORMATS = ("sav", "dta", "csv", "parquet")
_PROVENANCE = {"source_file": "File grezzo di provenienza", "source_row": "Riga nel file grezzo", "wave": "Rilevazione"}


def variable_labels(name: str, frame: pd.DataFrame, limit: int | None = None) -> dict[str, str]:
    """The label of each column: the raw header, or the question and item of a questionnaire score.

    With ``limit`` (Stata allows 80 bytes) a score is labelled by the raw header (``Adeguatezza - Reti di
    comunità``) and any longer label is cut with an ellipsis.

    Examples
    --------
    >>> import cbresearch as cb
    >>> labels = variable_labels("survey", cb.load("survey"))
    >>> labels["organisation"], labels["implementation_rc"][-18:]
    ('Azienda', '[Reti di comunità]')
    >>> variable_labels("survey", cb.load("survey"), limit=80)["implementation_rc"]
    'Implementazione - Reti di comunità'
    """
    spec = SPECS.get(name)
    labels = {f.name: f.header for f in spec.fields} if spec else {}
    if limit is None:
        for question, text in QUESTIONS.items():
            for item, label in SURVEY_DIMENSIONS.items():
                labels[f"{question}_{item}"] = f"{text} [{label}]"
    labels |= _PROVENANCE
    chosen = {column: labels.get(column, column) for column in frame.columns}
    if limit is not None:
        chosen = {column: _cut(label, limit) for column, label in chosen.items()}
    return chosen


def _cut(text: str, limit: int) -> str:
    if len(text.encode("utf-8")) <= limit:
        return text
    while len((text + "…").encode("utf-8")) > limit:
        text = text[:-1]
    return text + "…"


def _likert_columns(name: str) -> list[str]:
    spec = SPECS.get(name)
    return [f.name for f in spec.fields if f.kind is FieldKind.LIKERT] if spec else []


def _is_list(value: object) -> bool:
    return isinstance(value, list | tuple | np.ndarray)


def flat_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A table that statistical packages can hold: lists joined, categories and strings as text, flags as 0/1.

    Examples
    --------
    >>> [str(v) for v in flat_frame(pd.DataFrame({"a": [["x", "y"]], "b": [True], "c": [np.array(["z"])]})).iloc[0]]
    ['x; y', '1.0', 'z']
    """
    out = pd.DataFrame(index=frame.index)
    for column in frame.columns:
        values = frame[column]
        if values.dtype == object and values.map(_is_list).any():
            out[column] = values.map(lambda v: "; ".join(map(str, v)) if _is_list(v) else v).astype(object)
        elif isinstance(values.dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(values):
            out[column] = values.astype(object).where(values.notna(), None)
        elif pd.api.types.is_bool_dtype(values):
            out[column] = values.astype("Int8").astype("float64")
        elif pd.api.types.is_integer_dtype(values) and values.isna().any():
            out[column] = values.astype("float64")
        elif pd.api.types.is_integer_dtype(values):
            out[column] = values.astype("int64")
        else:
            out[column] = values
    return out.reset_index(drop=True)


def export_tables(format: str = "sav", out_dir: Path | None = None, names: list[str] | None = None) -> list[Path]:
    """Write the processed tables in ``format`` into ``out_dir`` (default ``reports/export``).

    Parameters
    ----------
    format : str
        ``sav``, ``dta``, ``csv`` or ``parquet``.
    out_dir : Path, optional
        Where to write.
    names : list of str, optional
        The tables (default: every dataset of ``cb.load``).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     [p.name for p in export_tables("dta", Path(d), ["survey", "members"])]
    ['survey.dta', 'members.dta']
    """
    import pyreadstat

    if format not in FORMATS:
        raise ValueError(f"format: got {format!r}, expected one of {FORMATS}")
    out_dir = Path(out_dir or config.REPORTS_DIR / "export")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in names or list(DATASETS):
        frame = load(name)
        path = out_dir / f"{name}.{format}"
        if format == "parquet":
            frame.to_parquet(path, index=False)
        elif format == "csv":  # a CSV gets double-clicked into Excel: text that would run as a formula is quoted
            path.write_bytes(to_safe_csv(flat_frame(frame)))
        else:
            flat = flat_frame(frame)
            labels = variable_labels(name, flat, None if format == "sav" else 80)
            values: dict[str, dict[int | float, str]] = {
                column: {float(k): v for k, v in LIKERT_LABELS.items()}
                for column in _likert_columns(name)
                if column in flat
            }
            for column in values:
                flat[column] = flat[column].astype("float64")
            writer = pyreadstat.write_sav if format == "sav" else pyreadstat.write_dta
            writer(
                flat, str(path), column_labels=[labels[c] for c in flat.columns], variable_value_labels=values
            )  # fmt: skip
        written.append(path)
    return written
