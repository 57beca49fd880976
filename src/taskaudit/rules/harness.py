"""Running each rule's own examples: the specification every rule ships with.

A flag example passes when the rule reports exactly the lines marked
``# expect: <id>`` (no more, no fewer); a pass example passes when the rule
reports nothing. The scan itself is injected, so the same harness serves
the test suite, the CLI (a user's own rules file) and these unit tests::

    @pytest.mark.parametrize("case", iter_examples(CATALOG), ids=str)
    def test_rule_example(case): assert (r := run_example(case, CATALOG, scan)).ok, r.message
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from taskaudit.rules.evaluate import Finding
from taskaudit.rules.markers import find_markers, strip_markers
from taskaudit.rules.model import Catalog, Example

DEFAULT_EXAMPLE_PATH = "app/tasks.py"

Scan = Callable[[dict[str, str], Catalog, str], Sequence[Finding]]


def parse_expectations(
    example: Example | str | Mapping[str, str],
    rule_id: str | None = None,
    *,
    default_path: str = DEFAULT_EXAMPLE_PATH,
) -> tuple[dict[str, str], set[tuple[str, int]]]:
    """The example's files, markers stripped, and the ``(path, line)`` marked for ``rule_id``.

    Without ``rule_id``, every marked line counts, whichever ids it names.
    """
    if isinstance(example, Example):
        sources = example.sources(default_path)
    elif isinstance(example, str):
        sources = {default_path: example}
    else:
        sources = dict(example)
    expected = {
        (path, marker.line)
        for path, text in sources.items()
        for marker in find_markers(text)
        if rule_id is None or rule_id in marker.ids
    }
    return {path: strip_markers(text) for path, text in sources.items()}, expected


@dataclass(frozen=True, slots=True)
class ExampleCase:
    rule_id: str
    kind: str  # "flag" | "pass"
    index: int
    example: Example

    def __str__(self) -> str:
        return f"{self.rule_id}-{self.kind}-{self.index}"


@dataclass(frozen=True, slots=True)
class ExampleResult:
    rule_id: str
    kind: str
    index: int
    ok: bool
    message: str


def iter_examples(catalog: Catalog) -> list[ExampleCase]:
    """Every example of every rule, disabled ones included, in catalog order."""
    cases = []
    for rule in catalog.rules:
        for kind, examples in (("flag", rule.examples.flag), ("pass", rule.examples.passing)):
            cases += [ExampleCase(rule.id, kind, i, example) for i, example in enumerate(examples)]
    return cases


def _lines(pairs: set[tuple[str, int]]) -> str:
    return ", ".join(f"{path}:{line}" for path, line in sorted(pairs)) or "nothing"


def run_example(
    case: ExampleCase, catalog: Catalog, scan: Scan, *, default_path: str = DEFAULT_EXAMPLE_PATH
) -> ExampleResult:
    """Scan one example with only its rule enabled and compare the lines it flags."""
    files, expected = parse_expectations(case.example, case.rule_id, default_path=default_path)
    only = catalog.only(case.rule_id)
    enabled = Catalog(tuple(dataclasses.replace(r, enabled=True) for r in only.rules), only.schema)
    findings = scan(files, enabled, case.rule_id)
    got = {(f.location.path, f.location.line) for f in findings if f.rule_id == case.rule_id}
    ok = got == expected
    head = f"{case} ({case.example.location})"
    if ok:
        return ExampleResult(case.rule_id, case.kind, case.index, True, f"{head}: ok")
    message = f"{head}: expected {_lines(expected)}; got {_lines(got)}"
    if expected - got:
        message += f"; missing {_lines(expected - got)}"
    if got - expected:
        message += f"; unexpected {_lines(got - expected)}"
    return ExampleResult(case.rule_id, case.kind, case.index, False, message)


def run_examples(
    catalog: Catalog, scan: Scan, *, default_path: str = DEFAULT_EXAMPLE_PATH
) -> list[ExampleResult]:
    return [
        run_example(case, catalog, scan, default_path=default_path)
        for case in iter_examples(catalog)
    ]
