from __future__ import annotations

import json

from report.sample import HOSTILE, PROJECT, result
from taskaudit.core.location import Location
from taskaudit.inventory import coverage_data, inventory_data
from taskaudit.report.formats import to_gitlab, to_json
from taskaudit.report.github import github_annotations, github_summary, to_github
from taskaudit.results import Reported
from taskaudit.rules.evaluate import Finding


def test_json_carries_every_finding_with_its_status() -> None:
    text = to_json(result())
    data = json.loads(text)
    assert text.endswith("}\n")
    assert text.startswith('{\n  "coverage": {\n    "apps": [')
    assert data["version"] == "0.1.0"
    assert data["inventory"] == inventory_data(PROJECT)
    assert data["coverage"] == coverage_data(PROJECT.coverage)
    assert [
        (f["rule_id"], f["path"], f["line"], f["status"], f.get("justification"))
        for f in data["findings"]
    ] == [
        ("TA201", "apps/dataquality/tasks.py", 7, "baselined", "baseline"),
        ("TA301", "apps/imports/tasks.py", 10, "open", None),
        ("TA401", "apps/sync/tasks.py", 42, "open", None),
        ("TA802", "config/celery.py", 30, "suppressed", "owner: data team | see *runbook*"),
    ]
    assert data["findings"][2] == {
        "column": 9,
        "fingerprint": "aaa0000000000001:0",
        "line": 42,
        "message": HOSTILE,
        "path": "apps/sync/tasks.py",
        "rule_id": "TA401",
        "severity": "error",
        "slug": "exception-swallowed",
        "status": "open",
    }
    assert data["undecided"] == [
        {
            "column": 1,
            "fields": ["time_limit"],
            "identity": "apps.pennylane_sync.tasks.push",
            "line": 5,
            "message": "TA601 (task-time-limit-missing) could not decide: time_limit "
            "(read from os.environ)",
            "path": "apps/pennylane_sync/tasks.py",
            "reasons": ["read from os.environ"],
            "rule_id": "TA601",
            "slug": "task-time-limit-missing",
        }
    ]
    assert data["summary"] == {
        "baselined": 1,
        "by_rule": {"TA301": 1, "TA401": 1},
        "by_severity": {"error": 1, "info": 0, "warning": 1},
        "files": 12,
        "open": 2,
        "suppressed": 1,
        "undecidable": 1,
    }


MESSAGE_301 = "Task 'apps.imports.tasks.load_csv' declares no retry policy"
JSON_HOSTILE = (
    "Task 'apps.sync.tasks.pull|all' swallows `Exception` "
    "<script>alert(1)</script>\\nthen *returns*"
)
GITLAB = f"""\
[
  {{
    "check_name": "TA301",
    "description": "TA301 (retry-policy-undeclared): {MESSAGE_301}",
    "fingerprint": "bbb0000000000002:0",
    "location": {{
      "lines": {{
        "begin": 10
      }},
      "path": "apps/imports/tasks.py"
    }},
    "severity": "minor"
  }},
  {{
    "check_name": "TA401",
    "description": "TA401 (exception-swallowed): {JSON_HOSTILE}",
    "fingerprint": "aaa0000000000001:0",
    "location": {{
      "lines": {{
        "begin": 42
      }},
      "path": "apps/sync/tasks.py"
    }},
    "severity": "major"
  }}
]
"""


def test_gitlab_code_quality_lists_open_findings_only() -> None:
    assert to_gitlab(result()) == GITLAB


ANNOTATIONS = (
    "::warning file=apps/imports/tasks.py,line=10,col=1,title=TA301 retry-policy-undeclared::"
    f"{MESSAGE_301}\n"
    "::error file=apps/sync/tasks.py,line=42,col=9,title=TA401 exception-swallowed::"
    "Task 'apps.sync.tasks.pull|all' swallows `Exception` <script>alert(1)</script>"
    "%0Athen *returns*\n"
)


def test_github_annotations_escape_data_and_properties() -> None:
    assert github_annotations(result()) == ANNOTATIONS
    where = Location("a,b:c%.py", 1, 1)
    finding = Finding("TA401", "exception-swallowed", "info", where, "100% sure\r\n", "id", "x")
    odd = result((Reported(finding, "f:0"),))
    assert github_annotations(odd) == (
        "::notice file=a%2Cb%3Ac%25.py,line=1,col=1,title=TA401 exception-swallowed::"
        "100%25 sure%0A\n"
    )


def test_github_summary_is_markdown_for_the_step_summary() -> None:
    assert github_summary(result()) == (
        "## taskaudit\n\n"
        "2 open findings (1 error, 1 warning, 0 info) in 12 files; "
        "1 suppressed, 1 baselined, 1 undecidable.\n\n"
        "| error | warning | info | suppressed | baselined | undecidable |\n"
        "|---:|---:|---:|---:|---:|---:|\n"
        "| 1 | 1 | 0 | 1 | 1 | 1 |\n\n"
        "| where | rule | severity | message |\n"
        "|---|---|---|---|\n"
        "| `apps/imports/tasks.py:10` | TA301 retry-policy-undeclared | warning "
        "| Task `'apps.imports.tasks.load_csv'` declares no retry policy |\n"
        "| `apps/sync/tasks.py:42` | TA401 exception-swallowed | error "
        "| Task `'apps.sync.tasks.pull\\|all'` swallows `Exception` "
        "`<script>alert(1)</script>`<br>then `*returns*` |\n"
    )
    assert to_github(result(), summary=False) == (ANNOTATIONS, None)
