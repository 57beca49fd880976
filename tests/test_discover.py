"""Discovery: which files a scan reads, their roles and dotted module paths."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from taskaudit.discover import SourceFile, discover, file_role, module_path


def _write(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


PROJECT = {
    "config/__init__.py": "",
    "config/celery.py": "app = None\n",
    "config/settings/__init__.py": "",
    "config/settings/base.py": "CELERY_TASK_ACKS_LATE = True\n",
    "apps/sync/__init__.py": "",
    "apps/sync/tasks.py": "",
    "apps/sync/migrations/__init__.py": "",
    "apps/sync/migrations/0001_initial.py": "",
    "apps/sync/migrations/backfill_tasks.py": "",
    "Makefile": "worker:\n\tcelery -A config worker\n",
    "Procfile": "worker: celery -A config worker\n",
    "docker-compose.yml": "services: {}\n",
    "roadmap/done/2026-03-incident.md": "# Incident\n",
    "roadmap/backlog/idea.md": "# Not an incident\n",
    "README.md": "# Readme\n",
    "node_modules/pkg/index.py": "",
    ".venv/lib/site.py": "",
    "build/lib/tasks.py": "",
    "frontend/package.json": "{}",
}


def _paths(found: tuple[SourceFile, ...]) -> list[tuple[str, str]]:
    return [(f.path, f.role) for f in found]


EXPECTED = [
    ("Makefile", "makefile"),
    ("Procfile", "procfile"),
    ("apps/sync/__init__.py", "python"),
    ("apps/sync/migrations/__init__.py", "python"),
    ("apps/sync/migrations/backfill_tasks.py", "python"),
    ("apps/sync/tasks.py", "python"),
    ("config/__init__.py", "python"),
    ("config/celery.py", "python"),
    ("config/settings/__init__.py", "python"),
    ("config/settings/base.py", "python"),
    ("docker-compose.yml", "compose"),
    ("roadmap/done/2026-03-incident.md", "incident"),
]


def test_walk_skips_environments_build_output_and_migration_modules(tmp_path: Path) -> None:
    _write(tmp_path, PROJECT)
    assert _paths(discover(tmp_path)) == EXPECTED


def test_walk_applies_gitignore_files(tmp_path: Path) -> None:
    _write(tmp_path, {**PROJECT, ".gitignore": "apps/sync/tasks.py\n", "apps/.gitignore": "*.md\n"})
    found = [p for p, _ in _paths(discover(tmp_path))]
    assert "apps/sync/tasks.py" not in found
    assert "config/celery.py" in found


# Negations, directory-only patterns, anchored and nested ones: the one-search
# shortcut (discover._any_ignore) must agree with pathspec on every path.
GITIGNORE = "*.log\n!keep.log\n/build_out/\ncache/\n.*\n!.env.example\nsecret?.py\n"
IGNORED_TREE = {
    **PROJECT,
    ".gitignore": GITIGNORE,
    "apps/.gitignore": "local_*.py\n",
    "apps/sync/run.log": "",
    "apps/sync/keep.log": "",  # negated: kept
    "build_out/tasks.py": "",
    "apps/build_out/tasks.py": "",  # /build_out/ is anchored at the root: kept
    "apps/cache/tasks.py": "",
    "apps/cachet/tasks.py": "",  # near miss of cache/: kept
    ".env.example": "",
    "apps/secret1.py": "",
    "apps/secret12.py": "",  # ? is one character: kept
    "apps/sync/local_tasks.py": "",
    "config/local_tasks.py": "",  # the nested pattern holds under apps/ only: kept
}


def test_gitignore_shortcut_agrees_with_pathspec(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import taskaudit.discover as discovery

    _write(tmp_path, IGNORED_TREE)
    fast = sorted(discovery._walk(tmp_path))
    monkeypatch.setattr(discovery, "_any_ignore", lambda spec: None)  # pathspec alone
    assert sorted(discovery._walk(tmp_path)) == fast
    kept = {
        "apps/sync/keep.log", "apps/build_out/tasks.py", "apps/cachet/tasks.py",
        ".env.example", "apps/secret12.py", "config/local_tasks.py",
    }  # fmt: skip
    gone = {
        "apps/sync/run.log", "build_out/tasks.py", "apps/cache/tasks.py",
        "apps/secret1.py", "apps/sync/local_tasks.py",
    }  # fmt: skip
    assert kept <= set(fast)
    assert gone.isdisjoint(fast)


def test_a_gitignore_of_negations_only_ignores_nothing(tmp_path: Path) -> None:
    import pathspec

    from taskaudit.discover import _any_ignore

    spec = pathspec.GitIgnoreSpec.from_lines(["!*.py", "# a comment", ""])
    found = _any_ignore(spec)
    assert found is not None
    assert found.search("apps/tasks.py") is None


def test_git_view_includes_untracked_but_not_ignored(tmp_path: Path) -> None:
    _write(tmp_path, {**PROJECT, ".gitignore": "apps/sync/tasks.py\n"})
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "add", "config"], check=True)
    found = [p for p, _ in _paths(discover(tmp_path))]
    assert "config/celery.py" in found  # tracked
    assert "Makefile" in found  # untracked, not ignored
    assert "apps/sync/tasks.py" not in found  # ignored


def test_user_excludes_use_gitignore_patterns(tmp_path: Path) -> None:
    _write(tmp_path, PROJECT)
    found = [p for p, _ in _paths(discover(tmp_path, exclude=["apps/", "Procfile"]))]
    assert found == [
        "Makefile",
        "config/__init__.py",
        "config/celery.py",
        "config/settings/__init__.py",
        "config/settings/base.py",
        "docker-compose.yml",
        "roadmap/done/2026-03-incident.md",
    ]


def test_a_virtualenv_under_any_name_is_skipped(tmp_path: Path) -> None:
    _write(tmp_path, {"env3/pyvenv.cfg": "home = /usr\n", "env3/lib/tasks.py": "", "a.py": ""})
    assert _paths(discover(tmp_path)) == [("a.py", "python")]


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_symlinks_never_lead_outside_the_root(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    _write(outside, {"secret.py": "X = 1\n"})
    root = tmp_path / "repo"
    _write(root, {"inside.py": ""})
    (root / "link.py").symlink_to(outside / "secret.py")
    (root / "linkdir").symlink_to(outside, target_is_directory=True)
    (root / "alias.py").symlink_to(root / "inside.py")
    assert [p for p, _ in _paths(discover(root))] == ["alias.py", "inside.py"]


@pytest.mark.parametrize(
    ("path", "role"),
    [
        ("Makefile", "makefile"),
        ("ops/celery.mk", "makefile"),
        ("Procfile.dev", "procfile"),
        ("compose.yaml", "compose"),
        ("docker-compose.prod.yml", "compose"),
        ("docker/Dockerfile.worker", "dockerfile"),
        ("deploy/celery-worker.service", "systemd"),
        ("deploy/supervisor/celery.conf", "supervisor"),
        ("scripts/start-worker.sh", "shell"),
        ("celerybeat-schedule", "beat-artifact"),
        ("celerybeat-schedule.db", "beat-artifact"),
        ("roadmap/done/notes.md", "incident"),
        # near misses
        ("apps/x/migrations/0002_auto.py", None),
        ("config.yml", None),
        ("docs/celery.md", None),
        ("roadmap/backlog/celery-task-drift-2026-11.md", None),
        ("nginx.conf", None),
    ],
)
def test_file_roles(path: str, role: str | None) -> None:
    assert file_role(path) == role


def test_module_paths_follow_packages_and_source_roots() -> None:
    inits = {"src/proj", "src/proj/app", "apps", "apps/sync"}
    assert module_path("src/proj/app/tasks.py", inits) == ("proj.app.tasks", False)
    assert module_path("src/proj/__init__.py", inits) == ("proj", True)
    assert module_path("apps/sync/tasks.py", inits) == ("apps.sync.tasks", False)
    assert module_path("manage.py", inits) == ("manage", False)
    # a folder without __init__.py is a source root, not part of the name
    assert module_path("backend/tasks.py", inits) == ("tasks", False)
    # ... unless it sits inside a package: then it is a PEP 420 namespace package
    assert module_path("apps/sync/jobs/nightly.py", inits) == ("apps.sync.jobs.nightly", False)
    assert module_path("apps/sync/my-jobs/nightly.py", inits) == ("nightly", False)
    assert module_path("backend/core/tasks.py", set(), ["backend"]) == ("core.tasks", False)


def test_module_paths_start_at_the_decided_roots() -> None:
    from taskaudit.roots.decide import Roots

    inits = {"src/backend", "src/backend/shop", "apps/users"}
    roots = Roots(added=frozenset({"src/backend"}), removed=frozenset({"apps"}))
    assert module_path("src/backend/shop/tasks.py", inits, roots=roots) == ("shop.tasks", False)
    assert module_path("src/backend/shop/__init__.py", inits, roots=roots) == ("shop", True)
    assert module_path("apps/users/tasks.py", inits, roots=roots) == ("apps.users.tasks", False)
    # near misses: without the decision, the __init__.py climb
    assert module_path("src/backend/shop/tasks.py", inits) == ("backend.shop.tasks", False)
    assert module_path("apps/users/tasks.py", inits) == ("users.tasks", False)
    # configured roots win over decided ones
    configured = Roots(configured=("src",), added=frozenset({"src/backend"}))
    assert module_path("src/backend/shop/tasks.py", inits, roots=configured) == (
        "backend.shop.tasks",
        False,
    )


def test_a_file_nothing_can_import_has_no_module_path() -> None:
    from taskaudit.discover import python_source
    from taskaudit.roots.decide import Roots

    inits = {"my-site", "my-site/conf"}
    assert python_source("my-site/conf/celery.py", inits).module is None
    named = Roots(named=frozenset({"my-site", "my-site/conf"}))
    assert python_source("my-site/conf/celery.py", inits, named).module == "my-site.conf.celery"
    assert python_source("scripts/run-worker.py", inits, named).module is None
    assert python_source("kb/class.py", inits).module is None
