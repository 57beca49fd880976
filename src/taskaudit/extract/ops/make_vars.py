"""GNU Make variables: assignments and the literal part of ``$(VAR)`` expansion.

Follows the GNU Make manual, "How to Use Variables" (§6): ``=`` (recursive),
``:=`` / ``::=`` / ``:::=`` (simple), ``?=``, ``+=`` and ``!=`` (shell), with
``$(VAR)``, ``${VAR}``, ``$X`` references and ``$$`` for a literal dollar.
Only variables defined in the file are expanded; functions (``$(shell ...)``,
``$(wildcard ...)``), automatic variables and names that may come from the
environment stay verbatim, so a command built from them reads as a run-time
value downstream.
"""

from __future__ import annotations

import re

ASSIGNMENT = re.compile(
    r"(?:(?:export|override|private)\s+)*([A-Za-z_.][A-Za-z0-9_.-]*)\s*(:::=|::=|:=|\?=|\+=|!=|=)\s*(.*)"
)
_NAME = re.compile(r"[A-Za-z_.][A-Za-z0-9_.-]*")
_MAX_DEPTH = 16
_BUDGET = 100_000  # characters one expansion may produce; stops runaway definitions


def assign(table: dict[str, str], name: str, operator: str, value: str) -> None:
    value = _strip_comment(value)
    if operator == "?=":
        table.setdefault(name, value)
    elif operator == "+=":
        table[name] = f"{table[name]} {value}" if table.get(name) else value
    elif operator == "!=":
        table[name] = f"$(shell {value})"
    elif operator == "=":
        table[name] = value
    else:
        # Simple assignment expands now; re-escape so a later expansion keeps the text.
        table[name] = expand(value, table).replace("$", "$$")


def _strip_comment(value: str) -> str:
    match = re.search(r"(?<!\\)#", value)
    return (value[: match.start()] if match else value).strip()


def expand(text: str, table: dict[str, str]) -> str:
    return _Expander(table).run(text, 0)


class _Expander:
    def __init__(self, table: dict[str, str]) -> None:
        self.table = table
        self.budget = _BUDGET

    def run(self, text: str, depth: int) -> str:
        out: list[str] = []
        i = 0
        while i < len(text):
            ch = text[i]
            nxt = text[i + 1 : i + 2]
            if ch != "$":
                out.append(ch)
                i += 1
            elif nxt == "$":
                out.append("$")
                i += 2
            elif nxt in ("(", "{"):
                end = _closing(text, i + 1)
                out.append(self.reference(text[i + 2 : end], text[i : end + 1], depth))
                i = end + 1
            else:
                out.append(self.reference(nxt, text[i : i + 2], depth) if nxt else "$")
                i += 2
            self.budget -= len(out[-1])
            if self.budget < 0:
                out.append(text[i:])
                break
        return "".join(out)

    def reference(self, name: str, verbatim: str, depth: int) -> str:
        if _NAME.fullmatch(name) and name in self.table and depth < _MAX_DEPTH:
            return self.run(self.table[name], depth + 1)
        return verbatim


def _closing(text: str, start: int) -> int:
    opener = text[start]
    closer = ")" if opener == "(" else "}"
    depth = 0
    for i in range(start, len(text)):
        if text[i] == opener:
            depth += 1
        elif text[i] == closer:
            depth -= 1
            if depth == 0:
                return i
    return len(text) - 1
