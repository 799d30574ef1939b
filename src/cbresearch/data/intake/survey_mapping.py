"""Mapping files: which export column plays which role, when the headers do not say it themselves.

A mapping file (YAML) names, for an export whose headers are bare codes or
ambiguous, the column of each role (``columns``), the personal columns never to
read (``personal``) and the scores of answer labels (``answers``; ``null`` for
an answer read as blank).  :func:`read_mapping` reads it in UTF-8, UTF-16 or
Windows-1252 and checks its shape with pydantic; :func:`suggest_mapping` writes
one to start from.

Examples
--------
>>> sorted(MAPPING_SHAPES)
['answers', 'columns', 'personal', 'tool']
"""

from __future__ import annotations

from pathlib import Path

from ...errors import Described, Problem, RawDataError
from ...i18n import N_, _
from .survey_tools import ROLES, TOOLS, Mapping, Placement

#: what each key of a mapping file must hold, said the way the error message says it
MAPPING_SHAPES = {
    "tool": N_("one of {tools}"),
    "columns": N_('a mapping of role: export header, e.g. suitability_wi: "G01Q01[SQ001]"; roles: {roles}'),
    "personal": N_('a list of export headers, e.g. ["Indirizzo email"]'),
    "answers": N_('a mapping of answer: score from 1 to 5 (or null for a blank answer), e.g. "Non so": null'),
}


def _mapping_model():
    """The shape of a mapping file, as a pydantic model (validation is pydantic's, not hand-written)."""
    from typing import Literal

    from pydantic import BaseModel, ConfigDict, Field

    Role = Literal[ROLES]  # type: ignore[valid-type]
    Tool = Literal[TOOLS]  # type: ignore[valid-type]

    class MappingFile(BaseModel):
        model_config = ConfigDict(extra="forbid", strict=False)
        tool: Tool | None = None
        columns: dict[Role, str] = Field(default_factory=dict)
        personal: list[str] = Field(default_factory=list)
        answers: dict[str, int | None] = Field(default_factory=dict)

    return MappingFile


def _decoded(path: Path) -> str:
    """A text file in UTF-8 (with or without BOM), UTF-16 (what PowerShell's ``>`` writes) or Windows-1252."""
    from ..clean.readers import detect_encoding

    data = path.read_bytes()
    encoding = detect_encoding(data)
    return data.decode("cp1252", errors="replace") if encoding == "cp1252" else data.decode(encoding)


def read_mapping(path: Path) -> Mapping:
    """Read a mapping file (YAML in UTF-8, UTF-16 or Windows-1252), checking its shape with pydantic.

    Raises
    ------
    RawDataError
        One line per problem: the file, the key, the value and the shape expected.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = Path(d) / "m.yaml"
    ...     _ = p.write_text("tool: limesurvey\\ncolumns:\\n  suitability_wi: G01Q01[SQ001]\\nanswers: {Non so: null}\\n")
    ...     read_mapping(p).columns, read_mapping(p).codes
    ({'suitability_wi': 'G01Q01[SQ001]'}, {'Non so': None})
    """
    import yaml
    from pydantic import ValidationError

    path = Path(path)
    try:
        content = yaml.safe_load(_decoded(path))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise RawDataError(
            [Problem(path.name, None, None, str(error).splitlines()[0], _("a readable YAML file"))]
        ) from None
    content = content or {}
    if not isinstance(content, dict):
        raise RawDataError([Problem(path.name, None, None, Described(_("a {kind}").format(kind=type(content).__name__)),
                                    _("a YAML mapping with the keys tool, columns, personal, answers"))])  # fmt: skip
    try:
        parsed = _mapping_model().model_validate(content)
    except ValidationError as error:
        problems = []
        for issue in error.errors():
            key = str(issue["loc"][0]) if issue["loc"] else ""
            where = ".".join(str(part) for part in issue["loc"] if part != "[key]")
            expected = _(MAPPING_SHAPES.get(key, N_("keys among tool, columns, personal, answers"))).format(
                tools=", ".join(TOOLS), roles=", ".join(ROLES)
            )
            where = _("{name}, key '{key}'").format(name=path.name, key=where)
            problems.append(Problem(where, None, None, issue.get("input"), expected))
        raise RawDataError(problems) from None
    return Mapping(path, parsed.tool, dict(parsed.columns), tuple(parsed.personal), dict(parsed.answers))


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
            lines.append(f"  {role}: {_quoted(placement.columns[role])}")
        elif role != "response_id":
            lines.append(f'  # {role}: "?"        (not found)')
    if placement.unplaced:
        lines.append("# columns not placed: " + ", ".join(_quoted(h) for h in placement.unplaced))
    lines.append("personal:  # never written anywhere")
    lines += [f"  - {_quoted(h)}" for h in placement.personal] or ["  []"]
    return "\n".join(lines)


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is YAML's): quotes, backslashes and tabs escaped.

    Examples
    --------
    >>> print(_quoted('Quanto "CB"'))
    "Quanto \\"CB\\""
    """
    import json

    return json.dumps(str(text), ensure_ascii=False)
