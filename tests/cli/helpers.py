"""A project whose ``[tool.taskaudit]`` changes what every command reads."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner, Result

from taskaudit.cli import app

TASK = "from celery import shared_task\n\n\n@shared_task\ndef {name}():\n    pass\n"
# `legacy/` is excluded, and `backend` is an import root: its `app` folder has no
# __init__.py, so only the configuration makes `backend/app/tasks.py` module `app.tasks`.
PYPROJECT = '[tool.taskaudit]\nexclude = ["legacy/"]\nsource-roots = ["backend"]\n'


def configured(root: Path) -> Path:
    (root / "backend" / "app").mkdir(parents=True)
    (root / "legacy").mkdir()
    (root / "pyproject.toml").write_text(PYPROJECT)
    (root / "backend" / "app" / "tasks.py").write_text(TASK.format(name="ping"))
    (root / "legacy" / "old_jobs.py").write_text(TASK.format(name="old"))
    return root


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, [*args, "--no-cache"], catch_exceptions=False)
