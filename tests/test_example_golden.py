"""The bundled example yields exactly the findings listed in its PLANTED.md.

PLANTED.md is the golden list: a table a reader checks against the code by
eye (`| rule | file | line | what |`). A row with `-` for the line is a
finding whose place is not a line of code (a missing Make target, a
project-wide fact); a row with `-` for the file is checked by rule only.
Every finding of the scan must match a row, and every row a finding.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from taskaudit.scan import ScanOptions, run_scan

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "clinic"
ROW = re.compile(r"^\| (TA\d+) \| ([^|]+) \| ([^|]+) \|")


def planted() -> Counter[tuple[str, str | None, int | None]]:
    rows: Counter[tuple[str, str | None, int | None]] = Counter()
    for line in (EXAMPLE / "PLANTED.md").read_text(encoding="utf-8").splitlines():
        found = ROW.match(line)
        if found:
            rule, path, number = (part.strip() for part in found.groups())
            rows[(rule, None if path == "-" else path, None if number == "-" else int(number))] += 1
    return rows


def test_planted_md_lists_every_rule_of_the_catalog() -> None:
    result, _ = run_scan(EXAMPLE, ScanOptions())
    assert {rule for rule, _, _ in planted()} == set(result.catalog.ids)


def test_the_example_yields_exactly_the_planted_findings() -> None:
    result, _ = run_scan(EXAMPLE, ScanOptions())
    got: Counter[tuple[str, str | None, int | None]] = Counter()
    rows = planted()
    for reported in result.open:
        finding = reported.finding
        where = finding.location
        exact = (finding.rule_id, where.path, where.line)
        if exact in rows:
            got[exact] += 1
        elif (finding.rule_id, where.path, None) in rows:
            got[(finding.rule_id, where.path, None)] += 1
        else:
            got[(finding.rule_id, None, None)] += 1
    assert sorted(got.items(), key=str) == sorted(rows.items(), key=str)


def test_the_two_justified_suppressions_are_used() -> None:
    result, _ = run_scan(EXAMPLE, ScanOptions())
    suppressed = sorted(
        (r.finding.rule_id, r.finding.location.path, r.finding.location.line, r.justification)
        for r in result.findings
        if r.status == "suppressed"
    )
    assert [(rule, path, line) for rule, path, line, _ in suppressed] == [
        ("TA401", "apps/imports/tasks.py", 200),
        ("TA401", "apps/sync/tasks.py", 45),
    ]
    assert all(reason for *_, reason in suppressed)
