"""Poetry's and Pipenv's version constraints, as PEP 440 specifier sets.

Poetry ("Dependency specification"): ``^5.5`` allows ``>=5.5,<6.0``
(the left-most non-zero part may not change: ``^0.2.3`` is ``>=0.2.3,<0.3.0``),
``~5.5`` allows ``>=5.5,<5.6`` (``~5`` is ``>=5,<6``), ``*`` anything, a bare
``5.5.3`` exactly that, and ``a || b`` either. Pipenv writes PEP 440 or
``"*"``. The result is a tuple of alternatives, each a specifier set.
"""

from __future__ import annotations

import re

from taskaudit.extract.deps_pep508 import valid_specifier

_BARE = re.compile(r"^\d+(\.\d+)*(\.\*)?$")


def poetry_specifiers(constraint: str) -> tuple[str, ...] | None:
    """The alternatives ``constraint`` allows; None when it is not one Poetry accepts."""
    alternatives = []
    for alternative in constraint.split("||"):
        parts = [_one(part.strip()) for part in re.split(r",|\s+(?=[<>=!~^])", alternative)]
        parts = [p for p in parts if p != ""]
        if any(p is None for p in parts):
            return None
        joined = ",".join(p for p in parts if p is not None)
        if not valid_specifier(joined):
            return None
        alternatives.append(joined)
    return tuple(alternatives)


def _one(part: str) -> str | None:
    if part in ("", "*"):
        return ""
    if part.startswith("^"):
        return _caret(part[1:].strip())
    if part.startswith("~") and not part.startswith("~="):
        return _tilde(part[1:].strip())
    if _BARE.match(part):
        return f"=={part}"
    return part.replace(" ", "")


def _numbers(text: str) -> list[int] | None:
    if not re.fullmatch(r"\d+(\.\d+)*", text):
        return None
    return [int(n) for n in text.split(".")]


def _caret(text: str) -> str | None:
    numbers = _numbers(text)
    if numbers is None:
        return None
    # The first non-zero part is the one that may not change (all zeros: the last given).
    keep = next((i for i, n in enumerate(numbers) if n != 0), len(numbers) - 1)
    upper = [*numbers[:keep], numbers[keep] + 1]
    return f">={text},<{'.'.join(map(str, upper))}"


def _tilde(text: str) -> str | None:
    numbers = _numbers(text)
    if numbers is None:
        return None
    keep = 0 if len(numbers) == 1 else 1
    upper = [*numbers[:keep], numbers[keep] + 1]
    return f">={text},<{'.'.join(map(str, upper))}"
