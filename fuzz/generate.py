"""Random project files, plausible and broken, for the pipeline fuzzer.

Python starts from shapes real Celery/Django projects use (decorators, options,
settings, beat schedules, routes, dispatch calls) and is then mutated: bytes cut,
tokens spliced, encodings mangled, nesting deepened. Make, Procfile, compose and
shell files get the same treatment. hypothesmith's grammar-derived programs are
mixed in when it is installed.
"""

from __future__ import annotations

import random
import warnings
from collections.abc import Callable

NAMES = ["sync", "pull", "charge", "send_mail", "é", "x" * 300, "tasks", "celery", "app"]
OPTIONS = [
    "bind=True", "max_retries=3", "autoretry_for=(IOError,)", "retry_backoff=True",
    "queue='heavy'", "time_limit=60", "soft_time_limit=os.environ['X']", "acks_late=True",
    "name=f'{x}.y'", "rate_limit='10/m'", "ignore_result=True", "base=Base", "**opts",
]  # fmt: skip
PIECES = [
    "(", ")", "[", "]", "{", "}", ":", ",", "lambda", "yield", "await", "\\\n", "'", '"""',
    "\t", "\x00", "\r", "#", "@", "**", "not", "if", "else", "async ", "match x:", "case _:",
    "except*", "except A, B:", "type X = int\n", "f'{'", "{% if %}", "\ufeff", "\u2028",
]  # fmt: skip


def python_file(rng: random.Random) -> str:
    lines = ["import os", "from celery import shared_task, Celery", "app = Celery('proj')"]
    for _ in range(rng.randint(0, 6)):
        kind = rng.randrange(6)
        name = rng.choice(NAMES)
        if kind == 0:
            options = ", ".join(rng.sample(OPTIONS, rng.randint(0, 4)))
            decorator = rng.choice(["@shared_task", "@app.task", "@celery_app.task", "@task"])
            lines += [f"{decorator}({options})", f"def {name}(self, *a):"]
            body = ["    try:", "        do()", "    except Exception:", "        pass"]
            lines += body if rng.random() < 0.5 else ["    self.retry(countdown=2 ** n)"]
        elif kind == 1:
            lines.append(f"CELERY_{name.upper()} = {rng.choice(['1', 'None', 'env(X)', '[]'])}")
        elif kind == 2:
            lines += [
                "app.conf.beat_schedule = {",
                f"    {name!r}: {{'task': {name!r}, 'schedule': crontab(minute='*/{name}')}},",
                "}",
            ]
        elif kind == 3:
            lines.append(f"app.conf.task_routes = {{{name!r}: {{'queue': {name!r}}}}}")
        elif kind == 4:
            lines.append(f"{name}.apply_async(args=(1,), queue={rng.choice(NAMES)!r})")
        else:
            lines.append(f"# taskaudit: ignore[{rng.choice(['TA401', 'TA9', '', 'x'])}]")
    return "\n".join(lines) + "\n"


def makefile(rng: random.Random) -> str:
    targets = [f"{rng.choice(NAMES)}: ## help\n\tcelery -A proj worker -Q {rng.choice(NAMES)}"]
    targets.append("X := $(shell echo hi)\ninclude other.mk\n$(eval Y := 1)")
    return "\n".join(rng.sample(targets, len(targets))) + "\n"


def procfile(rng: random.Random) -> str:
    return f"worker: celery -A proj worker -B -Q {rng.choice(NAMES)} --concurrency=$X\n"


def compose(rng: random.Random) -> str:
    return (
        "x-base: &base\n  command: celery -A proj worker\nservices:\n"
        f"  {rng.choice(NAMES)}:\n    <<: *base\n    command: [celery, -A, proj, beat]\n"
    )


def shell(rng: random.Random) -> str:
    return f'#!/bin/sh\nexec celery -A proj worker -Q {rng.choice(NAMES)} "$@"\n'


def mutate(text: str, rng: random.Random) -> bytes:
    data = text.encode("utf-8")
    for _ in range(rng.randint(0, 4)):
        step = rng.randrange(7)
        cut = rng.randint(0, len(data))
        if step == 0:
            data = data[:cut]
        elif step == 1:
            data = data[:cut] + rng.choice(PIECES).encode("utf-8") + data[cut:]
        elif step == 2:
            data = data[:cut] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        elif step == 3:
            data = data.replace(b"\n", b"\r\n")
        elif step == 4:
            data = b"# -*- coding: latin-1 -*-\n" + text.encode("utf-8", "replace")
        elif step == 5:
            depth = rng.choice([50, 150, 1000, 50_000])
            data += b"x = " + b"(" * depth + b"1" + b")" * depth + b"\n"
        else:
            data = b"\xef\xbb\xbf" + data
    return data


def hypothesmith_programs(count: int) -> list[str]:
    """Grammar-derived programs, or none when hypothesmith is not installed."""
    try:
        import hypothesmith
        from hypothesis.errors import NonInteractiveExampleWarning
    except ImportError:
        return []
    strategy = hypothesmith.from_grammar()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NonInteractiveExampleWarning)
        return [strategy.example() for _ in range(count)]


KINDS: dict[str, Callable[[random.Random], str]] = {
    "py": python_file,
    "Makefile": makefile,
    "Procfile": procfile,
    "docker-compose.yml": compose,
    "scripts/start": shell,
}


def tree(rng: random.Random, grammar: list[str]) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for index in range(rng.randint(1, 8)):
        kind = rng.choice([*KINDS, "py", "py", "grammar"])
        folder = rng.choice(["", "app/", "config/", "app/migrations/", "src/pkg/"])
        if kind == "grammar" and grammar:
            files[f"{folder}gen{index}.py"] = mutate(rng.choice(grammar), rng)
        elif kind in ("py", "grammar"):
            files[f"{folder}m{index}.py"] = mutate(python_file(rng), rng)
            files.setdefault(f"{folder}__init__.py", b"")
        else:
            files[kind] = mutate(KINDS[kind](rng), rng)
    return files
