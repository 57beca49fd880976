"""What a Python file that could not be parsed might declare, read from its text.

A file Python cannot parse (TA000) hides its tasks, but not every task: it
can only register a name it spells. A task is a function or a class, named
after its ``def``/``class`` name or by a ``name=`` in its decorator (or a
Task class's ``name`` attribute). So the text is searched, line by line, for
those names; a ``name=`` in a decorator, or a class ``name =``, that is not
a plain string literal means the file may register any name. The linker
then keeps "no task registers X" undecidable only for the names this file
could declare.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DEFINED = re.compile(r"^[ \t]*(?:async[ \t]+)?(?:def|class)[ \t]+([^\W\d]\w*)", re.MULTILINE)
# `name="x"` in a decorator (the decorator's text runs to its closing parenthesis).
_DECORATOR = re.compile(r"^[ \t]*@", re.MULTILINE)
_NAME_ARG = re.compile(r"\bname[ \t]*=[ \t]*(?!=)")
_LITERAL = re.compile(r"""[rRuU]?(?:"([^"\\\n]*)"|'([^'\\\n]*)')[ \t]*(?=[,)#\n]|$)""")
_NONE = re.compile(r"None[ \t]*(?=[,)#\n]|$)")
# `name = "x"` as an indented class attribute (a Task class names itself so).
_CALL = re.compile(r"[\w.]+\(")
_ATTRIBUTE = re.compile(r"^[ \t]+name[ \t]*(?::[^=\n]*)?=[ \t]*(?!=)(.*)$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Mentions:
    functions: tuple[str, ...]  # names after `def` and `class`, sorted
    names: tuple[str, ...]  # string literals given as a task name, sorted
    computed: bool  # a name given by something other than a literal


def read_mentions(text: str) -> Mentions:
    functions = {m.group(1) for m in _DEFINED.finditer(text)}
    names: set[str] = set()
    computed = False
    for start in _DECORATOR.finditer(text):
        decorator = _decorator_text(text, start.end())
        for argument in _NAME_ARG.finditer(decorator):
            literal = _LITERAL.match(decorator, argument.end())
            if literal is None:
                computed = computed or _NONE.match(decorator, argument.end()) is None
            else:
                names.add(literal.group(1) if literal.group(1) is not None else literal.group(2))
    for attribute in _ATTRIBUTE.finditer(text):
        value = attribute.group(1).strip()
        if _NONE.match(value):
            continue
        literal = _LITERAL.match(value)
        if literal is not None:
            names.add(literal.group(1) if literal.group(1) is not None else literal.group(2))
        elif not _CALL.match(value):
            # `name = models.CharField(...)` is a field; `name = PREFIX + ".x"` may be a task's.
            computed = True
    return Mentions(tuple(sorted(functions)), tuple(sorted(names)), computed)


def _decorator_text(text: str, start: int) -> str:
    """The decorator from ``start`` to the end of its line, or of its parentheses."""
    depth = 0
    at = start
    end = min(len(text), start + 4000)  # a decorator longer than that is not read further
    while at < end:
        char = text[at]
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "\n" and depth <= 0:
            break
        at += 1
    return text[start:at]
