"""How the command line talks: a user's error as readable lines and exit code 1, the help panels in Italian.

Examples
--------
>>> import typer
>>> @friendly
... def broken():
...     raise CbResearchError("dati.csv, row 3, column 'anno': got 'x', expected a year")
>>> try:
...     broken()
... except typer.Exit as done:
...     done.exit_code
1
"""

from __future__ import annotations

import functools

import typer

from ..errors import CbResearchError


def friendly(command):
    """Turn domain errors into readable lines and exit code 1."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except CbResearchError as error:
            for line in error.lines():
                typer.echo(f"error: {line}", err=True)
            raise typer.Exit(error.exit_code) from None

    return wrapper


#: typer's own words in the help panels, in Italian (click's "Usage" and "Show this message and exit." are not
#: reachable this way: they come from click's untranslated gettext calls)
HELP_WORDS = {
    "ARGUMENTS_PANEL_TITLE": "Argomenti",
    "OPTIONS_PANEL_TITLE": "Opzioni",
    "COMMANDS_PANEL_TITLE": "Comandi",
    "DEFAULT_STRING": "[predefinito: {}]",
    "REQUIRED_LONG_STRING": "[obbligatorio]",
}


def italian_help_panels() -> None:
    """Put typer's help-panel words (:data:`HELP_WORDS`) in Italian; the console script calls it, importing does not.

    Examples
    --------
    >>> from typer import rich_utils
    >>> italian_help_panels()
    >>> rich_utils.OPTIONS_PANEL_TITLE, rich_utils.DEFAULT_STRING.format("local")
    ('Opzioni', '[predefinito: local]')
    """
    from typer import rich_utils

    for name, words in HELP_WORDS.items():
        setattr(rich_utils, name, words)
