"""The command line as a user meets it: exit codes, one-line errors, streams."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from taskaudit import __version__
from taskaudit.discover import repository_prefix

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "clinic"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "taskaudit", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
        env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "COLUMNS": "120"},
    )


def test_version() -> None:
    done = run("--version")
    assert (done.returncode, done.stdout) == (0, f"taskaudit {__version__}\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("inventory", "no/such/dir"), "taskaudit: no/such/dir: no such directory\n"),
        (
            ("scan", "pyproject.toml", "--format", "json"),
            "taskaudit: pyproject.toml: not a directory (taskaudit reads a whole project)\n",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: tuple[str, ...], message: str) -> None:
    done = run(*args, cwd=EXAMPLE.parent.parent)
    assert (done.returncode, done.stderr, done.stdout) == (2, message, "")


def test_usage_errors_exit_2_without_traceback() -> None:
    done = run("scan", "--format", "yaml")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr


def test_inventory_json_lists_the_example_tasks() -> None:
    done = run("inventory", str(EXAMPLE), "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    names = [task["name"] for task in data["tasks"]]
    assert "apps.sync.tasks.sync_doctolib_practice" in names
    assert "tools.ops_celery.measure_queue_backlog" in names
    assert len(names) == 30  # PLANTED.md: 27 @shared_task and 3 @app.task
    assert not any(name.startswith("tasks.") for name in names)  # invoke's tasks.py


def test_same_bytes_from_anywhere() -> None:
    here = run("inventory", str(EXAMPLE), "--format", "json")
    there = run("inventory", ".", "--format", "json", cwd=EXAMPLE)
    assert here.stdout == there.stdout
    assert str(EXAMPLE) not in here.stdout


def test_the_cache_never_changes_the_output(tmp_path: Path) -> None:
    import shutil

    project = tmp_path / "clinic"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns(".taskaudit_cache", "backlog"))
    uncached = run("scan", str(project), "--format", "json", "--no-cache")
    cold = run("scan", str(project), "--format", "json", "--jobs", "2")
    warm = run("scan", str(project), "--format", "json")
    assert (project / ".taskaudit_cache" / "CACHEDIR.TAG").is_file()
    assert uncached.stdout == cold.stdout == warm.stdout
    assert uncached.returncode == cold.returncode == warm.returncode == 1
    cleaned = run("clean", str(project))
    assert (cleaned.returncode, cleaned.stderr.startswith("taskaudit: removed ")) == (0, True)
    assert not (project / ".taskaudit_cache" / "CACHEDIR.TAG").exists()


def test_verbose_names_the_configuration_and_rules_read(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.taskaudit]\nfail-on = "never"\n')
    (tmp_path / "tasks.py").write_text("x = 1\n")
    done = run("scan", ".", "--format", "json", "--verbose", "--no-cache", cwd=tmp_path)
    lines = done.stderr.splitlines()
    assert done.returncode == 0
    assert lines[0] == "taskaudit: configuration: pyproject.toml"
    assert lines[1].startswith("taskaudit: rules: ") and lines[1].endswith("rules.yaml")
    quiet = run("scan", ".", "--format", "json", "--no-cache", cwd=tmp_path)
    assert quiet.stderr == ""


def test_sarif_holds_open_findings_unless_silenced_ones_are_asked_for() -> None:
    # GitHub code scanning ignores SARIF suppressions: by default they are not uploaded.
    def results(*flags: str) -> list[tuple[str, str, bool]]:
        done = run("scan", str(EXAMPLE), "--format", "sarif", "--no-cache", "--exit-zero", *flags)
        assert done.returncode == 0, done.stderr
        return [
            (
                r["ruleId"],
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                "suppressions" in r,
            )
            for r in json.loads(done.stdout)["runs"][0]["results"]
        ]

    open_only, everything = results(), results("--include-silenced")
    assert not any(silenced for _, _, silenced in open_only)
    silenced = [r for r in everything if r[2]]
    assert len(silenced) == 2  # the example's two justified suppressions (PLANTED.md)
    assert sorted(r for r in everything if not r[2]) == sorted(open_only)
    # In a checkout the example sits in examples/clinic/: paths start at the repository's top.
    prefix = repository_prefix(EXAMPLE)
    assert all(
        uri.startswith(prefix) and (EXAMPLE / uri[len(prefix) :]).is_file()
        for _, uri, _ in everything
    )


def test_text_lines_are_ruffs_shape_with_the_short_message() -> None:
    """Each open finding parses with the problem matcher CI and editors use for ruff."""
    matcher = re.compile(r"^(.+):(\d+):(\d+): (\w+) (.+)$")
    text = run("scan", str(EXAMPLE), "--format", "text", "--no-cache").stdout
    found = json.loads(run("scan", str(EXAMPLE), "--format", "json", "--no-cache").stdout)
    opened = [f for f in found["findings"] if f["status"] == "open"]
    parsed = [m.groups() for m in map(matcher.match, text.splitlines()) if m]
    assert [(p, int(line), int(col), rule) for p, line, col, rule, _ in parsed] == [
        (f["path"], f["line"], f["column"], f["rule_id"]) for f in opened
    ]
    by_place = {(f["path"], f["line"], f["rule_id"]): f["message"] for f in opened}
    assert by_place[("apps/sync/tasks.py", 127, "TA401")].startswith(
        "an `except` in task `apps.sync.tasks.sync_doctolib_cancellations` swallows the exception: "
    )
    shown = {(p, int(line), rule): message for p, line, _, rule, message in parsed}
    assert shown[("apps/sync/tasks.py", 127, "TA401")] == (
        "an `except` in task `apps.sync.tasks.sync_doctolib_cancellations` swallows the exception"
    )
    assert text.endswith(
        "1  TA1002  info     Celery Make target without a help comment\n"
        "45 open findings (14 errors, 22 warnings, 9 info) in 59 files; "
        "2 suppressed, 0 baselined, 0 undecidable.\n"
    )
