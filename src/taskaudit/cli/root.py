"""The ``taskaudit`` app itself and its global flags, ``--version`` and ``--debug``."""

from __future__ import annotations

from typing import Annotated

import typer

from taskaudit import __version__

app = typer.Typer(
    name="taskaudit",
    help="Audit Celery task conventions in a Django project. Nothing is imported or run.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

_debug = False  # set by --debug while the command line is parsed


def debugging() -> bool:
    """Whether --debug was given: taskaudit.cli.entry then lets an internal error through."""
    return _debug


def _version(value: bool) -> None:
    if value:
        typer.echo(f"taskaudit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
    debug_flag: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks of internal errors.")
    ] = False,
) -> None:
    global _debug
    _debug = debug_flag
