"""The findings the run itself emits, beside the rules of ``rules.yaml``.

They are not rules over facts: TA000 comes from reading files, TA001 from
matching suppressions against findings, TA002 from the engine's three-valued
logic. They still need ids, slugs and docs so every output can describe them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MetaRule:
    id: str
    slug: str
    severity: str
    title: str  # one line, as rules.yaml's titles (taskaudit.rules.title)
    summary: str
    why: str
    fix: str
    fix_title: str  # the fix in a few words (rules.yaml's docs.fix_title)


META_RULES: dict[str, MetaRule] = {
    rule.id: rule
    for rule in (
        MetaRule(
            "TA000",
            "file-unparsable",
            "error",
            "File that taskaudit could not parse",
            "A file taskaudit should read could not be parsed.",
            "Tasks, settings and schedules in that file are invisible to every other rule, "
            "so a clean report would be a false reassurance.",
            "Fix the syntax or encoding error, or exclude the file in `[tool.taskaudit]`.",
            "Fix the file, or exclude it",
        ),
        MetaRule(
            "TA001",
            "suppression-unused",
            "warning",
            "Suppression comment that silences nothing",
            "An inline `# taskaudit: ignore[...]` comment silences nothing, names a rule "
            "taskaudit does not know, or (with `require-reason`, the default) gives no reason.",
            "Stale suppressions hide the next real finding on that line and mislead readers; "
            "one without a reason cannot be reviewed when the code around it changes.",
            "Delete the comment, correct the rule id it names, or write why after ` -- `.",
            "Delete the comment, fix its rule id, or give a reason",
        ),
        MetaRule(
            "TA002",
            "undecidable",
            "info",
            "Check that cannot be decided from the source alone",
            "A rule could not decide because a value is only known at run time.",
            "The answer depends on environment variables or computed configuration; "
            "it is counted so the blind spot is visible, and never fails a build.",
            "Write the value as a literal where it does not need to vary.",
            "Write the value as a literal, or tell taskaudit where to look",
        ),
    )
}
