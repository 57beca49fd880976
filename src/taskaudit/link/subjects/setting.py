"""The ``setting`` subject: a Celery setting Celery ignores or refuses as written."""

from __future__ import annotations

from collections.abc import Iterator

from taskaudit.link.model import Project, SettingItem
from taskaudit.link.subjects.kind import Kind
from taskaudit.rules.subjects import Subject

SETTING: Kind[SettingItem] = Kind("setting")
# fmt: off
SETTING.add("key", "str", "the setting name as written", lambda s: s.key)
SETTING.add("status", "str",
            "ignored (Celery never reads it) or mixed (old and new names mixed)",
            lambda s: s.status)
SETTING.add("suggestion", "str", "the spelling that works here", lambda s: s.suggestion)
SETTING.add("detail", "str", "why Celery ignores or rejects it", lambda s: s.detail)
# fmt: on


def setting_subjects(project: Project) -> Iterator[Subject]:
    for item in project.settings_problems:
        yield SETTING.subject(item, item.location, f"setting:{item.key}")
