"""Programs that run another command: find the ``celery`` program behind them.

Real start commands put launchers in front of celery (see
/work/shared/research/real-world-patterns.md, "Processes"): ``exec``, ``env``,
privilege droppers (``gosu``, ``su-exec``), process supervisors
(``single-beat``, ``tini``), reloaders (``watchmedo auto-restart ... --``),
APM agents (``newrelic-admin run-program``, ``ddtrace-run``), environment
managers (``poetry run``, ``uv run``), ``python -m celery``, ``docker compose
run|exec`` and ``sh -c "..."``. Each launcher is described by the options
that take a value and the positional words it consumes before the command.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CELERY_PROGRAMS = frozenset({"celery", "celeryd", "celerybeat", "celeryev", "celeryd-multi"})
_SHELLS = frozenset({"sh", "bash", "dash", "ash", "zsh", "ksh"})
_KEYWORDS = frozenset({"then", "do", "else", "elif", "if", "while", "until", "!", "{", "}"})
_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")
_PYTHON = re.compile(r"python(\d+(\.\d+)?)?")
# Celery's daemonization guide keeps the program path in CELERY_BIN.
_CELERY_VARIABLE = re.compile(r"\$\{?CELERY_BIN\}?")


@dataclass(frozen=True, slots=True)
class _Spec:
    positional: int = 0
    value_options: frozenset[str] = frozenset()


_WRAPPERS: dict[str, _Spec] = {
    "exec": _Spec(0, frozenset({"-a"})),
    "env": _Spec(0, frozenset({"-u", "-C", "--unset", "--chdir"})),
    "nohup": _Spec(),
    "time": _Spec(),
    "nice": _Spec(0, frozenset({"-n"})),
    "dumb-init": _Spec(0, frozenset({"-r", "--rewrite"})),
    "tini": _Spec(0, frozenset({"-p", "-e"})),
    "gosu": _Spec(1),
    "su-exec": _Spec(1),
    "setuidgid": _Spec(1),
    "s6-setuidgid": _Spec(1),
    "chpst": _Spec(0, frozenset({"-u", "-U", "-e", "-n", "-l", "-L", "-m", "-d", "-o", "-p"})),
    "sudo": _Spec(0, frozenset({"-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U"})),
    "runuser": _Spec(0, frozenset({"-u", "-g", "-G"})),
    "single-beat": _Spec(),
    "ddtrace-run": _Spec(),
    "newrelic-admin": _Spec(1),
    "opentelemetry-instrument": _Spec(0, frozenset({"--traces_exporter", "--service_name"})),
    "watchmedo": _Spec(
        1, frozenset({"-d", "--directory", "-p", "--patterns", "-i", "--ignore-patterns"})
    ),
    "poetry": _Spec(1),
    "pipenv": _Spec(1),
    "pdm": _Spec(1),
    "hatch": _Spec(1),
    "rye": _Spec(1),
    "uv": _Spec(1, frozenset({"--with", "--python", "-p", "--env-file", "--extra", "--group"})),
    "doppler": _Spec(1, frozenset({"-p", "--project", "-c", "--config"})),
    "dotenv": _Spec(1, frozenset({"-f", "--file"})),
}
_DOCKER_VALUES = frozenset(
    {"-e", "--env", "--env-file", "-u", "--user", "-w", "--workdir", "--name", "-v", "--volume"}
    | {"-p", "--publish", "--entrypoint", "-l", "--label", "--network", "-f", "--file"}
    | {"--profile", "--project-name", "--project-directory", "--mount", "--platform"}
)


@dataclass(frozen=True, slots=True)
class Launch:
    """Where celery starts in a simple command, or a ``sh -c`` script to read instead."""

    wrappers: tuple[str, ...]
    program: str = ""
    args: tuple[str, ...] = ()
    script: str | None = None


def find_launch(words: list[str]) -> Launch | None:
    wrappers: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        name = word.rpartition("/")[2]
        if _ASSIGNMENT.match(word) or word in _KEYWORDS:
            i += 1
        elif name in CELERY_PROGRAMS or _CELERY_VARIABLE.fullmatch(word):
            program = name if name in CELERY_PROGRAMS else "celery"
            return Launch(tuple(wrappers), program, tuple(words[i + 1 :]))
        elif _PYTHON.fullmatch(name):
            return _python(words, i + 1, tuple(wrappers))
        elif name in _SHELLS:
            return _shell(words, i + 1, tuple(wrappers))
        elif name in ("docker", "docker-compose"):
            step = _docker(words, i)
            if step is None:
                return None
            i, label = step
            wrappers.append(label)
        elif name in _WRAPPERS:
            i = _skip(words, i + 1, _WRAPPERS[name])
            wrappers.append(name)
        else:
            return None
    return None


def _skip_options(words: list[str], i: int, values: frozenset[str]) -> tuple[int, bool]:
    while i < len(words) and words[i].startswith("-") and len(words[i]) > 1:
        if words[i] == "--":
            return i + 1, True
        i += 2 if words[i] in values else 1
    return i, False


def _skip(words: list[str], i: int, spec: _Spec) -> int:
    i, ended = _skip_options(words, i, spec.value_options)
    if ended:
        return i
    i += spec.positional
    return _skip_options(words, i, spec.value_options)[0]


def _python(words: list[str], i: int, wrappers: tuple[str, ...]) -> Launch | None:
    while i < len(words) and words[i] in ("-u", "-O", "-OO", "-B", "-E", "-s", "-X", "-W"):
        i += 2 if words[i] in ("-X", "-W") else 1
    rest = words[i:]
    if rest[:2] == ["-m", "celery"]:
        return Launch(wrappers, "celery", tuple(rest[2:]))
    # django-celery (Celery 3) ran the worker as ``manage.py celery worker``.
    if len(rest) >= 2 and rest[0].endswith("manage.py") and rest[1] in CELERY_PROGRAMS:
        return Launch((*wrappers, "manage.py"), rest[1], tuple(rest[2:]))
    return None


def _shell(words: list[str], i: int, wrappers: tuple[str, ...]) -> Launch | None:
    command_flag = False
    while i < len(words) and words[i].startswith("-") and words[i] != "--":
        command_flag = command_flag or "c" in words[i].lstrip("-")
        i += 1
    if command_flag and i < len(words):
        return Launch(wrappers, script=words[i])
    return None


def _docker(words: list[str], i: int) -> tuple[int, str] | None:
    label = "docker-compose" if words[i].endswith("docker-compose") else "docker"
    i += 1
    if label == "docker" and words[i : i + 1] == ["compose"]:
        label, i = "docker compose", i + 1
    i = _skip_options(words, i, _DOCKER_VALUES)[0]
    if i >= len(words) or words[i] not in ("run", "exec"):
        return None
    label = f"{label} {words[i]}"
    i, _ = _skip_options(words, i + 1, _DOCKER_VALUES)
    # The next word names the service or image; the command follows it.
    return i + 1, label
