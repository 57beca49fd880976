"""One PEP 508 requirement string (``celery[redis]>=5.5,<5.7; python_version >= "3.10"``).

Parsed by ``packaging``, the reference implementation of PEP 508 and
PEP 440 that pip itself vendors: specifiers and markers have corner cases
(``~=5.5.0``, ``==5.5.*``, ``===``, marker quoting) that a hand-written
parser gets wrong.
"""

from __future__ import annotations

from taskaudit.core.location import Location
from taskaudit.extract.deps import CeleryRequirement, is_celery


def parse_requirement(
    text: str, where: Location, group: str = "", *, constraint: bool = False
) -> CeleryRequirement | str | None:
    """The requirement if it is on Celery, None if on another project, or why it is invalid."""
    from packaging.requirements import InvalidRequirement, Requirement

    try:
        parsed = Requirement(text)
    except InvalidRequirement as exc:
        return f"not a valid requirement: {str(exc).splitlines()[0]}"
    if not is_celery(parsed.name):
        return None
    specifier = None if parsed.url else str(parsed.specifier)
    marker = str(parsed.marker) if parsed.marker is not None else None
    extras = tuple(sorted(parsed.extras))
    return CeleryRequirement(specifier, where, group, marker, extras, constraint)


def valid_specifier(text: str) -> bool:
    """Whether ``text`` is a PEP 440 specifier set (``""`` is one: any version)."""
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    try:
        SpecifierSet(text)
    except InvalidSpecifier:
        return False
    return True
