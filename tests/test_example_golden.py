"""The bundled example yields exactly the findings its code marks.

Each planted finding carries a trailing ``# expect: TA401`` on the line the
scan reports it: the marker of rules.yaml's examples, read by the same
``find_markers``. PLANTED.md explains each planted case in a row keyed by
rule and file, never by line, so planting a case renumbers nothing. Its
"not marked" table lists the few findings reported at ``file:1:1`` (a binary
file, a project-wide fact), which have no line of their own to carry a marker.
The example is scanned as it is, markers included: they must change nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from taskaudit.results import Reported, ScanResult
from taskaudit.rules.markers import find_markers
from taskaudit.scan import ScanOptions, run_scan

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "clinic"
ROW = re.compile(r"^\| (TA\d+) \| ([^|]+) \|")
UNMARKED = "## Reported at the top of a file, not marked"
SUPPRESSION = re.compile(r"#\s*taskaudit:\s*ignore\[([^\]]*)\]")

Case = tuple[str, str]  # (rule, path)
Where = tuple[str, str, int]  # (rule, path, line)


@pytest.fixture(scope="module")
def result() -> ScanResult:
    return run_scan(EXAMPLE, ScanOptions()).result


def sources() -> dict[str, str]:
    """The example's own text files by relative path.

    Not its Markdown, which quotes markers, nor what running it leaves behind
    (a cache directory, ``__pycache__``).
    """
    found = {}
    for path in sorted(EXAMPLE.rglob("*")):
        parts = path.relative_to(EXAMPLE).parts
        if not path.is_file() or path.suffix == ".md":
            continue
        if "__pycache__" in parts or any(part.startswith(".") for part in parts[:-1]):
            continue
        try:
            found[path.relative_to(EXAMPLE).as_posix()] = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # binary: nothing to mark
    return found


def markers() -> Counter[Where]:
    marked: Counter[Where] = Counter()
    for path, text in sources().items():
        for marker in find_markers(text):
            marked.update((rule, path, marker.line) for rule in marker.ids)
    return marked


def planted() -> dict[bool, list[Case]]:
    """PLANTED.md's rows: ``True`` for the marked cases, ``False`` for the unmarked table."""
    rows: dict[bool, list[Case]] = {True: [], False: []}
    marked = True
    for line in (EXAMPLE / "PLANTED.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            marked = line != UNMARKED
        elif found := ROW.match(line):
            rows[marked].append((found[1], found[2].strip()))
    return rows


def where(reported: Reported) -> Where:
    finding = reported.finding
    return (finding.rule_id, finding.location.path, finding.location.line)


def test_planted_md_lists_every_rule_of_the_catalog(result: ScanResult) -> None:
    rows = planted()
    assert {rule for rule, _ in rows[True] + rows[False]} == set(result.catalog.ids)


def test_every_marker_names_exactly_one_open_finding_on_its_line(result: ScanResult) -> None:
    found = Counter(where(reported) for reported in result.open)
    marked = markers()
    assert len(marked) > 30  # a floor: the markers were found at all
    assert [(at, found[at]) for at in marked if found[at] != 1] == []
    assert max(marked.values()) == 1  # one id twice in a marker would hide a second finding


def test_every_finding_is_marked_or_listed_as_reported_at_the_top_of_its_file(
    result: ScanResult,
) -> None:
    marked = markers()
    unmarked = sorted(
        (*where(reported), reported.finding.location.column)
        for reported in result.open
        if where(reported) not in marked
    )
    assert unmarked == sorted((rule, path, 1, 1) for rule, path in planted()[False])


def test_every_row_explains_a_marked_case_and_every_marked_case_has_a_row() -> None:
    cases = {(rule, path) for rule, path, _ in markers()}
    assert set(planted()[True]) == cases


def test_planted_md_holds_no_line_numbers() -> None:
    text = (EXAMPLE / "PLANTED.md").read_text(encoding="utf-8")
    assert re.findall(r"\w\.\w+:\d+|\blines? \d+|\| \d+ \|", text) == []


def test_the_two_justified_suppressions_are_used(result: ScanResult) -> None:
    commented = sorted(
        (code.strip(), path, number)
        for path, text in sources().items()
        for number, line in enumerate(text.splitlines(), start=1)
        if (found := SUPPRESSION.search(line))
        for code in found[1].split(",")
    )
    suppressed = [r for r in result.findings if r.status == "suppressed"]
    assert sorted(where(reported) for reported in suppressed) == commented
    assert [(rule, path) for rule, path, _ in commented] == [
        ("TA401", "apps/imports/tasks.py"),
        ("TA401", "apps/sync/tasks.py"),
    ]
    assert all(reported.justification for reported in suppressed)
