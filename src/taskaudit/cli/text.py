"""``scan --statistics`` and ``scan --severity``: how much of a scan the stdout formats show.

``--statistics`` is ruff's: the count per rule instead of every finding,
and like ruff's it needs no ``--format`` (it implies ``text``). Severities
are filtered out of the result before it is rendered and before the exit
code is decided, so what is shown and what fails the build agree. The
monthly report is left whole: it is next month's baseline for what is new
and what was resolved, and a report with the warnings filtered out would
show them all as resolved.
"""

from __future__ import annotations

from typing import Annotated

import typer

from taskaudit.cli.output import Format
from taskaudit.config import did_you_mean
from taskaudit.errors import TaskauditError

# taskaudit.results' order; not imported from there, which would load the rule engine
# (and YAML) for every command, --help included.
SEVERITIES = ("error", "warning", "info")

StatisticsOption = Annotated[
    bool,
    typer.Option(
        "--statistics",
        help="Print only the open findings per rule and severity, and the total, instead of "
        "each finding (like ruff --statistics); implies --format text.",
    ),
]
SeverityOption = Annotated[
    list[str] | None,
    typer.Option(
        "--severity",
        help="Keep only findings of these severities (error, warning, info; comma-separated or "
        "repeated), for the output and the exit code; not with the monthly report.",
        show_default=False,
        metavar="LEVELS",
    ),
]


def text_choices(
    output_format: Format | None, statistics: bool, severity: list[str] | None
) -> tuple[Format, frozenset[str] | None]:
    """The format to render, and the severities to keep (None: all of them)."""
    chosen = output_format or (Format.text if statistics else Format.report)
    if statistics and chosen is not Format.text:
        raise TaskauditError(f"--statistics: only with --format text, not {chosen.value}")
    if not severity:
        return chosen, None
    levels = [level.strip() for value in severity for level in value.split(",") if level.strip()]
    for level in levels:
        if level not in SEVERITIES:
            expected = ", ".join(SEVERITIES)
            hint = did_you_mean(level, SEVERITIES)
            raise TaskauditError(f"--severity: {level!r} is not one of: {expected}{hint}")
    if chosen is Format.report:
        raise TaskauditError(
            "--severity: the monthly report holds every finding; "
            "use it with --format text, json, sarif, github or gitlab"
        )
    return chosen, frozenset(levels)
