from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]  # no stubs; test-only

from report.sample import CATALOG, result
from taskaudit.core.location import Location
from taskaudit.report.sarif import sarif_log, to_sarif
from taskaudit.results import Reported
from taskaudit.rules.evaluate import Finding

# The OASIS SARIF 2.1.0 schema (errata 01), as published in oasis-tcs/sarif-spec.
SCHEMA = json.loads((Path(__file__).parent / "sarif-schema-2.1.0.json").read_text())


def _errors(log: dict[str, Any]) -> list[str]:
    validator = jsonschema.validators.validator_for(SCHEMA)(SCHEMA)
    return sorted(error.message for error in validator.iter_errors(log))


def test_sarif_validates_against_the_official_schema() -> None:
    assert _errors(json.loads(to_sarif(result()))) == []
    assert _errors(sarif_log(result(), include_silenced=False)) == []


def test_the_schema_catches_what_it_should() -> None:
    # Near miss for the validator itself: a 0 column is invalid SARIF.
    log = sarif_log(result())
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startColumn"] = 0
    assert _errors(log) == ["0 is less than the minimum of 1"]


def test_results_carry_rule_location_fingerprint_and_suppressions() -> None:
    log = sarif_log(result())
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["TA201", "TA301", "TA401", "TA601", "TA802"]
    assert [
        (
            r["ruleId"],
            rules[r["ruleIndex"]]["id"],
            r["level"],
            r["locations"][0]["physicalLocation"]["artifactLocation"],
            r["locations"][0]["physicalLocation"]["region"],
            r["partialFingerprints"],
            r.get("suppressions"),
        )
        for r in run["results"]
    ] == [
        (
            "TA201",
            "TA201",
            "note",
            {"uri": "apps/dataquality/tasks.py", "uriBaseId": "%SRCROOT%"},
            {"startLine": 7, "startColumn": 1},
            {"taskaudit/v1": "ddd0000000000004:0"},
            [{"kind": "external", "status": "accepted", "justification": "baseline"}],
        ),
        (
            "TA301",
            "TA301",
            "warning",
            {"uri": "apps/imports/tasks.py", "uriBaseId": "%SRCROOT%"},
            {"startLine": 10, "startColumn": 1},
            {"taskaudit/v1": "bbb0000000000002:0"},
            None,
        ),
        (
            "TA401",
            "TA401",
            "error",
            {"uri": "apps/sync/tasks.py", "uriBaseId": "%SRCROOT%"},
            {"startLine": 42, "startColumn": 9},
            {"taskaudit/v1": "aaa0000000000001:0"},
            None,
        ),
        (
            "TA802",
            "TA802",
            "warning",
            {"uri": "config/celery.py", "uriBaseId": "%SRCROOT%"},
            {"startLine": 30, "startColumn": 5},
            {"taskaudit/v1": "ccc0000000000003:0"},
            [
                {
                    "kind": "inSource",
                    "status": "accepted",
                    "justification": "owner: data team | see *runbook*",
                }
            ],
        ),
    ]


def test_rules_document_themselves_for_github() -> None:
    driver = sarif_log(result())["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"], driver["semanticVersion"]) == (
        "taskaudit",
        "0.1.0",
        "0.1.0",
    )
    # No home page to link to yet: a made-up informationUri would 404 in GitHub's UI.
    assert sorted(driver) == ["name", "rules", "semanticVersion", "version"]
    assert driver["rules"][2] == {
        "id": "TA401",
        "name": "exception-swallowed",
        # GitHub shows the short description as the rule's name: the one-line title.
        "shortDescription": {"text": "Title of exception-swallowed"},
        "fullDescription": {"text": "What exception-swallowed flags."},
        "help": {
            "text": "What exception-swallowed flags.\n\nWhy: Why exception-swallowed matters.\n\n"
            "Fix: How to fix exception-swallowed.",
            "markdown": "What exception-swallowed flags.\n\n**Why it matters.** Why "
            "exception-swallowed matters.\n\n**Fix.**\n\n"
            "```text\nHow to fix exception-swallowed.\n```\n\n"
            "```python\n@shared_task\ndef pull(): ...\n```",
        },
        "defaultConfiguration": {"level": "error"},
        "properties": {"tags": ["celery", "failures"], "problem.severity": "error"},
    }


def test_only_open_results_when_silenced_ones_are_left_out() -> None:
    only_open = sarif_log(result(), include_silenced=False)["runs"][0]
    assert [r["ruleId"] for r in only_open["results"]] == ["TA301", "TA401"]
    assert [r["id"] for r in only_open["tool"]["driver"]["rules"]] == list(CATALOG.ids)


def test_meta_rules_are_described_when_they_fire() -> None:
    broken = Finding(
        "TA000", "file-unparsable", "error", Location("a.py", 3, 1), "bad", "f", "meta"
    )
    run = sarif_log(result((Reported(broken, "f:0"),)))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["TA000", *CATALOG.ids]
    assert rules[0]["shortDescription"] == {"text": "File that taskaudit could not parse"}
    assert rules[0]["fullDescription"] == {
        "text": "A file taskaudit should read could not be parsed."
    }
    assert run["results"][0]["ruleIndex"] == 0


def test_output_is_stable_json_with_a_trailing_newline() -> None:
    text = to_sarif(result())
    assert text == to_sarif(result())
    assert text.endswith("}\n")
    assert text.startswith('{\n  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",\n')
