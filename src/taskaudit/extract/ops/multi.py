"""``celery multi start|restart``: one worker node per name, each with its own options.

Follows the node and option syntax of celery/bin/multi.py and
celery/apps/multi.py ("Starting multiple workers" in the Workers Guide):
``celery multi start w1 w2 -Q default -Q:w1 heavy -c:1-2 4``. A lone number
``N`` names the nodes ``celery1`` .. ``celeryN``; an option suffixed with
``:selector`` applies only to the nodes whose name or 1-based index (``2``,
``1-3``, ``4,5``) the selector lists, and overrides the unsuffixed option.
"""

from __future__ import annotations

from dataclasses import dataclass

from taskaudit.core.values import Unknown
from taskaudit.extract.ops.words import is_dynamic

_MAX_NODES = 64


@dataclass(frozen=True, slots=True)
class Node:
    name: str | Unknown | None
    words: tuple[str, ...]  # worker options for this node, selectors resolved


def split_multi(args: tuple[str, ...]) -> tuple[str | None, tuple[Node, ...]]:
    """The multi action and, per node, the options its worker gets."""
    words = list(args)
    action: str | None = None
    names: list[str] = []
    i = 0
    while i < len(words) and not words[i].startswith("-"):
        if action is None:
            action = words[i]
        else:
            names.append(words[i])
        i += 1
    # A node list from the environment may carry options too (``$CELERYD_OPTS``).
    options: list[tuple[str | None, list[str]]] = [(None, [n]) for n in names if is_dynamic(n)]
    while i < len(words):
        word = words[i]
        i += 1
        if not word.startswith("-") or word == "--":
            if is_dynamic(word):
                options.append((None, [word]))
            continue
        head, eq, value = word.partition("=")
        option, _, selector = head.partition(":")
        # Like multi's own parser, a following word that is not an option is the value.
        if not eq and i < len(words) and not words[i].startswith("-"):
            value, eq, i = words[i], "=", i + 1
        spelled = [f"{option}={value}"] if eq and option.startswith("--") else [option]
        if eq and not option.startswith("--"):
            spelled.append(value)
        options.append((selector or None, spelled))
    return action, tuple(_nodes(names, options))


def _nodes(names: list[str], options: list[tuple[str | None, list[str]]]) -> list[Node]:
    labels: list[str | Unknown | None]
    if any(is_dynamic(name) for name in names):
        labels = [Unknown(f"set at run time: {' '.join(names)}")]
    elif len(names) == 1 and names[0].isascii() and names[0].isdigit() and len(names[0]) < 4:
        labels = [f"celery{k}" for k in range(1, min(int(names[0]), _MAX_NODES) + 1)]
    else:
        labels = list(names[:_MAX_NODES]) or [None]
    nodes: list[Node] = []
    for index, label in enumerate(labels, start=1):
        general = [w for sel, spelled in options if sel is None for w in spelled]
        own = [
            w for sel, spelled in options if sel and _selects(sel, label, index) for w in spelled
        ]
        nodes.append(Node(label, tuple(general + own)))
    return nodes


def _selects(selector: str, label: str | Unknown | None, index: int) -> bool:
    name = label if isinstance(label, str) else ""
    for part in selector.split(","):
        low, dash, high = part.partition("-")
        if dash and low.isdigit() and high.isdigit():
            if int(low) <= index <= int(high):
                return True
        elif part.isdigit():
            if int(part) == index:
                return True
        elif name and part in (name, name.partition("@")[0]):
            return True
    return False
