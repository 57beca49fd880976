"""Facts about the processes a project starts: celery CLI invocations and Make targets.

Kept outside the ``ops`` package so that the facts model can be imported
without loading every process-file parser (YAML among them) at start-up.

One ``CeleryCommand`` is one invocation of the ``celery`` command-line program
(``celery -A proj worker``, ``celery beat``, ``celery multi start ...``) found
in a Makefile, Procfile, compose file, shell script, Dockerfile, systemd or
supervisor unit, or a poe task. The option names mirror the celery CLI
(celery/bin/celery.py, worker.py, beat.py, multi.py; "Workers Guide" and
"Periodic Tasks" in Celery's docs).
"""

from __future__ import annotations

from dataclasses import dataclass

from taskaudit.core.location import Location
from taskaudit.core.values import Unknown

Text = str | Unknown | None
QueueNames = tuple[str, ...] | Unknown | None  # the queues of ``-Q``/``-X``; None when absent


@dataclass(frozen=True, slots=True)
class CeleryCommandParts:
    """One celery invocation parsed out of a command line, before it is placed in a file.

    ``role`` is "multi" only for ``celery multi start|restart`` (which start
    workers, one part per node); other ``multi`` actions are "other".
    ``legacy_app_option`` marks ``-A`` written after the sub-command, which
    Celery 5 rejects ("use -A as a global option").
    """

    raw: str
    role: str
    subcommand: str | None = None
    app: Text = None
    queues: QueueNames = None
    exclude_queues: QueueNames = None
    embedded_beat: bool = False
    scheduler: Text = None
    pool: Text = None
    concurrency: int | Unknown | None = None
    node: Text = None
    legacy_app_option: bool = False
    wrapped_by: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CeleryCommand:
    location: Location
    source: str  # "makefile" | "procfile" | "compose" | "shell" | "dockerfile" | "systemd" ...
    context: str  # make target, process type, compose service, script[:case label], unit...
    raw: str
    role: str
    app: Text
    queues: QueueNames  # None: no -Q, the worker consumes the default queue
    exclude_queues: QueueNames
    embedded_beat: bool
    scheduler: Text
    pool: Text
    replicas: int | Unknown | None
    wrapped_by: tuple[str, ...]
    subcommand: str | None = None
    concurrency: int | Unknown | None = None
    node: Text = None
    legacy_app_option: bool = False
    # Shell if/elif/else arms around the command ("if:7:0", "if:7:1"): commands in
    # different arms of one `if` are alternatives, never two running processes.
    branch: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MakeTarget:
    name: str
    location: Location
    recipe: tuple[str, ...]
    help: str | None
    phony: bool
    prerequisites: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ProcessRun:
    """A process an operations file starts, whatever it runs: what ties a script to it.

    Every compose service, Procfile process and Dockerfile ``CMD``/``ENTRYPOINT``
    gives one, celery or not, so that a shell script the process runs
    (``command: /start-celerybeat``, ``web: bin/run.sh``) can be counted in
    that deployment (TA804). ``words`` is empty when a compose service runs
    its image's own command; ``dockerfile``/``context`` are the repository
    paths a compose service is built from, when it is built here.
    """

    location: Location
    context: str  # compose service, process type, Dockerfile instruction
    words: tuple[str, ...]
    replicas: int | Unknown | None = None
    dockerfile: str | None = None
    build_context: str | None = None


@dataclass(frozen=True, slots=True)
class CommandFacts:
    """What a process file yields: its celery commands and what could not be read."""

    commands: tuple[CeleryCommand, ...] = ()
    problems: tuple[str, ...] = ()  # "line:col: message"
    runs: tuple[ProcessRun, ...] = ()
    # Dockerfile ``COPY``/``ADD``: (source as written, relative to the build context;
    # absolute destination in the image, ending in "/" when it is a folder).
    copies: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class MakefileFacts:
    targets: tuple[MakeTarget, ...] = ()
    variables: tuple[tuple[str, str], ...] = ()
    commands: tuple[CeleryCommand, ...] = ()
    problems: tuple[str, ...] = ()


def place(
    parts: CeleryCommandParts,
    location: Location,
    source: str,
    context: str,
    replicas: int | Unknown | None = None,
) -> CeleryCommand:
    """Attach where an invocation was found to what it says."""
    return CeleryCommand(
        location=location,
        source=source,
        context=context,
        raw=parts.raw,
        role=parts.role,
        app=parts.app,
        queues=parts.queues,
        exclude_queues=parts.exclude_queues,
        embedded_beat=parts.embedded_beat,
        scheduler=parts.scheduler,
        pool=parts.pool,
        replicas=replicas,
        wrapped_by=parts.wrapped_by,
        subcommand=parts.subcommand,
        concurrency=parts.concurrency,
        node=parts.node,
        legacy_app_option=parts.legacy_app_option,
    )


def sort_commands(commands: list[CeleryCommand]) -> tuple[CeleryCommand, ...]:
    return tuple(sorted(commands, key=lambda c: (c.location, c.context, c.raw, str(c.node or ""))))
