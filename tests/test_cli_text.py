"""``scan --statistics`` and ``scan --severity``, run as a user would."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from taskaudit.cli.text import SEVERITIES
from taskaudit.results import SEVERITY_ORDER

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "clinic"
TOTAL = "45 open findings (14 errors, 22 warnings, 9 info) in 59 files; "


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "taskaudit", *args, "--no-cache"],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
        env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1"},
    )


def test_the_severities_are_the_results() -> None:
    assert SEVERITIES == SEVERITY_ORDER


def test_statistics_alone_implies_text_and_writes_no_report(tmp_path: Path) -> None:
    project = tmp_path / "clinic"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns(".taskaudit_cache", "backlog"))
    done = run("scan", str(project), "--statistics")
    lines = done.stdout.splitlines()
    assert (done.returncode, done.stderr) == (1, "")
    assert lines[:3] == [
        "2  TA103   error    Two tasks registered under the same name",
        "2  TA1101  error    Setting that Celery never reads",
        "1  TA303   error    Retries with no upper bound (max_retries=None)",
    ]
    assert lines[-1] == TOTAL + "2 suppressed, 0 baselined, 0 undecidable."
    assert len(lines) == 40 + 1
    assert not (project / "roadmap" / "backlog").exists()


def test_severity_keeps_those_findings_for_the_output_and_the_exit_code() -> None:
    errors = json.loads(run("scan", str(EXAMPLE), "-f", "json", "--severity", "error").stdout)
    assert {f["severity"] for f in errors["findings"]} == {"error"}
    assert errors["summary"]["by_severity"] == {"error": 14, "info": 0, "warning": 0}
    info = run("scan", str(EXAMPLE), "-f", "text", "--severity", "info", "--fail-on", "warning")
    assert info.returncode == 0  # nine info findings, none at or above warning
    assert info.stdout.splitlines()[-1] == (
        "9 open findings (0 errors, 0 warnings, 9 info) in 59 files; "
        "0 suppressed, 0 baselined, 0 undecidable."
    )
    both = run("scan", str(EXAMPLE), "--statistics", "--severity", "error,info")
    total = both.stdout.splitlines()[-1]
    assert total.startswith("23 open findings (14 errors, 0 warnings, 9 info)")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--severity", "fatal", "-f", "text"),
         "--severity: 'fatal' is not one of: error, warning, info"),
        (("--severity", "error"), "--severity: the monthly report holds every finding; use it "
         "with --format text, json, sarif, github or gitlab"),
        (("--statistics", "-f", "json"), "--statistics: only with --format text, not json"),
    ],
)  # fmt: skip
def test_misuse_is_one_line_and_exit_2(args: tuple[str, ...], message: str) -> None:
    done = run("scan", str(EXAMPLE), *args)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", f"taskaudit: {message}\n")
