"""One message catalogue for everything the command line says: gettext, compiled with Babel, Italian by default.

The messages are written in the code in English, wrapped in :func:`_`
(``_("wrote {count} files to {folder}").format(...)``); their Italian is in
``locale/it/LC_MESSAGES/cbresearch.po``, compiled to ``cbresearch.mo`` by
``make messages`` (``pybabel extract``, ``update``, ``compile``).  The
language is Italian unless ``CBRESEARCH_LINGUA=en`` asks for the English
of the code.

The words of typer and of the click it vendors ("Usage:", "Show this
message and exit.", "No such option") are literals there, not gettext
lookups: the command line's shell (:mod:`cbresearch.cli.shell`) says them
itself, through this catalogue.  Importing the package changes nothing in
the interpreter.

Examples
--------
>>> _("wrote {count} files to {folder}").format(count=3, folder="reports")
'scritti 3 file in reports'
"""

from __future__ import annotations

import functools
import gettext
import os
from pathlib import Path

DOMAIN = "cbresearch"
LOCALE_DIR = Path(__file__).with_name("locale")
#: the environment variable that chooses the language ("it", the default, or "en")
LANGUAGE_ENV = "CBRESEARCH_LINGUA"


def language() -> str:
    """The language of the messages: ``CBRESEARCH_LINGUA`` if set, else Italian.

    Examples
    --------
    >>> language() in ("it", "en")
    True
    """
    return os.environ.get(LANGUAGE_ENV) or "it"


@functools.cache
def _catalogue(lang: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def _(message: str) -> str:
    """The message in the user's language (the English of the code when the catalogue lacks it).

    Examples
    --------
    >>> _("row {row}").format(row=7)
    'riga 7'
    """
    return _catalogue(language()).gettext(message)


def N_(message: str) -> str:
    """Mark a message for the catalogue without translating it here (click's own words; constants).

    Examples
    --------
    >>> N_("Usage:")
    'Usage:'
    """
    return message
