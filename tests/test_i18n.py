"""One voice: the message catalogue is complete and compiled, and every command speaks Italian.

The English-word scan here is a list of English words written once, independently of the catalogue: a
message that reaches the user without going through the catalogue (or with a msgstr left in English) shows up
as one of them.
"""

from __future__ import annotations

import gettext
import os
import re
import shutil
import string
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from helpers import ENGLISH, cbresearch, private_project

from cbresearch import config

ROOT = Path(__file__).resolve().parents[1]
LOCALE = config.PACKAGE_DIR / "locale"
PO = LOCALE / "it" / "LC_MESSAGES" / "cbresearch.po"
MO = PO.with_suffix(".mo")

#: English words of messages (the words of the command line's English, before the catalogue) and of click's own
CLI_ENGLISH = (
    "the", "and", "with", "without", "not", "of", "or", "to", "for", "is", "are", "was", "were", "has", "have",
    "got", "expected", "error", "warning", "note", "wrote", "written", "unchanged", "rows", "row", "column", "read",
    "kept", "fixes", "blank", "answers", "deliveries", "missing", "invalid", "value", "such", "option", "options",
    "usage", "show", "message", "exit", "try", "files", "run", "cleaned", "built", "updated", "interrupted", "arguments",
    "argument", "commands", "command", "unknown", "folder", "cannot", "choose", "another", "need", "needs",
    "response", "responses", "left", "out", "next", "then", "nothing", "before", "same", "content", "index", "seconds",
    "region", "indicator",
)  # fmt: skip
ENGLISH_WORD = re.compile(r"\b(" + "|".join(re.escape(w) for w in (*CLI_ENGLISH, *ENGLISH)) + r")\b", re.IGNORECASE)
#: what is not prose: `commands`, paths, options, file and dataset names, figure ids, and the citation of a source
#: ("fonte: Lent e Studdert, The Community Paradigm": a title stays in its language)
NOT_PROSE = re.compile(r"`[^`]*`|\S*[/_.\\-]\S*|\{[^}]*\}|<[a-z]+>|fonte: [^\n]*")


def english_words(text: str) -> list[str]:
    """The English words of ``text``'s prose."""
    return sorted({m.group().lower() for m in ENGLISH_WORD.finditer(NOT_PROSE.sub(" ", text))})


def test_the_scan_finds_english_and_leaves_italian_alone() -> None:
    assert english_words("error: survey_responses.csv, row 2, column 'X': got 'y', expected a year") == [
        "column", "error", "expected", "got", "row"]  # fmt: skip
    assert english_words("wrote 9 files to /tmp/x/data/processed") == ["files", "to", "wrote"]
    assert english_words("errore: survey_responses.csv, riga 2, colonna 'X': trovato 'y', atteso un anno") == []
    assert english_words("poi: `cbresearch clean`, quindi `cbresearch reports` --out-dir /tmp/the/out") == []
    assert english_words("the figure - fonte: Lent e Studdert, The Community Paradigm") == ["the"]


def _catalogue():
    with PO.open("rb") as file:
        return read_po(file)


def _fields(text: str) -> set[str]:
    return {field.split(".")[0].split("[")[0] for _, field, _, _ in string.Formatter().parse(text) if field}


def test_every_message_has_its_italian_with_no_placeholder_the_code_does_not_give() -> None:
    catalogue = _catalogue()
    messages = [m for m in catalogue if m.id]
    assert len(messages) > 150
    untranslated = [m.id for m in messages if not m.string]
    assert untranslated == []
    unknown = {m.id: sorted(_fields(m.string) - _fields(m.id)) for m in messages if _fields(m.string) - _fields(m.id)}
    assert unknown == {}


def test_the_placeholder_rule_can_fail() -> None:
    assert _fields("{name:<19} {file!r} {count}") == {"name", "file", "count"}
    assert _fields("{a} e {b}") - _fields("{a}") == {"b"}


def test_the_catalogue_holds_every_message_of_the_code(tmp_path: Path) -> None:
    template = tmp_path / "now.pot"
    pybabel = str(Path(sys.executable).with_name("pybabel"))
    subprocess.run([pybabel, "extract", "-F", "babel.cfg", "-k", "_", "-k", "N_", "--no-location", "-o",
                    str(template), "."], cwd=ROOT, check=True, capture_output=True)  # fmt: skip
    with template.open("rb") as file:
        in_code = {m.id for m in read_po(file) if m.id}
    in_catalogue = {m.id for m in _catalogue() if m.id}
    assert in_code - in_catalogue == set(), "run `make messages` and write the Italian of the new messages"
    assert in_catalogue - in_code == set(), "run `make messages`: these messages are no longer in the code"


def test_the_compiled_catalogue_is_the_po() -> None:
    with MO.open("rb") as file:
        compiled = gettext.GNUTranslations(file)
    stale = [m.id for m in _catalogue() if m.id and compiled.gettext(m.id) != m.string]
    assert stale == [], "run `make messages` (pybabel compile)"


def test_english_is_there_for_who_asks_for_it(tmp_path: Path) -> None:
    env = {**os.environ, "CBRESEARCH_LINGUA": "en"}
    done = cbresearch(env, "reports", "--regions", "99")
    assert done.returncode == 1
    assert "unknown region code '99'" in done.stderr and "error:" in done.stderr


# --- every command: its help, a success and an error -------------------------------------------------------------


@dataclass(frozen=True)
class Project:
    """A project of the module's own: its folder and the environment the commands run in."""

    folder: Path
    env: dict


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """A project of the module's own, cleaned, and a file where a folder is expected."""
    tmp = tmp_path_factory.mktemp("italian")
    _data, _reports, env = private_project(tmp)
    env = {**env, "COLUMNS": "200"}
    env.pop("CBRESEARCH_LINGUA", None)
    assert cbresearch(env, "clean").returncode == 0
    (tmp / "a-file").write_text("not a folder", encoding="utf-8")
    return Project(tmp, env)


def _broken_raw(project: Project) -> dict:
    """The environment of a copy of the project whose initiative_needs.csv holds a misspelt target."""
    tmp = project.folder / "broken"
    if not tmp.exists():
        shutil.copytree(Path(project.env["CBRESEARCH_DATA_DIR"]) / "raw", tmp / "data" / "raw")
        needs = tmp / "data" / "raw" / "initiative_needs.csv"
        text = needs.read_text(encoding="utf-8")
        needs.write_text(text.replace("Anziano", "Anzianno", 1), encoding="utf-8")
    return {**project.env, "CBRESEARCH_DATA_DIR": str(tmp / "data")}


SAMPLE = config.SAMPLES_DIR / "limesurvey_codici.csv"
#: command -> (the arguments of a success, the arguments of an error); None: no success can run here (see below)
CASES: dict[str, tuple[list[str] | None, list[str]]] = {
    "": (["--help"], ["nonsense"]),
    "build-raw": (["build-raw"], ["build-raw", "--out-dir", "{TMP}/a-file"]),
    "clean": (["clean"], ["clean"]),  # the error: a misspelt label in the raw data
    "build-demography": (None, ["build-demography", "--source", "{TMP}/nowhere"]),  # sources: ../shared only
    "coverage": (["coverage"], ["coverage", "--year", "1900"]),
    "tables": (["tables"], ["tables", "--out-dir", "{TMP}/a-file"]),
    "check": (["check"], ["check", "--format", "xml"]),
    "reports": (["reports", "--regions", "SM", "--jobs", "1"], ["reports", "--regions", "99"]),
    "catalogue": (["catalogue"], ["catalogue", "--out-dir", "{TMP}/a-file"]),
    "import-survey": (
        ["import-survey", str(SAMPLE), "--mapping", str(SAMPLE.with_suffix(".mapping.yaml")), "--check"],
        ["import-survey", "{TMP}/none.csv"],
    ),
    "export": (["export", "--format", "csv"], ["export", "--format", "xyz"]),
    "template": (
        ["template", "initiatives", "--out", "{TMP}/modello.xlsx"],
        ["template", "nonsense", "--out", "x.xlsx"],
    ),
    "status": (["status"], ["status", "--nonsense"]),
    "course": (None, ["course", "--lesson", "3"]),  # its success runs every lesson: tests/publish/test_course.py
    "istat aggiorna": (None, ["istat", "aggiorna", "--source", "{TMP}/nowhere"]),  # sources: ../shared only
    "istat scarica": (None, ["istat", "scarica", "--dest", "{TMP}/dl", "--base-url", "http://127.0.0.1:9/"]),
}


@pytest.mark.parametrize("command", list(CASES), ids=lambda c: c or "cbresearch")
def test_every_command_speaks_italian_in_its_help_a_success_and_an_error(project: Project, command: str) -> None:
    success, error = CASES[command]
    fill = lambda arguments: [a.replace("{TMP}", str(project.folder)) for a in arguments]  # noqa: E731
    runs = {"help": cbresearch(project.env, *command.split(), "--help")}
    if success is not None:
        runs["success"] = cbresearch(project.env, *fill(success))
    runs["error"] = cbresearch(_broken_raw(project) if command == "clean" else project.env, *fill(error))
    assert runs["help"].returncode == 0, runs["help"].stderr
    if "success" in runs:
        assert runs["success"].returncode == 0, runs["success"].stderr
    assert runs["error"].returncode != 0, runs["error"].stdout
    assert "Traceback" not in runs["error"].stderr, runs["error"].stderr
    english = {kind: english_words(done.stdout + done.stderr) for kind, done in runs.items()}
    assert english == {kind: [] for kind in runs}, {k: (v, runs[k].stdout[-800:] + runs[k].stderr[-800:]) for k, v
                                                    in english.items() if v}  # fmt: skip
