"""Whether a Make target is about Celery: by its name, what it runs, or what logs it shows.

A target counts when its name has a ``celery``/``beat``/``worker``/``flower``
part (split at ``-``, ``_``, ``.``, ``:``, ``/``), when its recipe runs the
celery CLI (or a command extracted for it does), or when its recipe follows a
Celery process's logs: ``docker compose logs -f worker``, ``tail -f
logs/celery.log``, ``journalctl -u celery-worker``, ``supervisorctl tail
celery``. Mentioning celery elsewhere (``pytest -k celery``,
``pip install celery``) does not count.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from taskaudit.extract.ops.command import parse_celery_commands
from taskaudit.extract.ops.words import simple_commands
from taskaudit.extract.ops_model import CeleryCommand, MakeTarget

_NAME_PARTS = frozenset({"celery", "beat", "worker", "workers", "flower", "celerybeat", "celeryd"})
_CELERYISH = re.compile(r"celery|\bbeat\b|\bworkers?\b|\bflower\b", re.IGNORECASE)
_VIEWERS = frozenset(
    {"tail", "less", "journalctl", "multitail", "lnav", "systemctl", "supervisorctl"}
)


def is_celery_target(target: MakeTarget, commands: Sequence[CeleryCommand]) -> bool:
    parts = re.split(r"[-_.:/%]+", target.name.lower())
    if any(part in _NAME_PARTS for part in parts):
        return True
    if any(c.source == "makefile" and c.context == target.name for c in commands):
        return True
    return any(parse_celery_commands(line) or _shows_logs(line) for line in target.recipe)


def _shows_logs(line: str) -> bool:
    for words in simple_commands(line):
        names = [w.rpartition("/")[2] for w in words]
        # ``docker compose logs``, ``kubectl logs``, ``sudo journalctl``: the viewer need not lead.
        viewer = next((i for i, n in enumerate(names) if n == "logs" or n in _VIEWERS), None)
        if viewer is not None and any(
            _CELERYISH.search(w) for w in words[viewer + 1 :] if not w.startswith("-")
        ):
            return True
    return False
