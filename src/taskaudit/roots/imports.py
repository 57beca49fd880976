"""The project's own absolute imports as evidence of its import roots.

``from drive.celery_app import app`` in a file says that the folder holding
``drive/`` is on ``sys.path`` when that file runs. Only names that can be
the project's are kept: a dotted name of two parts or more (a bare
``import settings`` or ``import celery`` lands on too many files to mean
one), whose first part is not a standard-library module
(``sys.stdlib_module_names``), and that does not land on the importing
file itself (``proj/celery.py`` importing the ``celery`` library).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable

from taskaudit.core.location import Location
from taskaudit.facts import PythonFacts
from taskaudit.roots.evidence import Evidence

_STDLIB = frozenset(sys.stdlib_module_names) | {"__future__"}


def import_evidence(files: Iterable[tuple[str, PythonFacts]]) -> tuple[Evidence, ...]:
    """One ``import`` evidence per (file, dotted name) worth reading."""
    return tuple(
        Evidence("import", Location(path, line), name)
        for path, facts in files
        for name, line in facts.absolute_imports
        if "." in name and name.partition(".")[0] not in _STDLIB
    )
