"""Where ``taskaudit scan`` puts what it found: the monthly report, or a CI format.

The report goes to ``roadmap/backlog/celery-task-drift-YYYY-MM.md`` under the
project (``taskaudit.report.markdown``, written by ``taskaudit.report.writer``,
which refuses to replace a file it did not write); the other formats go to
stdout or ``--output``, which a CI run regenerates every time.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from taskaudit.errors import TaskauditError

if TYPE_CHECKING:
    from taskaudit.results import ScanResult

REPORT_FOLDER = Path("roadmap") / "backlog"


class Format(StrEnum):
    report = "report"
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"
    gitlab = "gitlab"


FORMAT_HELP = (
    "report: write the monthly Markdown drift report and print a summary; "
    "text: findings for a terminal; json, sarif, github, gitlab: for CI, on stdout."
)
FormatOption = Annotated[Format | None, typer.Option("--format", "-f", help=FORMAT_HELP)]


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


def write_drift_report(
    result: ScanResult,
    root: Path,
    *,
    month: str,
    output: str | None,
    template: Path | None,
    force: bool,
    write_clean: bool,
    current: str,
) -> str | None:
    """Render the monthly report and write it; the path written, or None when skipped."""
    from taskaudit.report.history import find_previous
    from taskaudit.report.markdown import render_report
    from taskaudit.report.writer import is_past, write_report

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
    past = month if is_past(month, current) else None
    outcome = write_report(target, text, force=force, past=past)
    return _shown(outcome.path, root)


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
