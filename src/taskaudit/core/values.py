"""Static values: what a Python expression is known to be without running it.

An extractor turns an AST expression into a ``Value``. Literals become plain
Python values; names that refer to something importable become ``Ref``; calls
to functions whose meaning taskaudit knows (``crontab``, ``timedelta``,
``kombu.Queue``, ``re.compile``) become ``Call``; anything that only exists at
run time (``os.environ[...]``, arbitrary calls, arithmetic on unknowns) is an
explicit ``Unknown`` carrying the reason. Rules never guess over an
``Unknown``: they report it as undecidable (TA002).

All value types are frozen, hashable and picklable, so facts can cross process
boundaries and be cached.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeAlias


@dataclass(frozen=True, slots=True)
class Unknown:
    """A value that only exists at run time; ``reason`` says why in a few words."""

    reason: str

    def __str__(self) -> str:
        return f"<unknown: {self.reason}>"


@dataclass(frozen=True, slots=True)
class Ref:
    """A reference to a named object, resolved through the module's imports.

    ``qualname`` is the dotted path the name points to (``"kombu.Queue"``,
    ``"Exception"``, ``"apps.sync.tasks.pull"``); a name defined in the same
    module is qualified with that module's path later, at link time, so the
    extractor records ``local=True`` for it.
    """

    qualname: str
    local: bool = False

    def __str__(self) -> str:
        return self.qualname

    @property
    def leaf(self) -> str:
        return self.qualname.rpartition(".")[2]


@dataclass(frozen=True, slots=True)
class Call:
    """A call to a known function with statically known arguments."""

    func: str
    args: tuple[Value, ...] = ()
    kwargs: tuple[tuple[str, Value], ...] = ()

    def kwarg(self, name: str, default: Value = None) -> Value:
        for key, value in self.kwargs:
            if key == name:
                return value
        return default

    def has_kwarg(self, name: str) -> bool:
        return any(key == name for key, _ in self.kwargs)

    @property
    def leaf(self) -> str:
        return self.func.rpartition(".")[2]


@dataclass(frozen=True, slots=True)
class Dict:
    """A dict literal, in source order. Keys may themselves be Unknown."""

    items: tuple[tuple[Value, Value], ...] = ()

    def get(self, key: str, default: Value = None) -> Value:
        for k, v in self.items:
            if k == key:
                return v
        return default

    def __contains__(self, key: object) -> bool:
        return any(k == key for k, _ in self.items)

    def keys(self) -> Iterator[Value]:
        return (k for k, _ in self.items)

    def __len__(self) -> int:
        return len(self.items)


@dataclass(frozen=True, slots=True)
class Seq:
    """A list, tuple or set literal, in source order."""

    items: tuple[Value, ...] = ()
    kind: str = "tuple"  # "tuple" | "list" | "set"

    def __iter__(self) -> Iterator[Value]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


Value: TypeAlias = bool | int | float | str | Unknown | Ref | Call | Dict | Seq | None


def is_known(value: Value) -> bool:
    """True when no part of ``value`` is ``Unknown``."""
    if isinstance(value, Unknown):
        return False
    if isinstance(value, Seq):
        return all(is_known(item) for item in value.items)
    if isinstance(value, Dict):
        return all(is_known(k) and is_known(v) for k, v in value.items)
    if isinstance(value, Call):
        return all(is_known(a) for a in value.args) and all(is_known(v) for _, v in value.kwargs)
    return True


def render(value: Value) -> str:
    """Source-like text for a value, for messages and inventories."""
    if isinstance(value, Unknown):
        return "?"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, Ref):
        return value.qualname
    if isinstance(value, Seq):
        inner = ", ".join(render(v) for v in value.items)
        if value.kind == "list":
            return f"[{inner}]"
        if value.kind == "set":
            return "{" + inner + "}"
        return f"({inner},)" if len(value.items) == 1 else f"({inner})"
    if isinstance(value, Dict):
        return "{" + ", ".join(f"{render(k)}: {render(v)}" for k, v in value.items) + "}"
    if isinstance(value, Call):
        parts = [render(a) for a in value.args]
        parts += [f"{k}={render(v)}" for k, v in value.kwargs]
        return f"{value.leaf}({', '.join(parts)})"
    return repr(value)
