"""What is in the database: datasets, deliveries, records per source, last validation.

:func:`status` reads the validation report of the last successful
``cbresearch clean`` and the outcome of the last attempt, compares them with
the files now in ``data/raw`` and says what changed since; it never cleans.

Examples
--------
>>> info = status()
>>> "survey" in info["datasets"], info["last_validation"]["status"] in ("ok", "failed", "never")
(True, True)
"""

from __future__ import annotations

import json
from pathlib import Path

from ... import config
from ...formats import italian_datetime
from ...i18n import N_, _
from ..schema.datasets import SPECS
from ..store.fingerprint import raw_digests
from .deliveries import delivery_files, find_raw_file


def _read_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def status(raw_dir: Path | None = None, processed_dir: Path | None = None) -> dict:
    """A summary of the database (see the module notes).

    Returns
    -------
    dict
        ``datasets`` (per dataset: files with rows read/kept/rejected, records
        by source, duplicates, replacements), ``last_validation``, and
        ``pending``: raw files added or changed since the last clean.

    Examples
    --------
    >>> sorted(status()["datasets"])[:3]
    ['initiative_needs', 'initiatives', 'members']
    """
    raw_dir = Path(raw_dir or config.RAW_DIR)
    processed_dir = Path(processed_dir or config.PROCESSED_DIR)
    report = _read_json(processed_dir / config.VALIDATION_REPORT) or {"datasets": {}, "raw_files": {}}
    last = _read_json(processed_dir / config.LAST_VALIDATION) or {"status": "never"}
    current = raw_digests(raw_dir)
    cleaned = report.get("raw_files", {})
    pending = sorted(name for name, digest in current.items() if cleaned.get(name) != digest)
    removed = sorted(set(cleaned) - set(current))
    datasets = {}
    for name, spec in SPECS.items():
        base, _ = find_raw_file(raw_dir, spec)
        deliveries = delivery_files(raw_dir, spec)
        info = report["datasets"].get(name, {})
        datasets[name] = {
            "bundled": None if base is None else base.name,
            "deliveries": [p.relative_to(raw_dir).as_posix() for p in deliveries],
            "files": info.get("files", []),
            "records": info.get("rows_kept"),
            "records_by_source": info.get("records_by_source", {}),
            "rejected_rows": len(info.get("rejected_rows", [])),
            "duplicates": len(info.get("duplicates", [])),
            "replacements": len(info.get("replacements", [])),
        }
    return {
        "datasets": datasets,
        "last_validation": last,
        "last_clean": report.get("checked"),
        "pending": pending,
        "removed": removed,
    }


def format_status(info: dict) -> str:
    """The status as the text ``cbresearch status`` prints (in the catalogue's language, dates the Italian way).

    Examples
    --------
    >>> print(format_status(status()).splitlines()[0])  # doctest: +ELLIPSIS
    Ultima validazione: ...
    """
    lines = [*_validation_lines(info), "", _(STATUS_HEADER)]
    for name, d in info["datasets"].items():
        by_source = ", ".join(f"{k} {v}" for k, v in d["records_by_source"].items()) or "-"
        records = "-" if d["records"] is None else str(d["records"])
        files = (1 if d["bundled"] else 0) + len(d["deliveries"])
        lines.append(
            f"{name:<20}{files:>6}{records:>8}  {by_source:<36}{d['rejected_rows']:>9}{d['duplicates']:>9}"
            f"{d['replacements']:>11}"
        )
        delivery = _("    delivery {file}: {read} rows read, {kept} accepted, {rejected} rejected")
        lines += [
            delivery.format(file=f["file"], read=f.get("rows_read", 0), kept=f.get("rows_kept", 0),
                            rejected=f.get("rows_rejected", 0))
            for f in d["files"] if f.get("delivery")
        ]  # fmt: skip
    if info["pending"] or info["removed"]:
        lines += ["", _("Files changed since the last clean (run `cbresearch clean`):")]
        lines += [f"  + {name}" for name in info["pending"]] + [f"  - {name}" for name in info["removed"]]
    return "\n".join(lines)


#: the header of the status table (its columns aligned with the rows)
STATUS_HEADER = N_(
    "dataset              files records  by source                            rejected    dupl.   replaced"
)


def _when(stamp: object) -> str:
    """A recorded moment (ISO 8601) as an Italian reader writes it; '?' when there is none."""
    from datetime import datetime

    try:
        return italian_datetime(datetime.fromisoformat(str(stamp)))
    except ValueError:
        return "?"


def _validation_lines(info: dict) -> list[str]:
    last = info["last_validation"]
    if last["status"] == "never":
        return [_("Last validation: never run (run `cbresearch clean`)")]
    if last["status"] == "ok":
        line = _("Last validation: ok, {when} ({rejected} rows rejected in the deliveries)")
        return [line.format(when=_when(last.get("checked")), rejected=last.get("rejected_rows", 0))]
    problems = last.get("problems", [])
    line = _("Last validation: FAILED, {when}: {count} problems; the processed data are those of the last clean "
             "that succeeded ({last})")  # fmt: skip
    last_clean = _when(info["last_clean"]) if info.get("last_clean") else _("none")
    lines = [line.format(when=_when(last.get("checked")), count=len(problems), last=last_clean)]
    lines += [f"  - {p}" for p in problems[:5]]
    if len(problems) > 5:
        lines.append(_("  … and {count} more").format(count=len(problems) - 5))
    return lines
