"""A whole scan: exit codes, and rule examples run through the real pipeline."""

from __future__ import annotations

from pathlib import Path

from taskaudit.config import Config
from taskaudit.core.location import Location
from taskaudit.link.project import build_project
from taskaudit.link.schema import SCHEMA
from taskaudit.results import Reported, ScanResult
from taskaudit.rules import Catalog, Finding, RuleText, load_rules
from taskaudit.scan import ScanOptions, exit_code, read_project, run_scan, scan_files

RULES = RuleText(
    "test-rules.yaml",
    """\
version: 1
rules:
  - id: TA101
    slug: task-name-missing
    severity: warning
    section: naming
    subject: task
    require: {name.explicit: true}
    message: "task {function} has no name"
    docs: {what: w, why: y, fix: f}
""",
)


def _catalog() -> Catalog:
    return load_rules([RULES], SCHEMA, require_examples=False)


def _result(*severities: str, status: str = "open") -> ScanResult:
    found = tuple(
        Reported(
            Finding("TA1", "s", sev, Location("a.py", 1, 1), "m", "i", "naming"),
            "f",
            "open" if status == "open" else "suppressed",
        )
        for sev in severities
    )
    return ScanResult("0", found, (), build_project(()), Catalog(()), 1)


def test_exit_code_follows_the_threshold() -> None:
    assert exit_code(_result("info"), "warning") == 0
    assert exit_code(_result("info", "warning"), "warning") == 1
    assert exit_code(_result("warning"), "error") == 0
    assert exit_code(_result("info"), "info") == 1
    assert exit_code(_result("error"), "never") == 0
    assert exit_code(_result("error", status="suppressed"), "info") == 0


def test_make_targets_expected_by_the_team_are_checked_too() -> None:
    from taskaudit.resources import default_rules
    from taskaudit.rules import override_params

    catalog = load_rules([default_rules()], SCHEMA).only("TA1001")
    catalog = override_params(
        catalog, {"TA1001": {"expected": ["celery-logs", "flower-logs"]}}, Location("x", 1, 1)
    )
    files = {
        "Makefile": "%-logs:  ## any service's logs\n\tdocker compose logs -f $*\n",
        "config/celery.py": "from celery import Celery\napp = Celery('config')\n",
    }
    # The pattern rule answers the conventional celery-logs, not the team's own name.
    assert [f.message.split("`")[1] for f in scan_files(files, catalog)] == ["flower-logs"]


def test_every_command_links_with_the_conventions_the_configured_params_state(
    tmp_path: Path,
) -> None:
    (tmp_path / "tasks.py").write_text("from celery import shared_task\n")
    default = read_project(tmp_path, ScanOptions()).project.conventions
    assert default.heavy_queue == "heavy"
    configured = Config(params={"TA602": {"heavy_queue": "slow"}})
    assert read_project(tmp_path, ScanOptions(configured)).project.conventions.heavy_queue == "slow"


def test_a_convention_holds_when_its_rule_is_not_selected(tmp_path: Path) -> None:
    (tmp_path / "tasks.py").write_text("from celery import shared_task\n")
    config = Config(params={"TA602": {"heavy_queue": "slow"}}, select=("TA4",))
    assert read_project(tmp_path, ScanOptions(config)).project.conventions.heavy_queue == "slow"
    assert run_scan(tmp_path, ScanOptions(config)).result.project.conventions.heavy_queue == "slow"
