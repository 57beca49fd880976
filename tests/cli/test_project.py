"""``baseline``, ``init`` and ``explain`` read the project as ``scan`` does, with its config."""

from __future__ import annotations

import json
from pathlib import Path

from cli.helpers import configured, invoke


def test_init_scans_with_the_configuration_and_keeps_its_settings(tmp_path: Path) -> None:
    done = invoke("init", str(configured(tmp_path)))
    assert done.exit_code == 0, done.output
    assert "# Tasks found: 1 (shared_task 1)\n# Settings kept from: pyproject.toml\n" in done.stdout
    assert '\nsource-roots = ["backend"]\n' in done.stdout
    assert '\nexclude = ["legacy/"]\n' in done.stdout


def test_init_without_the_configuration_sees_every_task_and_keeps_nothing(tmp_path: Path) -> None:
    done = invoke("init", str(configured(tmp_path)), "--isolated")
    assert done.exit_code == 0, done.output
    assert "# Tasks found: 2 (shared_task 2)\n# Could not see: no Celery app" in done.stdout
    assert "\n# source-roots = []\n" in done.stdout
    assert "\nexclude = " not in done.stdout


def test_init_write_carries_a_parent_configuration_into_the_new_section(tmp_path: Path) -> None:
    root = configured(tmp_path)
    (root / "pyproject.toml").write_text('[tool.taskaudit]\nbaseline = "ci/accepted.json"\n')
    done = invoke("init", str(root / "backend"), "--write")
    assert done.exit_code == 0, done.output
    written = (root / "backend" / "pyproject.toml").read_text()
    assert '\nbaseline = "../ci/accepted.json"\n' in written


def _explained(*args: str) -> tuple[int, str]:
    done = invoke("explain", *args)
    return done.exit_code, done.stdout


def test_explain_reads_the_findings_the_configured_scan_reports(tmp_path: Path) -> None:
    root = str(configured(tmp_path))
    code, text = _explained("backend/app/tasks.py:5", "--root", root)
    assert code == 0
    # The module comes from source-roots: the task registers as app.tasks.ping.
    assert "Celery registers it as `app.tasks.ping`" in text
    assert [line.split()[1] for line in text.splitlines() if line.startswith("backend/")] == [
        "TA101",
        "TA301",
    ]  # no app in the tree: TA404 is undecidable
    assert _explained("legacy/old_jobs.py:5", "--root", root) == (1, "")  # excluded


def test_explain_without_the_configuration_reads_every_file(tmp_path: Path) -> None:
    root = str(configured(tmp_path))
    code, text = _explained("backend/app/tasks.py:5", "--root", root, "--isolated")
    assert (code, "Celery registers it as `tasks.ping`" in text) == (0, True)
    code, text = _explained("legacy/old_jobs.py:5", "--root", root, "--isolated")
    assert (code, text.split()[:2]) == (0, ["legacy/old_jobs.py:5:1", "TA101"])


def _recorded(root: Path, *args: str) -> list[str]:
    done = invoke("baseline", str(root), *args)
    assert done.exit_code == 0, done.output
    rows = json.loads((root / ".taskaudit-baseline.json").read_text())["fingerprints"]
    return sorted({row["path"] for row in rows})


def test_baseline_records_what_the_configured_scan_reports(tmp_path: Path) -> None:
    root = configured(tmp_path)
    assert _recorded(root) == ["backend/app/tasks.py"]
    assert _recorded(root, "--isolated") == ["backend/app/tasks.py", "legacy/old_jobs.py"]
