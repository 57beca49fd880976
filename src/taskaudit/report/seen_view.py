"""What taskaudit could not see, said at the top of the report (``Project.coverage``).

A report with few findings reads as good news; when the scan missed the
Celery app, the settings or task modules, it is not. So the gaps the project
model records come first, one line per reason (the same reason at several
places is one line), each with the ``[tool.taskaudit]`` key that would close
it, and a project that imports Celery but shows no task says so plainly.
The stderr summary says the same in plain lines (``taskaudit.render.coverage``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from taskaudit.core.location import Location
from taskaudit.link.model import Project
from taskaudit.render.coverage import nothing_audited
from taskaudit.report.inventory_view import Row
from taskaudit.report.values import link

PLACES_SHOWN = 3


@dataclass(frozen=True, slots=True)
class UnseenLine:
    reason: str  # the gap's reason with its fix (``Gap.because``)
    places: tuple[Row, ...]  # where it was found, the first few
    more: int  # places left out


@dataclass(frozen=True, slots=True)
class Unseen:
    no_tasks: bool  # the project imports Celery, and no task was found
    lines: tuple[UnseenLine, ...]

    def __bool__(self) -> bool:
        return self.no_tasks or bool(self.lines)


def unseen(project: Project) -> Unseen:
    coverage = project.coverage
    places: dict[str, set[Location]] = defaultdict(set)
    for gap in coverage.gaps:
        found = places[gap.because()]
        if gap.location is not None:
            found.add(gap.location)
    lines = []
    for reason in sorted(places):
        ordered = sorted(places[reason])
        shown = tuple(Row((), *link(where)) for where in ordered[:PLACES_SHOWN])
        lines.append(UnseenLine(reason, shown, max(0, len(ordered) - PLACES_SHOWN)))
    return Unseen(nothing_audited(project), tuple(lines))
