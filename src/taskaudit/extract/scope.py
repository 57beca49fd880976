"""What a bare name means in one module: its imports and module-level bindings.

Resolution follows Python's own rules as far as they are static: ``import a.b``
binds ``a``; ``import a.b as c`` binds ``c`` to ``a.b``; ``from x import y as z``
binds ``z`` to ``x.y``; relative imports resolve against the module's dotted
path (known from the file's place under its source root). A star import or a
name bound inside a function is never guessed. ``bindings.build_scope``
builds a module's ``Scope``, constants included.
"""

from __future__ import annotations

import ast
import builtins
from collections.abc import Mapping
from dataclasses import dataclass, field

from taskaudit.core.values import Value
from taskaudit.extract.walk import module_nodes

_BUILTINS = frozenset(dir(builtins))


@dataclass(frozen=True, slots=True)
class Scope:
    module: str
    is_package: bool = False
    imports: Mapping[str, str] = field(default_factory=dict)
    definitions: frozenset[str] = frozenset()
    constants: Mapping[str, Value] = field(default_factory=dict)

    def qualify(self, name: str) -> str | None:
        """The dotted path a module-level name refers to, or None if it is not static."""
        if name in self.imports:
            return self.imports[name]
        if name in self.definitions:
            return f"{self.module}.{name}" if self.module else name
        if name in _BUILTINS:
            return name
        return None

    def dotted(self, node: ast.expr) -> str | None:
        """Resolve ``a.b.c`` (Name/Attribute chain) through the imports."""
        parts: list[str] = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name):
            return None
        head = self.qualify(node.id)
        if head is None:
            return None
        return ".".join([head, *reversed(parts)])

    def absolute(self, module: str | None, level: int) -> str | None:
        """The absolute module named by ``from <level dots><module> import ...``."""
        if level == 0:
            return module
        package = self.module.split(".") if self.module else []
        if not self.is_package:
            package = package[:-1]
        if level - 1 >= len(package):  # Python refuses to climb above the top package
            return None
        base = package[: len(package) - (level - 1)]
        if module:
            base.append(module)
        return ".".join(base) or None


def collect_imports(tree: ast.Module, scope: Scope) -> dict[str, str]:
    """Every import in the module (at any depth), later bindings winning."""
    table: dict[str, str] = {}
    for node in module_nodes(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    table[alias.asname] = alias.name
                else:
                    head = alias.name.split(".")[0]
                    table[head] = head
        elif isinstance(node, ast.ImportFrom):
            base = scope.absolute(node.module, node.level)
            if base is None:
                continue
            for alias in node.names:
                if alias.name != "*":
                    table[alias.asname or alias.name] = f"{base}.{alias.name}"
    return table
