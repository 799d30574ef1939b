"""HTML pages from Jinja2 templates, with autoescaping on: no page is assembled from strings in Python.

Templates live in ``publish/templates/pages`` (``*.html.j2``), next to the
nbconvert template of the reports (``publish/templates/offline``) and the
catalogue's script and styles.  Every value a template prints is escaped
unless the template marks it safe explicitly (only for HTML rendered by
another template of the project, or by a library that escapes it already).

Examples
--------
>>> "<caption>&lt;b&gt;Tabella&lt;/b&gt;</caption>" in render(
...     "report_table.html.j2", caption="<b>Tabella</b>", header=[], rows=[], note="", row_header=True)
True
"""

from __future__ import annotations

from functools import cache

from .. import config

TEMPLATES_DIR = config.PACKAGE_DIR / "publish" / "templates"


@cache
def environment():
    """The Jinja2 environment of the project's pages (built once per process).

    Examples
    --------
    >>> environment().autoescape
    True
    """
    import jinja2  # Jinja2 is only needed when a page is rendered

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([TEMPLATES_DIR / "pages", TEMPLATES_DIR]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


def render(template: str, **context) -> str:
    """Render ``template`` (a file under ``publish/templates/pages``) with ``context``.

    Examples
    --------
    >>> "<html lang=\\"it\\">" in render("table_page.html.j2", title="t", table_html="", base_css="")
    True
    """
    return environment().get_template(template).render(**context)


def asset(name: str) -> str:
    """The text of a static asset under ``publish/templates`` (a script or a style sheet to inline).

    Examples
    --------
    >>> "use strict" in asset("catalogue/catalogue.js")
    True
    """
    return (TEMPLATES_DIR / name).read_text(encoding="utf-8")
