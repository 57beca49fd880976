"""The ``setting`` subject: a setting Celery ignores, refuses or deprecates as written.

Judged for the releases the project pins (``taskaudit.link.setting_items``).
"""

from __future__ import annotations

from collections.abc import Iterator

from taskaudit.link.model import Project, SettingItem
from taskaudit.link.subjects.kind import Kind
from taskaudit.rules.subjects import Subject

SETTING: Kind[SettingItem] = Kind("setting")
# fmt: off
SETTING.add("key", "str", "the setting name as written", lambda s: s.key)
SETTING.add("status", "str",
            "ignored (the project's Celery never reads it), mixed (old and new names mixed) "
            "or deprecated (read, but removed in Celery 6)",
            lambda s: s.status)
SETTING.add("suggestion", "str", "the spelling that works here", lambda s: s.suggestion)
SETTING.add("detail", "str", "what the project's Celery makes of it, and for which releases",
            lambda s: s.detail)
SETTING.add("fix", "str", "what to write instead", lambda s: s.fix)
SETTING.add("celery_version", "str",
            "the Celery releases it was judged on, and the file they were read from",
            lambda s: s.celery_version)
# fmt: on


def setting_subjects(project: Project) -> Iterator[Subject]:
    for item in project.settings_problems:
        yield SETTING.subject(item, item.location, f"setting:{item.key}")
