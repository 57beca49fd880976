from __future__ import annotations

import json

import pytest

from report.sample import result
from taskaudit.report.baseline import baseline_text, load_baseline


def test_baseline_lists_open_and_baselined_findings_not_suppressed_ones() -> None:
    text = baseline_text(result())
    assert json.loads(text) == {
        "tool": "taskaudit",
        "version": 1,
        "fingerprints": [
            {
                "fingerprint": "ddd0000000000004:0",
                "message": "Task 'x' uses @app.task",
                "path": "apps/dataquality/tasks.py",
                "rule_id": "TA201",
            },
            {
                "fingerprint": "bbb0000000000002:0",
                "message": "Task 'apps.imports.tasks.load_csv' declares no retry policy",
                "path": "apps/imports/tasks.py",
                "rule_id": "TA301",
            },
            {
                "fingerprint": "aaa0000000000001:0",
                "message": result().findings[2].finding.message,
                "path": "apps/sync/tasks.py",
                "rule_id": "TA401",
            },
        ],
    }
    assert text.endswith("}\n")
    assert text.startswith('{\n  "fingerprints": [\n')


def test_baseline_round_trips() -> None:
    assert load_baseline(baseline_text(result())) == frozenset(
        {"ddd0000000000004:0", "bbb0000000000002:0", "aaa0000000000001:0"}
    )


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (
            "{",
            ".taskaudit-baseline.json:1:2: not JSON: "
            "Expecting property name enclosed in double quotes",
        ),
        ("[]", ".taskaudit-baseline.json: not a taskaudit baseline (no 'fingerprints' list)"),
        (
            '{"version": 2, "fingerprints": []}',
            ".taskaudit-baseline.json: baseline format 2 is not supported (expected 1)",
        ),
        (
            '{"version": 1, "fingerprints": [{"rule_id": "TA401"}]}',
            ".taskaudit-baseline.json: fingerprints[0] has no 'fingerprint' string",
        ),
    ],
)
def test_malformed_baselines_fail_with_one_line(text: str, error: str) -> None:
    with pytest.raises(Exception) as raised:
        load_baseline(text)
    assert str(raised.value) == error
