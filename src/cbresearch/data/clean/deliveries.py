"""Where a dataset's files are, and how later deliveries merge into the bundled file.

A dataset is its bundled file (``data/raw/<stem>.csv`` or ``.xlsx``) plus any
*deliveries* in ``data/raw/<stem>/`` (or ``data/raw/<name>/``), read in name
order.  :func:`merge_deliveries` applies them record by record: new ids are
added, exact duplicates kept once, a different record under an existing id
is refused unless it names the record it replaces (``Sostituisce``).

Examples
--------
>>> from cbresearch import config
>>> from cbresearch.data.schema.datasets import SPECS
>>> path, problems = find_raw_file(config.RAW_DIR, SPECS["networks"])
>>> path.name, problems, delivery_files(config.RAW_DIR, SPECS["networks"])
('networks.csv', [], [])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ...errors import Described, Problem
from ...i18n import _
from ..schema.datasets import DatasetSpec, FieldKind


def find_raw_file(raw_dir: Path, spec: DatasetSpec) -> tuple[Path | None, list[Problem]]:
    """Return the bundled raw file of ``spec`` (``<stem>.csv`` or ``<stem>.xlsx``) in ``raw_dir``.

    Examples
    --------
    >>> from cbresearch.data.schema.datasets import SPECS
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     path, problems = find_raw_file(Path(d), SPECS["members"])
    >>> path is None, problems[0].expected
    (True, 'members.csv o members.xlsx')
    """
    candidates = [raw_dir / f"{spec.stem}{suffix}" for suffix in (".csv", ".xlsx")]
    present = [p for p in candidates if p.exists()]
    if not present:
        return None, [
            Problem(
                raw_dir.name + "/",
                None,
                None,
                Described(_("no such file")),
                _("{name}.csv or {name}.xlsx").format(name=spec.stem),
            )
        ]
    if len(present) > 1:
        return None, [
            Problem(
                present[1].name,
                None,
                None,
                Described(_("both {first} and {second}").format(first=present[0].name, second=present[1].name)),
                _("one file per dataset: remove or rename one of them"),
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
    >>> from cbresearch.data.schema.datasets import SPECS
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     (Path(d) / "networks").mkdir()
    ...     _ = (Path(d) / "networks" / "2026-12-asl.csv").write_text("x")
    ...     [p.name for p in delivery_files(Path(d), SPECS["networks"])]
    ['2026-12-asl.csv']
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


def raw_label(path: Path, raw_dir: Path) -> str:
    """How messages and reports name a raw file: its path relative to the raw directory.

    Examples
    --------
    >>> raw_label(Path("/d/raw/networks/2026-12.xlsx"), Path("/d/raw"))
    'networks/2026-12.xlsx'
    """
    try:
        return path.relative_to(raw_dir).as_posix()
    except ValueError:
        return path.name


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
    >>> from cbresearch.data.schema.datasets import SPECS
    >>> merged = merge_deliveries([base, later], SPECS["members"])
    >>> merged.frame["name"].tolist(), merged.replacements[0]["id"]
    (['y'], 'A')
    """
    if len(parts) == 1:  # no deliveries: the bundled file was validated whole (ids unique)
        return Merged(_finish(parts[0].drop(columns=["replaces"], errors="ignore"), spec))
    frame = pd.concat(parts, ignore_index=True)
    merger = _Merger(frame, spec, base=len(parts[0]))
    for index, row in frame.iloc[len(parts[0]) :].iterrows():  # only the delivered rows are merged one by one
        merger.add(int(index), row)
    kept = frame.loc[[i for i in merger.keep if i >= 0]].drop(columns=["replaces"], errors="ignore")
    merger.result.frame = _finish(kept.reset_index(drop=True), spec)
    return merger.result


def _where(row: pd.Series) -> str:
    return _("{file} row {row}").format(file=row["source_file"], row=row["source_row"])


class _Merger:
    """The state of a merge: which rows are kept, and where each key is among them."""

    def __init__(self, frame: pd.DataFrame, spec: DatasetSpec, base: int) -> None:
        self.frame = frame
        self.columns = [c for c in frame.columns if c not in ("source_file", "source_row", "replaces")]
        ids = [f for f in spec.fields if f.kind is FieldKind.ID]
        self.id_field = ids[0] if ids else None
        self.result = Merged(frame)
        self.keep: list[int] = list(range(base))  # row positions in frame; -1 for a replaced record
        first = frame.iloc[:base]
        keys = first[self.id_field.name] if self.id_field else (self._key(row) for _, row in first.iterrows())
        self.where: dict[object, int] = {key: i for i, key in enumerate(keys)}  # key -> position in keep

    def _key(self, row: pd.Series) -> object:
        return row[self.id_field.name] if self.id_field else _content(row, self.columns)

    def add(self, index: int, row: pd.Series) -> None:
        """Merge one delivered row: new, duplicate, collision or replacement."""
        replaces = row.get("replaces")
        replaces = None if replaces is None or replaces is pd.NA or str(replaces).strip() == "" else str(replaces)
        if replaces is not None and not self._replace(replaces, row):
            return
        key = self._key(row)
        if key in self.where:
            self._collide(key, row)
            return
        self.where[key] = len(self.keep)
        self.keep.append(index)

    def _replace(self, replaces: str, row: pd.Series) -> bool:
        if replaces not in self.where:
            problem = Problem(
                str(row["source_file"]),
                int(row["source_row"]),
                "Sostituisce",
                replaces,
                _("the id of a record already in the database"),
            )
            self.result.problems.append(problem)
            return False
        old = self.frame.loc[self.keep[self.where[replaces]]]
        self.result.replacements.append({"id": replaces, "old": _where(old), "new": _where(row)})
        self.keep[self.where.pop(replaces)] = -1
        return True

    def _collide(self, key: object, row: pd.Series) -> None:
        existing = self.frame.loc[self.keep[self.where[key]]]
        if _content(existing, self.columns) == _content(row, self.columns):
            shown = str(key) if self.id_field else str(key[:3])  # type: ignore[index]
            self.result.duplicates.append({"id": shown, "kept": _where(existing), "duplicate": _where(row)})
            return
        self.result.problems.append(
            Problem(
                str(row["source_file"]),
                int(row["source_row"]),
                self.id_field.header if self.id_field else None,
                key,
                _(
                    "a new id: '{key}' is already used by a different record in {file} row {row} (to correct that "
                    "record, add a 'Sostituisce' column naming it)"
                ).format(key=key, file=existing["source_file"], row=existing["source_row"]),
            )
        )


def _finish(frame: pd.DataFrame, spec: DatasetSpec) -> pd.DataFrame:
    """Provenance as a categorical; label columns with the vocabulary's categories (concatenation may lose them)."""
    frame["source_file"] = frame["source_file"].astype("category")
    for f in spec.fields:
        if f.kind is not FieldKind.LABEL or f.vocabulary is None or f.name not in frame.columns:
            continue
        if not (isinstance(frame[f.name].dtype, pd.CategoricalDtype) and frame[f.name].cat.ordered):
            frame[f.name] = pd.Categorical(frame[f.name], categories=list(f.vocabulary.labels), ordered=True)
    return frame
