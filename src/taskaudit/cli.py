"""The ``taskaudit`` command line.

Heavy modules are imported inside the commands, so ``--version`` and
``--help`` start fast. Exit codes: 0 clean, 1 findings at or above
``--fail-on``, 2 usage or configuration error, 3 internal error.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from taskaudit.scan import ScanOptions

from taskaudit import __version__
from taskaudit.cli_rules import RulesOption, rules_app
from taskaudit.cli_scan import FormatOption
from taskaudit.cli_text import SeverityOption, StatisticsOption
from taskaudit.config import Config, find_config, load_config
from taskaudit.errors import EXIT_INTERNAL, EXIT_USAGE, TaskauditError

app = typer.Typer(
    name="taskaudit",
    help="Audit Celery task conventions in a Django project. Nothing is imported or run.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

app.add_typer(rules_app)
_debug = False


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
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks of internal errors.")
    ] = False,
) -> None:
    global _debug
    _debug = debug


class InventoryFormat(StrEnum):
    table = "table"
    json = "json"


PathArg = Annotated[
    Path,
    typer.Argument(
        help="Project directory to read (default: the current directory).", show_default=False
    ),
]


SelectOption = Annotated[
    list[str] | None,
    typer.Option(
        help="Run only these rules: ids, id prefixes (TA4) or slugs; comma-separated or "
        "repeated; ALL for every rule.",
        show_default=False,
        metavar="IDS",
    ),
]
IgnoreOption = Annotated[
    list[str] | None,
    typer.Option(
        help="Skip these rules, written like --select; added to ignore in \\[tool.taskaudit].",
        show_default=False,
        metavar="IDS",
    ),
]


def _split(values: list[str] | None) -> tuple[str, ...]:
    """``--select TA4,TA5 --select TA901`` → ("TA4", "TA5", "TA901")."""
    return tuple(v.strip() for value in values or () for v in value.split(",") if v.strip())


def _settings(root: Path, config_file: Path | None, isolated: bool) -> tuple[Config, str | None]:
    """The project's configuration, and the path shown for it."""
    if isolated:
        return Config(), None
    found = config_file if config_file is not None else find_config(root.resolve())
    if found is None:
        return Config(), None
    if not found.is_file():
        raise TaskauditError(f"{found}: no such configuration file")
    shown = str(config_file) if config_file is not None else _relative(found, root)
    return load_config(found, shown), shown


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.name


ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="Read this pyproject.toml instead of the nearest one with \\[tool.taskaudit].",
        show_default=False,
    ),
]
IsolatedOption = Annotated[
    bool, typer.Option("--isolated", help="Ignore every configuration file.")
]
NoCacheOption = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Read every file afresh; by default facts are kept in .taskaudit_cache/ "
        "(or TASKAUDIT_CACHE_DIR) and the output is the same either way.",
    ),
]
JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="Processes reading files (default: one per CPU; 1: none).",
        show_default=False,
    ),
]


@app.command()
def inventory(
    path: PathArg = Path(),
    output_format: Annotated[
        InventoryFormat, typer.Option("--format", "-f", help="table for people, json for tools.")
    ] = InventoryFormat.table,
    no_cache: NoCacheOption = False,
    jobs: JobsOption = None,
    config_file: ConfigOption = None,
    isolated: IsolatedOption = False,
) -> None:
    """List what taskaudit sees: tasks, beat, queues, routes, workers, Make targets, settings.

    Examples:

        taskaudit inventory

        taskaudit inventory backend/ --format json | jq '.tasks[].name'
    """
    import json

    from taskaudit.inventory import inventory_data
    from taskaudit.pipeline import scan_tree

    root = _project_root(path)
    config, _ = _settings(root, config_file, isolated)
    scanned = scan_tree(
        root,
        config.exclude,
        config.source_roots,
        config.task_decorators,
        cache=not no_cache,
        jobs=jobs,
    )
    data = inventory_data(scanned.project)
    if output_format is InventoryFormat.json:
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return
    from rich.console import Console

    from taskaudit.render.tables import render_inventory

    render_inventory(data, Console())


@app.command()
def scan(
    path: PathArg = Path(),
    output_format: FormatOption = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="Write here instead (report: instead of roadmap/backlog/...; '-' for stdout).",
            show_default=False,
        ),
    ] = None,
    month: Annotated[
        str | None,
        typer.Option(
            help="Report month, YYYY-MM (default: the current month).", show_default=False
        ),
    ] = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            help="Exit 1 when an open finding is at or above: error, warning (default), info; "
            "never: always 0.",
            show_default=False,
        ),
    ] = None,
    exit_zero: Annotated[
        bool, typer.Option("--exit-zero", help="Same as --fail-on never.")
    ] = False,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    rules: RulesOption = None,
    baseline: Annotated[
        Path | None,
        typer.Option(
            help="Report only findings not recorded in this baseline file.", show_default=False
        ),
    ] = None,
    template: Annotated[
        Path | None,
        typer.Option(
            help="Render the report with this Jinja template (sandboxed).", show_default=False
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Replace a report taskaudit did not write, or one edited by hand."
        ),
    ] = False,
    write_clean: Annotated[
        bool, typer.Option("--write-clean", help="Write the report even when nothing drifted.")
    ] = False,
    summary: Annotated[
        bool,
        typer.Option(
            "--summary",
            help="github format: also write a Markdown summary to $GITHUB_STEP_SUMMARY.",
        ),
    ] = False,
    include_silenced: Annotated[
        bool,
        typer.Option(
            "--include-silenced",
            help="sarif format: also write suppressed and baselined findings, marked with SARIF "
            "suppressions (GitHub code scanning ignores the mark and opens alerts for them).",
        ),
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print no summary: only errors, and the output.")
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose", "-v", help="Also say which configuration and rules files were read."
        ),
    ] = False,
    parse_all: Annotated[
        bool,
        typer.Option(
            "--parse-all",
            help="Also parse the files that cannot hold Celery facts (test code, modules "
            "without a Celery spelling), so that any file Python cannot read is a TA000. Slower.",
        ),
    ] = False,
    statistics: StatisticsOption = False,
    severity: SeverityOption = None,
    no_cache: NoCacheOption = False,
    jobs: JobsOption = None,
    config_file: ConfigOption = None,
    isolated: IsolatedOption = False,
) -> None:
    """Audit PATH against the rules and report the drift.

    By default writes [bold]roadmap/backlog/celery-task-drift-YYYY-MM.md[/bold] and prints a
    summary; [bold]--format[/bold] text/json/sarif/github/gitlab print findings for terminals
    and CI instead. Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 usage or
    configuration error, 3 internal error.

    Examples:

        taskaudit scan

        taskaudit scan --format sarif > taskaudit.sarif

        taskaudit scan --select TA4,TA5 --format text
    """
    from taskaudit.cli_scan import (
        Format,
        emit,
        fail_on_option,
        month_of,
        scan_options,
        write_drift_report,
    )
    from taskaudit.cli_text import text_choices
    from taskaudit.scan import exit_code, run_scan

    root = _project_root(path)
    config, shown = _settings(root, config_file, isolated)
    chosen, severities = text_choices(output_format, statistics, severity)
    report_month = month_of(month) if chosen is Format.report else None
    threshold = fail_on_option(fail_on, config, exit_zero)
    options = scan_options(
        config,
        select=_split(select),
        ignore=_split(ignore),
        rules=tuple(rules or ()),
        baseline=baseline,
        cache=not no_cache,
        jobs=jobs,
        progress=not quiet and sys.stderr.isatty(),
        parse_all=parse_all,
    )
    if verbose:
        _say_inputs(shown, options)
    result = run_scan(root, options).result
    if severities is not None:
        result = result.with_severities(severities)
    if chosen is Format.report:
        assert report_month is not None
        written = write_drift_report(
            result,
            root,
            month=report_month,
            output=output,
            template=template or config.template,
            force=force,
            write_clean=write_clean,
        )
        if written != "-" and not quiet:
            from taskaudit.render.summary import print_summary

            print_summary(result, written, shown)
    else:
        emit(
            result,
            chosen,
            output,
            summary=summary,
            color=_colour(),
            include_silenced=include_silenced,
            statistics=statistics,
        )
    raise typer.Exit(exit_code(result, threshold))


@app.command("baseline")
def baseline_command(
    path: PathArg = Path(),
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Where to write it (default: baseline in \\[tool.taskaudit], "
            "else PATH/.taskaudit-baseline.json).",
            show_default=False,
        ),
    ] = None,
    config_file: ConfigOption = None,
    isolated: IsolatedOption = False,
) -> None:
    """Record today's open findings, so `scan --baseline FILE` reports only new ones."""
    import dataclasses

    from taskaudit.cli_scan import scan_options
    from taskaudit.report.baseline import baseline_text
    from taskaudit.report.writer import write_report
    from taskaudit.scan import run_scan

    root = _project_root(path)
    config, _ = _settings(root, config_file, isolated)
    # The baseline being written is not read: it may not exist yet.
    recording = dataclasses.replace(config, baseline=None)
    options = scan_options(recording, select=(), ignore=(), rules=(), baseline=None)
    result = run_scan(root, options).result
    target = output or config.baseline or root / ".taskaudit-baseline.json"
    write_report(target, baseline_text(result), force=True)
    typer.echo(f"taskaudit: recorded {len(result.open)} findings in {target}", err=True)


@app.command()
def init(
    path: PathArg = Path(),
    write: Annotated[
        bool,
        typer.Option(
            "--write", help="Append the section to PATH/pyproject.toml instead of printing it."
        ),
    ] = False,
) -> None:
    """Print a commented \\[tool.taskaudit] section with what taskaudit detects in PATH.

    Examples:

        taskaudit init

        taskaudit init --write
    """
    from taskaudit.init import init_section
    from taskaudit.pipeline import scan_tree

    root = _project_root(path)
    section = init_section(scan_tree(root).project)
    if not write:
        sys.stdout.write(section)
        return
    target = root / "pyproject.toml"
    existing = target.read_text(encoding="utf-8") if target.is_file() else ""
    if "[tool.taskaudit" in existing:
        raise TaskauditError(f"{target}: already has a [tool.taskaudit] section")
    from taskaudit.report.writer import write_report

    joined = existing + ("\n" if existing and not existing.endswith("\n") else "")
    write_report(target, joined + ("\n" if existing else "") + section, force=True)
    typer.echo(f"taskaudit: wrote [tool.taskaudit] to {target}", err=True)


@app.command()
def explain(
    where: Annotated[
        str,
        typer.Argument(
            help="PATH:LINE of a finding, PATH relative to --root.", metavar="PATH:LINE"
        ),
    ],
    root: Annotated[
        Path, typer.Option("--root", help="The project the finding belongs to.")
    ] = Path(),
    config_file: ConfigOption = None,
    isolated: IsolatedOption = False,
) -> None:
    """Show why taskaudit reports a finding: the rule's conditions and the facts they read.

    Examples:

        taskaudit explain apps/sync/tasks.py:127

        taskaudit explain config/settings/base.py:168 --root backend/
    """
    from taskaudit.cli_scan import scan_options
    from taskaudit.explain import explain as explain_findings
    from taskaudit.scan import run_scan

    path, _, line = where.rpartition(":")
    if not path or not line.isdigit():
        raise TaskauditError(f"{where!r}: expected PATH:LINE, e.g. apps/sync/tasks.py:127")
    project_root = _project_root(root)
    config, _ = _settings(project_root, config_file, isolated)
    options = scan_options(config, select=(), ignore=(), rules=(), baseline=None)
    audit = run_scan(project_root, options)
    result = audit.result
    wanted = Path(path).as_posix().removeprefix("./")
    found = [
        r.finding
        for r in result.findings
        if r.finding.location.path == wanted and r.finding.location.line == int(line)
    ]
    if not found:
        typer.echo(f"taskaudit: no finding at {wanted}:{line}", err=True)
        raise typer.Exit(1)
    sys.stdout.write(explain_findings(found, audit.subjects, result.catalog))


@app.command()
def clean(path: PathArg = Path()) -> None:
    """Remove the facts cache taskaudit keeps for PATH (.taskaudit_cache/)."""
    from taskaudit.cache import clean_cache

    removed = clean_cache(_project_root(path))
    typer.echo(f"taskaudit: removed {removed} cache files", err=True)


def _say_inputs(config: str | None, options: ScanOptions) -> None:
    """--verbose: where the configuration and the rules came from, on stderr."""
    from taskaudit.resources import default_rules

    typer.echo(f"taskaudit: configuration: {config or 'none (defaults)'}", err=True)
    files = [str(default_rules()), *(str(p) for p in options.config.extend_rules)]
    typer.echo(f"taskaudit: rules: {', '.join(files)}", err=True)


def _colour() -> bool:
    """Colour for a terminal: FORCE_COLOR forces it, NO_COLOR (https://no-color.org) wins else."""
    import os

    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _project_root(path: Path) -> Path:
    if not path.exists():
        raise TaskauditError(f"{path}: no such directory")
    if not path.is_dir():
        raise TaskauditError(f"{path}: not a directory (taskaudit reads a whole project)")
    return path


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
        typer.echo(f"taskaudit: {exc}", err=True)
        raise SystemExit(exc.exit_code) from None
    except Exception as exc:  # the one place an unexpected error is caught
        if _debug or "--debug" in sys.argv:
            raise
        typer.echo(
            f"taskaudit: internal error: {exc.__class__.__name__}: {exc} "
            "(run with --debug for the traceback)",
            err=True,
        )
        raise SystemExit(EXIT_INTERNAL) from None
    raise SystemExit(code if isinstance(code, int) else 0)


__all__ = ["EXIT_USAGE", "app", "main"]
