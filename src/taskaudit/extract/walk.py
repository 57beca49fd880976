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
    """The nodes of ``tree`` in ``ast.walk`` order, computed once per tree.

    Expression contexts (the ``Load``/``Store``/``Del`` of every name) are
    left out: no extractor looks for them, and they are a third of all nodes.
    """
    global _last
    if _last is None or _last[0] is not tree:
        _last = (tree, walk(tree))
    return _last[1]


def walk(tree: ast.AST) -> list[ast.AST]:
    """``list(ast.walk(tree))`` without expression contexts, about twice as fast."""
    # Breadth first like ast.walk, without its generator-per-node overhead:
    # the list grows while it is read, so reading it is the queue.
    found: list[ast.AST] = [tree]
    add = found.append
    for node in found:
        for name in node._fields:
            value = getattr(node, name, None)
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, ast.AST):
                        add(item)
            elif isinstance(value, ast.AST) and name != "ctx":
                add(value)
    return found


def children(node: ast.AST) -> list[ast.AST]:
    """``list(ast.iter_child_nodes(node))`` without the expression context."""
    found: list[ast.AST] = []
    for name in node._fields:
        value = getattr(node, name, None)
        if isinstance(value, list):
            found.extend(item for item in value if isinstance(item, ast.AST))
        elif isinstance(value, ast.AST) and name != "ctx":
            found.append(value)
    return found
