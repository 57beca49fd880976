"""Test modules and unimportable files stay out of the project model."""

from __future__ import annotations

from pathlib import Path

import pytest

from taskaudit.link.paths import (
    Layout,
    in_hidden_dir,
    is_importable,
    is_project_module,
    is_test_path,
    nameable,
)
from taskaudit.pipeline import scan_sources, scan_tree


@pytest.mark.parametrize(
    "path",
    [
        "tests/test_tasks.py",
        "kb/watchdog/tests/helpers.py",
        "kb/test/settings.py",
        "kb/billing/test_beat.py",
        "kb/billing/beat_test.py",
        "kb/billing/beat_tests.py",
        "kb/billing/tests.py",
        "conftest.py",
        "kb/conftest.py",
    ],
)
def test_test_code_by_pytest_and_django_conventions(path: str) -> None:
    assert is_test_path(path) is True


@pytest.mark.parametrize(
    "path",
    [
        "kb/testing_tools/tasks.py",  # a package that only starts like "test"
        "kb/contests/tasks.py",
        "kb/latest/tasks.py",
        "kb/attestations/tasks.py",
        "kb/billing/testimonials.py",
        "kb/billing/protest_test_data.py",
        "tests_helpers/tasks.py",
        "kb/tests.txt.py",
    ],
)
def test_near_misses_are_project_code(path: str) -> None:
    assert is_test_path(path) is False


@pytest.mark.parametrize(
    ("path", "module", "expected"),
    [
        ("kb/tasks.py", "kb.tasks", True),
        ("manage.py", "manage", True),
        ("__init__.py", "", True),
        (".semgrep/celery/queue-rule.py", "queue-rule", False),
        (".semgrep/celery/queue_rule.py", "queue_rule", False),
        ("scripts/run-worker.py", "run-worker", False),
        ("kb/class.py", "kb.class", False),
        ("kb/v2.py", "kb.v2", True),
    ],
)
def test_importable_modules(path: str, module: str, expected: bool) -> None:
    assert (is_importable(path, module) and nameable(path, module)) is expected


def test_a_module_is_project_code_when_importable_and_not_a_test() -> None:
    assert is_project_module("kb/tasks.py", "kb.tasks") is True
    assert is_project_module("kb/tests/tasks.py", "kb.tests.tasks") is False
    assert is_project_module(".ci/tasks.py", "tasks") is False


TASKS = """\
from celery import shared_task


@shared_task(name="kb.tasks.reindex")
def reindex():
    pass
"""

FAKE_SCHEDULE = """\
from celery import shared_task
from django.db import transaction

SCHEDULE = {
    "nightly": {"task": "some.task", "schedule": 60.0},
}


@shared_task(name="kb.tasks.reindex")
def fake_reindex():
    pass


def test_dispatch():
    with transaction.atomic():
        fake_reindex.delay()
"""


def test_tasks_beat_entries_and_dispatches_in_test_modules_are_left_out() -> None:
    for test_path in ("kb/tests/test_watchdog.py", "kb/test_watchdog.py", "kb/conftest.py"):
        _, project = scan_sources({"kb/tasks.py": TASKS, test_path: FAKE_SCHEDULE})
        assert [(t.name, t.location.path) for t in project.tasks] == [
            ("kb.tasks.reindex", "kb/tasks.py")
        ]
        assert project.beat == ()
        assert project.dispatch == ()


def test_the_same_code_outside_test_modules_is_read() -> None:
    _, project = scan_sources({"kb/tasks.py": TASKS, "kb/watchdog.py": FAKE_SCHEDULE})
    assert [(t.name, t.location.path) for t in project.tasks] == [
        ("kb.tasks.reindex", "kb/tasks.py"),
        ("kb.tasks.reindex", "kb/watchdog.py"),
    ]
    assert [(b.key, b.task_name) for b in project.beat] == [("nightly", "some.task")]
    assert [(s.location.line, s.in_atomic) for s, _ in project.dispatch] == [(16, True)]


def test_settings_in_test_modules_do_not_configure_the_project() -> None:
    settings = "CELERY_TASK_ACKS_LATE = True\n"
    _, project = scan_sources({"kb/tasks.py": TASKS, "kb/tests/settings.py": settings})
    assert dict(project.config) == {}
    _, project = scan_sources({"kb/tasks.py": TASKS, "kb/settings.py": settings})
    assert sorted(project.config) == ["task_acks_late"]


def test_dot_directories_hold_tools_files() -> None:
    assert in_hidden_dir(".semgrep/rules/celery.py") is True
    assert in_hidden_dir("kb/.ci/Makefile") is True
    assert in_hidden_dir(".env.py") is False
    assert in_hidden_dir("kb/tasks.py") is False


def test_the_project_makefile_is_the_top_most_outside_dot_directories() -> None:
    tool = "test:\n\tsemgrep --test\n"
    project_make = "celery-logs:  ## tail the worker\n\tdocker compose logs -f worker\n"
    _, project = scan_sources(
        {".semgrep/Makefile": tool, "Makefile": project_make, "docs/Makefile": tool}
    )
    assert project.makefile == "Makefile"
    assert [t.name for t, _ in project.make_targets] == ["celery-logs"]
    _, project = scan_sources({".semgrep/Makefile": tool})
    assert (project.makefile, project.make_targets) == (None, ())


def _task(name: str) -> str:
    return f'from celery import shared_task\n\n@shared_task(name="{name}")\ndef run():\n    pass\n'


def _registered(files: dict[str, str]) -> list[str]:
    return [t.location.path for t in scan_sources(files)[1].tasks]


LIBRARY = {
    "kb/__init__.py": "",
    "kb/jobs.py": _task("kb.jobs.run"),
    "t/__init__.py": "",
    "t/unit/conftest.py": "",
    "t/unit/test_jobs.py": "",
    "t/integration/tasks.py": _task("t.integration.tasks.run"),
    "t/smoke/tasks.py": _task("t.smoke.tasks.run"),
    "api_tests/conftest.py": "",
    "api_tests/nodes/views.py": _task("api_tests.nodes.views.run"),
    "examples/django/proj/tasks.py": _task("proj.tasks.run"),
    "docs/conf.py": "project = 'kb'\n",
    "docs/snippets/tasks.py": _task("snippets.tasks.run"),
}


def test_test_suites_and_samples_beside_the_code_are_left_out() -> None:
    assert _registered(LIBRARY) == ["kb/jobs.py"]
    layout = Layout.of(LIBRARY)
    assert (sorted(layout.test_suites), sorted(layout.samples)) == (
        ["api_tests", "t"],
        ["docs", "examples"],
    )


@pytest.mark.parametrize(
    "files",
    [
        # a conftest.py at the root of the main package or of a subpackage
        {"kb/conftest.py": "", "kb/graphql/conftest.py": "", "kb/graphql/tasks.py": _task("x")},
        # apps named like samples or tests, inside a package or without a conftest.py
        {"kb/__init__.py": "", "kb/docs/tasks.py": _task("x")},
        {"demo/tasks.py": _task("x"), "examples_api/tasks.py": _task("y")},
        {"testing/tasks.py": _task("x"), "kb/contests/conftest.py": "", "kb/contests/t.py": ""},
    ],
)
def test_near_misses_stay_in_the_project(files: dict[str, str]) -> None:
    tasks = sorted(p for p, text in files.items() if "shared_task" in text)
    assert _registered(files) == tasks


def test_a_repository_whose_only_code_is_its_example_is_that_project() -> None:
    files = {
        "setup.py": "from setuptools import setup\nsetup()\n",
        "manage.py": "import django\n",
        "example/proj/tasks.py": _task("proj.tasks.run"),
        "docs/conf.py": "project = 'x'\n",
    }
    assert _registered(files) == ["example/proj/tasks.py"]
    assert Layout.of(files).samples == frozenset()


def test_left_out_folders_are_never_read(tmp_path: Path) -> None:
    for path, text in LIBRARY.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    (tmp_path / "examples/django/proj/broken.py").write_text("from celery import x\ndef (:\n")
    scanned = scan_tree(tmp_path, jobs=1)
    assert [t.location.path for t in scanned.project.tasks] == ["kb/jobs.py"]
    assert scanned.project.failures == ()


@pytest.mark.parametrize(
    ("path", "module", "named", "expected"),
    [
        ("my-site/conf/celery.py", "my-site.conf.celery", {"my-site"}, True),
        ("my-site/__init__.py", "my-site", {"my-site"}, True),
        ("src/my-site/conf.py", "my-site.conf", {"src/my-site"}, True),
        ("run-worker.py", "run-worker", {"run-worker"}, True),
        # near misses: named elsewhere, or not at all
        ("my-site/conf/celery.py", "my-site.conf.celery", set(), False),
        ("src/my-site/conf.py", "my-site.conf", {"my-site"}, False),
        ("my-site/lint-rules/rule.py", "my-site.lint-rules.rule", {"my-site"}, False),
        ("kb/class.py", "kb.class", {"kb"}, False),
    ],
)
def test_a_part_that_is_not_an_identifier_needs_a_string_naming_it(
    path: str, module: str, named: set[str], expected: bool
) -> None:
    assert nameable(path, module, frozenset(named)) is expected


def test_left_out_matches_whole_folders_only() -> None:
    layout = Layout(test_suites=frozenset({"t", "api/t"}), samples=frozenset({"docs"}))
    assert [
        layout.left_out(p)
        for p in ("t/unit/a.py", "api/t/b.py", "docs/c.py", "tasks/d.py", "api/tx/e.py",
                  "docsite/f.py", "t.py", "api/t.py")
    ] == [True, True, True, False, False, False, False, False]  # fmt: skip
    assert not Layout().left_out("t/unit/a.py")
