"""``taskaudit rules list``: every rule on one line, its title saying what it flags."""

from __future__ import annotations

from taskaudit.meta import META_RULES
from taskaudit.render.grid import Grid
from taskaudit.report.rules_info import describe
from taskaudit.rules.model import Catalog


def rules_grid(catalog: Catalog) -> Grid:
    """The meta findings first (TA000-TA002), then the catalog in id order."""
    rows = [(m.id, m.slug, m.severity, "meta", m.title) for m in META_RULES.values()]
    for rule in catalog.rules:
        enabled = "" if rule.enabled else " (disabled)"
        title = describe(catalog, rule.id).title
        rows.append((rule.id, rule.slug + enabled, rule.severity, rule.section, title))
    columns = ("id", "slug", "severity", "section", "title")
    return Grid(None, columns, tuple(rows), boxed=False)
