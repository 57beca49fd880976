"""The packaged catalog: it loads, matches the product's rule table, and its examples hold.

Every rule ships flag examples (each expected line marked ``# expect:``)
and pass examples; each runs here through the real pipeline with only
its rule enabled. A rule without both kinds cannot load in this suite.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from taskaudit.link.schema import SCHEMA
from taskaudit.meta import META_RULES
from taskaudit.resources import default_rules
from taskaudit.rules import (
    ExampleCase,
    iter_examples,
    load_rules,
    render_catalog_markdown,
    render_fields_markdown,
    run_example,
)
from taskaudit.rules.title import MAX_TITLE, title_problem
from taskaudit.scan import scan_files

ROOT = Path(__file__).resolve().parent.parent
CATALOG = load_rules([default_rules()], SCHEMA, require_examples=True)


def _decisions() -> set[tuple[str, str]]:
    """(id, slug) of every rows in docs/RULES.md, the product's fixed decisions."""
    text = (ROOT / "docs" / "RULES.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\| (TA\d{4}|TA\d{3}) \| ([a-z0-9-]+) \|", text, re.M))


def test_ids_and_slugs_are_the_products() -> None:
    meta = {("TA000", "file-unparsable"), ("TA001", "suppression-unused"), ("TA002", "undecidable")}
    assert {(r.id, r.slug) for r in CATALOG.rules} == _decisions() - meta


@pytest.mark.parametrize("case", iter_examples(CATALOG), ids=str)
def test_rule_example(case: ExampleCase) -> None:
    result = run_example(case, CATALOG, scan_files)
    assert result.ok, result.message


def test_every_rule_states_its_own_title_within_the_limit() -> None:
    """The shipped catalog never falls back to a derived title: each one was written."""
    entries = yaml.safe_load(default_rules().read_text(encoding="utf-8"))["rules"]
    titles = {entry["id"]: entry.get("title") for entry in entries}
    assert [rule_id for rule_id, title in titles.items() if title is None] == []
    assert [rule_id for rule_id, title in titles.items() if title_problem(title)] == []
    assert max(len(title) for title in titles.values()) <= MAX_TITLE
    assert {rule.id: rule.title for rule in CATALOG.rules} == titles
    assert all(title_problem(meta.title) is None for meta in META_RULES.values())


def test_every_rule_says_its_fix_in_a_few_words() -> None:
    """The report's "Fix first" table shows it: each shipped rule and meta finding has one."""
    assert [r.id for r in CATALOG.rules if not r.docs.fix_title] == []
    assert [r.id for r in CATALOG.rules if title_problem(r.docs.fix_title or "")] == []
    assert all(title_problem(meta.fix_title) is None for meta in META_RULES.values())


def test_docs_rules_md_is_current() -> None:
    generated = render_catalog_markdown(CATALOG)
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == generated, (
        "docs/rules.md is stale: run `make docs`"
    )


def test_docs_facts_md_is_current() -> None:
    generated = render_fields_markdown(SCHEMA)
    assert (ROOT / "docs" / "facts.md").read_text(encoding="utf-8") == generated, (
        "docs/facts.md is stale: run `make docs`"
    )
