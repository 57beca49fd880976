"""What the scan could not see, as the lines every human-facing output starts with.

The project model records its coverage (``taskaudit.link.coverage``); the
scan's summary on stderr (the report and text formats) and ``taskaudit
inventory`` print it first, one line per gap with the ``[tool.taskaudit]``
key that would close it, identical gaps at several places on one line. A
project that uses Celery and in which no task was found gets a line of its
own: no task finding there means no task was audited, not that none drifted.
"""

from __future__ import annotations

from taskaudit.link.coverage import Gap
from taskaudit.link.model import Project

_PLACES_SHOWN = 3


def nothing_audited(project: Project) -> bool:
    """The project uses Celery, yet no task was found: the scan has audited nothing."""
    return project.coverage.celery_used and not project.tasks


def coverage_lines(project: Project) -> list[str]:
    """``could not see: ...`` per distinct gap, then the nothing-audited line; [] when complete."""
    grouped: dict[tuple[str, str | None], list[Gap]] = {}
    for gap in project.coverage.gaps:
        grouped.setdefault((gap.reason, gap.setting), []).append(gap)
    lines = []
    for gaps in grouped.values():
        places = sorted({f"{g.location.path}:{g.location.line}" for g in gaps if g.location})
        shown = ", ".join(places[:_PLACES_SHOWN])
        if len(places) > _PLACES_SHOWN:
            shown += f" and {len(places) - _PLACES_SHOWN} more"
        lines.append(f"could not see: {gaps[0].because()}" + (f"; at {shown}" if shown else ""))
    if nothing_audited(project):
        lines.append(
            "0 tasks found in a project that uses Celery: no task was audited, "
            "so the absence of task findings is not a clean bill of health"
        )
    return lines
