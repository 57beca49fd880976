"""Rule subjects: the project model read as flat, typed fields, one module per kind.

Each kind module declares its fields once (name, type, doc, how the value is
computed: ``taskaudit.link.subjects.kind``); ``SCHEMA`` is read from those
declarations, so the rule language, ``docs/facts.md`` and the values rules
see cannot drift apart. How to add a fact and a rule that reads it:
``docs/adding-a-rule.md``.
"""

from __future__ import annotations

from taskaudit.link.model import Project
from taskaudit.link.subjects.beat import BEAT_ENTRY, BEAT_PLACE, beat_subjects
from taskaudit.link.subjects.choices import (
    DECLARATION_STYLE,
    RESULT_POLICY,
    TIME_LIMITS,
    choice_subjects,
)
from taskaudit.link.subjects.dispatch import DISPATCH, dispatch_subjects
from taskaudit.link.subjects.file import FILE, file_subjects
from taskaudit.link.subjects.handler import HANDLER, handler_subjects
from taskaudit.link.subjects.make import MAKE_TARGET, make_subjects
from taskaudit.link.subjects.project import PROJECT, project_subject
from taskaudit.link.subjects.queue import QUEUE, queue_subjects
from taskaudit.link.subjects.results import RESULT_BACKEND, result_subjects
from taskaudit.link.subjects.route import ROUTE, route_subjects
from taskaudit.link.subjects.sentry import SENTRY, sentry_subjects
from taskaudit.link.subjects.setting import SETTING, setting_subjects
from taskaudit.link.subjects.task import TASK, task_subjects
from taskaudit.rules.subjects import Subject, SubjectSchema

KINDS = (
    TASK, HANDLER, BEAT_ENTRY, BEAT_PLACE, ROUTE, QUEUE, DISPATCH,
    MAKE_TARGET, SETTING, FILE, SENTRY, RESULT_BACKEND, PROJECT,
    DECLARATION_STYLE, TIME_LIMITS, RESULT_POLICY,
)  # fmt: skip
SCHEMA: SubjectSchema = {kind.name: kind.schema for kind in KINDS}


def build_subjects(project: Project) -> list[Subject]:
    return [
        *task_subjects(project),
        *handler_subjects(project),
        *beat_subjects(project),
        *route_subjects(project),
        *queue_subjects(project),
        *dispatch_subjects(project),
        *make_subjects(project),
        *setting_subjects(project),
        *file_subjects(project),
        *sentry_subjects(project),
        *result_subjects(project),
        project_subject(project),
        *choice_subjects(project),
    ]
