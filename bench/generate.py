"""A synthetic Django + Celery monorepo for ``make bench``, the same for the same seed.

As in real projects most modules have nothing to do with Celery (models,
views, serializers, helpers); a few apps hold tasks, declared every way the
extractors know: ``@shared_task``, ``@app.task``, a project factory whose name
says nothing about tasks, a ``base=`` class living in a plain module, a task
re-exported under another name by a plain module and dispatched from there.

    python bench/generate.py OUT [--files 4200] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

_WORDS = (
    "order", "invoice", "patient", "visit", "payment", "account", "report", "stock",
    "ledger", "refund", "shipment", "coupon", "review", "profile", "message", "slot",
)  # fmt: skip


def _plain_module(rng: random.Random, app: str, index: int, lines: int) -> str:
    """A module without any Celery in it, about ``lines`` lines long."""
    out = [
        f'"""Helpers for {app}, part {index}."""',
        "from __future__ import annotations",
        "",
        "import logging",
        "from dataclasses import dataclass",
        "",
        "from django.db import models",
        "",
        "log = logging.getLogger(__name__)",
        "",
    ]
    n = 0
    while len(out) < lines:
        word = rng.choice(_WORDS)
        n += 1
        if n % 3 == 0:
            out += [
                f"class {word.title()}{n}(models.Model):",
                "    name = models.CharField(max_length=200)",
                f"    total = models.DecimalField(max_digits={rng.randint(8, 14)}, places=2)",
                "",
                "    def __str__(self) -> str:",
                f'        return f"{word} {{self.name}}"',
                "",
            ]
        else:
            out += [
                f"def compute_{word}_{n}(items, limit={rng.randint(1, 99)}):",
                f'    """Sum the {word} values up to ``limit``."""',
                "    total = 0",
                "    for position, item in enumerate(items):",
                "        if position >= limit:",
                "            break",
                "        if item is None:",
                "            continue",
                f"        total += item * {rng.randint(2, 9)}",
                f'    log.debug("{word}: %s", total)',
                f"    return {{'{word}': total, 'count': len(items)}}",
                "",
            ]
    return "\n".join(out) + "\n"


def _celery_files(app_count: int) -> dict[str, str]:
    files = {
        "proj/__init__.py": "from .celery import app as celery_app\n\n__all__ = ['celery_app']\n",
        "proj/celery.py": (
            "import os\n\nfrom celery import Celery\n\n"
            'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings.prod")\n'
            'app = Celery("proj")\n'
            'app.config_from_object("django.conf:settings", namespace="CELERY")\n'
            "app.autodiscover_tasks()\n"
        ),
        "proj/settings/__init__.py": "",
        "proj/settings/base.py": (
            'CELERY_BROKER_URL = "redis://localhost:6379/0"\n'
            "CELERY_TASK_ACKS_LATE = True\n"
            'CELERY_TASK_ROUTES = {"proj.apps.app_0.tasks.*": {"queue": "reports"}}\n'
            "CELERY_BEAT_SCHEDULE = {\n"
            '    "nightly-report": {"task": "proj.apps.app_0.tasks.send_report",'
            ' "schedule": 3600.0},\n'
            "}\n"
        ),
        "proj/settings/prod.py": "from .base import *  # noqa\n\nDEBUG = False\n",
        "proj/apps/__init__.py": "",
        "proj/jobs/__init__.py": "",
        "proj/jobs/background.py": (
            "from celery import shared_task\n\n\n"
            "def background(**options):\n"
            "    return shared_task(acks_late=True, **options)\n"
        ),
        "proj/jobs/bases.py": (
            "from proj.jobs.root import RootJob\n\n\nclass AuditedJob(RootJob):\n"
            "    max_retries = 3\n"
        ),
        "proj/jobs/root.py": (
            "from celery import Task\n\n\nclass RootJob(Task):\n    abstract = True\n"
        ),
        "Procfile": "worker: celery -A proj worker -Q reports,celery\n",
    }
    for i in range(0, app_count, 5):
        base = f"proj/apps/app_{i}"
        files[f"{base}/tasks.py"] = (
            "from celery import shared_task\n\nfrom proj.celery import app\n"
            "from proj.jobs.bases import AuditedJob\n\n\n"
            f'@shared_task(name="{base.replace("/", ".")}.tasks.send_report")\n'
            "def send_report(report_id):\n    return report_id\n\n\n"
            "@app.task(bind=True, base=AuditedJob)\n"
            "def rebuild(self, key):\n    return key\n"
        )
        files[f"{base}/jobs.py"] = (
            "from proj.jobs.background import background\n\n\n"
            '@background(queue="reports")\ndef archive(item_id):\n    return item_id\n'
        )
        files[f"{base}/api.py"] = "from .tasks import send_report as notify_report\n"
        files[f"{base}/signals.py"] = (
            "from django.db import transaction\n\nfrom .api import notify_report\n\n\n"
            "def on_saved(instance):\n"
            "    transaction.on_commit(lambda: notify_report.delay(instance.pk))\n"
        )
    return files


def generate(out: Path, files: int = 4200, seed: int = 7, lines: int = 200) -> int:
    """Write the tree under ``out``; the number of files written."""
    rng = random.Random(seed)
    apps = max(1, files // 100)
    tree = _celery_files(apps)
    per_app = max(1, (files - len(tree)) // apps - 1)
    for a in range(apps):
        base = f"proj/apps/app_{a}"
        tree[f"{base}/__init__.py"] = ""
        for m in range(per_app):
            path = f"{base}/mod_{m:03d}.py"
            if path not in tree:
                tree[path] = _plain_module(
                    rng, f"app_{a}", m, rng.randint(lines // 2, lines * 3 // 2)
                )
    for relative, text in sorted(tree.items()):
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
    return len(tree)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--files", type=int, default=4200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(generate(args.out, args.files, args.seed))


if __name__ == "__main__":
    main()
