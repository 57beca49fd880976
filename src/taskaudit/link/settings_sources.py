"""The setting writes a configuration source holds, the way Python and Django run it.

A module's settings are its own module-level writes, after those of what it
runs first: the modules it star-imports and the files django-split-settings
``include()``s (in order, as their code runs in its namespace). A settings
class exported into its module (``Settings.load_settings(__name__)``) adds
its attributes, its bases' first; a django-configurations module is the
class ``DJANGO_CONFIGURATION`` names. A class or dict handed to
``config_from_object`` holds its own writes.

Which Django settings module a deployment uses is chosen at run time
(``DJANGO_SETTINGS_MODULE``). The ``settings`` key of ``[tool.taskaudit]``
names it; else the ``os.environ.setdefault`` defaults in the code do; else
every settings module that holds settings is a candidate. Several
candidates are alternatives: what they share is read as is, what only some
of them set may or may not apply, so a setting they disagree on is unknown
(with the reason), never the value of whichever sorts last.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from taskaudit.celery.settings import SettingWrite
from taskaudit.core.location import Location
from taskaudit.facts import PythonFacts
from taskaudit.link.coverage import Gap

# django-configurations' base class (``configurations/base.py``, re-exported by the package).
_CONFIGURATION = frozenset({"configurations.Configuration", "configurations.base.Configuration"})


@dataclass(frozen=True, slots=True)
class DjangoSettings:
    read: tuple[str, ...]  # the settings modules read, in the order they run
    writes: tuple[SettingWrite, ...]
    gaps: tuple[Gap, ...]


class Sources:
    """Reads configuration sources out of the scanned modules."""

    def __init__(
        self,
        modules: Mapping[str, PythonFacts],
        canonical: Callable[[str], str],
        paths: Mapping[str, str],
        configured: Sequence[str] = (),
    ) -> None:
        self.modules, self.canonical, self.paths = modules, canonical, paths
        self.configured = tuple(configured)
        self.classes = {c.qualname: c for f in modules.values() for c in f.classes}
        self.chosen = {
            v
            for f in modules.values()
            for _, v in f.config.configuration_hints
            if isinstance(v, str)
        }
        self.gaps: list[Gap] = []

    # --- one object ----------------------------------------------------------

    def object_writes(self, name: str) -> list[SettingWrite] | None:
        """A module, class or dict by dotted path; None when it is not in the scanned tree."""
        if name in self.modules:
            return [w for m in self.closure(name) for w in self.module_writes(m)]
        module, _, attr = name.rpartition(".")
        if module not in self.modules:
            return None
        # `from .defaults import *` re-exports: the last module run that defines it wins.
        for owner in reversed(self.closure(module)):
            if f"{owner}.{attr}" in self.classes:
                return self.class_writes(f"{owner}.{attr}")
            found = [w for c, w in self.modules[owner].config.writes if c == f"dict:{owner}.{attr}"]
            if found:
                return found
        return []

    def class_writes(self, qualname: str, depth: int = 0) -> list[SettingWrite]:
        """A class's settings, its project bases' first (later bases lose to earlier ones)."""
        cls = self.classes.get(self.canonical(qualname))
        if cls is None or depth > 16:
            return []
        found = [w for b in reversed(cls.bases) for w in self.class_writes(b, depth + 1)]
        module = self.modules.get(cls.qualname.rpartition(".")[0])
        if module is not None:
            found += [w for c, w in module.config.writes if c == f"class:{cls.qualname}"]
        return found

    def module_writes(self, module: str) -> list[SettingWrite]:
        """What one module sets itself: exported settings classes, then its own names."""
        facts = self.modules[module]
        found = [w for cls in facts.config.class_exports for w in self.class_writes(cls)]
        found += [w for cls in self._configuration(module) for w in self.class_writes(cls)]
        return found + [w for c, w in facts.config.writes if c == "module"]

    def _configuration(self, module: str) -> list[str]:
        """The django-configurations class of ``module`` that ``DJANGO_CONFIGURATION`` names."""
        classes = [
            c.qualname for c in self.modules[module].classes if self._is_configuration(c.qualname)
        ]
        if not classes:
            return []
        configured = {c.replace(":", ".") for c in self.configured if ":" in c}
        named = [q for q in classes if q in configured] or [
            q for q in classes if q.rpartition(".")[2] in self.chosen
        ]
        if named:
            return named[:1]
        shown = ", ".join(f"`{q.rpartition('.')[2]}`" for q in classes[:4])
        reason = (
            f"`{module}` holds django-configurations classes ({shown}) and no "
            "`DJANGO_CONFIGURATION` default says which one a deployment uses"
        )
        self.gaps.append(Gap("config", reason, "settings"))
        return []

    def _is_configuration(self, qualname: str, depth: int = 0) -> bool:
        target = self.canonical(qualname)
        if target in _CONFIGURATION:
            return True
        cls = self.classes.get(target)
        return (
            cls is not None
            and depth < 16
            and any(self._is_configuration(b, depth + 1) for b in cls.bases)
        )

    # --- the modules a settings module runs first --------------------------

    def closure(self, module: str) -> list[str]:
        """``module`` after the modules it star-imports and includes, in the order they run."""
        ordered: list[str] = []

        def visit(name: str, depth: int) -> None:
            if name in ordered or name not in self.modules or depth > 20:
                return
            config = self.modules[name].config
            for base in config.star_imports:
                visit(base, depth + 1)
            for included in self._included(name, config.includes):
                visit(included, depth + 1)
            ordered.append(name)

        visit(module, 0)
        return ordered

    def _included(self, module: str, patterns: Sequence[tuple[str, bool]]) -> list[str]:
        found: list[str] = []
        for pattern, optional in patterns:
            if not pattern:
                reason = f"`{module}` includes a settings file whose name is computed"
                self.gaps.append(Gap("config", reason, "settings"))
                continue
            matched = sorted(p for p in self.paths if fnmatch.fnmatchcase(p, pattern))
            if not matched and not optional:
                reason = f"`{module}` includes `{pattern}`, which is not in the scanned tree"
                self.gaps.append(Gap("config", reason, "source-roots"))
            found += [self.paths[p] for p in matched]
        return found

    # --- Django's settings ---------------------------------------------------

    def django(self, where: Location | None) -> DjangoSettings:
        roots = self._roots(where)
        closures = [self.closure(r) for r in roots]
        shared = [m for m in closures[0] if all(m in c for c in closures)] if closures else []
        read = list(shared) + [m for c in closures for m in c if m not in shared]
        read = list(dict.fromkeys(read))
        writes = [w for m in shared for w in self.module_writes(m)]
        if len(roots) > 1:
            shown = ", ".join(f"`{r}`" for r in roots[:3]) + (", ..." if len(roots) > 3 else "")
            for module in read[len(shared) :]:
                why = (
                    f"set in `{module}`, read only by the deployments among {shown} that use it "
                    "(set `settings` in [tool.taskaudit])"
                )
                writes += [replace(w, condition=why) for w in self.module_writes(module)]
        return DjangoSettings(tuple(read), tuple(writes), tuple(sorted(set(self.gaps))))

    def _roots(self, where: Location | None) -> list[str]:
        if self.configured:
            modules = [c.partition(":")[0] for c in self.configured]
            for missing in (m for m in modules if m not in self.modules):
                reason = f"the `settings` module `{missing}` is not in the scanned tree"
                self.gaps.append(Gap("config", reason, "source-roots", where))
            return [m for m in dict.fromkeys(modules) if m in self.modules]
        hints = [
            (where_, v)
            for f in self.modules.values()
            for where_, v in f.config.settings_module_hints
            if isinstance(v, str)
        ]
        # The worker imports the app's module: a default set there is the one it uses.
        own = [v for at, v in hints if where is not None and at.path == where.path]
        hinted = sorted(set(own or [v for _, v in hints]))
        for missing in (h for h in hinted if h not in self.modules):
            reason = f"DJANGO_SETTINGS_MODULE names `{missing}`, which is not in the scanned tree"
            # Found under a longer path: the import root is misread; else it is not in the repo.
            elsewhere = any(m.endswith(f".{missing}") for m in self.modules)
            key = "source-roots" if elsewhere else "settings"
            self.gaps.append(Gap("config", reason, key, where))
        found = [h for h in hinted if h in self.modules]
        if found:
            return found
        candidates = [m for m in sorted(self.modules) if _named_like_settings(m) and self._holds(m)]
        inner = {b for m in candidates for b in self.closure(m) if b != m}
        roots = [m for m in candidates if m not in inner]
        if not roots and not hinted:
            self.gaps.append(
                Gap("config", "no Django settings module was found", "settings", where)
            )
        return roots

    def alternatives(self) -> dict[str, list[str]]:
        """Each settings module no other one runs first, with what it runs: one per deployment.

        ``production`` and ``docker`` that each star-import a shared base, and
        neither the other, are alternatives: a process loads one of them.
        """
        candidates = [m for m in sorted(self.modules) if _named_like_settings(m) and self._holds(m)]
        closures = {m: self.closure(m) for m in candidates}
        inner = {b for m, c in closures.items() for b in c if b != m}
        return {m: c for m, c in closures.items() if m not in inner}

    def _holds(self, module: str) -> bool:
        """Whether a module holds settings at all (an API module named ``settings`` does not)."""
        config = self.modules[module].config
        return bool(
            any(c == "module" for c, _ in config.writes)
            or config.class_exports
            or config.includes
            or config.star_imports
            or self._configuration_classes(module)
        )

    def _configuration_classes(self, module: str) -> bool:
        return any(self._is_configuration(c.qualname) for c in self.modules[module].classes)


def is_settings_module(module: str) -> bool:
    """A Django settings module by its name, when no DJANGO_SETTINGS_MODULE hint names one."""
    return "settings" in module.split(".") or module.endswith("settings")


def _named_like_settings(module: str) -> bool:
    """``settings``, ``settings.base``, and the ``settings_dev`` / ``settings_common`` family."""
    return is_settings_module(module) or module.rpartition(".")[2].startswith("settings_")
