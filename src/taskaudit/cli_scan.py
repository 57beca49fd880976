"""``taskaudit scan`` and ``taskaudit baseline``: audit a project and write what was found."""

from __future__ import annotations

import re
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from taskaudit.config import FAIL_ON, Config
from taskaudit.errors import TaskauditError

if TYPE_CHECKING:
    from taskaudit.results import ScanResult
    from taskaudit.scan import ScanOptions

REPORT_FOLDER = Path("roadmap") / "backlog"
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class Format(StrEnum):
    report = "report"
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"
    gitlab = "gitlab"


def month_of(value: str | None) -> str:
    """``--month`` checked, or the current month (the only clock read, and only here)."""
    if value is None:
        from datetime import date

        return date.today().strftime("%Y-%m")
    if not _MONTH.match(value):
        raise TaskauditError(f"--month: {value!r} is not a month like 2026-11")
    return value


def scan_options(
    config: Config,
    *,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    rules: tuple[Path, ...],
    baseline: Path | None,
    cache: bool = True,
    jobs: int | None = None,
    progress: bool = False,
    parse_all: bool = False,
) -> ScanOptions:
    """Command-line flags over ``[tool.taskaudit]`` over the defaults."""
    import dataclasses

    from taskaudit.scan import ScanOptions

    merged = dataclasses.replace(
        config,
        select=select or config.select,
        ignore=(*config.ignore, *ignore),
        extend_rules=(*config.extend_rules, *rules),
        baseline=baseline if baseline is not None else config.baseline,
        parse_all=parse_all or config.parse_all,
    )
    return ScanOptions(merged, cache=cache, jobs=jobs, progress=progress)


def emit(
    result: ScanResult,
    output_format: Format,
    output: str | None,
    *,
    summary: bool,
    color: bool,
    include_silenced: bool = False,
    statistics: bool = False,
) -> None:
    """A machine format to stdout, or to ``--output``."""
    from taskaudit.report.formats import to_gitlab, to_json, to_text
    from taskaudit.report.github import to_github
    from taskaudit.report.sarif import to_sarif

    if output_format is Format.text:
        text = to_text(result, color=color and output in (None, "-"), statistics=statistics)
    elif output_format is Format.json:
        text = to_json(result)
    elif output_format is Format.sarif:
        # GitHub code scanning ignores SARIF `suppressions` and would open an alert for
        # every suppressed or baselined finding: they are left out unless asked for.
        text = to_sarif(result, include_silenced=include_silenced)
    elif output_format is Format.gitlab:
        text = to_gitlab(result)
    else:
        text, markdown = to_github(result, summary=summary)
        if markdown is not None:
            _append_step_summary(markdown)
    _write(text, output)


def _append_step_summary(markdown: str) -> None:
    """GitHub Actions shows what a step appends to ``$GITHUB_STEP_SUMMARY``."""
    import os

    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        sys.stderr.write(markdown)
        return
    with Path(target).open("a", encoding="utf-8") as handle:
        handle.write(markdown)


def _write(text: str, output: str | None) -> None:
    if output in (None, "-"):
        sys.stdout.write(text)
        return
    from taskaudit.report.writer import write_report

    # A CI artifact is regenerated on every run: replacing it is the point.
    write_report(Path(str(output)), text, force=True)


FORMAT_HELP = (
    "report: write the monthly Markdown drift report and print a summary; "
    "text: findings for a terminal; json, sarif, github, gitlab: for CI, on stdout."
)


def fail_on_option(value: str | None, config: Config, exit_zero: bool) -> str:
    if exit_zero:
        return "never"
    chosen = value or config.fail_on or "warning"
    if chosen not in FAIL_ON:
        raise TaskauditError(f"--fail-on: expected one of {', '.join(FAIL_ON)}, got {chosen!r}")
    return chosen


FormatOption = Annotated[Format | None, typer.Option("--format", "-f", help=FORMAT_HELP)]


def write_drift_report(
    result: ScanResult,
    root: Path,
    *,
    month: str,
    output: str | None,
    template: Path | None,
    force: bool,
    write_clean: bool,
) -> str | None:
    """Render the monthly report and write it; the path written, or None when skipped."""
    from taskaudit.report.history import find_previous
    from taskaudit.report.markdown import render_report
    from taskaudit.report.writer import write_report

    folder = root / REPORT_FOLDER
    target = folder / f"celery-task-drift-{month}.md"
    if output not in (None, "-"):
        target = Path(str(output))
    previous = find_previous(target.parent, month)
    template_text = None
    if template is not None:
        try:
            template_text = template.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise TaskauditError(f"{template}: cannot read the template: {exc}") from None
    text = render_report(
        result,
        month=month,
        previous=previous,
        template_text=template_text,
        template_origin=str(template) if template is not None else "template",
    )
    if output == "-":
        sys.stdout.write(text)
        return "-"
    if not result.open and not write_clean:
        return None
    outcome = write_report(target, text, force=force)
    return _shown(outcome.path, root)


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
