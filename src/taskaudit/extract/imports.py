"""The modules a file names in absolute ``import`` statements: evidence of its import root.

``from drive.celery_app import app`` only works when the folder holding
``drive/`` is on ``sys.path``, whatever folder the importing file sits in
(Python 3 has no implicit relative imports: "The import system", Python
reference, 5.7). So the names written in level-0 imports tell where the
project's roots are (``taskaudit.roots``), and they do not depend on the
module path taskaudit gave the importing file. Relative imports
(``from .models import X``) say nothing about roots and are left out.
"""

from __future__ import annotations

import ast

from taskaudit.extract.walk import module_nodes


def absolute_imports(tree: ast.Module) -> tuple[tuple[str, int], ...]:
    """Dotted modules named by ``import a.b`` and ``from a.b import c`` (level 0).

    Each with the first line that names it, sorted by name.
    """
    named: dict[str, int] = {}
    for node in module_nodes(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                named[alias.name] = min(node.lineno, named.get(alias.name, node.lineno))
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            named[node.module] = min(node.lineno, named.get(node.module, node.lineno))
    return tuple(sorted(named.items()))
