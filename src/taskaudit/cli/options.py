"""The options every command that reads a project shares, and the one way from them to a scan.

Every such command (scan, inventory, baseline, init, explain) finds the
configuration the same way (``taskaudit.config``: the nearest
``pyproject.toml`` with ``[tool.taskaudit]``, or ``--config``, or none with
``--isolated``) and merges its flags over it in ``project_options``:
``--select`` replaces ``select``, ``--ignore`` and ``--rules`` add to
``ignore`` and ``extend-rules``, ``--baseline`` replaces ``baseline``,
``--parse-all`` turns ``parse-all`` on.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from taskaudit.config import Config, Origin, find_config, load_config
from taskaudit.errors import TaskauditError

if TYPE_CHECKING:
    from taskaudit.scan import ScanOptions

PathArg = Annotated[
    Path,
    typer.Argument(
        help="Project directory to read (default: the current directory).", show_default=False
    ),
]
SelectOption = Annotated[
    list[str] | None,
    typer.Option(
        help="Run only these rules: ids, id prefixes (TA4) or slugs; comma-separated or "
        "repeated; ALL for every rule.",
        show_default=False,
        metavar="IDS",
    ),
]
IgnoreOption = Annotated[
    list[str] | None,
    typer.Option(
        help="Skip these rules, written like --select; added to ignore in \\[tool.taskaudit].",
        show_default=False,
        metavar="IDS",
    ),
]
RulesOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--rules",
        exists=True,
        dir_okay=False,
        help="Add a rules file on top of the packaged catalog; its rules may override "
        "defaults by id (repeatable).",
        show_default=False,
    ),
]
ParseAllOption = Annotated[
    bool,
    typer.Option(
        "--parse-all",
        help="Also parse the files that cannot hold Celery facts (test code, modules "
        "without a Celery spelling), so that any file Python cannot read is a TA000. Slower.",
    ),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="Read this pyproject.toml instead of the nearest one with \\[tool.taskaudit].",
        show_default=False,
    ),
]
IsolatedOption = Annotated[
    bool, typer.Option("--isolated", help="Ignore every configuration file.")
]
NoCacheOption = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Read every file afresh; by default facts are kept in .taskaudit_cache/ "
        "(or TASKAUDIT_CACHE_DIR) and the output is the same either way.",
    ),
]
JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="Processes reading files (default: one per CPU; 1: none).",
        show_default=False,
    ),
]


@dataclasses.dataclass(frozen=True, slots=True)
class ProjectOptions:
    root: Path  # the project directory, as given
    options: ScanOptions  # the configuration with the flags merged in, and the speed knobs
    shown: str | None  # the configuration file as the user would name it; None: defaults


def project_options(
    path: Path,
    config_file: Path | None,
    isolated: bool,
    *,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    rules: list[Path] | None = None,
    baseline: Path | None = None,
    parse_all: bool = False,
    no_cache: bool = False,
    jobs: int | None = None,
    progress: bool = False,
) -> ProjectOptions:
    """Command-line flags over ``[tool.taskaudit]`` over the defaults."""
    from taskaudit.scan import ScanOptions

    root = project_root(path)
    config, shown = _settings(root, config_file, isolated)
    selects, ignores = _split(select), _split(ignore)
    # A value a flag gave is reported under the flag's name when it is wrong.
    origins: dict[tuple[str, ...], Origin] = {
        **config.origins,
        **{("select", value): Origin("--select") for value in selects},
        **{("ignore", value): Origin("--ignore") for value in ignores},
    }
    if baseline is not None:
        origins[("baseline",)] = Origin("--baseline")
    merged = dataclasses.replace(
        config,
        select=selects or config.select,
        ignore=(*config.ignore, *ignores),
        extend_rules=(*config.extend_rules, *(rules or ())),
        baseline=baseline if baseline is not None else config.baseline,
        parse_all=parse_all or config.parse_all,
        origins=origins,
    )
    options = ScanOptions(merged, cache=not no_cache, jobs=jobs, progress=progress)
    return ProjectOptions(root, options, shown)


def project_root(path: Path) -> Path:
    if not path.exists():
        raise TaskauditError(f"{path}: no such directory")
    if not path.is_dir():
        raise TaskauditError(f"{path}: not a directory (taskaudit reads a whole project)")
    return path


def _split(values: list[str] | None) -> tuple[str, ...]:
    """``--select TA4,TA5 --select TA901`` → ("TA4", "TA5", "TA901")."""
    return tuple(v.strip() for value in values or () for v in value.split(",") if v.strip())


def _settings(root: Path, config_file: Path | None, isolated: bool) -> tuple[Config, str | None]:
    """The project's configuration, and the path shown for it."""
    if isolated:
        return Config(), None
    found = config_file if config_file is not None else find_config(root.resolve())
    if found is None:
        return Config(), None
    if not found.is_file():
        raise TaskauditError(f"{found}: no such configuration file")
    shown = str(config_file) if config_file is not None else _relative(found, root)
    return load_config(found, shown), shown


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.name
