"""One ``celery`` invocation (program and arguments) turned into ``CeleryCommandParts``.

Celery 5's CLI (celery/bin/celery.py) takes the global options ``-A/--app``,
``-b/--broker`` ... *before* the sub-command; Celery 4 and older also accepted
``celery worker -A proj``, which Celery 5 rejects, so that spelling is kept
and flagged. The Celery 3 programs ``celeryd``, ``celerybeat``, ``celeryev``
and ``celeryd-multi`` are read as the matching sub-commands.
"""

from __future__ import annotations

from dataclasses import dataclass

from taskaudit.core.values import Unknown
from taskaudit.extract.ops.celery_opts import Option, last, names, number, read_options, text
from taskaudit.extract.ops.multi import split_multi
from taskaudit.extract.ops.wrappers import Launch
from taskaudit.extract.ops_model import CeleryCommandParts

ROLES = frozenset({"worker", "beat", "flower", "multi", "inspect", "control", "purge"})
ROLES_MORE = frozenset({"events", "shell"})
_LEGACY = {
    "celeryd": "worker",
    "celerybeat": "beat",
    "celeryev": "events",
    "celeryd-multi": "multi",
}
_GLOBAL_VALUES = frozenset(
    {"-A", "--app", "-b", "--broker", "--result-backend", "--loader", "--config", "--workdir"}
)
_HIDDEN = Unknown("options come from a run-time value")


def read_invocation(launch: Launch, raw: str, outer: tuple[str, ...]) -> list[CeleryCommandParts]:
    wrappers = outer + launch.wrappers
    if launch.program in _LEGACY:
        sub: str | None = _LEGACY[launch.program]
        before: tuple[str, ...] = ()
        after = launch.args
    else:
        sub, before, after = _split_global(launch.args)
    head = read_options(before, None)
    if sub == "multi":
        return _multi(after, head.options, head.opaque, raw, wrappers)
    reading = read_options(after, sub)
    role = sub if sub in ROLES | ROLES_MORE else "other"
    legacy = launch.program == "celery" and any(k == "--app" for k, _ in reading.options)
    options = head.options + reading.options
    where = _Where(raw, wrappers, legacy=legacy)
    return [_build(role, sub, options, head.opaque or reading.opaque, where)]


def _split_global(args: tuple[str, ...]) -> tuple[str | None, tuple[str, ...], tuple[str, ...]]:
    i = 0
    while i < len(args):
        word = args[i]
        if not word.startswith(("-", "$", "`")):
            return word, args[:i], args[i + 1 :]
        i += 2 if word in _GLOBAL_VALUES else 1
    return None, args, ()


def _multi(
    args: tuple[str, ...],
    head: tuple[Option, ...],
    opaque: bool,
    raw: str,
    wrappers: tuple[str, ...],
) -> list[CeleryCommandParts]:
    action, nodes = split_multi(args)
    if action not in ("start", "restart"):
        rest = read_options(args, "multi")
        options, hidden = head + rest.options, opaque or rest.opaque
        return [_build("other", "multi", options, hidden, _Where(raw, wrappers))]
    found: list[CeleryCommandParts] = []
    for node in nodes:
        reading = read_options(node.words, "multi")
        where = _Where(raw, wrappers, node.name)
        found.append(
            _build("multi", "multi", head + reading.options, opaque or reading.opaque, where)
        )
    return found


@dataclass(frozen=True, slots=True)
class _Where:
    raw: str
    wrappers: tuple[str, ...]
    node: str | Unknown | None = None
    legacy: bool = False


def _build(
    role: str, sub: str | None, options: tuple[Option, ...], opaque: bool, where: _Where
) -> CeleryCommandParts:
    def value(name: str) -> str | None:
        return last(options, name)

    def hidden(name: str) -> bool:
        # A bare ``$OPTS`` / ``"$@"`` word may hold this option: say so instead of "unset".
        return opaque and value(name) is None

    return CeleryCommandParts(
        raw=where.raw,
        role=role,
        subcommand=sub,
        app=_HIDDEN if hidden("--app") else text(value("--app")),
        queues=_HIDDEN if hidden("--queues") else names(value("--queues")),
        exclude_queues=_HIDDEN if hidden("--exclude-queues") else names(value("--exclude-queues")),
        embedded_beat=role in ("worker", "multi") and any(k == "--beat" for k, _ in options),
        scheduler=_HIDDEN if hidden("--scheduler") else text(value("--scheduler")),
        pool=_HIDDEN if hidden("--pool") else text(value("--pool")),
        concurrency=_HIDDEN if hidden("--concurrency") else number(value("--concurrency")),
        node=where.node if where.node is not None else text(value("--hostname")),
        legacy_app_option=where.legacy,
        wrapped_by=where.wrappers,
    )
