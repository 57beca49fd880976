"""A project in a subfolder of its repository: code-hosting formats name files from the top."""

from __future__ import annotations

import json
from pathlib import Path

from taskaudit.config import Config
from taskaudit.discover import repository_prefix
from taskaudit.report.formats import to_gitlab, to_json
from taskaudit.report.github import github_annotations
from taskaudit.report.sarif import to_sarif
from taskaudit.scan import ScanOptions, run_scan

SWALLOW = (
    "from celery import shared_task\n\n\n"
    '@shared_task(name="app.tasks.sync")\n'
    "def sync():\n"
    "    try:\n"
    "        return 1\n"
    "    except Exception:\n"
    "        pass\n"
)


def _repo(root: Path) -> Path:
    (root / ".git").mkdir(parents=True)
    (root / "backend" / "app").mkdir(parents=True)
    (root / "backend" / "app" / "__init__.py").write_text("")
    (root / "backend" / "app" / "tasks.py").write_text(SWALLOW)
    return root


def test_the_prefix_is_found_from_dot_git_folders_and_files(tmp_path: Path) -> None:
    repo = _repo(tmp_path / "repo")
    assert repository_prefix(repo) == ""
    assert repository_prefix(repo / "backend") == "backend/"
    assert repository_prefix(repo / "backend" / "app") == "backend/app/"
    worktree = tmp_path / "worktree"
    (worktree / "src").mkdir(parents=True)
    (worktree / ".git").write_text("gitdir: ../repo/.git/worktrees/w\n")  # a linked worktree
    assert repository_prefix(worktree / "src") == "src/"
    assert repository_prefix(tmp_path / "repo" / ".." / "worktree" / "src") == "src/"


def test_sarif_github_and_gitlab_paths_start_at_the_repository_root(tmp_path: Path) -> None:
    result = run_scan(_repo(tmp_path) / "backend", ScanOptions(Config(select=("TA401",)))).result
    sarif = json.loads(to_sarif(result))
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in sarif["runs"][0]["results"]]  # fmt: skip
    assert uris == ["backend/app/tasks.py"]
    assert "file=backend/app/tasks.py,line=8," in github_annotations(result)
    assert [i["location"]["path"] for i in json.loads(to_gitlab(result))] == [
        "backend/app/tasks.py"
    ]
    # The JSON and the report stay relative to the scanned folder, like the text output.
    assert [f["path"] for f in json.loads(to_json(result))["findings"]] == ["app/tasks.py"]


def test_outside_git_paths_are_relative_to_the_scanned_folder(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "tasks.py").write_text(SWALLOW)
    result = run_scan(tmp_path, ScanOptions(Config(select=("TA401",)))).result
    assert result.repo_prefix == ""
    assert "file=app/tasks.py,line=8," in github_annotations(result)
