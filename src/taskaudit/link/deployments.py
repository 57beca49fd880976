"""Deployments: the processes that run together, read from the files that define them.

A repository often ships several recipes for the same system, and only one
of them runs at a time: a Heroku ``Procfile``, a production compose file, a
local compose file, systemd units. Each is a deployment of its own (TA804
counts beat processes within one). What belongs together:

- a compose file with its overrides: Compose reads ``docker-compose.yml`` (or
  ``compose.yaml``) and ``docker-compose.override.yml`` of one folder
  together, a service in the override replacing the base's ("Merge and
  override"); any other compose file (``docker-compose.production.yml``) is
  a deployment of its own;
- a Procfile, a Makefile, a Dockerfile's image, a ``pyproject.toml``'s tasks;
- the systemd units of one folder, the supervisor programs of one folder;
- a shell script belongs to every deployment that runs it, with the replicas
  of the process that does: a compose service, Procfile process or Dockerfile
  ``CMD`` naming its path, or naming where a Dockerfile ``COPY`` put it in
  the image the service is built from. A script nothing is seen running is
  a deployment of its own.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from taskaudit.core.values import Unknown
from taskaudit.extract.ops_model import CeleryCommand, ProcessRun
from taskaudit.facts import FileFacts

_COMPOSE_DEFAULTS = frozenset(
    f"{stem}{middle}.{ext}"
    for stem in ("docker-compose", "compose")
    for middle in ("", ".override")
    for ext in ("yml", "yaml")
)


@dataclass(frozen=True, slots=True)
class Process:
    command: CeleryCommand
    replicas: int | Unknown | None  # in this deployment: a compose service's, for its script


@dataclass(frozen=True, slots=True)
class Deployment:
    name: str  # "compose:deploy", "procfile:Procfile", "shell:bin/run-beat.sh"...
    processes: tuple[Process, ...]


def deployment_name(role: str, path: str) -> str:
    folder, _, name = path.rpartition("/")
    if role == "compose" and name.lower() in _COMPOSE_DEFAULTS:
        return f"compose:{folder or '.'}"
    if role in ("systemd", "supervisor"):
        return f"{role}:{folder or '.'}"
    return f"{role}:{path}"


def deployments_of(files: Sequence[FileFacts]) -> tuple[Deployment, ...]:
    ops = [f for f in files if f.ops is not None and (f.ops.commands or _runs(f))]
    scripts = {f.path: f for f in ops if f.role == "shell" and _commands(f)}
    # Every Dockerfile: one without a CMD still places scripts with its COPYs.
    images = {f.path: f for f in files if f.role == "dockerfile" and f.ops is not None}
    groups: dict[str, list[FileFacts]] = {}
    for f in ops:
        if f.role != "shell":
            groups.setdefault(deployment_name(f.role, f.path), []).append(f)
    claimed: set[str] = set()
    found: list[Deployment] = []
    for name, members in sorted(groups.items()):
        # Base before override: a service the override redefines is the override's.
        members.sort(key=lambda f: (".override." in f.path.lower(), f.path))
        per_service: dict[str, tuple[str, list[Process]]] = {}
        loose: list[Process] = []
        for f in members:
            for service, process in _processes(f, scripts, images, claimed):
                if service is None:
                    loose.append(process)
                    continue
                owner, kept = per_service.setdefault(service, (f.path, []))
                if owner != f.path:
                    owner, kept = per_service[service] = (f.path, [])
                kept.append(process)
        processes = [*loose, *(p for _, (_, kept) in sorted(per_service.items()) for p in kept)]
        if processes:
            found.append(Deployment(name, tuple(processes)))
    for path, script in sorted(scripts.items()):
        if path not in claimed:
            found.append(Deployment(f"shell:{path}", _own(script)))
    return tuple(found)


def _commands(f: FileFacts) -> tuple[CeleryCommand, ...]:
    return f.ops.commands if f.ops is not None else ()


def _runs(f: FileFacts) -> tuple[ProcessRun, ...]:
    """The processes a file starts; a Makefile's are its targets' recipe lines."""
    if f.ops is None:
        return ()
    if f.role != "makefile":
        return f.ops.runs
    # The process-file parsers (YAML among them) load only when a scan holds such files.
    from taskaudit.extract.ops.words import simple_commands

    return tuple(
        ProcessRun(t.location, t.name, tuple(w for c in simple_commands(line) for w in c))
        for t in f.ops.targets
        for line in t.recipe
    )


def _own(f: FileFacts) -> tuple[Process, ...]:
    return tuple(Process(c, c.replicas) for c in _commands(f))


def _processes(
    f: FileFacts,
    scripts: dict[str, FileFacts],
    images: dict[str, FileFacts],
    claimed: set[str],
) -> Iterator[tuple[str | None, Process]]:
    """(compose service or None, process) for one file of a deployment."""
    compose = f.role == "compose"
    for command in _commands(f):
        yield (command.context if compose else None), Process(command, command.replicas)
    for run in _runs(f):
        service = run.context if compose else None
        image = (
            images.get(run.dockerfile or "") if compose else f if f.role == "dockerfile" else None
        )
        if compose and not run.words and image is not None:
            # The service runs its image's own CMD/ENTRYPOINT, with its replicas.
            for command in _commands(image):
                yield service, Process(command, run.replicas)
            runs: Sequence[ProcessRun] = image.ops.runs if image.ops else ()
        else:
            runs = (run,)
        for each in runs:
            for script in _scripts_run(each, f.path, run.build_context, image, scripts):
                claimed.add(script.path)
                for command in _commands(script):
                    yield service, Process(command, run.replicas)


def _scripts_run(
    run: ProcessRun,
    referrer: str,
    context: str | None,
    image: FileFacts | None,
    scripts: dict[str, FileFacts],
) -> Iterator[FileFacts]:
    """The scripts a process runs: named by their path, or where the image holds them."""
    from taskaudit.extract.ops.words import is_dynamic

    folder = posixpath.dirname(referrer)
    placed = _image_paths(image, context, scripts) if image is not None else {}
    seen: set[str] = set()
    for word in run.words:
        if is_dynamic(word):
            continue
        for path in _named(word, folder, scripts) or placed.get(word.rstrip("/"), ()):
            if path not in seen:
                seen.add(path)
                yield scripts[path]


def _named(word: str, folder: str, scripts: dict[str, FileFacts]) -> tuple[str, ...]:
    """``./docker/run.sh``, ``docker/run.sh``, ``/app/docker/run.sh`` naming a script."""
    relative = posixpath.normpath(posixpath.join(folder, word)) if not word.startswith("/") else ""
    return tuple(
        path
        for path in scripts
        if path in (relative, word.removeprefix("./")) or word.endswith("/" + path)
    )


def _image_paths(
    image: FileFacts, context: str | None, scripts: dict[str, FileFacts]
) -> dict[str, tuple[str, ...]]:
    """Where the image's ``COPY``s put each script: image path -> script paths."""
    # A compose service says its build context; a lone Dockerfile is built from the
    # repository root or from its own folder, the two usual contexts.
    contexts = [context] if context is not None else ["", posixpath.dirname(image.path)]
    placed: dict[str, list[str]] = {}
    for source, destination in image.ops.copies if image.ops else ():
        for base in contexts:
            origin = posixpath.normpath(posixpath.join(base, source))
            origin = "" if origin == "." else origin
            for path in scripts:
                inside = _landing(path, origin, destination)
                if inside is not None:
                    placed.setdefault(inside, []).append(path)
    return {where: tuple(sorted(set(paths))) for where, paths in placed.items()}


def _landing(path: str, origin: str, destination: str) -> str | None:
    """Where ``path`` lands when ``origin`` (a file or a folder) is copied to ``destination``."""
    folder = destination.endswith("/")
    if path == origin:
        name = posixpath.basename(path)
        return posixpath.join(destination, name) if folder else destination
    prefix = f"{origin}/" if origin else ""
    if path.startswith(prefix):
        return posixpath.join(destination.rstrip("/") or "/", path[len(prefix) :])
    return None
