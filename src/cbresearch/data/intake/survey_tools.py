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
matter — and takes the rest from a mapping file (:func:`cbresearch.data.intake.survey_mapping.read_mapping`).

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

from ...errors import Described, Problem, RawDataError
from ...i18n import _
from ..clean.parsing import likert_score
from ..schema.vocab import SURVEY_ITEMS, normalise_key


@dataclass(frozen=True)
class Mapping:
    """A mapping file: ``tool``, ``columns`` (role -> export header), ``personal`` headers, answer ``codes``."""

    path: Path
    tool: str | None
    columns: dict[str, str]
    personal: tuple[str, ...]
    codes: dict[str, int | None]


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
#: "Nome dell'Azienda sanitaria", "Nome dell'ente": the name of an organisation, not of a person
_NAMED_ORGANISATION = re.compile(r"\bnome (?:dell?a? |dell )?(?:azienda|ente|organizzazione|struttura)\b")
_ANSWER_CODE = re.compile(r"^\s*A[O0]?0*([1-9])\s*$", re.IGNORECASE)
#: LimeSurvey's "question code & question text" headings: ``submitdate. Data invio``, ``G00Q01. Azienda …``
_CODE_AND_TEXT = re.compile(r"^\s*(?P<code>[A-Za-z][\w\[\]]*)\.\s+(?P<text>\S.*)$")
# what a personal column holds, whatever its header says
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_PHONE = re.compile(r"^\+?\(?\d[\d\s()./-]{6,}\d$")
_DATE_LIKE = re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}")
_IP = re.compile(r"^(\d{1,3}\.){3}\d{1,3}$|^[0-9a-f]{0,4}(:[0-9a-f]{0,4}){2,7}$", re.IGNORECASE)


def _key(header: object) -> str:
    return normalise_key(_LEADING_CODE.sub("", str(header)))


def header_keys(header: object) -> list[str]:
    """The keys a header is recognised by: the whole, and for ``code. text`` headings the code and the text.

    Examples
    --------
    >>> header_keys("submitdate. Data invio")
    ['submitdate data invio', 'submitdate', 'data invio']
    >>> header_keys("Azienda")
    ['azienda']
    """
    keys = [normalise_key(header)]
    match = _CODE_AND_TEXT.match(str(header))
    if match:
        keys += [normalise_key(match.group("code")), normalise_key(match.group("text"))]
    return keys


def header_match_key(header: object) -> str:
    """How a mapping's header is compared with the export's: no case, accents, or differences in spacing.

    Examples
    --------
    >>> header_match_key("G01Q01[SQ001]\u00a0 Adeguatezza") == header_match_key("g01q01[sq001] adeguatezza")
    True
    """
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", str(header))
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().split())


def holds_personal_data(values: list[str]) -> bool:
    """Whether a column's values are mostly e-mail addresses, phone numbers or IP addresses.

    Examples
    --------
    >>> holds_personal_data(["a.rossi@example.org", "", "b@example.org"]), holds_personal_data(["+39 051 123 4567"])
    (True, True)
    >>> holds_personal_data(["4", "5"]), holds_personal_data(["2024-11-05"]), holds_personal_data(["10.0.0.1"])
    (False, False, True)
    """
    given = [str(v).strip() for v in values if str(v).strip()]
    if not given:
        return False

    def personal(value: str) -> bool:
        if _EMAIL.match(value) or _IP.match(value):
            return True
        return bool(_PHONE.match(value)) and not _DATE_LIKE.match(value) and sum(c.isdigit() for c in value) >= 8

    return sum(personal(v) for v in given) * 2 >= len(given)


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
    keys = [key for h in headers for key in header_keys(h)]
    ms = _SYSTEM["ms-forms"]
    if any(k in ms["date"] for k in keys) and any(k in ms["other"] for k in keys):
        return "ms-forms"
    lime = _SYSTEM["limesurvey"]
    if any(k in lime["date"] for k in keys) and sum(k in lime["other"] for k in keys) >= 2:
        return "limesurvey"
    if headers and normalise_key(headers[0]) in _SYSTEM["google-forms"]["date"]:
        return "google-forms"
    return "generic"


def is_personal(header: str) -> bool:
    """Whether a column holds personal data (e-mail, name, phone, IP address): never written anywhere.

    Examples
    --------
    >>> [is_personal(h) for h in ["Indirizzo email", "Nome", "ipaddr", "Azienda", "Nome dell'Azienda sanitaria"]]
    [True, True, True, False, False]
    """
    key = normalise_key(header)
    if is_organisation(header) or item_of(header):
        return False
    return bool(_PERSONAL.search(key))


def is_organisation(header: str) -> bool:
    """Whether a header asks for the health authority (``Azienda``, ``Nome dell'Azienda sanitaria`` …).

    Examples
    --------
    >>> is_organisation("G00Q01. Azienda sanitaria di appartenenza"), is_organisation("Nome dell'ente")
    (True, True)
    """
    return any(
        key in _ORGANISATION or key.startswith("azienda") or bool(_NAMED_ORGANISATION.search(key))
        for key in [*header_keys(header), _key(header)]
    )


def answer_score(text: object, codes: dict[str, int | None] | None = None) -> int | float | None:
    """A score from an answer as tools write it: ``4``, ``4 - Molto``, ``1 (Per niente)``, ``Molto``, ``A4``.

    ``codes`` (from a mapping file) wins over the built-in readings; a code mapped to ``None`` (``null`` in
    YAML, e.g. "Non so") is a blank answer.  ``None`` for a blank answer, ``nan`` for one that is not a
    score; the range is checked by the caller.

    Examples
    --------
    >>> answer_score("AO05"), answer_score("x1", {"x1": 1}), answer_score("tanto"), answer_score("Non so", {"Non so": None})
    (5, 1, nan, None)
    """
    value = str(text).strip() if text is not None else ""
    if codes and value in codes:
        code = codes[value]
        return None if code is None else int(code)
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
    answer_codes: dict[str, int | None] = field(default_factory=dict)

    @property
    def missing_items(self) -> list[str]:
        """The questionnaire items no column was found for."""
        return [item for item in SURVEY_ITEMS if item not in self.columns]


def _mapped_columns(headers: list[str], mapping: Mapping, file: str, repeated: set[str]) -> dict[str, str]:
    """The export header each mapped role names, compared without case, accents or spacing differences."""
    by_key: dict[str, list[str]] = {}
    for header in headers:
        by_key.setdefault(header_match_key(header), []).append(header)
    columns, problems = {}, []
    for role, wanted in mapping.columns.items():
        found = by_key.get(header_match_key(wanted), [])
        if not found:
            expected = _("one of the export's columns (mapping {mapping} gives it as {role}): {columns}")
            problems.append(Problem(file, 1, wanted, Described(_("no such column")),
                                    expected.format(mapping=mapping.path.name, role=role, columns=", ".join(headers))))  # fmt: skip
        elif len(found) > 1 or found[0] in repeated:
            problems.append(Problem(file, 1, wanted, Described(_("a header that appears more than once")),
                                    _("one column for {role}: rename one of them in the export").format(role=role)))  # fmt: skip
        else:
            columns[role] = found[0]
    if problems:
        raise RawDataError(problems)
    return columns


def _role_of(header: str, position: int, tool: str) -> str | None:
    """The role a header's text gives a column (None: no role)."""
    keys = header_keys(header)
    system = _SYSTEM.get(tool, {})
    if (item := item_of(header)) is not None:
        return item
    if any(k in system.get("response_id", ()) for k in keys):
        return "response_id"
    if any(k in system.get("date", ()) for k in keys) and (tool != "google-forms" or position == 0):
        return "date"
    if is_organisation(header):
        return "organisation"
    if any(k.startswith("regione") for k in [*keys, _key(header)]):
        return "region"
    if tool == "generic" and keys[0] in ("data", "data compilazione", "date", "data di compilazione"):
        return "date"
    if tool == "generic" and keys[0] in ("id", "id risposta"):
        return "response_id"
    return None


def place_columns(
    headers: list[str],
    tool: str,
    mapping: Mapping | None = None,
    file: str = "",
    values: dict[str, list[str]] | None = None,
    repeated: set[str] | None = None,
) -> Placement:
    """Decide the role of every column of an export.

    A mapping's columns must exist in the export (an error names the file, the column and the export's
    columns otherwise); the other roles are found from the headers' text and the tool's system columns.
    ``values`` (some of each column's cells) lets a column be recognised as personal by what it holds
    (e-mail addresses, phone numbers, IP addresses).  ``repeated`` names headers the export has more than
    once: harmless unless a role would use one of them.

    Examples
    --------
    >>> p = place_columns(["Informazioni cronologiche", "Indirizzo email", "Azienda sanitaria di appartenenza",
    ...                    "Adeguatezza [Reti di comunità]"], "google-forms")
    >>> p.columns, p.personal, p.missing_items[:1]
    ({'date': 'Informazioni cronologiche', 'organisation': 'Azienda sanitaria di appartenenza', \
'suitability_rc': 'Adeguatezza [Reti di comunità]'}, ['Indirizzo email'], ['suitability_wi'])
    """
    repeated = repeated or set()
    placement = Placement(tool, answer_codes=dict(mapping.codes) if mapping else {})
    if mapping:
        placement.columns.update(_mapped_columns(headers, mapping, file, repeated))
    taken = set(placement.columns.values())
    personal = {header_match_key(h) for h in (mapping.personal if mapping else ())}
    system = _SYSTEM.get(tool, {})
    for position, header in enumerate(headers):
        if header in taken:
            continue
        if (
            header_match_key(header) in personal
            or is_personal(header)
            or holds_personal_data((values or {}).get(header, []))
        ):
            placement.personal.append(header)
            continue
        role = _role_of(header, position, tool)
        if role is not None and header in repeated:
            expected = _("one column for {role}: rename one of them, or name the one to use in a mapping file")
            raise RawDataError([Problem(file, 1, header, Described(_("a header that appears more than once")),
                                        expected.format(role=role))])  # fmt: skip
        if role is None or role in placement.columns:
            if not any(k in system.get("other", ()) for k in header_keys(header)):
                placement.unplaced.append(header)
            continue
        placement.columns[role] = header
    return placement
