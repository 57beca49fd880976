"""docker compose services that run celery, with their replica count.

Reads the Compose Specification ("Services top-level element"): per service
``command`` and ``entrypoint`` (string or list; a list is joined with shell
quoting), ``deploy.replicas`` / ``deploy.mode: global``, ``scale`` and
same-file ``extends``. YAML anchors, aliases and ``<<``
merge keys (the ``x-`` extension-field idiom) are followed through
``yaml.compose``, which builds nodes without constructing Python objects;
merges are followed to a fixed depth and breadth.
"""

from __future__ import annotations

import posixpath
import shlex

import yaml

from taskaudit.core.location import Location
from taskaudit.core.values import Unknown
from taskaudit.extract.ops.celery_opts import number
from taskaudit.extract.ops.command import parse_celery_commands
from taskaudit.extract.ops.words import is_dynamic, simple_commands
from taskaudit.extract.ops_model import (
    CeleryCommand,
    CommandFacts,
    ProcessRun,
    place,
    sort_commands,
)

_MAX_MERGE_DEPTH = 8
_MAX_MERGE_SOURCES = 16
_MAX_ITEMS = 256
Fields = dict[str, yaml.Node]


def extract_compose(text: str, path: str) -> CommandFacts:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"{mark.line + 1}:{mark.column + 1}" if mark else "1:1"
        return CommandFacts(problems=(f"{where}: {error.problem or error.context}",))
    except (yaml.YAMLError, RecursionError) as error:
        return CommandFacts(problems=(f"1:1: {type(error).__name__}",))
    services = _fields(_fields(root).get("services"))
    commands: list[CeleryCommand] = []
    runs: list[ProcessRun] = []
    for name in sorted(services):
        commands.extend(_service(name, services, path))
        run = _run(name, services, path)
        if run is not None:
            runs.append(run)
    return CommandFacts(sort_commands(commands), runs=tuple(runs))


def _fields(node: yaml.Node | None, depth: int = 0) -> Fields:
    """A mapping's keys, ``<<`` merges applied (explicit keys win, earlier sources win)."""
    if not isinstance(node, yaml.MappingNode) or depth > _MAX_MERGE_DEPTH:
        return {}
    own: Fields = {}
    merged: list[Fields] = []
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        if key.tag == "tag:yaml.org,2002:merge" or key.value == "<<":
            sources = value.value if isinstance(value, yaml.SequenceNode) else [value]
            merged.extend(_fields(s, depth + 1) for s in sources[:_MAX_MERGE_SOURCES])
        else:
            own[str(key.value)] = value
    for source in merged:
        for key, value in source.items():
            own.setdefault(key, value)
    return own


def _inherited(services: dict[str, yaml.Node], name: str, key: str) -> yaml.Node | None:
    seen: set[str] = set()
    while name in services and name not in seen:
        seen.add(name)
        fields = _fields(services[name])
        if key in fields:
            return fields[key]
        extends = fields.get("extends")
        base = _scalar(extends) or _scalar(_fields(extends).get("service"))
        if base is None or "file" in _fields(extends):
            return None
        name = base
    return None


def _scalar(node: yaml.Node | None) -> str | None:
    if isinstance(node, yaml.ScalarNode) and node.tag != "tag:yaml.org,2002:null":
        return str(node.value)
    return None


def _text(node: yaml.Node | None) -> str | None:
    if isinstance(node, yaml.SequenceNode):
        return shlex.join(_scalar(item) or "" for item in node.value[:_MAX_ITEMS])
    value = _scalar(node)
    return value if value and value.strip() else None


def _service(name: str, services: dict[str, yaml.Node], path: str) -> list[CeleryCommand]:
    command_node = _inherited(services, name, "command")
    entry_node = _inherited(services, name, "entrypoint")
    command, entrypoint = _text(command_node), _text(entry_node)
    found = parse_celery_commands(f"{entrypoint} {command or ''}") if entrypoint else ()
    if not found and command:
        found = parse_celery_commands(command)
    anchor = command_node if command_node is not None else entry_node
    if not found or anchor is None:
        return []
    location = Location(path, anchor.start_mark.line + 1)
    replicas = _replicas(services, name)
    return [place(p, location, "compose", name, replicas) for p in found]


def _run(name: str, services: dict[str, yaml.Node], path: str) -> ProcessRun | None:
    """What the service runs: its words, or its image's command when it is built here."""
    command_node = _inherited(services, name, "command")
    entry_node = _inherited(services, name, "entrypoint")
    words = tuple(_words(entry_node)) + tuple(_words(command_node))
    build = _inherited(services, name, "build")
    context, dockerfile = _build(build, path)
    anchor = command_node or entry_node or build or services[name]
    if not words and dockerfile is None:
        return None  # an image built elsewhere running its own command: nothing to follow
    location = Location(path, anchor.start_mark.line + 1)
    return ProcessRun(location, name, words, _replicas(services, name), dockerfile, context)


def _words(node: yaml.Node | None) -> list[str]:
    if isinstance(node, yaml.SequenceNode):
        return [_scalar(item) or "" for item in node.value[:_MAX_ITEMS]]
    text = _scalar(node)
    return [w for command in simple_commands(text) for w in command] if text else []


def _build(node: yaml.Node | None, path: str) -> tuple[str | None, str | None]:
    """(context, Dockerfile) as repository paths; None where a variable or ``..`` hides them.

    Compose resolves ``build``'s context against the compose file's folder and
    ``dockerfile`` against the context (Compose Specification, "Build").
    """
    if node is None:
        return None, None
    fields = _fields(node)
    context = _scalar(node) if isinstance(node, yaml.ScalarNode) else _scalar(fields.get("context"))
    name = _scalar(fields.get("dockerfile")) or "Dockerfile"
    base = repository_path(posixpath.dirname(path), context or ".")
    if base is None:
        return None, None
    return base, repository_path(base, name)


def repository_path(folder: str, relative: str) -> str | None:
    """``relative`` from ``folder``, as a repository path; None outside it or when dynamic."""
    if is_dynamic(relative) or relative.startswith("/") or "://" in relative:
        return None
    joined = posixpath.normpath(posixpath.join(folder, relative))
    if joined == ".." or joined.startswith("../"):
        return None
    return "" if joined == "." else joined


def _replicas(services: dict[str, yaml.Node], name: str) -> int | Unknown | None:
    deploy = _fields(_inherited(services, name, "deploy"))
    if _scalar(deploy.get("mode")) == "global":
        return Unknown("deploy mode global: one replica per swarm node")
    replicas = _scalar(deploy.get("replicas")) or _scalar(_inherited(services, name, "scale"))
    return number(replicas)
