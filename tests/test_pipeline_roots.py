"""The scan names modules from the import roots the repository shows, whatever its options.

The Celery behaviour the fixtures rely on was measured with celery 5.5.3 and
5.7.0 on Python 3.11 in throw-away venvs: a worker started in a folder that
holds an ``__init__.py`` next to ``manage.py`` registers ``core.tasks.sweep``
for ``core/tasks.py`` (the folder is ``sys.path[0]``, not a package);
``importlib.import_module("my-proj.config.settings")`` imports a folder whose
name is not an identifier, and ``celery.app.utils.find_app("my-proj")`` (what
``celery --app my-proj`` runs) finds its app and registers an undecorated-name
task of ``my-proj/config/celery.py`` as ``my-proj.config.celery.ping``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from taskaudit.pipeline import Scanned, scan_tree

WORKER = """\
from celery import Celery

app = Celery("ledger")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
"""
TASKS = """\
from ledger.worker import app


@app.task
def close_books():
    return 1
"""
LEDGER = {
    "services/api/__init__.py": "",
    "services/api/manage.py": (
        'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "ledger.settings")\n'
    ),
    "services/api/ledger/__init__.py": "",
    "services/api/ledger/settings.py": 'CELERY_BROKER_URL = "redis://broker"\n',
    "services/api/ledger/worker.py": WORKER,
    "services/api/billing/__init__.py": "",
    "services/api/billing/tasks.py": TASKS,
    "Procfile": "worker: celery -A ledger.worker worker\n",
}


def _write(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def _tasks(scanned: Scanned) -> list[tuple[str, str]]:
    return [(t.name, t.location.path) for t in scanned.project.tasks]


def test_an_init_next_to_manage_py_does_not_make_its_folder_a_package(tmp_path: Path) -> None:
    scanned = scan_tree(_write(tmp_path, LEDGER))
    assert _tasks(scanned) == [("billing.tasks.close_books", "services/api/billing/tasks.py")]
    assert scanned.project.apps == ("ledger.worker.app",)
    assert scanned.project.coverage.gaps == ()
    assert scanned.roots.added == frozenset({"services/api"})


def test_names_through_the_folder_keep_the_package_layout(tmp_path: Path) -> None:
    files = {
        **LEDGER,
        "services/api/manage.py": (
            'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "api.ledger.settings")\n'
        ),
        "services/api/billing/tasks.py": TASKS.replace("from ledger.", "from api.ledger."),
        "Procfile": "worker: celery -A api.ledger.worker worker\n",
    }
    scanned = scan_tree(_write(tmp_path, files))
    assert _tasks(scanned) == [("api.billing.tasks.close_books", "services/api/billing/tasks.py")]
    assert scanned.project.coverage.gaps == ()


def test_disagreeing_evidence_keeps_the_layout_and_says_so(tmp_path: Path) -> None:
    files = {**LEDGER, "Makefile": "worker:\n\tcelery -A api.ledger.worker worker\n"}
    scanned = scan_tree(_write(tmp_path, files))
    assert _tasks(scanned) == []
    gaps = scanned.project.coverage.gaps
    assert [(g.scope, g.setting, g.reason.split(":")[0]) for g in gaps] == [
        (
            "config",
            "source-roots",
            "DJANGO_SETTINGS_MODULE names `ledger.settings`, which is not in the scanned tree",
        ),
        (
            "registry",
            "source-roots",
            "1 function(s) decorated with `@ledger.worker.app.task` name a module"
            " found only under another import root",
        ),
        ("registry", "source-roots", "the import root is unclear"),
        (
            "registry",
            "task-decorators",
            "the project uses Celery but no task declaration was recognised",
        ),
    ]


# A manage.py inside the package it runs, with no settings literal: the
# text alone makes `shop/` a root; the imports of the extracted files say it
# is the package `shop`, and the scan re-reads what changed.
INSIDE = {
    "shop/__init__.py": "",
    "shop/manage.py": "import sys\n",
    "shop/celery.py": 'from celery import Celery\n\napp = Celery("shop")\n',
    "shop/jobs/__init__.py": "",
    "shop/jobs/tasks.py": TASKS.replace("from ledger.worker import", "from shop.celery import"),
    "shop/jobs/helpers.py": "from shop.jobs.tasks import close_books\n",
}


def test_imports_correct_what_the_text_suggested(tmp_path: Path) -> None:
    scanned = scan_tree(_write(tmp_path, INSIDE))
    assert _tasks(scanned) == [("shop.jobs.tasks.close_books", "shop/jobs/tasks.py")]
    assert scanned.project.apps == ("shop.celery.app",)
    assert scanned.roots.added == frozenset()


@pytest.mark.parametrize("files", [LEDGER, INSIDE], ids=["text", "imports"])
def test_the_options_never_change_the_roots(tmp_path: Path, files: dict[str, str]) -> None:
    root = _write(tmp_path / "tree", files)
    cache_dir = tmp_path / "cache"
    plain = scan_tree(root, jobs=1)
    variants = [
        scan_tree(root, jobs=1, prefilter=False),
        scan_tree(root, jobs=1, parse_all=True),
        scan_tree(root, cache=True, cache_dir=cache_dir, jobs=1),
        scan_tree(root, cache=True, cache_dir=cache_dir, jobs=1),
    ]
    for variant in variants:
        assert (variant.roots, _tasks(variant)) == (plain.roots, _tasks(plain))
        assert variant.project.coverage == plain.project.coverage


SITE = {
    "manage.py": 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "my-site.conf.settings")\n',
    "my-site/__init__.py": "from .conf.celery import app\n",
    "my-site/conf/__init__.py": "",
    "my-site/conf/settings.py": 'CELERY_BROKER_URL = "redis://broker"\n',
    "my-site/conf/celery.py": (
        "from celery import Celery\n\napp = Celery()\n"
        'app.config_from_object("django.conf:settings", namespace="CELERY")\n\n\n'
        "@app.task\ndef ping():\n    return 1\n"
    ),
    "lint-rules/__init__.py": "",
    "lint-rules/celery_rule.py": (
        "from celery import shared_task\n\n\n@shared_task\ndef sample():\n    pass\n"
    ),
    "Makefile": "worker:\n\tcelery --app my-site worker\n",
}


def test_a_folder_named_by_string_is_importable_and_one_named_by_nothing_is_not(
    tmp_path: Path,
) -> None:
    scanned = scan_tree(_write(tmp_path, SITE))
    assert _tasks(scanned) == [("my-site.conf.celery.ping", "my-site/conf/celery.py")]
    assert scanned.project.apps == ("my-site.conf.celery.app",)
    modules = {f.path: f.module for f in scanned.files if f.role == "python"}
    assert modules["lint-rules/celery_rule.py"] is None
    assert modules["my-site/conf/settings.py"] == "my-site.conf.settings"


def test_without_the_string_the_folder_stays_out(tmp_path: Path) -> None:
    files = {**SITE, "manage.py": "import sys\n", "Makefile": "worker:\n\tcelery worker\n"}
    scanned = scan_tree(_write(tmp_path, files))
    assert _tasks(scanned) == []
    assert {f.module for f in scanned.files if f.path.startswith("my-site/")} == {None}
