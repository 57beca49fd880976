"""The prefilter never drops a fact: byte verdicts, what linking reaches, whole projects."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest

from taskaudit.discover import SourceFile
from taskaudit.pipeline import scan_sources, scan_tree
from taskaudit.prefilter import always_read, may_hold_facts
from taskaudit.reach import factory_words, unread_modules

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "clinic"
GENERATOR = Path(__file__).resolve().parents[1] / "bench" / "generate.py"

HOLDS = [
    "from celery import shared_task\n",
    "@app.task(bind=True)\ndef f(self): ...\n",
    "@retrying_task(queue='q')\ndef f(): ...\n",
    "send_email.delay(1)\n",
    "transaction.on_commit(send_email.delay)\n",
    "sig = send_email.s(1)\n",
    "sig = send_email.si()\n",
    "job.apply_async(countdown=3)\n",
    "app.send_task('x.y')\n",
    "CELERY_TASK_ACKS_LATE = True\n",
    "SCHEDULE = {'a': {'task': 'x', 'schedule': 60}}\n",
    "sender.add_periodic_task(10, ping.s())\n",
    "sentry_sdk.init(dsn=DSN)\n",
    'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")\n',
    "app.conf.task_routes = {}\n",
    "worker.conf.update(x=1)\n",
    "x = 1  # taskaudit: ignore[TA401] -- reason\n",
    "# Idempotent: the row is upserted\n",
    "app.register_task(Sync())\n",
    "queue.config_from_object(cfg)\n",
]
NEAR_MISSES = [
    "from django.conf import settings\n",
    "mocked.delay.assert_called_once_with(1)\n",
    "mocked.apply_async.assert_not_called()\n",
    "ticket = Task.objects.get(pk=1)  # a model named Task\n",
    "signature = hmac.new(key, body, 'sha256').hexdigest()\n",
    "cache.set('key', 1)\n",
    "task_count = 3\n",
    "RETRY_DELAY = 5\n",
    "",
]


def test_every_celery_spelling_is_kept_and_near_misses_are_not() -> None:
    assert [may_hold_facts(text.encode()) for text in HOLDS] == [True] * len(HOLDS)
    assert [may_hold_facts(text.encode()) for text in NEAR_MISSES] == [False] * len(NEAR_MISSES)


def test_packages_settings_shared_module_names_and_ops_files_are_always_read() -> None:
    sources = [
        SourceFile("Procfile", "procfile"),
        SourceFile("a/__init__.py", "python", "a", True),
        SourceFile("a/models.py", "python", "a.models"),
        SourceFile("a/settings/prod.py", "python", "a.settings.prod"),
        SourceFile("b/local_settings.py", "python", "b.local_settings"),
        SourceFile("src/util.py", "python", "util"),
        SourceFile("lib/util.py", "python", "util"),
        SourceFile("a/settings_helpers.py", "python", "a.settings_helpers"),
    ]
    assert sorted(always_read(sources)) == [
        "Procfile",
        "a/__init__.py",
        "a/settings/prod.py",
        "b/local_settings.py",
        "lib/util.py",
        "src/util.py",
    ]


def _read(files: dict[str, str]) -> dict[str, Any]:
    facts, _ = scan_sources(files)
    return {f.python.module: f.python for f in facts if f.python is not None}


def test_references_lead_to_the_plain_modules_linking_follows() -> None:
    read = _read(
        {
            "p/tasks.py": (
                "from celery import shared_task\nfrom p.bases import Audited\n"
                "from p.api import notify\nfrom p.wrap import background\n\n"
                "@shared_task(base=Audited)\ndef a(): ...\n\n"
                "@background()\ndef b(): ...\n\n"
                "def c():\n    notify.delay()\n"
            ),
            "p/celery.py": (
                "import os\nfrom celery import Celery\napp = Celery('p')\n"
                "app.config_from_object('p.celeryconfig')\n"
                'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "p.conf.prod")\n'
            ),
        }
    )
    discovered = frozenset(
        {"p.tasks", "p.celery", "p.bases", "p.api", "p.wrap", "p.celeryconfig", "p.conf.prod"}
        | {"p.models", "p.views"}
    )
    assert sorted(unread_modules(read, discovered)) == [
        "p.api",
        "p.bases",
        "p.celeryconfig",
        "p.conf.prod",
        "p.wrap",
    ]


def test_a_chain_of_bases_and_re_exports_is_followed_one_read_at_a_time() -> None:
    first = _read(
        {
            "p/tasks.py": "from celery import shared_task\nfrom p.bases import Audited\n\n"
            "@shared_task(base=Audited)\ndef a(): ...\n",
            "p/bases.py": "from p.root import Root\n\nclass Audited(Root):\n    max_retries = 1\n",
        }
    )
    discovered = frozenset({"p.tasks", "p.bases", "p.root", "p.other"})
    assert sorted(unread_modules(first, discovered)) == ["p.root"]
    assert sorted(unread_modules({**first, "p.root": None}, discovered)) == []


def test_functions_a_task_delegates_to_are_read_and_one_level_further() -> None:
    tasks = (
        "import requests\nfrom celery import shared_task\n"
        "from p.locks import claim\nfrom p.util import retry_through\n"
        "from p.views import render\n\n"
        "@shared_task(bind=True)\ndef a(self, key):\n"
        "    retry_through(self)\n"
        "    if claim(key):\n        requests.post('https://example.com', timeout=3)\n"
        "    render(key)\n"
    )
    first = _read({"p/tasks.py": tasks})
    discovered = frozenset({"p.tasks", "p.locks", "p.util", "p.deep", "p.views"})
    # `render` neither receives the task nor comes before a side effect: not read.
    assert sorted(unread_modules(first, discovered)) == ["p.locks", "p.util"]
    util = "from p.deep import again\n\ndef retry_through(job):\n    again(job)\n"
    second = _read({"p/tasks.py": tasks, "p/util.py": util})
    assert sorted(unread_modules({**second, "p.locks": None}, discovered)) == ["p.deep"]


def test_factory_words_are_those_a_task_decorator_probe_would_miss() -> None:
    read = _read(
        {
            "p/wrap.py": "from celery import shared_task\n\n"
            "def background(**kw):\n    return shared_task(**kw)\n\n"
            "retrying_task = shared_task(acks_late=True)\n",
            "p/api.py": "from p.wrap import background as bg\n",
        }
    )
    assert sorted(factory_words(read, ("corp.jobs.job", "corp.jobs.db_task"))) == [
        "background",
        "bg",
        "job",
    ]


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location("bench_generate", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("parse_all", [True, False])
def test_the_example_links_to_the_same_project_with_and_without_prefilter(
    parse_all: bool,
) -> None:
    full = scan_tree(EXAMPLE, prefilter=False, jobs=1)
    fast = scan_tree(EXAMPLE, jobs=1, parse_all=parse_all)
    assert fast.project == full.project
    assert [f.path for f in fast.files] == [f.path for f in full.files]


def test_a_generated_tree_links_to_the_same_project_with_and_without_prefilter(
    tmp_path: Path,
) -> None:
    _generator().generate(tmp_path, files=260, seed=3, lines=40)
    full = scan_tree(tmp_path, prefilter=False, jobs=1)
    fast = scan_tree(tmp_path, jobs=1)
    assert fast.project == full.project
    assert [t.name for t in fast.project.tasks] == [
        "proj.apps.app_0.jobs.archive",
        "proj.apps.app_0.tasks.send_report",
        "proj.apps.app_0.tasks.rebuild",
    ]
    skipped = [f.path for f in fast.files if f.python is None and f.role == "python"]
    assert "proj/apps/app_0/mod_000.py" in skipped
    assert "proj/jobs/bases.py" not in skipped  # reached through base=AuditedJob


def test_a_broken_file_is_reported_where_needed_and_everywhere_with_parse_all(
    tmp_path: Path,
) -> None:
    (tmp_path / "app" / "tests").mkdir(parents=True)
    (tmp_path / "app" / "old.py").write_text('print "x"\n')
    (tmp_path / "app" / "tasks.py").write_text("from celery import shared_task\nx = (\n")
    (tmp_path / "app" / "tests" / "test_tasks.py").write_text("from celery import shared_task\n(\n")
    needed = scan_tree(tmp_path, jobs=1)
    everything = scan_tree(tmp_path, jobs=1, parse_all=True)
    assert [f.path for f in needed.files if f.failure] == ["app/tasks.py"]
    assert [f.path for f in everything.files if f.failure] == [
        "app/old.py",
        "app/tasks.py",
        "app/tests/test_tasks.py",
    ]


def test_test_code_is_never_extracted_even_when_celery_shaped(tmp_path: Path) -> None:
    (tmp_path / "app" / "tests").mkdir(parents=True)
    task = "from celery import shared_task\n\n@shared_task\ndef ping():\n    pass\n"
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "tasks.py").write_text(task)
    (tmp_path / "app" / "tests" / "test_tasks.py").write_text(task + "ping.delay()\n")
    for parse_all in (False, True):
        scanned = scan_tree(tmp_path, jobs=1, parse_all=parse_all)
        python = {f.path: f.python for f in scanned.files}
        assert python["app/tests/test_tasks.py"] is None
        assert python["app/tasks.py"] is not None
        assert [t.name for t in scanned.project.tasks] == ["app.tasks.ping"]
