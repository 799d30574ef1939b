"""A wave of the questionnaire from a survey tool's export, as a delivery of the survey dataset.

:func:`import_survey` reads a LimeSurvey, Google Forms or Microsoft Forms
export (``.csv`` in any encoding and separator that ``clean`` accepts, or
``.xlsx``) exactly as the tool wrote it, finds the questionnaire's columns
(:mod:`cbresearch.data.intake.survey_tools`), and keeps:

* complete responses only: LimeSurvey's empty submit date and rows with no
  answer to any item are left out;
* one response per authority and wave: the latest complete submission; the
  earlier ones are listed;
* network members only: an authority is matched to the member list ignoring
  case, spacing, punctuation, ``di``/``della`` and the ``AUSL``/``Ausl``
  spelling; others are left out with a "did you mean" line.

A score that is not 1–5 stops the import with the export's row and column
(nothing is written).  Personal columns (e-mail, name, IP address, any column a
mapping marks personal) are never read into the result.  The delivery is
written to ``data/raw/survey_responses/`` in the dataset's own layout, with a
provenance file next to it (export name, sha256, tool, mapping, date of import,
counts, rows left out); the export itself is not copied.

Examples
--------
>>> from cbresearch import config
>>> result = import_survey(config.SAMPLES_DIR / "google_forms.csv")
>>> result.tool, result.wave, len(result.frame), sorted(result.left_out)[:1]
('google-forms', '2024', 12, [5])
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ... import config
from ...errors import CbResearchError, Described, Problem, RawDataError
from ...i18n import _
from ..clean.readers import RawTable, read_raw_table
from ..schema.vocab import LIKERT_LABELS, SURVEY_ITEMS, normalise_key
from .survey_dates import date_order, parse_time, wave_of
from .survey_mapping import Mapping, read_mapping
from .survey_tools import Placement, answer_score, detect_tool, place_columns

DELIVERY_FOLDER = "survey_responses"
TOOL_CODES = {"limesurvey": "LS", "google-forms": "GF", "ms-forms": "MF", "generic": "GE"}
_ORG_NOISE = re.compile(r"\b(di|della|del|dell|de)\b")


def member_key(name: object) -> str:
    """The key an authority's name is matched on: case, accents, spaces, punctuation and ``di`` do not matter.

    Examples
    --------
    >>> member_key("AUSL di Modena") == member_key("Ausl Modena") == member_key(" ausl  modena. ")
    True
    >>> member_key("A.S.S.T. Mantova") == member_key("ASST Mantova")
    True
    """
    return _ORG_NOISE.sub(" ", normalise_key(name)).replace(" ", "")


@dataclass
class ImportResult:
    """What an import keeps (``frame``, in the dataset's raw layout) and what it leaves out, with reasons."""

    export: Path
    tool: str
    wave: str
    frame: pd.DataFrame
    left_out: dict[int, str] = field(default_factory=dict)  # export row -> reason
    personal: list[str] = field(default_factory=list)
    mapping: Path | None = None
    sha256: str = ""
    written: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # answers read as blanks through the mapping, and the like

    def lines(self) -> list[str]:
        """A readable account of the import: the tool, what is kept, each row left out and why."""
        kept = len(self.frame)
        head = _("{name}: {tool} export, wave {wave}: {kept} response(s) kept, {left} row(s) left out")
        out = [head.format(name=self.export.name, tool=self.tool, wave=self.wave, kept=kept, left=len(self.left_out))]
        out += ["  " + _("row {row}").format(row=row) + f": {reason}" for row, reason in sorted(self.left_out.items())]
        out += [f"  {note}" for note in self.notes]
        if self.personal:
            out.append("  " + _("personal columns never read: {columns}").format(columns=", ".join(self.personal)))
        out += [_("wrote {path}").format(path=path) for path in self.written]
        return out


def _members(raw_dir: Path) -> pd.DataFrame:
    table = read_raw_table(raw_dir / "members.csv").frame
    return table[table["Tipo"] == "Azienda sanitaria"]


def import_survey(
    export: Path,
    tool: str = "auto",
    mapping: Path | None = None,
    wave: str | None = None,
    raw_dir: Path | None = None,
    order: str | None = None,
) -> ImportResult:
    """Read a survey tool's export into one wave of the survey (nothing is written: see :func:`write_import`).

    Parameters
    ----------
    export : Path
        The tool's ``.csv`` or ``.xlsx`` export, as downloaded.
    tool : str
        ``auto`` (detected from the columns), ``limesurvey``, ``google-forms``, ``ms-forms`` or ``generic``.
    mapping : Path, optional
        A mapping file (YAML) for bare-code or ambiguous headers.
    wave : str, optional
        The wave's label (default: the year of the submissions).
    raw_dir : Path, optional
        The raw directory whose member list the authorities are matched against.
    order : {"dmy", "mdy"}, optional
        The order of day and month in the dates, when the column cannot tell (see :func:`date_order`).

    Raises
    ------
    RawDataError
        A mapping names a column the export does not have, the items cannot be placed, a score is out of
        range, the dates cannot name the wave (an anonymised export: give ``wave``), the same answers were
        imported before under another wave, or nothing is importable.

    Examples
    --------
    >>> from cbresearch import config
    >>> r = import_survey(config.SAMPLES_DIR / "ms_forms.xlsx")
    >>> r.tool, r.frame["Azienda"].tolist()[:2], r.personal
    ('ms-forms', ['ASST Rhodense', 'ATS Val Padana'], ['Posta elettronica', 'Nome'])
    """
    export = Path(export)
    raw_dir = Path(raw_dir or config.RAW_DIR)
    table, placement = read_export(export, tool, mapping)
    tool = placement.tool
    _require_items(placement, export.name)
    dates = list(table.frame[placement.columns["date"]]) if "date" in placement.columns else []
    order = date_order([d for d in dates if str(d).strip()], placement.columns.get("date", ""), export.name, order)
    reader = _Reader(export.name, tool, placement, _members(raw_dir), order)
    candidates = [c for number, row in _numbered(table.frame) if (c := reader.read(number, row)) is not None]
    if reader.problems:
        raise RawDataError(reader.collected())
    wave = wave or wave_of([c.submitted for c in candidates], export.name)
    latest = _latest(candidates, reader.left_out)
    if not latest:
        raise RawDataError(
            [Problem(export.name, None, None, Described(_("no importable response")), _("at least one"))]
        )
    rows = [reader.record(c, wave) for c in sorted(latest, key=lambda c: c.number)]
    result = ImportResult(
        export, tool, str(wave), pd.DataFrame(rows), reader.left_out, placement.personal,
        Path(mapping) if mapping else None, hashlib.sha256(export.read_bytes()).hexdigest(), notes=reader.notes,
    )  # fmt: skip
    _refuse_under_another_wave(result, raw_dir)
    return result


def answers_digest(frame: pd.DataFrame) -> str:
    """What identifies the answers an import keeps, whatever the wave is called: sha256 of authorities,
    regions, dates and scores.

    Examples
    --------
    >>> a = pd.DataFrame({"ID risposta": ["2024-GF-2"], "Azienda": ["AUSL Modena"], "Rilevazione": ["2024"]})
    >>> answers_digest(a) == answers_digest(a.assign(**{"ID risposta": ["x-GF-2"], "Rilevazione": ["x"]}))
    True
    """
    kept = frame.drop(columns=["ID risposta", "Rilevazione"], errors="ignore")
    return hashlib.sha256(kept.to_csv(index=False, lineterminator="\n").encode("utf-8")).hexdigest()


def _provenance(path: Path) -> dict:
    """A delivery's provenance file ({} when it cannot be read)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}


def _refuse_under_another_wave(result: ImportResult, raw_dir: Path) -> None:
    """Stop when the same answers were imported before under another wave label (they would count twice)."""
    digest = answers_digest(result.frame)
    for side in sorted((raw_dir / DELIVERY_FOLDER).glob("*.provenance.json")):
        known = _provenance(side)
        if known.get("answers_sha256") == digest and known.get("wave") != result.wave:
            raise CbResearchError(
                _(
                    "{name}: these answers were imported before as wave {before!r} ({file}); importing them as "
                    "{wave!r} would count them twice: use --wave {before} or remove that delivery first"
                ).format(
                    name=result.export.name,
                    before=known.get("wave"),
                    wave=result.wave,
                    file=side.name.replace(".provenance.json", ".csv"),
                )
            )


def read_export(export: Path, tool: str = "auto", mapping: Path | None = None) -> tuple[RawTable, Placement]:
    """Read an export and decide the role of each column (the tool from the mapping or the columns, unless given).

    Examples
    --------
    >>> from cbresearch import config
    >>> table, placement = read_export(config.SAMPLES_DIR / "limesurvey_codici.csv")
    >>> placement.tool, len(table.frame), placement.unplaced[:2]
    ('limesurvey', 15, ['G00Q01', 'G00Q02'])
    """
    export = Path(export)
    table = read_raw_table(export, strict_headers=False)
    if table.formulas:
        raise RawDataError(table.formulas)
    headers = list(table.frame.columns)
    rules: Mapping | None = read_mapping(mapping) if mapping else None
    if tool == "auto":
        tool = rules.tool if rules and rules.tool else detect_tool(headers)
    values = {h: [v for v in table.frame[h].head(200).astype(str) if v.strip()] for h in headers}
    return table, place_columns(headers, tool, rules, export.name, values, table.repeated)


def _numbered(frame: pd.DataFrame):
    for index, row in frame.iterrows():
        yield int(index) + 2, row  # the header is row 1


def _require_items(placement: Placement, name: str) -> None:
    missing = placement.missing_items + ([] if "organisation" in placement.columns else ["organisation"])
    if missing:
        raise RawDataError(
            [
                Problem(
                    name, 1, None, Described(_("no column for {items}").format(items=", ".join(missing))),
                    _("the questionnaire's questions in the headers, or a mapping file; columns not placed: "
                      "{columns}. Start one with `cbresearch import-survey {name} --suggest-mapping`").format(
                        columns=", ".join(placement.unplaced) or _("none"), name=name),
                )
            ]
        )  # fmt: skip


@dataclass
class _Candidate:
    number: int
    row: pd.Series
    name: str
    region: str
    submitted: pd.Timestamp | None
    scores: dict


def _latest(candidates: list[_Candidate], left_out: dict[int, str]) -> list[_Candidate]:
    """One response per authority: the latest submission; the earlier ones go to ``left_out``."""
    latest: dict[str, _Candidate] = {}
    for candidate in candidates:
        previous = latest.get(candidate.name)
        if previous is None or (candidate.submitted or pd.Timestamp.min) >= (previous.submitted or pd.Timestamp.min):
            if previous is not None:
                left_out[previous.number] = _("earlier submission of {name}, replaced by row {row}").format(
                    name=candidate.name, row=candidate.number
                )
            latest[candidate.name] = candidate
        else:
            left_out[candidate.number] = _("earlier submission of {name}, replaced by row {row}").format(
                name=candidate.name, row=previous.number
            )
    return list(latest.values())


class _Reader:
    """Reads the rows of one export: scores, completeness, the authority; collects problems and rows left out."""

    def __init__(self, name: str, tool: str, placement, members: pd.DataFrame, order: str = "dmy"):
        self.name, self.tool, self.placement, self.columns = name, tool, placement, placement.columns
        self.by_key = {member_key(n): (n, r) for n, r in zip(members["Nome"], members["Regione"], strict=True)}
        self.order = order
        self.problems: list[Problem] = []
        self.left_out: dict[int, str] = {}
        self.notes: list[str] = []
        self._bad: dict[tuple[str, str], list[int]] = {}  # (column, answer) -> rows: one message per answer

    def _scores(self, number: int, row: pd.Series) -> dict:
        scores = {}
        codes = self.placement.answer_codes
        for item in SURVEY_ITEMS:
            text = row[self.columns[item]]
            score = answer_score(text, codes)
            if score is None and str(text).strip() in codes:
                note = _("row {row}, column '{column}': '{answer}' read as a blank answer (mapping)")
                self.notes.append(note.format(row=number, column=self.columns[item], answer=str(text).strip()))
            elif score is not None and (score != score or not 1 <= score <= 5):
                self._bad.setdefault((self.columns[item], str(text)), []).append(number)
                self.problems.append(Problem(self.name, number, self.columns[item], text, ""))
            scores[item] = score
        return scores

    def collected(self) -> list[Problem]:
        """The problems, one per unreadable answer (with how many cells hold it) and per other problem."""
        out = [p for p in self.problems if p.expected]
        for (column, text), rows in self._bad.items():
            shown = ", ".join(map(str, rows[:5])) + ("…" if len(rows) > 5 else "")
            more = _(" ({count} cells, rows {rows})").format(count=len(rows), rows=shown)
            expected = _(
                "a score from 1 (per niente) to 5 (totalmente), as '4', '4 - Molto', '4 (Molto)' or 'Molto'; "
                "or give its score under answers: in a mapping file, e.g. answers: {example}"
            )
            example = '{"' + str(text) + '": 4}'
            out.append(Problem(self.name, rows[0], column, text,
                               expected.format(example=example) + (more if len(rows) > 1 else "")))  # fmt: skip
        return out

    def read(self, number: int, row: pd.Series) -> _Candidate | None:
        """The row as a candidate response, or ``None`` (left out, or a problem)."""
        scores = self._scores(number, row)
        has_date = "date" in self.columns
        submitted = parse_time(row[self.columns["date"]], self.order) if has_date else None
        if self.tool == "limesurvey" and has_date and submitted is None:
            self.left_out[number] = _("incomplete response (no submit date)")
            return None
        if all(v is None for v in scores.values()):
            self.left_out[number] = _("no answer to any item")
            return None
        if submitted is not None and pd.isna(submitted):
            self.problems.append(
                Problem(self.name, number, self.columns["date"], row[self.columns["date"]], _("a date and time"))
            )
            return None
        typed = str(row[self.columns["organisation"]]).strip()
        member = self.by_key.get(member_key(typed))
        if member is None:
            close = difflib.get_close_matches(member_key(typed), list(self.by_key), n=1, cutoff=0.75)
            hint = _(" (did you mean '{suggestion}'?)").format(suggestion=self.by_key[close[0]][0]) if close else ""
            self.left_out[number] = _("'{typed}' is not a health authority of the network").format(typed=typed) + hint
            return None
        return _Candidate(number, row, member[0], member[1], submitted, scores)

    def record(self, candidate: _Candidate, wave: str) -> dict[str, str]:
        """The response in the dataset's raw layout."""
        row, scores = candidate.row, candidate.scores
        given = str(row[self.columns["region"]]).strip() if "region" in self.columns else ""
        identifier = str(row[self.columns["response_id"]]).strip() if "response_id" in self.columns else ""
        return {
            "ID risposta": f"{wave}-{TOOL_CODES[self.tool]}-{identifier or candidate.number}",
            "Azienda": candidate.name,
            "Regione": given or candidate.region,
            "Data compilazione": candidate.submitted.strftime("%d/%m/%Y") if candidate.submitted is not None else "",
            **{
                header: "" if scores[item] is None else f"{scores[item]} - {LIKERT_LABELS[scores[item]]}"
                for item, header in SURVEY_ITEMS.items()
            },
            "Fonte": "rilevazione",
            "Rilevazione": wave,
        }


def delivery_path(result: ImportResult, raw_dir: Path | None = None) -> Path:
    """Where the delivery of an import goes: ``<raw>/survey_responses/<wave>-<tool>-<sha256[:8]>.csv``.

    Examples
    --------
    >>> r = ImportResult(Path("x.csv"), "limesurvey", "2024", pd.DataFrame(), sha256="ab" * 32)
    >>> delivery_path(r, Path("raw")).as_posix()
    'raw/survey_responses/2024-limesurvey-abababab.csv'
    """
    raw_dir = Path(raw_dir or config.RAW_DIR)
    return raw_dir / DELIVERY_FOLDER / f"{result.wave}-{result.tool}-{result.sha256[:8]}.csv"


def write_import(result: ImportResult, raw_dir: Path | None = None) -> list[Path]:
    """Write the delivery and its provenance file (once: an export already imported is not written again).

    Returns
    -------
    list of Path
        The files written (empty when this export was imported before).

    Examples
    --------
    >>> import tempfile
    >>> from cbresearch import config
    >>> with tempfile.TemporaryDirectory() as d:
    ...     r = import_survey(config.SAMPLES_DIR / "google_forms.csv")
    ...     [p.name for p in write_import(r, Path(d))], write_import(r, Path(d))
    (['2024-google-forms-....csv', '2024-google-forms-....provenance.json'], [])
    """
    from ...files import StagedOutputs

    target = delivery_path(result, raw_dir)
    if target.exists():
        known = _provenance(target.with_suffix(".provenance.json"))
        if known.get("answers_sha256", answers_digest(result.frame)) != answers_digest(result.frame):  # other answers
            # (a corrected mapping): say so, and how to replace it
            raise CbResearchError(
                _(
                    "{name} was imported before as {target} with other answers (another mapping or --wave?): nothing "
                    "written. To replace it, delete {path} and its .provenance.json, then import again"
                ).format(name=result.export.name, target=target.name, path=target)
            )
        return []
    target.parent.mkdir(parents=True, exist_ok=True)
    provenance = {
        "export": result.export.name,
        "sha256": result.sha256,
        "tool": result.tool,
        "mapping": result.mapping.name if result.mapping else None,
        "wave": result.wave,
        "imported": dt.date.today().isoformat(),
        "kept": len(result.frame),
        "answers_sha256": answers_digest(result.frame),
        "left_out": {str(row): reason for row, reason in sorted(result.left_out.items())},
        "personal_columns_not_read": len(result.personal),
    }
    side = target.with_suffix(".provenance.json")
    with StagedOutputs() as staged:
        staged.write_bytes(target, result.frame.to_csv(index=False, lineterminator="\n").encode("utf-8"))
        staged.write_bytes(side, (json.dumps(provenance, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    result.written = [target, side]
    return result.written


def with_sample_wave(sample: str = "limesurvey.csv") -> pd.DataFrame:
    """The cleaned survey with a sample second wave added, in memory (for notebooks and the course).

    The sample export of ``data/samples`` is imported and cleaned with a copy of the raw data in a temporary
    folder: nothing in ``data/`` changes.

    Examples
    --------
    >>> survey = with_sample_wave()
    >>> survey.groupby("wave").size().to_dict()
    {'2019': 24, '2024': 12}
    """
    import shutil
    import tempfile

    from ..clean.pipeline import clean_all

    with tempfile.TemporaryDirectory(prefix="cbresearch-wave-") as scratch:
        raw = Path(scratch) / "raw"
        shutil.copytree(config.RAW_DIR, raw)
        write_import(import_survey(config.SAMPLES_DIR / sample, raw_dir=raw), raw)
        return clean_all(raw, write=False, progress=False).tables["survey"]
