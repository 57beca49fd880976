"""``taskaudit inventory`` reads the project with the configuration ``scan`` reads."""

from __future__ import annotations

import json
from pathlib import Path

from cli.helpers import configured, invoke


def _names(*args: str) -> list[str]:
    done = invoke("inventory", *args, "--format", "json")
    assert done.exit_code == 0, done.output
    return [task["name"] for task in json.loads(done.stdout)["tasks"]]


def test_exclude_and_source_roots_of_the_project_change_what_is_listed(tmp_path: Path) -> None:
    assert _names(str(configured(tmp_path))) == ["app.tasks.ping"]


def test_without_the_configuration_everything_is_listed_by_its_own_path(tmp_path: Path) -> None:
    root = configured(tmp_path)
    assert _names(str(root), "--isolated") == ["tasks.ping", "old_jobs.old"]
    other = tmp_path / "other.toml"
    other.write_text('[tool.taskaudit]\nexclude = ["backend/"]\n')
    assert _names(str(root), "--config", str(other)) == ["old_jobs.old"]
