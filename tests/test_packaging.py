"""What users install: the wheel's contents and metadata, and the pre-commit hooks.

The wheel is built once per session with ``pip wheel --no-build-isolation``
(hatchling from the environment, no network), which takes about a second.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from taskaudit import __version__
from taskaudit.discover import file_role

ROOT = Path(__file__).resolve().parent.parent
HOOKS: list[dict[str, Any]] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    pytest.importorskip("hatchling", reason="building the wheel offline needs hatchling")
    out = tmp_path_factory.mktemp("wheel")
    command = [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps"]
    command += ["--no-build-isolation", "--quiet", "--wheel-dir", str(out)]
    subprocess.run(command, check=True, capture_output=True)
    (built,) = out.glob("taskaudit-*.whl")
    return zipfile.ZipFile(built)


def _metadata(wheel: zipfile.ZipFile, name: str) -> str:
    return wheel.read(f"taskaudit-{__version__}.dist-info/{name}").decode()


def test_the_wheel_carries_the_catalog_and_the_templates(wheel: zipfile.ZipFile) -> None:
    names = wheel.namelist()
    data = sorted(n for n in names if n.startswith("taskaudit/_data/"))
    assert data == [
        "taskaudit/_data/rules.yaml",
        "taskaudit/_data/templates/drift-report.md.j2",
    ]
    assert wheel.read("taskaudit/_data/rules.yaml") == (ROOT / "rules.yaml").read_bytes()
    assert "taskaudit/py.typed" in names
    assert "taskaudit/__main__.py" in names


def test_the_wheel_holds_no_tests_examples_or_caches(wheel: zipfile.ZipFile) -> None:
    stray = [
        n for n in wheel.namelist() if n.startswith(("tests/", "examples/")) or "__pycache__" in n
    ]
    assert stray == []


def test_version_console_script_and_python_floor(wheel: zipfile.ZipFile) -> None:
    metadata = _metadata(wheel, "METADATA").splitlines()
    assert f"Version: {__version__}" in metadata
    assert "Requires-Python: >=3.11" in metadata
    scripts = _metadata(wheel, "entry_points.txt").split()
    assert scripts == ["[console_scripts]", "taskaudit", "=", "taskaudit.cli:main"]


def test_every_runtime_dependency_has_a_lower_bound(wheel: zipfile.ZipFile) -> None:
    requires = [
        line.removeprefix("Requires-Dist: ")
        for line in _metadata(wheel, "METADATA").splitlines()
        if line.startswith("Requires-Dist: ") and "extra ==" not in line
    ]
    names = sorted(re.split(r"[<>=!~ ;\[]", r)[0] for r in requires)
    assert names == ["jinja2", "packaging", "pathspec", "pyyaml", "rich", "typer"]
    assert [r for r in requires if ">=" not in r] == []


# --- .pre-commit-hooks.yaml -------------------------------------------------


def test_the_hooks_read_the_whole_project() -> None:
    assert [hook["id"] for hook in HOOKS] == ["taskaudit", "taskaudit-report"]
    for hook in HOOKS:
        assert {"id", "name", "entry", "language"} <= set(hook)
        assert (hook["language"], hook["pass_filenames"], hook["require_serial"]) == (
            "python",
            False,
            True,
        )
    assert [hook.get("stages") for hook in HOOKS] == [None, ["manual"]]
    assert [shlex.split(hook["entry"]) for hook in HOOKS] == [
        ["taskaudit", "scan", "--format", "text"],
        ["taskaudit", "scan", "--fail-on", "never"],
    ]
    assert HOOKS[0]["files"] == HOOKS[1]["files"]


def _triggers(path: str) -> bool:
    return re.search(HOOKS[0]["files"], path) is not None


TRIGGER = [
    "apps/sync/tasks.py",
    "config/settings/base.py",
    "docker-compose.prod.yml",
    "compose.yaml",
    "ci/taskaudit-rules.yaml",
    "Procfile",
    "Procfile.dev",
    "Makefile",
    "make/celery.mk",
    "Dockerfile",
    "docker/worker.Dockerfile",
    "deploy/celery-worker.service",
    "ops/supervisor/celery.conf",
    "bin/start-worker.sh",
    "scripts/deploy/run-worker",
    "docker/entrypoint",
    "pyproject.toml",
    "backend/pyproject.toml",
    ".taskaudit-baseline.json",
    "ci/drift-report.md.j2",
    "roadmap/done/2026-01-doctolib-sync-timeouts.md",
    "celerybeat-schedule",
    "requirements.txt",
    "backend/requirements/base.in",
    "dev-requirements.txt",
    "setup.cfg",
    "uv.lock",
    "Pipfile",
]
# Near misses: files taskaudit never reads, including its own report.
QUIET = [
    "README.md",
    "docs/celery.md",
    "roadmap/backlog/celery-task-drift-2026-11.md",
    "static/app.js",
    "templates/sync/practice_detail.html",
    "MANIFEST.in",
    "yarn.lock",
    "docs/notes.txt",
    "nginx.conf",
    "Makefile.bak",
    "scripts/deploy.rb",
    "package.json",
]


@pytest.mark.parametrize("path", TRIGGER)
def test_a_change_that_can_change_a_finding_runs_the_hook(path: str) -> None:
    assert _triggers(path)


@pytest.mark.parametrize("path", QUIET)
def test_a_change_taskaudit_cannot_see_skips_the_hook(path: str) -> None:
    assert not _triggers(path)


def test_every_file_taskaudit_reads_in_the_example_runs_the_hook() -> None:
    example = ROOT / "examples" / "clinic"
    paths = sorted(p.relative_to(example).as_posix() for p in example.rglob("*") if p.is_file())
    read = [p for p in paths if "__pycache__" not in p and file_role(p, example) is not None]
    assert [p for p in read if not _triggers(p)] == []
    assert "apps/sync/tasks.py" in read
