"""The course site: learner's and trainer's editions, offline, searchable, with the final exercise."""

from __future__ import annotations

import html
import re
from pathlib import Path

import golden
import nbformat
import pytest

from cbresearch.publish.course.exercises import check, evaluate, exercises, final_exercise, lessons, progress, solution
from cbresearch.publish.course.site import build_site


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("sito")
    return {
        edition: build_site(root / edition, solutions=edition == "formatore", progress=False).parent
        for edition in ("corsista", "formatore")
    }


def _text(page: Path) -> str:
    """What a reader sees (code is highlighted token by token)."""
    return html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))


def _notebook_text(path: Path) -> str:
    notebook = nbformat.read(path, as_version=4)
    return "\n".join(cell.source for cell in notebook.cells)


CHAPTERS = [p.stem for p in lessons()] + ["esercitazione-finale"]


@pytest.mark.slow
@pytest.mark.xdist_group("course-site")  # one worker builds the two editions
def test_the_learner_edition_holds_no_solution_and_the_trainer_edition_all(sites: dict[str, Path]) -> None:
    learner, trainer = sites["corsista"], sites["formatore"]
    learner_text = "\n".join(_text(p) for p in learner.rglob("*.html"))
    downloads = "\n".join(_notebook_text(p) for p in (learner / "notebook").glob("*.ipynb"))
    trainer_text = "\n".join(_text(p) for p in trainer.rglob("*.html"))
    for exercise_id, exercise in exercises().items():
        assert exercise["solution"] not in learner_text, exercise_id
        assert exercise["solution"] not in downloads, exercise_id
        assert exercise["solution"] in trainer_text, exercise_id
    assert not (learner / "guida-formatore.html").exists() and (trainer / "guida-formatore.html").exists()
    assert "Una giornata senza internet" not in learner_text and "Una giornata senza internet" in trainer_text
    assert "Il community building ha due strumenti: andare verso" in trainer_text  # the guide's messages as text
    # the trainer's edition downloads the learner's notebooks too: no solution there either
    trainer_downloads = "\n".join(_notebook_text(p) for p in (trainer / "notebook").glob("*.ipynb"))
    assert not any(e["solution"] in trainer_downloads for e in exercises().values())


@pytest.mark.slow
@pytest.mark.xdist_group("course-site")  # one worker builds the two editions
def test_every_lesson_page_links_its_notebook_as_the_learner_opens_it(sites: dict[str, Path]) -> None:
    site = sites["corsista"]
    for stem in CHAPTERS:
        page = (site / f"{stem}.html").read_text(encoding="utf-8")
        assert f'href="notebook/{stem}.ipynb"' in page, stem
        notebook = nbformat.read(site / "notebook" / f"{stem}.ipynb", as_version=4)
        assert all(not c.get("outputs") for c in notebook.cells if c.cell_type == "code"), stem
        assert "risposta = None" in _notebook_text(site / "notebook" / f"{stem}.ipynb"), stem


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.xdist_group("course-site")
def test_the_learner_site_works_offline_in_a_browser(sites: dict[str, Path]) -> None:
    from browser import browser, serious_violations, watch

    site = sites["corsista"]
    with browser() as chromium:
        page = chromium.new_page()
        errors, requests = watch(page)
        page.goto((site / "index.html").as_uri())
        page.wait_for_url("**/intro.html")  # index.html forwards to the first page
        toc = page.locator("nav.bd-links").inner_text()
        for title in ("Lezione 1", "Lezione 2", "Lezione 3", "Lezione 4", "Lezione 5", "Lezione 6",
                      "Esercitazione finale", "Programma del corso", "Installare e avviare", "Glossario"):  # fmt: skip
            assert title in toc, title
        assert "Guida per il formatore" not in toc
        page.goto((site / "lezione-03-il-questionario.html").as_uri())
        page.goto((site / "search.html").as_uri() + "?q=bonding")
        page.wait_for_selector("#search-results li", timeout=10_000)
        results = page.locator("#search-results li a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert any("glossario.html" in href for href in results), results
        page.wait_for_timeout(300)
        assert errors == []
        folder = site.as_uri()
        assert all(url.startswith((folder, "data:", "blob:")) for url in requests), [
            url for url in requests if not url.startswith((folder, "data:", "blob:"))
        ]
        # accessibility, on a fresh page (axe reads the style sheets itself, which file:// refuses: its own noise)
        audit = chromium.new_page()
        found = {}
        for name in ("intro.html", "lezione-03-il-questionario.html"):
            audit.goto((site / name).as_uri())
            found[name] = serious_violations(audit, f"course {name}")
    assert found == {"intro.html": [], "lezione-03-il-questionario.html": []}


@pytest.mark.parametrize("region", ["08", "19"])
def test_the_final_exercise_checks_pass_on_a_reference_solution_and_fail_on_a_wrong_one(region: str) -> None:
    finals = [e for e in exercises() if e.startswith("finale.")]
    assert len(finals) == 5
    for exercise_id in finals:
        reference = solution(exercise_id, regione=region)
        assert check(exercise_id, reference, quiet=True, regione=region), exercise_id
        wrong = evaluate(exercises()[exercise_id]["wrong"], regione=region)
        assert not check(exercise_id, wrong, quiet=True, regione=region), (exercise_id, wrong)
    # an oracle outside the package: ISTAT's own published rate (per 100.000 residents 65+) of that region
    assert check(
        "finale.es1", round(golden.ISTAT_ELDERLY_BEDS_PER_100K_2018[region] / 100, 1), quiet=True, regione=region
    )
    # the answers of one region are not those of the other
    other = "19" if region == "08" else "08"
    assert not check("finale.es1", solution("finale.es1", regione=other), quiet=True, regione=region)


def test_the_final_exercise_is_a_notebook_with_its_checks() -> None:
    text = final_exercise().with_suffix(".py").read_text(encoding="utf-8")
    for exercise_id in (e for e in exercises() if e.startswith("finale.")):
        assert f'cb.course.check("{exercise_id}", risposta, regione=regione)' in text


def test_progress_lists_the_answers_given_so_far(capsys) -> None:
    check("lezione4.es1", solution("lezione4.es1"), quiet=True)
    check("lezione4.es2", 0, quiet=True)
    status = progress("lezione4")
    assert status == {"lezione4.es1": "✓", "lezione4.es2": "✗"}
    printed = capsys.readouterr().out
    assert "✓ lezione4.es1" in printed and "✗ lezione4.es2" in printed
    assert set(progress("lezione2").values()) <= {"·", "✓", "✗"}


def test_the_lesson_answers_are_the_seeds_published_figures() -> None:
    """The stored solutions against oracles outside the package: the seed's printed figures (tests/golden.py)
    and statsmodels' Wilson interval — not the code the solutions call."""
    from statsmodels.stats.proportion import proportion_confint

    activities = {name: row[-1] for name, row in golden.CLASSIFICATION.items()}
    needs = {name: row[-1] for name, row in golden.NEED_TARGET.items()}
    suitable = sum(
        count for score, count, _ in golden.SURVEY["Adeguatezza - Welfare/medicina di iniziativa"] if score >= 4
    )
    low, _high = proportion_confint(suitable, golden.SURVEY_RESPONDENTS, method="wilson")
    expected = {
        "lezione1.es1": golden.CLASSIFICATION_TOTAL[golden.APPROACHES.index("Istituzionale")],
        "lezione1.es3": max(activities, key=activities.get),
        "lezione2.es1": golden.NEED_TARGET_TOTAL[golden.TARGETS.index("Anziano")],
        "lezione2.es2": max(needs, key=needs.get),
        "lezione3.es1": round(100 * suitable / golden.SURVEY_RESPONDENTS, 2),
        "lezione3.es2": round(100 * low, 2),
        "lezione4.es1": golden.NETWORK_SHARES["Reti formali"],
    }
    for exercise_id, answer in expected.items():
        assert check(exercise_id, answer, quiet=True), (exercise_id, answer, solution(exercise_id))
