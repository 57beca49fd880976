"""Every node of a module, listed once and shared by the extractors that read it.

Each extractor looks at the whole module for its own constructs; walking the
tree once per extractor dominated extraction time. Files are extracted one
at a time (per process), so a one-entry cache keyed by the tree object
serves them all without holding on to earlier trees.
"""

from __future__ import annotations

import ast

_last: tuple[ast.Module, list[ast.AST]] | None = None


def module_nodes(tree: ast.Module) -> list[ast.AST]:
    """``list(ast.walk(tree))``, computed once per tree."""
    global _last
    if _last is None or _last[0] is not tree:
        _last = (tree, list(ast.walk(tree)))
    return _last[1]
