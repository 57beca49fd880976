"""``taskaudit rules``: read the catalog, and test a rules file against its own examples."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from taskaudit.cli.options import RulesOption
from taskaudit.errors import EXIT_FINDINGS, TaskauditError

if TYPE_CHECKING:
    from taskaudit.rules import Catalog

rules_app = typer.Typer(
    name="rules",
    help="Read the rule catalog and test rule files.",
    no_args_is_help=True,
)


def _catalog(extra: list[Path] | None, *, require_examples: bool = True) -> Catalog:
    from taskaudit.link.schema import SCHEMA
    from taskaudit.resources import default_rules
    from taskaudit.rules import RuleFileErrors, load_rules

    try:
        return load_rules(
            [default_rules(), *(extra or ())], SCHEMA, require_examples=require_examples
        )
    except RuleFileErrors as errors:
        raise TaskauditError(str(errors)) from None


@rules_app.command("list")
def list_rules(extra: RulesOption = None) -> None:
    """Every rule: id, slug, severity, section and title."""
    from rich.console import Console

    from taskaudit.render.catalog import rules_grid
    from taskaudit.render.grid import print_grids

    print_grids([rules_grid(_catalog(extra))], Console())


@rules_app.command("show")
def show_rule(
    rule: Annotated[
        str, typer.Argument(help="Rule id or slug, e.g. TA401 or exception-swallowed.")
    ],
    extra: RulesOption = None,
) -> None:
    """A rule's documentation and examples, rendered for the terminal."""
    from rich.console import Console
    from rich.markdown import Markdown

    from taskaudit.rules import render_rule_markdown

    catalog = _catalog(extra)
    found = catalog.get(rule) or catalog.get(rule.upper())
    if found is None:
        raise TaskauditError(f"unknown rule {rule!r} (see `taskaudit rules list`)")
    text = render_rule_markdown(found)
    if sys.stdout.isatty():
        Console().print(Markdown(text))
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


@rules_app.command("test")
def test_rules(
    files: Annotated[list[Path], typer.Argument(help="Rules files to test.", show_default=False)],
) -> None:
    """Run each rule of FILES against its own flag and pass examples.

    Exit 0 when every example behaves, 1 when one does not, 2 when a file
    does not load. The rules are layered on the packaged catalog, so a file
    may override a default rule by id.
    """
    from taskaudit.rules import run_example
    from taskaudit.rules.harness import iter_examples
    from taskaudit.scan import scan_files

    catalog = _catalog(files)
    given = {str(f) for f in files}
    theirs = {rule.id for rule in catalog.rules if rule.location.path in given}
    cases = [case for case in iter_examples(catalog) if case.rule_id in theirs]
    if not cases:
        raise TaskauditError("no rule with examples in " + ", ".join(sorted(given)))
    failed = 0
    for case in cases:
        result = run_example(case, catalog, scan_files)
        if not result.ok:
            failed += 1
            typer.echo(f"FAIL {result.message}")
    typer.echo(f"{len(cases) - failed} of {len(cases)} examples behave")
    if failed:
        raise typer.Exit(EXIT_FINDINGS)


@rules_app.command("docs")
def docs_rules(
    facts: Annotated[
        bool, typer.Option("--facts", help="Print the facts each subject offers instead.")
    ] = False,
    extra: RulesOption = None,
) -> None:
    """Print the rules reference (or the facts reference) as Markdown: docs/rules.md."""
    from taskaudit.link.schema import SCHEMA
    from taskaudit.rules import render_catalog_markdown, render_fields_markdown

    text = render_fields_markdown(SCHEMA) if facts else render_catalog_markdown(_catalog(extra))
    sys.stdout.write(text)
