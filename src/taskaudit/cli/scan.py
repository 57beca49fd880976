"""``taskaudit scan``: audit a project, then write the report or print findings for CI."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from taskaudit.cli.options import (
    ConfigOption,
    IgnoreOption,
    IsolatedOption,
    JobsOption,
    NoCacheOption,
    ParseAllOption,
    PathArg,
    RulesOption,
    SelectOption,
    project_options,
)
from taskaudit.cli.output import Format, FormatOption
from taskaudit.cli.text import SeverityOption, StatisticsOption
from taskaudit.config import FAIL_ON, Config, did_you_mean
from taskaudit.errors import TaskauditError

if TYPE_CHECKING:
    from taskaudit.scan import ScanOptions

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def scan_command(
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
            help="Report month, YYYY-MM (default: the current month; at most next month; a "
            "past month's existing report is replaced only with --force).",
            show_default=False,
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
            exists=True,
            dir_okay=False,
            help="Render the report with this Jinja template (sandboxed).",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Replace a report taskaudit did not write, one edited by hand, or a past month's.",
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
        bool,
        typer.Option(
            "--quiet",
            "-q",
            help="Print no summary (nor what the scan could not see): only errors, and the output.",
        ),
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose", "-v", help="Also say which configuration and rules files were read."
        ),
    ] = False,
    parse_all: ParseAllOption = False,
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
    from taskaudit.cli.output import emit, write_drift_report
    from taskaudit.cli.text import text_choices
    from taskaudit.scan import exit_code, run_scan

    given = project_options(
        path,
        config_file,
        isolated,
        select=select,
        ignore=ignore,
        rules=rules,
        baseline=baseline,
        parse_all=parse_all,
        no_cache=no_cache,
        jobs=jobs,
        progress=not quiet and sys.stderr.isatty(),
    )
    config = given.options.config
    chosen, severities = text_choices(output_format, statistics, severity)
    current = current_month() if chosen is Format.report else ""
    report_month = month_of(month, current) if chosen is Format.report else None
    threshold = fail_on_option(fail_on, config, exit_zero)
    if verbose:
        _say_inputs(given.shown, given.options)
    result = run_scan(given.root, given.options).result
    if severities is not None:
        result = result.with_severities(severities)
    if chosen is Format.report:
        assert report_month is not None
        written = write_drift_report(
            result,
            given.root,
            month=report_month,
            output=output,
            template=template or config.template,
            force=force,
            write_clean=write_clean,
            current=current,
        )
        if written != "-" and not quiet:
            from taskaudit.render.summary import print_summary

            print_summary(result, written, given.shown)
    else:
        if chosen is Format.text and not quiet:
            from taskaudit.render.summary import print_coverage

            print_coverage(result)
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


def month_of(value: str | None, current: str) -> str:
    """``--month`` checked against the current month, or the current month itself."""
    if value is None:
        return current
    if not _MONTH.match(value):
        raise TaskauditError(f"--month: {value!r} is not a month like 2026-11")
    from taskaudit.report.writer import check_month

    check_month(value, current)
    return value


def current_month() -> str:
    """The month of today: the only clock taskaudit reads, and only for the report's month.

    ``TASKAUDIT_TODAY`` (``YYYY-MM-DD``) stands in for the clock in tests, so
    that what they expect never depends on the day they run.
    """
    import os
    from datetime import date

    given = os.environ.get("TASKAUDIT_TODAY")
    try:
        today = date.fromisoformat(given) if given else date.today()
    except ValueError:
        raise TaskauditError(f"TASKAUDIT_TODAY: {given!r} is not a date like 2026-11-30") from None
    return today.strftime("%Y-%m")


def fail_on_option(value: str | None, config: Config, exit_zero: bool) -> str:
    if exit_zero:
        return "never"
    chosen = value or config.fail_on or "warning"
    if chosen not in FAIL_ON:
        hint = did_you_mean(chosen, FAIL_ON)
        raise TaskauditError(
            f"--fail-on: expected one of {', '.join(FAIL_ON)}, got {chosen!r}{hint}"
        )
    return chosen


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
