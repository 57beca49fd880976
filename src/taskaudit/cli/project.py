"""The commands beside ``scan`` that serve it: ``baseline``, ``init``, ``explain``, ``clean``.

``baseline`` and ``init`` write what later scans read (the accepted
findings, the ``[tool.taskaudit]`` section); ``explain`` shows why a scan
reports a finding; ``clean`` removes the facts cache. All but ``clean`` read
the project exactly as ``scan`` does (``taskaudit.cli.options``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from taskaudit.cli.options import (
    ConfigOption,
    IsolatedOption,
    JobsOption,
    NoCacheOption,
    ParseAllOption,
    PathArg,
    RulesOption,
    project_options,
    project_root,
)
from taskaudit.errors import EXIT_FINDINGS, TaskauditError

if TYPE_CHECKING:
    from taskaudit.explain import Target


def baseline_command(
    path: PathArg = Path(),
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Where to write it (default: baseline in \\[tool.taskaudit], "
            "else PATH/.taskaudit-baseline.json).",
            show_default=False,
        ),
    ] = None,
    rules: RulesOption = None,
    parse_all: ParseAllOption = False,
    no_cache: NoCacheOption = False,
    jobs: JobsOption = None,
    config_file: ConfigOption = None,
    isolated: IsolatedOption = False,
) -> None:
    """Record today's open findings, so `scan --baseline FILE` reports only new ones."""
    import dataclasses

    from taskaudit.report.baseline import baseline_text
    from taskaudit.report.writer import write_report
    from taskaudit.scan import run_scan

    given = project_options(
        path, config_file, isolated, rules=rules, parse_all=parse_all, no_cache=no_cache, jobs=jobs
    )
    config = given.options.config
    # The baseline being written is not read: it may not exist yet.
    recording = dataclasses.replace(
        given.options, config=dataclasses.replace(config, baseline=None)
    )
    result = run_scan(given.root, recording).result
    target = output or config.baseline or given.root / ".taskaudit-baseline.json"
    write_report(target, baseline_text(result), force=True)
    typer.echo(f"taskaudit: recorded {len(result.open)} findings in {target}", err=True)


def init_command(
    path: PathArg = Path(),
    write: Annotated[
        bool,
        typer.Option(
            "--write", help="Append the section to PATH/pyproject.toml instead of printing it."
        ),
    ] = False,
    no_cache: NoCacheOption = False,
    jobs: JobsOption = None,
    config_file: ConfigOption = None,
    isolated: IsolatedOption = False,
) -> None:
    """Print a commented \\[tool.taskaudit] section with what taskaudit detects in PATH.

    Examples:

        taskaudit init

        taskaudit init --write
    """
    from taskaudit.init import init_section
    from taskaudit.scan import read_project

    given = project_options(path, config_file, isolated, no_cache=no_cache, jobs=jobs)
    config = given.options.config
    scanned = read_project(given.root, given.options)
    paths = [f.path for f in scanned.files]
    section = init_section(scanned.project, config, given.root, paths, scanned.roots)
    if not write:
        sys.stdout.write(section)
        return
    target = given.root / "pyproject.toml"
    existing = target.read_text(encoding="utf-8") if target.is_file() else ""
    if "[tool.taskaudit" in existing:
        raise TaskauditError(f"{target}: already has a [tool.taskaudit] section")
    from taskaudit.report.writer import write_report

    joined = existing + ("\n" if existing and not existing.endswith("\n") else "")
    write_report(target, joined + ("\n" if existing else "") + section, force=True)
    typer.echo(f"taskaudit: wrote [tool.taskaudit] to {target}", err=True)


def explain_command(
    where: Annotated[
        str,
        typer.Argument(
            help="PATH, PATH:LINE or PATH:LINE:COL of a finding, as `scan --format text` "
            "prints it; PATH relative to --root.",
            metavar="PATH[:LINE[:COL]]",
        ),
    ],
    root: Annotated[
        Path, typer.Option("--root", help="The project the finding belongs to.")
    ] = Path(),
    rules: RulesOption = None,
    parse_all: ParseAllOption = False,
    no_cache: NoCacheOption = False,
    jobs: JobsOption = None,
    config_file: ConfigOption = None,
    isolated: IsolatedOption = False,
) -> None:
    """Show why taskaudit reports a finding: the rule's conditions and the facts they read.

    Exit 0 when a finding is explained, 1 when there is none at that place,
    2 when the file is not in the project.

    Examples:

        taskaudit explain apps/sync/tasks.py:127:9

        taskaudit explain config/settings/base.py:168 --root backend/
    """
    from taskaudit.explain import elsewhere, explain
    from taskaudit.scan import run_scan

    given = project_options(
        root, config_file, isolated, rules=rules, parse_all=parse_all, no_cache=no_cache, jobs=jobs
    )
    target = _target(where, given.root)
    audit = run_scan(given.root, given.options)
    findings = [r.finding for r in audit.result.findings]
    found = [finding for finding in findings if target.holds(finding)]
    if found:
        sys.stdout.write(explain(found, audit.subjects, audit.result.catalog))
        return
    if target.path not in audit.paths:
        why = "excluded, or not a kind of file taskaudit reads"
        message = f"no finding in {target.path}: the scan does not read it ({why})"
    elif others := elsewhere(findings, target):
        message = f"no finding at {target}; this file has findings at {others}"
    else:
        message = f"no finding {'at' if target.line else 'in'} {target}"
    typer.echo(f"taskaudit: {message}", err=True)
    raise typer.Exit(EXIT_FINDINGS)


def _target(where: str, root: Path) -> Target:
    """The place ``where`` names, its path relative to ``root``; one-line errors otherwise."""
    from taskaudit.explain import Target, parse_target

    target = parse_target(where)
    if target is None:
        raise TaskauditError(
            f"{where!r}: expected PATH, PATH:LINE or PATH:LINE:COL (counted from 1), "
            "e.g. apps/sync/tasks.py:127:9"
        )
    path = Path(target.path)
    # Relative to --root as documented; an absolute path, or one from the current folder
    # (as a shell completes it), is taken too when it lies inside the project.
    if path.is_absolute() or (not (root / path).exists() and path.exists()):
        try:
            path = path.resolve().relative_to(root.resolve())
        except ValueError:
            raise TaskauditError(f"{target.path}: not inside the project {root}") from None
    if not (root / path).is_file():
        what = "is a directory, not a file" if (root / path).is_dir() else "no such file"
        shown = path.as_posix() if root == Path() else f"{path.as_posix()} (under {root})"
        raise TaskauditError(f"{shown}: {what}")
    return Target(path.as_posix(), target.line, target.column)


def clean_command(path: PathArg = Path()) -> None:
    """Remove the facts cache taskaudit keeps for PATH (.taskaudit_cache/)."""
    from taskaudit.cache import clean_cache

    removed = clean_cache(project_root(path))
    typer.echo(f"taskaudit: removed {removed} cache files", err=True)
