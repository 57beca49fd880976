"""The console entry point: one line per error and the documented exit code, never a traceback.

Usage errors (click's, raised by typer) and ``TaskauditError`` exit 2 with
one line on stderr; an interrupt exits 130 (the shell's 128 + SIGINT); any
other exception is an internal error, exit 3, with its traceback only under
``--debug``. Findings set the exit code inside ``taskaudit scan`` itself.
"""

from __future__ import annotations

import sys

import typer

from taskaudit.cli.root import app, debugging
from taskaudit.errors import EXIT_INTERNAL, EXIT_USAGE, TaskauditError


def main() -> None:
    """Console entry point: one line per error, never a traceback unless --debug."""
    # typer vendors click: its UsageError is the base class of typer.BadParameter.
    usage_error: type[Exception] = next(
        c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError"
    )
    try:
        command = typer.main.get_command(app)
        code = command.main(prog_name="taskaudit", standalone_mode=False)
    except typer.Exit as exc:
        raise SystemExit(exc.exit_code) from None
    except usage_error as error:
        ctx = getattr(error, "ctx", None)
        if type(error).__name__ == "NoArgsIsHelpError" and ctx is not None:
            typer.echo(ctx.get_help())
            raise SystemExit(EXIT_USAGE) from None
        # One line like every other error (typer would draw a panel).
        where = ctx.command_path if ctx is not None else "taskaudit"
        format_message = getattr(error, "format_message", None)
        message = format_message() if callable(format_message) else str(error)
        typer.echo(f"taskaudit: {message} (see {where} --help)", err=True)
        raise SystemExit(EXIT_USAGE) from None
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("taskaudit: interrupted", err=True)
        raise SystemExit(130) from None
    except TaskauditError as exc:
        # Several problems (a rules file, unknown rule ids) are one line each.
        typer.echo("\n".join(f"taskaudit: {line}" for line in str(exc).splitlines()), err=True)
        raise SystemExit(exc.exit_code) from None
    except Exception as exc:  # the one place an unexpected error is caught
        if debugging() or "--debug" in sys.argv:
            raise
        typer.echo(
            f"taskaudit: internal error: {exc.__class__.__name__}: {exc} "
            "(run with --debug for the traceback)",
            err=True,
        )
        raise SystemExit(EXIT_INTERNAL) from None
    raise SystemExit(code if isinstance(code, int) else 0)
