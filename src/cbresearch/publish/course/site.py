"""The course as a static website trainers can hand out: Jupyter Book 1.x, learner's and trainer's editions.

:func:`build_site` assembles a book from one source — the lesson notebooks of
``notebooks/course/``, the final exercise and the Markdown pages of
``publish/course/pages/`` — executes every notebook once (the trainer's
edition with each exercise filled with its solution) and builds it with
Jupyter Book 1.x (Sphinx; it builds offline) into
``reports/course/sito/corsista/`` or ``reports/course/sito/formatore/``:

* in Italian (``language: it``), with a table of contents and the built-in
  search, which works from ``file://``;
* self-contained: no launch, repository or download buttons, no thebe, no
  search summaries fetched at run time — nothing leaves the folder;
* each lesson page starts with a link to its notebook as the learner should
  open it (no solutions, no outputs), copied into ``notebook/``;
* the trainer's guide (timings, key messages, the common mistakes the
  checks' hints name, a day without internet, the final exercise's rubric)
  is built into the trainer's edition only.

Examples
--------
>>> [page for page, _ in pages(trainer=False)]
['programma', 'installare', 'glossario']
>>> [page for page, _ in pages(trainer=True)][-1]
'guida-formatore'
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ... import config
from ...errors import CbResearchError
from ...i18n import _
from .exercises import COURSE_DIR, execute, exercises, final_exercise, lessons, with_solutions

SOURCE_DIR = Path(__file__).with_name("pages")
TITLE = "Community building in sanità e nel sociale"
DOWNLOADS = "notebook"


def pages(trainer: bool) -> list[tuple[str, str]]:
    """The Markdown pages besides the lessons, as (name, title), in the order of the table of contents."""
    found = [("programma", "Programma del corso"), ("installare", "Installare e avviare"), ("glossario", "Glossario")]
    return found + ([("guida-formatore", "Guida per il formatore")] if trainer else [])


def _render(name: str, **context) -> str:
    import jinja2

    environment = jinja2.Environment(autoescape=False, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    return environment.from_string((SOURCE_DIR / name).read_text(encoding="utf-8")).render(**context)


def _guide() -> str:
    import yaml

    sessions = yaml.safe_load((SOURCE_DIR / "guida.yaml").read_text(encoding="utf-8"))
    for session in sessions:
        for message in session["messages"]:
            if not isinstance(message, str):  # "a: b" unquoted is a mapping in YAML
                raise CbResearchError(
                    _("guida.yaml, {prefix}: got {message!r}, expected a text (quote it)").format(
                        prefix=session["prefix"], message=message
                    )
                )
        session["exercises"] = [e for key, e in exercises().items() if key.startswith(session["prefix"] + ".")]
    return _render("guida-formatore.md.j2", lessons=sessions)


def _config() -> dict:
    return {
        "title": TITLE,
        "author": "cbresearch",
        "copyright": "Community Building Network (seed 004); ISTAT",
        "language": "it",
        "only_build_toc_files": True,
        "execute": {"execute_notebooks": "off"},
        "html": {
            "use_issues_button": False,
            "use_repository_button": False,
            "use_edit_page_button": False,
            "use_download_button": False,
            "use_fullscreen_button": False,
            "use_multitoc_numbering": False,
            "home_page_in_navbar": True,
            "extra_footer": "Funziona anche senza connessione: si apre da una cartella o da una chiavetta USB.",
        },
        "launch_buttons": {
            "binderhub_url": "",
            "jupyterhub_url": "",
            "colab_url": "",
            "deepnote_url": "",
            "thebe": False,
        },
        "repository": {"url": "", "path_to_book": "", "branch": ""},
        "sphinx": {
            "config": {
                "language": "it",
                "html_extra_path": ["scaricabili"],
                "html_show_sourcelink": False,
                "html_copy_source": False,
                "html_show_search_summary": False,  # summaries are fetched at run time: blocked from file://
                "html_theme_options": {
                    "search_bar_text": "Cerca nel corso…",
                    "use_download_button": False,
                    "default_mode": "light",  # no mode stored (a file:// page): the theme would log an error
                },
                "nb_merge_streams": True,
                "suppress_warnings": ["mystnb.unknown_mime_type"],
            }
        },
    }


def _download_cell(stem: str):
    import nbformat

    # a raw link: the file is copied next to the pages (html_extra_path), not a document Sphinx knows
    return nbformat.v4.new_markdown_cell(_render("download.md.j2", href=f"{DOWNLOADS}/{stem}.ipynb").strip())


def _learner_copy(notebook):
    import copy

    clean = copy.deepcopy(notebook)
    for cell in clean.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return clean


def assemble(book: Path, trainer: bool, progress: bool = False, only: list[Path] | None = None) -> list[str]:
    """Write the book's sources (pages, executed notebooks, downloads, ``_config.yml``, ``_toc.yml``) into ``book``.

    Returns the names of the chapters, in order (``only`` those notebooks if given).
    """
    import nbformat
    import yaml

    book.mkdir(parents=True, exist_ok=True)
    (book / "scaricabili" / DOWNLOADS).mkdir(parents=True, exist_ok=True)
    (book / "intro.md").write_text(_render("intro.md.j2", trainer=trainer), encoding="utf-8")
    for name, _title in pages(trainer):
        text = _guide() if name == "guida-formatore" else (SOURCE_DIR / f"{name}.md").read_text(encoding="utf-8")
        (book / f"{name}.md").write_text(text, encoding="utf-8")
    chapters = []
    notebooks = only or [*lessons(), final_exercise()]
    for number, path in enumerate(notebooks, start=1):
        if progress:
            print(f"[{number}/{len(notebooks)}] eseguo {path.stem}", file=sys.stderr)
        source = nbformat.read(path, as_version=4)
        nbformat.write(_learner_copy(source), book / "scaricabili" / DOWNLOADS / path.name)
        shown = with_solutions(source) if trainer else source
        executed = execute(shown)
        executed.cells.insert(1, _download_cell(path.stem))
        nbformat.write(executed, book / path.name)
        chapters.append(path.stem)
    final = final_exercise().stem
    parts = [
        ("Il corso", [name for name, _ in pages(trainer)[:2]]),
        ("Lezioni", [name for name in chapters if name != final]),
        ("Esercitazione", [name for name in chapters if name == final]),
        ("Per approfondire", [name for name, _ in pages(trainer)[2:]]),
    ]
    toc = {
        "format": "jb-book",
        "root": "intro",
        "parts": [{"caption": caption, "chapters": [{"file": f} for f in files]} for caption, files in parts if files],
    }
    (book / "_config.yml").write_text(yaml.safe_dump(_config(), allow_unicode=True, sort_keys=False), encoding="utf-8")
    (book / "_toc.yml").write_text(yaml.safe_dump(toc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return chapters


_THEBE = (
    re.compile(r"[ \t]*<script>const THEBE_JS_URL[^<]*</script>\n?"),
    re.compile(r'[ \t]*<script async="async" src="_static/sphinx-thebe\.js[^"]*"></script>\n?'),
    re.compile(r'[ \t]*<script type="text/x-thebe-config">.*?</script>\n?', re.DOTALL),
    re.compile(r'[ \t]*<link rel="stylesheet" type="text/css" href="_static/sphinx-thebe\.css[^"]*" />\n?'),
)


def without_thebe(site: Path) -> None:
    """Take thebe out of a built site (no live code here, and no URL of a CDN in the pages); start in light mode.

    Jupyter Book 1 always loads sphinx-thebe, which declares its CDN URL twice in each page (a script
    error in the console) even with ``launch_buttons.thebe: false``.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     page = Path(d) / "a.html"
    ...     _ = page.write_text('<head>\\n<script>const THEBE_JS_URL = "https://unpkg.com/x"</script>\\n</head>')
    ...     without_thebe(Path(d))
    ...     "unpkg" in page.read_text()
    False
    """
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for pattern in _THEBE:
            text = pattern.sub("", text)
        # and a colour mode to start from: with none stored (as from file://) the theme logs an error
        text = text.replace('localStorage.getItem("mode") || ""', 'localStorage.getItem("mode") || "light"')
        text = text.replace('data-default-mode=""', 'data-default-mode="light"')
        page.write_text(text, encoding="utf-8")
    for leftover in site.glob("_static/sphinx-thebe.*"):
        leftover.unlink()


def build_site(
    out_dir: Path | None = None, solutions: bool = False, progress: bool = True, only: list[Path] | None = None
) -> Path:
    """Build one edition of the course site (the trainer's with ``solutions``) and return its ``index.html``.

    The previous edition in ``out_dir`` is replaced only when the new one is built.  ``only``: a site with
    just those notebooks (a quick preview).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     index = build_site(Path(d) / "prova", progress=False, only=[final_exercise()])  # doctest: +SLOW
    ...     sorted(p.name for p in index.parent.glob("*.html"))[:3]  # doctest: +SLOW
    ['esercitazione-finale.html', 'genindex.html', 'glossario.html']
    """
    edition = "formatore" if solutions else "corsista"
    out_dir = Path(out_dir or config.REPORTS_DIR / "course" / "sito" / edition)
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    if not jupyter_book.exists():
        raise CbResearchError(_("jupyter-book is not installed in this environment: run `make setup`"))
    with tempfile.TemporaryDirectory(prefix="cbresearch-course-") as scratch:
        book = Path(scratch) / "libro"
        assemble(book, solutions, progress, only)
        if progress:
            print(_("building the site ({edition}) with Jupyter Book").format(edition=edition), file=sys.stderr)
        done = subprocess.run(
            [str(jupyter_book), "build", str(book), "--path-output", scratch, "--quiet"],
            capture_output=True, text=True, cwd=COURSE_DIR,
        )  # fmt: skip
        built = Path(scratch) / "_build" / "html"
        if done.returncode != 0 or not (built / "index.html").exists():
            lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()][-15:]
            raise CbResearchError(_("the course site did not build:") + "\n" + "\n".join(lines))
        without_thebe(built)
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        staged = out_dir.with_name(f".{out_dir.name}.new")
        shutil.rmtree(staged, ignore_errors=True)
        shutil.copytree(built, staged)
        shutil.rmtree(out_dir, ignore_errors=True)
        staged.rename(out_dir)
    return out_dir / "index.html"
