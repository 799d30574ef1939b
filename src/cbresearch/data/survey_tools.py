"""What survey tools write, and how the questionnaire's columns are found in their exports.

The strategic-assessment questionnaire of seed 004 asks two questions about two
items, each on a 1–5 scale (1 per niente – 5 totalmente):

* *adeguatezza*: "Quanto nel vostro contesto Aziendale le logiche di CB sono
  adatte a rispondere ai bisogni di salute della popolazione/utenti di
  riferimento?"
* *implementazione*: "Quanto le logiche di CB sono già implementate nella
  vostra azienda?"

for "Welfare/medicina di iniziativa" and "Reti di comunità".  An export of an
online tool names these columns in its own way: LimeSurvey with a code
(``G01Q01[SQ001]``) or the question text and the sub-question in square
brackets, Google Forms with ``Domanda [Riga]``, Microsoft Forms with one column
per statement of a Likert question.  :func:`place_columns` recognises a column
by its text — case, accents, spacing, punctuation and a leading code do not
matter — and takes the rest from a mapping file (:func:`read_mapping`).

Examples
--------
>>> item_of("G01Q01[SQ001]. Quanto nel vostro contesto Aziendale le logiche di CB sono adatte a rispondere "
...         "ai bisogni di salute della popolazione/utenti di riferimento? [Welfare/medicina di iniziativa]")
'suitability_wi'
>>> item_of("Quanto le logiche di CB sono già implementate nella vostra azienda? - Reti di comunità")
'implementation_rc'
>>> detect_tool(["Informazioni cronologiche", "Indirizzo email", "Azienda"])
'google-forms'
>>> answer_score("A4"), answer_score("4 - Molto"), answer_score("Totalmente"), answer_score("")
(4, 4, 5, None)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Described, Problem, RawDataError
from .parsing import likert_score
from .vocab import SURVEY_ITEMS, normalise_key

TOOLS = ("limesurvey", "google-forms", "ms-forms", "generic")

QUESTIONS = {
    "suitability": "Quanto nel vostro contesto Aziendale le logiche di CB sono adatte a rispondere ai bisogni di "
    "salute della popolazione/utenti di riferimento?",
    "implementation": "Quanto le logiche di CB sono già implementate nella vostra azienda?",
}

#: the roles a column can play; the four items are SURVEY_ITEMS' keys
ROLES = ("response_id", "date", "organisation", "region", *SURVEY_ITEMS)

# words that say which question a header asks (the seed's text, the project's own headers)
_QUESTION_KEYS = {
    "suitability": ("adatte a rispondere", "adeguatezza", "adeguate"),
    "implementation": ("gia implementate", "implementazione", "implementate"),
}
_ITEM_KEYS = {"wi": ("welfare", "medicina di iniziativa"), "rc": ("reti di comunita",)}
_LEADING_CODE = re.compile(r"^\s*[A-Za-z]\w*\d+(\[[^\]]*\])?\s*[.:)\-–]\s*")

# system columns of each tool: code form and headings in Italian and English (matched as normalise_key)
_SYSTEM: dict[str, dict[str, tuple[str, ...]]] = {
    "limesurvey": {
        "response_id": ("id", "id risposta", "response id"),
        "date": ("submitdate", "data invio", "data di invio", "date submitted"),
        "other": (
            "lastpage",
            "ultima pagina",
            "last page",
            "startlanguage",
            "lingua iniziale",
            "start language",
            "seed",
            "seme",
            "startdate",
            "data iniziale",
            "date started",
            "datestamp",
            "data ultima azione",
            "data dell ultima azione",
            "date last action",
            "token",
            "refurl",
            "url di riferimento",
            "referrer url",
        ),
    },
    "google-forms": {
        "date": ("timestamp", "informazioni cronologiche", "marca temporale", "data e ora"),
    },
    "ms-forms": {
        "response_id": ("id",),
        "date": ("ora di completamento", "completion time"),
        "other": ("ora di inizio", "start time", "ora dell ultima modifica", "last modified time"),
    },
}
_PERSONAL = re.compile(
    r"(^|\b)(e ?mail|posta elettronica|indirizzo ip|ip address|ipaddr|telefono|cellulare|phone|"
    r"nome e cognome|cognome|nome|name|respondent|compilatore)(\b|$)"
)
_ORGANISATION = ("azienda", "azienda sanitaria", "azienda sanitaria di appartenenza", "nome azienda", "organizzazione")
_ANSWER_CODE = re.compile(r"^\s*A[O0]?0*([1-9])\s*$", re.IGNORECASE)


def _key(header: object) -> str:
    return normalise_key(_LEADING_CODE.sub("", str(header)))


def item_of(header: str) -> str | None:
    """The questionnaire item a header asks (``suitability_wi`` …), or ``None``.

    Examples
    --------
    >>> item_of("Adeguatezza - Reti di comunità"), item_of("G01Q01[SQ002]"), item_of("Azienda")
    ('suitability_rc', None, None)
    """
    key = _key(header)
    questions = [q for q, words in _QUESTION_KEYS.items() if any(w in key for w in words)]
    items = [i for i, words in _ITEM_KEYS.items() if any(w in key for w in words)]
    if len(questions) == 1 and len(items) == 1:
        return f"{questions[0]}_{items[0]}"
    return None


def detect_tool(headers: list[str]) -> str:
    """The tool that wrote an export, from its own columns (``generic`` when none is recognised).

    Examples
    --------
    >>> detect_tool(["id", "submitdate", "lastpage", "startlanguage", "G01Q01[SQ001]"])
    'limesurvey'
    >>> detect_tool(["ID", "Ora di inizio", "Ora di completamento", "Posta elettronica", "Nome"])
    'ms-forms'
    >>> detect_tool(["Azienda", "Adeguatezza - Reti di comunità"])
    'generic'
    """
    keys = [normalise_key(h) for h in headers]
    ms = _SYSTEM["ms-forms"]
    if any(k in ms["date"] for k in keys) and any(k in ms["other"] for k in keys):
        return "ms-forms"
    lime = _SYSTEM["limesurvey"]
    if any(k in lime["date"] for k in keys) and sum(k in lime["other"] for k in keys) >= 2:
        return "limesurvey"
    if keys and keys[0] in _SYSTEM["google-forms"]["date"]:
        return "google-forms"
    return "generic"


def is_personal(header: str) -> bool:
    """Whether a column holds personal data (e-mail, name, phone, IP address): never written anywhere.

    Examples
    --------
    >>> [is_personal(h) for h in ["Indirizzo email", "Nome", "ipaddr", "Azienda", "Nome azienda"]]
    [True, True, True, False, False]
    """
    key = normalise_key(header)
    if key in _ORGANISATION or key.startswith("azienda") or item_of(header):
        return False
    return bool(_PERSONAL.search(key))


def answer_score(text: object, codes: dict[str, int] | None = None) -> int | float | None:
    """A score from an answer as tools write it: ``4``, ``4 - Molto``, ``Molto``, or an answer code (``A4``).

    ``codes`` (from a mapping file) wins over the built-in readings.  ``None`` for a blank answer, ``nan``
    for one that is not a score; the range is checked by the caller.

    Examples
    --------
    >>> answer_score("AO05"), answer_score("x1", {"x1": 1}), answer_score("tanto")
    (5, 1, nan)
    """
    value = str(text).strip() if text is not None else ""
    if codes and value in codes:
        return int(codes[value])
    match = _ANSWER_CODE.match(value)
    if match:
        return int(match.group(1))
    return likert_score(value)


@dataclass
class Placement:
    """Which export column plays which role, which columns are personal, and which were not placed."""

    tool: str
    columns: dict[str, str] = field(default_factory=dict)
    personal: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)
    answer_codes: dict[str, int] = field(default_factory=dict)

    @property
    def missing_items(self) -> list[str]:
        """The questionnaire items no column was found for."""
        return [item for item in SURVEY_ITEMS if item not in self.columns]


@dataclass(frozen=True)
class Mapping:
    """A mapping file: ``tool``, ``columns`` (role -> export header), ``personal`` headers, answer ``codes``."""

    path: Path
    tool: str | None
    columns: dict[str, str]
    personal: tuple[str, ...]
    codes: dict[str, int]


def read_mapping(path: Path) -> Mapping:
    """Read a mapping file (YAML), checking its keys and roles.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = Path(d) / "m.yaml"
    ...     _ = p.write_text("tool: limesurvey\\ncolumns:\\n  suitability_wi: G01Q01[SQ001]\\n")
    ...     read_mapping(p).columns
    {'suitability_wi': 'G01Q01[SQ001]'}
    """
    import yaml

    path = Path(path)
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise RawDataError(
            [Problem(path.name, None, None, str(error).splitlines()[0], "a readable YAML file")]
        ) from None
    problems = []
    unknown_keys = set(content) - {"tool", "columns", "personal", "answers"}
    if unknown_keys:
        problems.append(
            Problem(path.name, None, None, sorted(unknown_keys), "keys among tool, columns, personal, answers")
        )
    tool = content.get("tool")
    if tool is not None and tool not in TOOLS:
        problems.append(Problem(path.name, None, "tool", tool, f"one of: {', '.join(TOOLS)}"))
    columns = {str(k): str(v) for k, v in (content.get("columns") or {}).items()}
    for role in columns:
        if role not in ROLES:
            problems.append(Problem(path.name, None, "columns", role, f"a role among: {', '.join(ROLES)}"))
    codes = {str(k): int(v) for k, v in (content.get("answers") or {}).items()}
    if problems:
        raise RawDataError(problems)
    return Mapping(path, tool, columns, tuple(str(p) for p in content.get("personal") or ()), codes)


def place_columns(headers: list[str], tool: str, mapping: Mapping | None = None, file: str = "") -> Placement:
    """Decide the role of every column of an export.

    A mapping's columns must exist in the export (an error names the file, the column and the export's
    columns otherwise); the other roles are found from the headers' text and the tool's system columns.

    Examples
    --------
    >>> p = place_columns(["Informazioni cronologiche", "Indirizzo email", "Azienda sanitaria di appartenenza",
    ...                    "Adeguatezza [Reti di comunità]"], "google-forms")
    >>> p.columns, p.personal, p.missing_items[:1]
    ({'date': 'Informazioni cronologiche', 'organisation': 'Azienda sanitaria di appartenenza', \
'suitability_rc': 'Adeguatezza [Reti di comunità]'}, ['Indirizzo email'], ['suitability_wi'])
    """
    placement = Placement(tool, answer_codes=dict(mapping.codes) if mapping else {})
    if mapping:
        absent = [(role, header) for role, header in mapping.columns.items() if header not in headers]
        if absent:
            raise RawDataError(
                [
                    Problem(
                        file,
                        1,
                        header,
                        Described("no such column"),
                        f"one of the export's columns (mapping {mapping.path.name} gives it as {role}): "
                        f"{', '.join(headers)}",
                    )
                    for role, header in absent
                ]
            )
        placement.columns.update(mapping.columns)
    taken = set(placement.columns.values())
    personal = set(mapping.personal if mapping else ())
    system = _SYSTEM.get(tool, {})
    for position, header in enumerate(headers):
        if header in taken:
            continue
        key = normalise_key(header)
        role = None
        if header in personal or is_personal(header):
            placement.personal.append(header)
            continue
        if (item := item_of(header)) is not None:
            role = item
        elif key in system.get("response_id", ()):
            role = "response_id"
        elif key in system.get("date", ()) and (tool != "google-forms" or position == 0):
            role = "date"
        elif key in _ORGANISATION or key.startswith("azienda"):
            role = "organisation"
        elif key.startswith("regione"):
            role = "region"
        elif tool == "generic" and key in ("data", "data compilazione", "date", "data di compilazione"):
            role = "date"
        elif tool == "generic" and key in ("id", "id risposta"):
            role = "response_id"
        if role is None or role in placement.columns:
            if key not in system.get("other", ()):
                placement.unplaced.append(header)
            continue
        placement.columns[role] = header
    return placement


def suggest_mapping(placement: Placement, export_name: str) -> str:
    """A mapping file to start from: every column placed, and the ones that could not be, as comments.

    Examples
    --------
    >>> print(suggest_mapping(Placement("limesurvey", {"date": "submitdate"}, ["email"], ["G01Q01[SQ001]"]), "x.csv"))
    ... # doctest: +NORMALIZE_WHITESPACE
    # Mapping for x.csv (cbresearch import-survey x.csv --mapping THIS_FILE)
    # Roles: response_id, date, organisation, region, suitability_wi, suitability_rc, implementation_wi,
    #   implementation_rc. Put each export column that holds a role after it; remove the lines you do not need.
    tool: limesurvey
    columns:
      date: "submitdate"
      # organisation: "?"        (not found)
      # region: "?"        (not found)
      # suitability_wi: "?"        (not found)
      # suitability_rc: "?"        (not found)
      # implementation_wi: "?"        (not found)
      # implementation_rc: "?"        (not found)
    # columns not placed: "G01Q01[SQ001]"
    personal:  # never written anywhere
      - "email"
    """
    lines = [
        f"# Mapping for {export_name} (cbresearch import-survey {export_name} --mapping THIS_FILE)",
        f"# Roles: {', '.join(ROLES[:-1])},",
        f"#   {ROLES[-1]}. Put each export column that holds a role after it; remove the lines you do not need.",
        f"tool: {placement.tool}",
        "columns:",
    ]
    for role in ROLES:
        if role in placement.columns:
            lines.append(f'  {role}: "{placement.columns[role]}"')
        elif role != "response_id":
            lines.append(f'  # {role}: "?"        (not found)')
    if placement.unplaced:
        lines.append("# columns not placed: " + ", ".join(f'"{h}"' for h in placement.unplaced))
    lines.append("personal:  # never written anywhere")
    lines += [f'  - "{h}"' for h in placement.personal] or ["  []"]
    return "\n".join(lines)
