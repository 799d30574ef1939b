"""Notebooks: committed without outputs, paired with their .py, executed from a clean state; the course checks."""

from __future__ import annotations

from pathlib import Path

import jupytext
import nbformat
import pytest

from cbresearch import config
from cbresearch.publish.course.exercises import (
    build_course,
    check,
    evaluate,
    execute,
    exercises,
    final_exercise,
    lessons,
    solution,
    with_solutions,
)

NOTEBOOKS = sorted(config.NOTEBOOKS_DIR.rglob("*.ipynb"))
RESEARCH = sorted(config.NOTEBOOKS_DIR.glob("0*.ipynb"))
NAMES = [p.relative_to(config.NOTEBOOKS_DIR).as_posix() for p in NOTEBOOKS]


def test_the_expected_notebooks_exist() -> None:
    stems = {p.stem for p in RESEARCH}
    assert stems == {
        "01-data-tour",
        "02-classification-matrices",
        "03-survey-suitability-vs-implementation",
        "04-network-mapping",
        "05-need-coverage-by-region",
        "06-priority-setting",
        "07-reproduction-check",
    }
    assert len(lessons()) >= 6


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_committed_without_outputs(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: strip the outputs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_ipynb_agrees_with_its_paired_py(path: Path) -> None:
    script = path.with_suffix(".py")
    assert script.exists(), f"{script.name} missing: run `jupytext --sync {path}`"
    from_script = jupytext.read(script)
    from_notebook = nbformat.read(path, as_version=4)
    pairs = [(c.cell_type, c.source.strip()) for c in from_script.cells]
    assert pairs == [(c.cell_type, c.source.strip()) for c in from_notebook.cells], (
        f"{path.name} and {script.name} differ: run `jupytext --sync {path}`"
    )


@pytest.mark.slow
@pytest.mark.parametrize("path", RESEARCH, ids=[p.stem for p in RESEARCH])
def test_research_notebooks_run_from_a_clean_state(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    execute(notebook, timeout=300)  # raises CellExecutionError when any cell raises
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors == []


@pytest.mark.slow
@pytest.mark.parametrize("path", [*lessons(), final_exercise()], ids=[p.stem for p in [*lessons(), final_exercise()]])
def test_lessons_run_with_the_solutions_and_every_check_passes(path: Path) -> None:
    notebook = with_solutions(nbformat.read(path, as_version=4))
    execute(notebook, timeout=300)
    checks = [c for c in notebook.cells if "exercise" in c.metadata.get("tags", [])]
    assert len(checks) >= 2
    for cell in checks:
        printed = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
        assert "✅" in printed and "corretto" in printed, printed


@pytest.mark.parametrize("exercise_id", sorted(exercises()))
def test_each_check_passes_on_the_solution_and_fails_on_a_wrong_answer(exercise_id: str) -> None:
    assert check(exercise_id, solution(exercise_id), quiet=True)
    assert not check(exercise_id, evaluate(exercises()[exercise_id]["wrong"]), quiet=True)
    assert not check(exercise_id, None, quiet=True)


def test_a_wrong_answer_prints_a_hint(capsys) -> None:
    check("lezione4.es1", 12.3)
    printed = capsys.readouterr().out
    assert printed.startswith("❌ lezione4.es1: non ancora. Suggerimento:")


def test_every_exercise_appears_in_a_lesson() -> None:
    text = "".join(p.with_suffix(".py").read_text(encoding="utf-8") for p in [*lessons(), final_exercise()])
    for exercise_id in exercises():
        assert f'cb.course.check("{exercise_id}", risposta' in text, exercise_id


@pytest.mark.slow
def test_learner_and_trainer_copies(tmp_path: Path) -> None:
    import html
    import re

    def text(page: Path) -> str:  # what a reader sees: code is highlighted token by token
        return html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))

    lesson = lessons()[1]  # a short one: the command builds every lesson the same way
    learner = text(build_course(tmp_path / "corsista", solutions=False, only=[lesson])[0])
    trainer = text(build_course(tmp_path / "formatore", solutions=True, only=[lesson])[0])
    ids = [e for e in exercises() if e.startswith(f"lezione{int(lesson.stem.split('-')[1])}.")]
    assert ids
    for exercise_id in ids:
        solution_text = exercises()[exercise_id]["solution"]
        assert solution_text in trainer and solution_text not in learner, exercise_id
    assert trainer.count("corretto!") == len(ids) and "corretto!" not in learner
    assert learner.count("scrivi la risposta") == len(ids)
