"""The name Celery gives a task declared without ``name=``: its app's ``gen_task_name``.

Celery's own rule is the function's module path, a dot and its name. A
``Celery`` subclass may override ``gen_task_name`` (read by
``taskaudit.extract.task_names``); an app built from that class, or from a
subclass of it, names its tasks by the override. ``@app.task`` uses its
app's rule; ``@shared_task`` registers the task with every app, so its name
is decided only when every app in view names it alike.
"""

from __future__ import annotations

from collections.abc import Mapping

from taskaudit.celery.spellings import CELERY_CLASSES
from taskaudit.core.location import Location
from taskaudit.core.values import Unknown, Value
from taskaudit.extract.task_names import NameRule, evaluate
from taskaudit.extract.tasks import TaskClass
from taskaudit.facts import PythonFacts
from taskaudit.link.names import Names

# (the class that overrides gen_task_name, what it returns); None: Celery's default.
Override = tuple[str, NameRule] | None


class Autonamer:
    def __init__(
        self, modules: Mapping[str, PythonFacts], names: Names, classes: Mapping[str, TaskClass]
    ) -> None:
        self._names, self._classes = names, classes
        self.rules: dict[str, Override] = {}
        for facts in modules.values():
            for app in facts.config.apps:
                self.rules[names.canonical(app.qualname)] = self._override(app.cls)

    def _override(self, cls: str, depth: int = 0) -> Override:
        target = self._names.canonical(cls)
        if target in CELERY_CLASSES or depth > 16:
            return None
        found = self._classes.get(target)
        if found is None:
            return None  # a class outside the tree: Celery's rule, as far as can be seen
        if found.name_rule is not None:
            return found.qualname, found.name_rule
        for base in found.bases:
            override = self._override(base, depth + 1)
            if override is not None:
                return override
        return None

    def name(self, app: str | None, module: str, function: str) -> Value:
        """The autoname of ``module.function`` under ``app`` (None: ``@shared_task``)."""
        # `@app.task`: its app's rule; `@shared_task`: every app's.
        overrides = {self.rules.get(app)} if app is not None else set(self.rules.values()) or {None}
        if len(overrides) > 1:
            shown = ", ".join(sorted(f"`{o[0]}`" for o in overrides if o is not None))
            return Unknown(
                f"`@shared_task` registers `{function}` with several apps and {shown} "
                "name tasks by their own `gen_task_name`"
            )
        [override] = overrides
        return self._one(override, module, function)

    def _one(self, override: Override, module: str, function: str) -> Value:
        if override is None:
            return f"{module}.{function}" if module else function
        cls, rule = override
        if rule.expr is None:
            return Unknown(f"`{cls}.gen_task_name` cannot be read ({rule.why})")
        named = evaluate(rule.expr, function, module)
        if named is None:
            return Unknown(f"`{cls}.gen_task_name` gives no name for `{module}.{function}`")
        return named

    def candidates(self, module: str, function: str) -> tuple[str, ...]:
        """Every name ``module.function`` may register under some app (for unparsed files)."""
        overrides = set(self.rules.values()) | {None}
        found = {self._one(o, module, function) for o in overrides}
        return tuple(sorted(n for n in found if isinstance(n, str)))

    def unreadable(self) -> tuple[tuple[str, str, Location | None], ...]:
        """(class, why, where) of each override that cannot be read, for the coverage gaps."""
        found = {o for o in self.rules.values() if o is not None and o[1].expr is None}
        return tuple(
            sorted(
                (cls, rule.why, self._classes[cls].location if cls in self._classes else None)
                for cls, rule in found
            )
        )
