"""Module-level constants that one scanned module imports from another.

Extraction reads one file at a time: ``@app.task(queue=MISC)`` after
``from pkg.tasks import MISC`` is only a reference, ``Ref("pkg.tasks.MISC")``.
When ``pkg.tasks`` is scanned code and binds ``MISC = "misc"`` unconditionally
at module level, the value is as static as a literal written in place, so
the link step puts the literal there. Re-exports are followed
(``taskaudit.link.names``); a name bound under ``if``/``try``, a computed
value or a module outside the scanned tree stays a reference.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from taskaudit.core.values import Ref, Seq, Value
from taskaudit.facts import PythonFacts


class Constants:
    def __init__(self, modules: Mapping[str, PythonFacts], canonical: Callable[[str], str]):
        self._values: dict[str, Value] = {
            f"{module}.{name}": value
            for module, facts in modules.items()
            for name, value in facts.constants
        }
        self._canonical = canonical

    def resolve(self, value: Value) -> Value:
        """``value`` with references to scanned scalar constants replaced by their literal."""
        if not self._values:
            return value
        if isinstance(value, Ref) and not value.local:
            return self._values.get(self._canonical(value.qualname), value)
        if isinstance(value, Seq) and any(isinstance(item, Ref) for item in value.items):
            return Seq(tuple(self.resolve(item) for item in value.items), value.kind)
        return value
