"""Rule docs' ``example`` and ``fix`` are code; every renderer fences them the same way."""

from __future__ import annotations

import ast
import re

_FENCE = re.compile(r"^(`{3,}|~{3,})", re.M)


def code_block(text: str) -> str:
    """``text`` as a fenced block: Python when it parses, plain text otherwise.

    Text that already holds a fence is Markdown written on purpose and is
    returned as it is. The fence is longer than any backtick run inside.
    """
    body = text.strip("\n")
    if _FENCE.search(body):
        return body
    try:
        ast.parse(body)
        language = "python"
    except (SyntaxError, ValueError):
        language = "text"
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{body}\n{fence}"
