"""Sample exports of a second wave of the questionnaire, one per survey tool: ``data/samples/``.

They are **samples**, not data: invented answers (seed :data:`SEED`) of twelve
health authorities of the network in November 2024, written the way each tool
writes its export, with the quirks a real export has:

* an incomplete response (LimeSurvey: no submit date; the forms: no answer);
* a double submission (ATS Milano answers twice; the later one counts);
* an authority that is not a member of the network (ASL Napoli 1 Centro);
* authorities typed in other ways (``AUSL di Modena``, ``asst rhodense``);
* personal columns: e-mail addresses and names of invented people (``example.org``).

Files: ``limesurvey.csv`` (full headings in Italian, answers as text),
``limesurvey_codici.csv`` (bare question codes and answer codes: it needs
``limesurvey_codici.mapping.yaml``), ``limesurvey_codice_testo.csv`` (the
"question code & question text" headings, ``submitdate. Data invio``, one with
a non-breaking space as LimeSurvey writes them), ``limesurvey_tab.csv``
(tab-separated, English interface), ``google_forms.csv`` (Italian locale, no
region column: the region comes from the member list), ``google_forms_us.csv``
(US locale: ``Timestamp`` month first, a question title given twice and a
blank trailing header nobody uses), ``ms_forms.xlsx`` (Excel date-times, e-mail
and name of the respondent) and ``ms_forms_scaricato.xlsx`` (the same workbook
as Forms serves it for download, declaring a one-cell ``<dimension ref="A1"/>``).  Nothing in the default
``make reports`` reads them.  Run ``python scripts/make_samples.py`` (``make samples``) to write
them again (``make samples``).

Examples
--------
>>> rows = respondents()
>>> len(rows), sum(r.kept for r in rows)
(15, 12)
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from cbresearch import config
from cbresearch.data.intake.survey_tools import QUESTIONS
from cbresearch.data.schema.vocab import LIKERT_LABELS, SURVEY_DIMENSIONS

SEED = 20241105
WAVE_START = datetime(2024, 11, 4, 9, 0, 0)


@dataclass(frozen=True)
class Respondent:
    """One row of the sample exports: who answered, what, when, and whether the import should keep it."""

    typed: str  # the authority as the respondent typed it
    region: str
    submitted: datetime
    scores: tuple[int | None, ...]  # suitability wi, rc; implementation wi, rc
    complete: bool
    kept: bool
    email: str
    person: str


_PEOPLE = ["Giulia Bianchi", "Marco Rossi", "Anna Ferrari", "Luca Esposito", "Sara Romano", "Paolo Colombo",
           "Elena Ricci", "Davide Marino", "Chiara Greco", "Andrea Bruno", "Marta Gallo", "Franco Conti",
           "Laura De Luca", "Stefano Mancini", "Silvia Costa"]  # fmt: skip
# (as typed, region, kept): five Lombardy authorities and three Emilia-Romagna ones answered in 2019 too
_WHO = [
    ("asst rhodense", "Lombardia", True),
    ("ATS Val Padana", "Lombardia", True),
    ("ASST Bergamo Est", "Lombardia", True),
    ("ATS Milano", "Lombardia", False),  # first submission: replaced by the later one below
    ("ASST Mantova", "Lombardia", True),
    ("AUSL di Modena", "Emilia-Romagna", True),
    ("Ausl Ferrara", "Emilia-Romagna", False),  # incomplete
    ("Ausl Parma", "Emilia-Romagna", True),
    ("Ausl Bologna", "Emilia-Romagna", True),
    ("ASL Napoli 1 Centro", "Campania", False),  # not a member of the network
    ("Ausl Piacenza", "Emilia-Romagna", True),
    ("AOU Parma", "Emilia-Romagna", True),
    ("Asl Roma 1", "Lazio", True),
    ("ATS Milano", "Lombardia", True),
    ("Asl Roma 2", "Lazio", True),
]


def respondents(seed: int = SEED) -> list[Respondent]:
    """The sample's rows, in the order of submission (deterministic)."""
    rng = random.Random(seed)
    rows = []
    for number, (typed, region, kept) in enumerate(_WHO):
        complete = typed != "Ausl Ferrara"
        suitability = [rng.choice([3, 4, 4, 5, 5]) for _ in SURVEY_DIMENSIONS]
        implementation = [max(1, s - rng.choice([0, 0, 1, 1, 2])) for s in suitability]
        scores: tuple[int | None, ...] = (*suitability, *implementation) if complete else (None,) * 4
        first, last = _PEOPLE[number].lower().split(" ", 1)
        rows.append(
            Respondent(
                typed,
                region,
                WAVE_START + timedelta(days=number // 2, minutes=37 * number),
                scores,
                complete,
                kept,
                f"{first}.{last.replace(' ', '')}@example.org",
                _PEOPLE[number],
            )
        )
    return rows


def _question_headers(style: str) -> list[str]:
    headers = []
    for question in QUESTIONS.values():
        for item in SURVEY_DIMENSIONS.values():
            headers.append(f"{question} [{item}]" if style == "brackets" else f"{question}.{item}")
    return headers


def _answer(score: int | None, style: str) -> str:
    if score is None:
        return ""
    return {"text": LIKERT_LABELS[score], "code": f"AO0{score}", "number": f"{score} - {LIKERT_LABELS[score]}"}[style]


def _csv(header: list[str], rows: list[list[str]], quote_all: bool = False, separator: str = ",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
                        delimiter=separator)  # fmt: skip
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def limesurvey(codes: bool = False) -> bytes:
    """The LimeSurvey export: full Italian headings and answer texts, or bare codes (``codes=True``)."""
    if codes:
        header = ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp",
                  "G00Q01", "G00Q02", "G00Q03",
                  "G01Q01[SQ001]", "G01Q01[SQ002]", "G01Q02[SQ001]", "G01Q02[SQ002]"]  # fmt: skip
    else:
        header = ["ID risposta", "Data invio", "Ultima pagina", "Lingua iniziale", "Seme", "Data iniziale",
                  "Data ultima azione", "Azienda sanitaria di appartenenza", "Regione", "Indirizzo email di contatto",
                  *[f"G01Q0{1 + i // 2}[SQ00{1 + i % 2}]. {h}" for i, h in enumerate(_question_headers("brackets"))]]  # fmt: skip
    return _limesurvey_rows(header, "code" if codes else "text", quote_all=True)


MAPPING_FOR_CODES = """\
# Mapping for limesurvey_codici.csv: the questions are bare LimeSurvey codes.
# cbresearch import-survey data/samples/limesurvey_codici.csv --mapping data/samples/limesurvey_codici.mapping.yaml
tool: limesurvey
columns:
  organisation: "G00Q01"
  region: "G00Q02"
  suitability_wi: "G01Q01[SQ001]"
  suitability_rc: "G01Q01[SQ002]"
  implementation_wi: "G01Q02[SQ001]"
  implementation_rc: "G01Q02[SQ002]"
personal:  # never written anywhere
  - "G00Q03"
"""


def google_forms() -> bytes:
    """The Google Forms responses as CSV, Italian locale: ``Informazioni cronologiche``, e-mail, a grid."""
    header = ["Informazioni cronologiche", "Indirizzo email", "Azienda sanitaria di appartenenza",
              *_question_headers("brackets")]  # fmt: skip
    rows = [
        [r.submitted.strftime("%d/%m/%Y %H.%M.%S"), r.email, r.typed, *[_answer(s, "number") for s in r.scores]]
        for r in respondents()
    ]
    return _csv(header, rows)


def limesurvey_code_and_text() -> bytes:
    """LimeSurvey with "question code & question text" headings, Italian interface, answers as text."""
    header = ["id. ID risposta", "submitdate. Data invio", "lastpage. Ultima pagina", "startlanguage. Lingua iniziale",
              "seed. Seme", "startdate. Data iniziale", "datestamp. Data ultima azione",
              "G00Q01. Azienda sanitaria di appartenenza", "G00Q02.\u00a0Regione", "G00Q03. Indirizzo email di contatto",
              *[f"G01Q0{1 + i // 2}[SQ00{1 + i % 2}]. {h}" for i, h in enumerate(_question_headers("brackets"))]]  # fmt: skip
    return _limesurvey_rows(header, "text", quote_all=True)


def limesurvey_tab() -> bytes:
    """LimeSurvey exported with tab as the separator, English interface headings."""
    header = ["Response ID", "Date submitted", "Last page", "Start language", "Seed", "Date started",
              "Date last action", "Azienda sanitaria di appartenenza", "Regione", "Indirizzo email di contatto",
              *_question_headers("brackets")]  # fmt: skip
    return _limesurvey_rows(header, "number", separator="\t")


def _limesurvey_rows(header: list[str], answers: str, quote_all: bool = False, separator: str = ",") -> bytes:
    rows = []
    for number, r in enumerate(respondents(), start=1):
        stamp = r.submitted.strftime("%Y-%m-%d %H:%M:%S")
        rows.append([
            str(number), stamp if r.complete else "", "2" if r.complete else "1", "it", str(1000 + number * 7),
            (r.submitted - timedelta(minutes=6)).strftime("%Y-%m-%d %H:%M:%S"), stamp, r.typed, r.region, r.email,
            *[_answer(s, answers) if r.complete else "" for s in r.scores],
        ])  # fmt: skip
    return _csv(header, rows, quote_all=quote_all, separator=separator)


#: the US sample's submissions: from 28 October, a day apart, so that "10/31" and "11/10" both occur
US_START = datetime(2024, 10, 28, 9, 0, 0)


def google_forms_us() -> bytes:
    """Google Forms in a US locale: ``Timestamp`` as M/D/YYYY, a repeated unused title, a blank last header."""
    header = ["Timestamp", "Email Address", "Azienda sanitaria di appartenenza", *_question_headers("brackets"),
              "Commenti", "Commenti", ""]  # fmt: skip
    rows = []
    for number, r in enumerate(respondents()):
        when = US_START + timedelta(days=number, minutes=37 * number)
        stamp = f"{when.month}/{when.day}/{when.year} {when.hour}:{when.minute:02d}:{when.second:02d}"
        rows.append([stamp, r.email, r.typed, *[_answer(s, "number") for s in r.scores], "", "", ""])
    return _csv(header, rows)


def _rezip(path: Path, one_cell_dimension: bool = False) -> None:
    """Rewrite a workbook with fixed entry dates (the same bytes every run); with ``one_cell_dimension`` its
    sheet declares ``<dimension ref="A1"/>``, as Microsoft Forms' download does."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as source:
        parts = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts:
            if one_cell_dimension and info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1"/>', data)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the time of saving
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2024-11-04T09:00:00Z", data)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 11, 4, 9, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, data)


def ms_forms(path: Path) -> None:
    """The Microsoft Forms workbook: ID, Excel date-times, e-mail and name, one column per Likert statement."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Sheet1"
    sheet.append(["ID", "Ora di inizio", "Ora di completamento", "Posta elettronica", "Nome", "Azienda", "Regione",
                  *_question_headers("dot")])  # fmt: skip
    for number, r in enumerate(respondents(), start=1):
        sheet.append([number, r.submitted - timedelta(minutes=5), r.submitted, r.email, r.person, r.typed, r.region,
                      *[_answer(s, "text") for s in r.scores]])  # fmt: skip
    workbook.properties.created = workbook.properties.modified = WAVE_START  # the same bytes on every run
    workbook.save(path)


def write_samples(out_dir: Path | None = None) -> list[Path]:
    """Write every sample export into ``out_dir`` (default ``data/samples``).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     [p.name for p in write_samples(Path(d))]
    ... # doctest: +NORMALIZE_WHITESPACE
    ['limesurvey.csv', 'limesurvey_codici.csv', 'limesurvey_codici.mapping.yaml', 'limesurvey_codice_testo.csv',
     'limesurvey_tab.csv', 'google_forms.csv', 'google_forms_us.csv', 'ms_forms.xlsx', 'ms_forms_scaricato.xlsx']
    """
    out_dir = Path(out_dir or config.SAMPLES_DIR)
    out_dir.mkdir(parents=True, exist_ok=True)
    files = {
        "limesurvey.csv": limesurvey(),
        "limesurvey_codici.csv": limesurvey(codes=True),
        "limesurvey_codici.mapping.yaml": MAPPING_FOR_CODES.encode("utf-8"),
        "limesurvey_codice_testo.csv": limesurvey_code_and_text(),
        "limesurvey_tab.csv": limesurvey_tab(),
        "google_forms.csv": google_forms(),
        "google_forms_us.csv": google_forms_us(),
    }
    for name, data in files.items():
        (out_dir / name).write_bytes(data)
    for name, one_cell in (("ms_forms.xlsx", False), ("ms_forms_scaricato.xlsx", True)):
        ms_forms(out_dir / name)
        _rezip(out_dir / name, one_cell)
    return [out_dir / name for name in files] + [out_dir / "ms_forms.xlsx", out_dir / "ms_forms_scaricato.xlsx"]


if __name__ == "__main__":
    for written in write_samples():
        print(f"scritto {written}")
