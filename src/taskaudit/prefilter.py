"""Which files are worth parsing: a byte-level look for anything Celery-shaped.

Most modules of a Django project never mention Celery, and parsing plus the
extractors' walks cost far more than reading. A Python file is parsed only
when its bytes contain one of the spellings the extractors react to (Celery's
own API as documented under "Tasks", "Calling Tasks", "Canvas", "Periodic
Tasks" and "Configuration and defaults"; ``sentry_sdk``; our ``taskaudit:``
and ``idempotent:`` comments), or when linking may read it whatever it holds:
package ``__init__`` modules (re-exports), settings modules (the Django
settings the CELERY namespace reads), and modules whose dotted path another
file shares (the linker keeps the first). What a kept file points at is
fetched afterwards by ``taskaudit.reach``.

The test for "never drops a fact" compares linked projects built with and
without this filter (tests/test_prefilter.py).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from taskaudit.discover import SourceFile
from taskaudit.link.paths import is_project_module
from taskaudit.link.settings import is_settings_module

# Searched in the lower-cased bytes. Each costs one pass over the file, so the
# list is as short as it can be while still covering every extractor trigger.
_WORDS = (
    b"celery",  # imports, Celery(), CELERY_* settings, celery.signature/chain
    b"schedule",  # a beat entry is a dict holding a "schedule" key
    b"sentry_sdk",
    b"idempotent",
    b".s(",
    b".si(",
    b".signature(",
    b"config_from_object",
)
# A call or a bare reference (``on_commit(task.delay)``) dispatches; a mock's
# ``task.delay.assert_called_once()`` does not, and tests are full of those.
_DISPATCH = (b".delay", b".apply_async")
# Behind the cheap ``task`` probe: decorators and factories (``@app.task``,
# ``@retrying_task(...)``), registration, by-name sends, beat's
# add_periodic_task, autodiscover_tasks and our own ``taskaudit:`` comments.
_TASK_WORDS = (
    b".task(",
    b"shared_task",
    b"register_task",
    b"tasks.register",
    b"send_task",
    b"subtask",
    b"taskaudit",
    b"_task(",
    b"autodiscover_tasks",
)
_DECORATOR = re.compile(rb"@[\w.]*task")
# ``app.conf.x = ...`` / ``app.conf.update(...)``; ``from django.conf import ...`` is not one.
_CONF = re.compile(rb"(?<!django)\.conf\s*[.\[]")


def may_hold_facts(data: bytes) -> bool:
    """Whether a Python file's bytes can yield any fact an extractor records."""
    if b"DJANGO_SETTINGS_MODULE" in data:
        return True
    low = data.lower()
    if any(word in low for word in _WORDS):
        return True
    if any(_dispatched(low, word) for word in _DISPATCH):
        return True
    if b"task" in low and (
        any(word in low for word in _TASK_WORDS) or _DECORATOR.search(low) is not None
    ):
        return True
    return b".conf" in low and _CONF.search(low) is not None


def _dispatched(low: bytes, word: bytes) -> bool:
    at = low.find(word)
    while at != -1:
        if low[at + len(word) : at + len(word) + 1] != b".":
            return True
        at = low.find(word, at + 1)
    return False


def always_read(sources: Sequence[SourceFile]) -> frozenset[str]:
    """Paths read whatever their bytes say: linking may consult them by name.

    Test code and unimportable files are never among them: linking leaves
    their facts out (``taskaudit.link.paths``).
    """
    shared = Counter(s.module for s in sources if s.role == "python")
    return frozenset(
        s.path
        for s in sources
        if s.role != "python"
        or (
            is_project_module(s.path, s.module)
            and (s.is_package or is_settings_module(s.module or "") or shared[s.module] > 1)
        )
    )
