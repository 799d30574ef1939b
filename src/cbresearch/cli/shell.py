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
import re

import typer
import typer.core
from typer import _click

from ..errors import CbResearchError, os_error_line
from ..i18n import N_, _

click_exceptions = _click.exceptions  # typer's own copy of click


def friendly(command):
    """Turn domain errors, and the file system's, into readable lines and exit code 1."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except CbResearchError as error:
            for line in error.lines():
                typer.echo(_("error: {line}").format(line=line), err=True)
            raise typer.Exit(error.exit_code) from None
        except OSError as error:  # a folder that is a file, a disk full, no permission: one line, no traceback
            typer.echo(_("error: {line}").format(line=os_error_line(error)), err=True)
            raise typer.Exit(1) from None

    return wrapper


#: typer's own words in the help panels and error boxes, fixed when typer is imported: set again from the catalogue
HELP_WORDS = {
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "ERRORS_PANEL_TITLE": N_("Error"),
    "ABORTED_TEXT": N_("Aborted."),
    "RICH_HELP": N_("Try [blue]'{command_path} {help_option}'[/] for help."),
    "DEFAULT_STRING": N_("[default: {}]"),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "DEPRECATED_STRING": N_("(deprecated) "),
    "ENVVAR_STRING": N_("[env var: {}]"),
}


def italian_help_panels() -> None:
    """Typer's help-panel and error-box words in the catalogue's language (typer fixes them when it is imported).

    The console script calls it; importing the package does not.

    Examples
    --------
    >>> from typer import rich_utils
    >>> italian_help_panels()
    >>> rich_utils.OPTIONS_PANEL_TITLE, rich_utils.DEFAULT_STRING.format("local")
    ('Opzioni', '[predefinito: local]')
    """
    from typer import rich_utils

    for name, words in HELP_WORDS.items():
        setattr(rich_utils, name, _(words))


class _ItalianWords:
    """The usage line and the help option in the catalogue's language (typer's vendored click writes them in English)."""

    def format_usage(self, ctx, formatter) -> None:
        """The usage line, with the catalogue's word for "Usage:"."""
        pieces = [_(piece) for piece in self.collect_usage_pieces(ctx)]  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=_("Usage:") + " ")

    def get_help_option(self, ctx):
        """The ``--help`` option, its help text from the catalogue."""
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = _("Show this message and exit.")
        return option


class ItalianCommand(_ItalianWords, typer.core.TyperCommand):
    """A command whose usage line and help option speak Italian.

    Examples
    --------
    >>> import typer
    >>> app = typer.Typer()
    >>> @app.command(cls=ItalianCommand)
    ... def hello(name: str) -> None:
    ...     pass
    >>> command = typer.main.get_command(app)
    >>> command.get_usage(typer.Context(command, info_name="saluta")).split()[0]
    'Uso:'
    """


class ItalianGroup(_ItalianWords, typer.core.TyperGroup):
    """A group of commands whose usage line and help option speak Italian."""


#: the placeholders of the usage line
USAGE_WORDS = (N_("[OPTIONS]"), N_("COMMAND [ARGS]..."))

#: click's usage errors whose message is a fixed English sentence: pattern -> message of the catalogue
_USAGE_SENTENCES = (
    (re.compile(r"No such command '(?P<name>.+)'\."), N_("No such command {name!r}.")),
    (
        re.compile(r"Got unexpected extra argument(?:s|\(s\))? \((?P<args>.*)\)"),
        N_("Got unexpected extra arguments ({args})"),
    ),
    (re.compile(r"Option '(?P<name>.+)' requires an argument\."), N_("Option {name!r} requires an argument.")),
    (re.compile(r"Missing command\."), N_("Missing command.")),
)


def usage_message(error) -> str:
    """The message of a usage error of click (unknown option, missing or bad value …) in the catalogue's language.

    Examples
    --------
    >>> import typer
    >>> usage_message(typer.BadParameter("trovato 'x', atteso sav o dta", param_hint="--format"))
    "Valore non valido per --format: trovato 'x', atteso sav o dta"
    """
    kind, hint = type(error).__name__, _param_hint(error)
    if kind == "NoSuchOption":
        text = _("No such option: {name}").format(name=error.option_name)
        possible = sorted(error.possibilities or ())
        if len(possible) == 1:
            text += " " + _("Did you mean {possibility}?").format(possibility=possible[0])
        elif possible:
            text += " " + _("(Did you mean one of: {possibilities}?)").format(possibilities=", ".join(possible))
        return text
    if kind == "MissingParameter":
        what = error.param_type or (error.param.param_type_name if error.param is not None else "")
        words = {"option": _("Missing option"), "argument": _("Missing argument")}.get(what, _("Missing parameter"))
        return f"{words} {hint}.".replace(" .", ".")
    if kind == "BadParameter":
        if hint:
            return _("Invalid value for {param_hint}: {message}").format(param_hint=hint, message=error.message)
        return _("Invalid value: {message}").format(message=error.message)
    for pattern, words in _USAGE_SENTENCES:
        if found := pattern.fullmatch(error.message):
            return _(words).format(**found.groupdict())
    return error.message


def _param_hint(error) -> str:
    hint = getattr(error, "param_hint", None)
    if hint is None and getattr(error, "param", None) is not None:
        hint = error.param.get_error_hint()
    if isinstance(hint, list | tuple):
        hint = " / ".join(repr(h) for h in hint)
    return hint or ""


def run_app(app, prog_name: str) -> int:
    """Run the command line; a usage error is printed as typer would, in the catalogue's language; return the exit code.

    The command line handles its own errors: domain errors in :func:`friendly`,
    click's usage errors here.  Nothing is installed in the interpreter.
    """
    from typer import rich_utils

    try:
        code = app(prog_name=prog_name, standalone_mode=False)
    except click_exceptions.NoArgsIsHelpError as error:  # no command: the help, as typer shows it
        typer.echo(error.format_message(), err=True)
        return error.exit_code
    except click_exceptions.ClickException as error:
        message = usage_message(error)
        error.format_message = lambda: message  # type: ignore[method-assign]
        rich_utils.rich_format_error(error)
        return error.exit_code
    except typer.Abort:
        typer.echo(_("Aborted!"), err=True)
        return 1
    return code if isinstance(code, int) else 0
