"""The training course: exercise checks for learners, and the learner's and trainer's copies.

In the course notebooks (``notebooks/course/``) every exercise ends with
``cb.course.check("lezione1.es2", risposta)``: it says *Corretto* or gives a
hint.  Questions, solutions, hints and a wrong answer (for the tests) live in
``exercises.yaml``.  :func:`build_course` executes the lessons and
writes HTML copies: the learner's (exercise cells as the learner sees them)
and the trainer's (each exercise filled with its solution);
:mod:`cbresearch.publish.course.site` builds the course website.
:func:`progress` lists a lesson's exercises with the answers given so far.

The final exercise (``esercitazione-finale``) is about the learner's own
region: its solutions are expressions of ``regione`` (an ISTAT code), passed to
:func:`check` as ``regione=...``; without it they are computed for
:data:`DEFAULT_REGION`.

Examples
--------
>>> check("lezione1.es1", 48, quiet=True)
True
>>> check("lezione1.es1", 47, quiet=True)
False
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ... import config
from ...data.schema.vocab import normalise_key
from ...errors import CbResearchError
from ...files import atomic_write_text
from ...i18n import _
from ..kernels.notebooks import HtmlConverter, execute_notebook

COURSE_DIR = config.NOTEBOOKS_DIR / "course"
EXERCISES_FILE = Path(__file__).with_name("exercises.yaml")
EXERCISE_TAG = "exercise"
PLACEHOLDER = "risposta = None  # scrivi qui la tua risposta"
FINAL_EXERCISE = "esercitazione-finale"
DEFAULT_REGION = "08"
#: the outcome of each exercise checked in this session (``True``, ``False``, ``None`` = no answer yet)
_GIVEN: dict[str, bool | None] = {}


@cache
def exercises() -> dict[str, dict]:
    """Every exercise, by id (``lezioneN.esM``).

    Examples
    --------
    >>> list(exercises())[:2], list(exercises())[-1]
    (['lezione1.es1', 'lezione1.es2'], 'finale.es5')
    """
    import yaml

    return yaml.safe_load(EXERCISES_FILE.read_text(encoding="utf-8"))


def evaluate(expression: str, **context):
    """Evaluate a solution (or a wrong answer) of the exercise file, with ``cb`` = the cbresearch package.

    ``context`` gives the notebook's variables an expression may use (``regione`` in the final exercise;
    :data:`DEFAULT_REGION` when not given).

    Examples
    --------
    >>> evaluate("cb.load('survey').shape[0]")
    24
    >>> evaluate("cb.regions.region_name(regione)", regione="19")
    'Sicilia'
    """
    import cbresearch as cb  # the package as a learner sees it (``cb``), whatever imported this module

    return eval(expression, {"cb": cb, "regione": DEFAULT_REGION, **context, "__builtins__": __builtins__})


def solution(exercise_id: str, **context):
    """The value of an exercise's solution (computed from the project's data).

    Examples
    --------
    >>> solution("lezione2.es1")
    23
    """
    return evaluate(_exercise(exercise_id)["solution"], **context)


def _exercise(exercise_id: str) -> dict:
    try:
        return exercises()[exercise_id]
    except KeyError:
        raise CbResearchError(
            _("unknown exercise {name!r}; expected one of {choices}").format(
                name=exercise_id, choices=", ".join(exercises())
            )
        ) from None


def _same(answer, expected, how: str) -> bool:
    import math

    import pandas as pd

    if answer is None:
        return False
    if how == "number":
        try:
            return math.isclose(float(answer), float(expected), rel_tol=1e-6, abs_tol=1e-9)
        except (TypeError, ValueError):
            return False
    if how == "numbers":  # a pair such as an interval: (lower, upper)
        try:
            return len(answer) == len(expected) and all(
                _same(a, e, "number") for a, e in zip(answer, expected, strict=True)
            )
        except TypeError:
            return False
    if how == "text":
        return normalise_key(answer) == normalise_key(expected)
    if how == "set":
        try:
            return {str(a) for a in answer} == {str(e) for e in expected}
        except TypeError:
            return False
    if how == "frame":
        if not isinstance(answer, pd.DataFrame):
            return False
        try:
            pd.testing.assert_frame_equal(answer.astype(float), expected.astype(float), check_exact=False, atol=0.05)
        except (AssertionError, ValueError, TypeError):
            return False
        return True
    return answer == expected


def start() -> None:
    """Begin a lesson: tables and figures are shown the Italian way (see :mod:`cbresearch.publish.report.display`).

    Examples
    --------
    >>> start()  # outside a notebook it does nothing
    """
    from ..report.display import italian_display

    italian_display()


def check(exercise_id: str, answer, quiet: bool = False, **context) -> bool:
    """Check a learner's answer: prints 'Corretto' or a hint, and returns True or False.

    Parameters
    ----------
    exercise_id : str
        e.g. ``"lezione3.es2"``.
    answer : object
        The learner's answer.
    quiet : bool
        Return the outcome without printing.
    **context
        The notebook's variables the solution depends on (``regione=...`` in the final exercise).

    Examples
    --------
    >>> check("lezione4.es2", 4)
    ✅ lezione4.es2: corretto!
    True
    """
    exercise = _exercise(exercise_id)
    right = _same(answer, solution(exercise_id, **context), exercise.get("compare", "exact"))
    _GIVEN[exercise_id] = None if answer is None else right
    if not quiet:
        if right:
            print(f"✅ {exercise_id}: corretto!")
        elif answer is None:
            print(f"✏️ {exercise_id}: scrivi la risposta nella variabile 'risposta'. Suggerimento: {exercise['hint']}")
        else:
            print(f"❌ {exercise_id}: non ancora. Suggerimento: {exercise['hint']}")
    return right


def progress(lesson: str) -> dict[str, str]:
    """The exercises of a lesson with the answers given so far: ✓ right, ✗ to look at again, · not tried yet.

    Parameters
    ----------
    lesson : str
        ``"lezione3"`` (or ``"lezione-03"``, ``3``), or ``"finale"`` for the final exercise.

    Examples
    --------
    >>> _GIVEN.clear()
    >>> _ = check("lezione4.es2", 4, quiet=True)
    >>> progress("lezione4")["lezione4.es2"]
    ✓ lezione4.es2  Quante reti hanno interesse basso e influenza bassa (quadrante 'Monitorare')?
    · lezione4.es1  Che percentuale delle reti mappate è formale? Una cifra decimale.
    '✓'
    """
    import re

    key = str(lesson).lower()
    if key.startswith("final") or key.startswith("esercitazione"):
        prefix = "finale"
    else:
        digits = re.findall(r"\d+", key)
        if not digits:
            raise CbResearchError(
                _("unknown lesson {name!r}; expected e.g. 'lezione3' or 'finale'").format(name=lesson)
            )
        prefix = f"lezione{int(digits[0])}"
    ids = [e for e in exercises() if e.startswith(prefix + ".")]
    if not ids:
        raise CbResearchError(_("no exercises for {name!r}; expected e.g. 'lezione3' or 'finale'").format(name=lesson))
    marks = {e: {True: "✓", False: "✗", None: "·"}[_GIVEN.get(e)] for e in ids}
    for e in sorted(ids, key=lambda i: ({"✓": 0, "✗": 1, "·": 2}[marks[i]], i)):
        print(f"{marks[e]} {e}  {exercises()[e]['question']}")
    return marks


def final_exercise() -> Path:
    """The final exercise's notebook.

    Examples
    --------
    >>> final_exercise().name
    'esercitazione-finale.ipynb'
    """
    return COURSE_DIR / f"{FINAL_EXERCISE}.ipynb"


def lessons() -> list[Path]:
    """The lesson notebooks, in order.

    Examples
    --------
    >>> len(lessons()) >= 6
    True
    """
    return sorted(COURSE_DIR.glob("lezione-*.ipynb"))


def with_solutions(notebook):
    """A copy of a lesson notebook with each exercise cell's answer replaced by its solution.

    Examples
    --------
    >>> import nbformat
    >>> source = PLACEHOLDER + chr(10) + 'cb.course.check("lezione2.es1", risposta)'
    >>> cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["exercise"]})
    >>> with_solutions(nbformat.v4.new_notebook(cells=[cell])).cells[0].source.splitlines()[0]
    'risposta = int(cb.matrices.need_target_matrix(cb.load("needs")).loc["Totale", "Anziano"])  # soluzione'
    """
    import copy
    import re

    filled = copy.deepcopy(notebook)
    for cell in filled.cells:
        if EXERCISE_TAG not in cell.get("metadata", {}).get("tags", []):
            continue
        match = re.search(r'cb\.course\.check\("([^"]+)"', cell.source)
        if not match:
            raise CbResearchError(
                _("exercise cell without cb.course.check(...): {source!r}").format(source=cell.source[:60])
            )
        expression = exercises()[match.group(1)]["solution"]
        cell.source = cell.source.replace(PLACEHOLDER, f"risposta = {expression}  # soluzione")
    return filled


def execute(notebook, timeout: int = 600):
    """Execute a lesson notebook in place, in the course folder, and return it.

    Examples
    --------
    >>> import nbformat
    >>> lesson = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import cbresearch as cb")])
    >>> execute(lesson).cells[0].outputs  # doctest: +SLOW
    []
    """
    return execute_notebook(notebook, COURSE_DIR, timeout=timeout)


def build_course(out_dir: Path | None = None, solutions: bool = False, only: list[Path] | None = None) -> list[Path]:
    """Execute every lesson (or ``only`` those given) and write its HTML (learner's copy, or trainer's with ``solutions``).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     pages = build_course(Path(d))  # doctest: +SLOW
    >>> len(pages) >= 6  # doctest: +SLOW
    True
    """
    import nbformat

    out_dir = Path(out_dir or config.REPORTS_DIR / "course" / ("formatore" if solutions else "corsista"))
    out_dir.mkdir(parents=True, exist_ok=True)
    converter = HtmlConverter(keep_code=True)
    written = []
    for path in only or [*lessons(), final_exercise()]:
        notebook = nbformat.read(path, as_version=4)
        if solutions:
            notebook = with_solutions(notebook)
        page = converter.convert_node(execute(notebook), path.stem)
        atomic_write_text(out_dir / f"{path.stem}.html", page)
        written.append(out_dir / f"{path.stem}.html")
    return written
