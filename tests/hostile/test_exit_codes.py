"""Section 6: the exit-code contract, 0 clean / 1 findings / 2 usage or config / 3 internal."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

import taskaudit.scan
from hostile.helpers import run, write_tree
from taskaudit import cli
from taskaudit.cli import root

README = Path(__file__).resolve().parents[2] / "README.md"
PY2 = {"app/old.py": 'from celery import shared_task\nprint "x"\n', "app/ok.py": "x = 1\n"}


@pytest.mark.parametrize(
    ("files", "flags", "code"),
    [
        ({"app/ok.py": "x = 1\n"}, (), 0),
        (PY2, (), 1),
        (PY2, ("--fail-on", "error"), 1),
        (PY2, ("--fail-on", "never"), 0),
        (PY2, ("--exit-zero",), 0),
        (PY2, ("--ignore", "TA000"), 0),
    ],
    ids=["clean", "findings", "at-threshold", "fail-on-never", "exit-zero", "ignored"],
)
def test_clean_and_findings(
    tmp_path: Path, files: dict[str, str | bytes], flags: tuple[str, ...], code: int
) -> None:
    write_tree(tmp_path, files)
    done = run("scan", ".", "--format", "json", "--select", "TA000", *flags, cwd=tmp_path)
    assert (done.returncode, done.stderr) == (code, "")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("scan", "missing"), "missing: no such directory"),
        (("scan", ".", "--fail-on", "loud"), "--fail-on: expected one of error, warning, info, "
         "never, got 'loud'"),
        (("scan", ".", "--select", "TA9999"), "--select: unknown rule 'TA9999'"),
        (("scan", ".", "--ignore", "TA4O1"),
         "--ignore: unknown rule 'TA4O1'; did you mean 'TA401'?"),
        (("scan", ".", "--month", "2026-13"), "--month: '2026-13' is not a month like 2026-11"),
        (("scan", ".", "--baseline", "nope.json"),
         "--baseline: nope.json: cannot read the baseline: [Errno 2] "
         "No such file or directory: 'nope.json'"),
    ],
    ids=["missing-dir", "fail-on", "selector", "ignored-id", "month", "baseline"],
)  # fmt: skip
def test_usage_and_configuration_errors_are_exit_2_and_one_line(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    write_tree(tmp_path, {"app/ok.py": "x = 1\n"})
    done = run(*args, cwd=tmp_path)
    assert (done.returncode, done.stderr, done.stdout) == (2, f"taskaudit: {message}\n", "")


def test_a_report_it_will_not_overwrite_is_exit_2(tmp_path: Path) -> None:
    write_tree(tmp_path, {**PY2, "roadmap/backlog/celery-task-drift-2026-01.md": "# mine\n"})
    done = run("scan", ".", "--month", "2026-01", "--select", "TA000", cwd=tmp_path)
    expected = (
        "taskaudit: roadmap/backlog/celery-task-drift-2026-01.md was not written by taskaudit; "
        "use --force to replace it\n"
    )
    assert (done.returncode, done.stderr.replace(str(tmp_path) + "/", "")) == (2, expected)
    assert (tmp_path / "roadmap/backlog/celery-task-drift-2026-01.md").read_text() == "# mine\n"


def test_click_usage_errors_are_exit_2_without_a_traceback(tmp_path: Path) -> None:
    done = run("scan", "--format", "yaml", cwd=tmp_path)
    assert (done.returncode, "Traceback" in done.stderr, done.stdout) == (2, False, "")
    assert "'yaml' is not one of" in done.stderr


def explode(*args: object, **kwargs: object) -> None:
    raise RuntimeError("boom")


def test_an_internal_error_is_exit_3_and_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(taskaudit.scan, "run_scan", explode)
    monkeypatch.setattr(root, "_debug", False)
    monkeypatch.setattr(sys, "argv", ["taskaudit", "scan", str(tmp_path), "--format", "json"])
    with pytest.raises(SystemExit) as exited:
        cli.main()
    out, err = capsys.readouterr()
    expected = (
        "taskaudit: internal error: RuntimeError: boom (run with --debug for the traceback)\n"
    )
    assert (exited.value.code, err, out) == (3, expected, "")


def test_debug_lets_the_internal_error_through_with_its_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(taskaudit.scan, "run_scan", explode)
    monkeypatch.setattr(root, "_debug", False)
    monkeypatch.setattr(sys, "argv", ["taskaudit", "--debug", "scan", str(tmp_path)])
    with pytest.raises(RuntimeError, match=r"^boom$"):
        cli.main()


def test_the_readme_documents_every_code() -> None:
    rows = re.findall(r"^\| (\d) \| ", README.read_text(encoding="utf-8"), re.M)
    assert rows == ["0", "1", "2", "3"]
