"""Section 2: taskaudit reads a project; nothing in it runs, whatever it is named."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from hostile.helpers import run, write_tree
from taskaudit.pipeline import scan_tree


def planted(canary: Path, name: str) -> str:
    """Python that leaves ``canary/name`` behind if anything imports or runs it."""
    return f"import pathlib\npathlib.Path({str(canary / name)!r}).write_text('ran')\n"


def canary_project(root: Path, canary: Path) -> Path:
    canary.mkdir()
    task = (
        "from celery import shared_task\n\n\n"
        '@shared_task(name="app.tasks.sync")\n'
        "def sync():\n"
        "    pass\n"
    )
    shell = f"touch {canary / 'shell'}"
    write_tree(
        root,
        {
            "app/__init__.py": planted(canary, "package"),
            "app/tasks.py": planted(canary, "module") + task,
            "app/__main__.py": planted(canary, "main"),
            "config/__init__.py": "",
            "config/settings.py": planted(canary, "settings") + "CELERY_TASK_ACKS_LATE = True\n",
            "config/celery.py": planted(canary, "celery") + "from celery import Celery\n"
            "app = Celery('config')\n"
            "app.config_from_object('django.conf:settings', namespace='CELERY')\n",
            "conftest.py": planted(canary, "conftest"),
            "setup.py": planted(canary, "setup") + "from setuptools import setup\nsetup()\n",
            "manage.py": planted(canary, "manage"),
            "sitecustomize.py": planted(canary, "sitecustomize"),
            "usercustomize.py": planted(canary, "usercustomize"),
            "evil.pth": f"import pathlib; pathlib.Path({str(canary / 'pth')!r}).write_text('x')\n",
            "Makefile": f"X := $(shell {shell})\nworker:\n\t{shell} && celery -A config worker\n",
            "Procfile": f"worker: {shell}; celery -A config worker -Q celery\n",
            "scripts/start": f"#!/bin/sh\n{shell}\nexec celery -A config worker\n",
            "docker-compose.yml": "services:\n  worker:\n"
            f"    command: !!python/object/apply:os.system [{shell!r}]\n",
            "pyproject.toml": '[build-system]\nrequires = ["setuptools"]\n'
            'build-backend = "backend"\nbackend-path = ["."]\n',
            "backend.py": planted(canary, "backend"),
        },
    )
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    # git runs core.fsmonitor while reading the index: a cloned tree's config must not reach it.
    subprocess.run(
        ["git", "-C", str(root), "config", "core.fsmonitor", f"{shell}; echo"], check=True
    )
    return root


def test_scanning_a_booby_trapped_project_runs_none_of_it(tmp_path: Path) -> None:
    canary = tmp_path / "canary"
    root = canary_project(tmp_path / "proj", canary)
    commands = [
        ("scan", ".", "--format", "json", "--select", "TA000"),
        ("scan", ".", "--output", "-", "--month", "2026-01", "--select", "TA000"),
        ("inventory", ".", "--format", "json"),
        ("init", "."),
        ("baseline", ".", "--output", str(tmp_path / "baseline.json")),
    ]
    codes = [run(*command, cwd=root).returncode for command in commands]
    scan_tree(root)
    assert (codes, sorted(p.name for p in canary.iterdir())) == ([0, 0, 0, 0, 0], [])


def test_the_booby_trapped_project_was_still_read(tmp_path: Path) -> None:
    root = canary_project(tmp_path / "proj", tmp_path / "canary")
    done = run("inventory", ".", "--format", "json", cwd=root)
    data = json.loads(done.stdout)
    assert (done.returncode, done.stderr) == (0, "")
    assert [t["name"] for t in data["tasks"]] == ["app.tasks.sync"]
    assert [w["path"] for w in data["workers"]] == ["Makefile", "Procfile", "scripts/start"]
