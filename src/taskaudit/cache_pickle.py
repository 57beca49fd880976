"""Pickling facts for the cache: faster to load, and unable to run anything.

Frozen slotted dataclasses unpickle through ``__setstate__``, which walks
``dataclasses.fields`` for every object; rebuilding them by calling the class
with their field values loads the cache of a 3,000-file project about 3x faster
(measured: 0.11 s against 0.04 s).

A cache file sits in the scanned tree, where anyone who can commit can put
one. Unpickling it must not become a way to run code, so the loader only
resolves taskaudit's own data classes (and enums) and nothing else: no
builtins, no callables beyond constructors of frozen data.
"""

from __future__ import annotations

import dataclasses
import enum
import importlib
import io
import operator
import pickle
from collections.abc import Callable
from typing import Any

_PROTOCOL = 5
_MAGIC = b"taskaudit-facts-1\n"


def dumps(value: object) -> bytes:
    buffer = io.BytesIO()
    buffer.write(_MAGIC)
    _Pickler(buffer, protocol=_PROTOCOL).dump(value)
    return buffer.getvalue()


def loads(data: bytes) -> object:
    if not data.startswith(_MAGIC):
        raise ValueError("not a taskaudit facts cache")
    return _Unpickler(io.BytesIO(data[len(_MAGIC) :])).load()


# Per class: a function giving the constructor's arguments, or None to pickle as usual.
_ARGUMENTS: dict[type, Callable[[Any], tuple[Any, ...]] | None] = {}


def _arguments(cls: type) -> Callable[[Any], tuple[Any, ...]] | None:
    """How to read the field values when the class can be rebuilt by calling it with them."""
    if cls not in _ARGUMENTS:
        getter: Callable[[Any], tuple[Any, ...]] | None = None
        if dataclasses.is_dataclass(cls):
            fields = dataclasses.fields(cls)
            if all(f.init for f in fields) and not hasattr(cls, "__post_init__"):
                names = [f.name for f in fields]
                many = operator.attrgetter(*names) if len(names) > 1 else None
                getter = many or (lambda obj, name=names[0]: (getattr(obj, name),))
        _ARGUMENTS[cls] = getter
    return _ARGUMENTS[cls]


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, type):
            return NotImplemented
        cls = type(obj)
        arguments = _ARGUMENTS[cls] if cls in _ARGUMENTS else _arguments(cls)
        if arguments is None:
            return NotImplemented
        return cls, arguments(obj)


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if module == "taskaudit" or module.startswith("taskaudit."):
            found = getattr(importlib.import_module(module), name, None)
            if isinstance(found, type) and (
                dataclasses.is_dataclass(found) or issubclass(found, enum.Enum)
            ):
                return found
        raise pickle.UnpicklingError(f"refusing {module}.{name} in a facts cache")
