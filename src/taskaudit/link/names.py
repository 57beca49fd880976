"""Following names across modules: re-exports and the Celery apps they reach.

``from proj import celery_app`` often means ``proj/__init__.py`` re-exported
``from .celery import app as celery_app``; Celery then sees one app. The
resolver follows such import chains through the scanned modules only.
"""

from __future__ import annotations

from collections.abc import Mapping

from taskaudit.facts import PythonFacts


class Names:
    def __init__(self, modules: Mapping[str, PythonFacts]) -> None:
        self._imports = {m: dict(f.imports) for m, f in modules.items()}
        self._cache: dict[str, str] = {}

    def canonical(self, qualname: str) -> str:
        """The dotted path ``qualname`` finally refers to after re-exports."""
        cached = self._cache.get(qualname)
        if cached is not None:
            return cached
        result = qualname
        seen: set[str] = set()
        while result not in seen:
            seen.add(result)
            step = self._step(result)
            if step is None:
                break
            result = step
        self._cache[qualname] = result
        return result

    def _step(self, qualname: str) -> str | None:
        parts = qualname.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            module = ".".join(parts[:cut])
            table = self._imports.get(module)
            if table is None:
                continue
            target = table.get(parts[cut])
            if target is None or target == qualname:
                return None
            return ".".join([target, *parts[cut + 1 :]])
        return None
