"""Which rules run: ``select`` and ``ignore``, from ``[tool.taskaudit]`` and the flags.

A selector is a rule id, an id prefix (``TA4``), a slug, or ``ALL``; the same
words name rules in ``per-file-ignores``. Selection applies to the catalog
before evaluation, so an unselected rule costs nothing. Every selector is
checked against the catalog (the packaged rules, the ``extend-rules`` files
and the meta findings) before anything runs: a misspelt one would otherwise
select nothing, or ignore nothing, without a word.
"""

from __future__ import annotations

from collections.abc import Sequence

from taskaudit.config import Config
from taskaudit.errors import TaskauditError
from taskaudit.meta import META_RULES
from taskaudit.rules import Catalog
from taskaudit.rules.errors import did_you_mean


def selected(rule_id: str, slug: str, select: Sequence[str], ignore: Sequence[str]) -> bool:
    """Whether a rule runs: in ``select`` (empty: all) and not in ``ignore``.

    A selector is an id, an id prefix (TA4), a slug, or ALL.
    """

    def hit(selectors: Sequence[str]) -> bool:
        return any(s == "ALL" or rule_id.startswith(s) or slug == s for s in selectors)

    return (not select or hit(select)) and not hit(ignore)


def meta_selected(meta_id: str, config: Config) -> bool:
    """Whether the run reports a meta finding (TA000, TA001, TA002) at all."""
    meta = META_RULES[meta_id]
    return selected(meta.id, meta.slug, config.select, config.ignore)


def select_rules(catalog: Catalog, config: Config) -> Catalog:
    """The catalog's selected rules (``check_selectors`` has refused unknown ones)."""
    kept = tuple(
        rule for rule in catalog.rules if selected(rule.id, rule.slug, config.select, config.ignore)
    )
    return Catalog(kept, catalog.schema)


def check_selectors(catalog: Catalog, config: Config) -> None:
    """Every id, prefix and slug in ``select``, ``ignore`` and ``per-file-ignores`` names a rule.

    Each unknown one is a line of the error, at the place it was written
    (``pyproject.toml:4:21``) or naming the flag that gave it, with the
    nearest id or slug as a suggestion.
    """
    ids = {*catalog.ids, *META_RULES}
    slugs = {*(r.slug for r in catalog.rules), *(m.slug for m in META_RULES.values())}
    written = [
        *((("select", s), s) for s in config.select),
        *((("ignore", s), s) for s in config.ignore),
        *(
            (("per-file-ignores", pattern, s), s)
            for pattern, names in sorted(config.per_file_ignores.items())
            for s in names
        ),
    ]
    problems = []
    for key, selector in written:
        if selector == "ALL" or selector in slugs or any(i.startswith(selector) for i in ids):
            continue
        hint = did_you_mean(selector, [*ids, *slugs])
        origin = config.origin(*key)
        if origin is None:
            problems.append((0, 0, f"unknown rule selector {selector!r} in {key[0]}{hint}"))
        elif origin.flag:
            problems.append((0, 0, f"{origin}: unknown rule {selector!r}{hint}"))
        else:
            where = (origin.line, origin.column)
            message = f"{origin}: unknown rule {selector!r} in `{key[0]}`{hint}"
            problems.append((*where, message))
    if problems:
        raise TaskauditError("\n".join(message for *_, message in sorted(set(problems))))
