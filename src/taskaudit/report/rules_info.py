"""What each rule id means, for every output: catalog rules and the run's own TA000-TA002.

Catalog rules carry ``RuleDocs`` (``rules.yaml``); the meta findings are
described in ``taskaudit.meta``. Outputs need one shape for both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from taskaudit.core.markdown import code_block
from taskaudit.meta import META_RULES
from taskaudit.rules.model import Catalog, id_sort_key
from taskaudit.rules.title import derived_title

# A sentence ends at a period before a capital, outside code spans (good enough for docs).
_SENTENCE = re.compile(r"(?<!\.)\.(?= [A-Z(`])")


@dataclass(frozen=True, slots=True)
class RuleInfo:
    id: str
    slug: str
    title: str
    severity: str
    section: str
    what: str
    why: str
    fix: str
    example: str | None = None
    fix_title: str = ""  # the fix in a few words; "" when the rule gives none

    @property
    def fix_md(self) -> str:
        """The fix as Markdown: a rule's fix is code (fenced); a meta finding's is prose."""
        return self.fix if self.section == "meta" else code_block(self.fix)

    @property
    def fix_short(self) -> str:
        """The fix in a few words, or where to read it."""
        return self.fix_title or f"see `taskaudit rules show {self.id}`"

    @property
    def why_short(self) -> str:
        """The first sentence of ``why``: a rule's docs once, in one line."""
        return first_sentence(self.why)


def first_sentence(text: str) -> str:
    paragraph = " ".join(text.strip().split("\n\n")[0].split())
    found = _SENTENCE.search(paragraph)
    return paragraph[: found.start() + 1] if found else paragraph


def describe(catalog: Catalog, rule_id: str) -> RuleInfo:
    """The rule's documentation; an id nobody documents still gets a usable entry."""
    rule = catalog.get(rule_id)
    if rule is not None and rule.id == rule_id:
        docs = rule.docs
        return RuleInfo(
            rule.id,
            rule.slug,
            rule.title or derived_title(docs.what) or rule.slug,
            rule.severity,
            rule.section,
            docs.what,
            docs.why,
            docs.fix,
            docs.example,
            docs.fix_title or "",
        )
    meta = META_RULES.get(rule_id)
    if meta is not None:
        return RuleInfo(
            meta.id,
            meta.slug,
            meta.title,
            meta.severity,
            "meta",
            meta.summary,
            meta.why,
            meta.fix,
            None,
            meta.fix_title,
        )
    # A finding from a rule that left the catalog (e.g. --ignore after the fact).
    return RuleInfo(
        rule_id,
        "rule-not-in-catalog",
        "Rule not in the catalog",
        "warning",
        "meta",
        rule_id,
        "",
        "",
    )


def described(catalog: Catalog, rule_ids: set[str] | frozenset[str]) -> list[RuleInfo]:
    """Every catalog rule, plus the meta rules that ``rule_ids`` mention, in id order."""
    ids = {*catalog.ids, *(i for i in rule_ids if i in META_RULES or catalog.get(i) is None)}
    return [describe(catalog, rule_id) for rule_id in sorted(ids, key=id_sort_key)]
