"""Which absolute imports are worth reading as evidence of a root."""

from __future__ import annotations

import ast

from taskaudit.core.location import Location
from taskaudit.extract.file import python_facts
from taskaudit.roots.evidence import Evidence
from taskaudit.roots.imports import import_evidence

SOURCE = """\
from __future__ import annotations
import os.path
import settings
from shop.worker import app
from . import models
from ..orders.jobs import run
import shop.orders.jobs as jobs
from xml.etree import ElementTree
"""


def test_dotted_project_looking_imports_are_evidence() -> None:
    facts = python_facts(ast.parse(SOURCE), SOURCE, "shop/tasks.py", "shop.tasks", False)
    assert import_evidence([("shop/tasks.py", facts)]) == (
        Evidence("import", Location("shop/tasks.py", 7), "shop.orders.jobs"),
        Evidence("import", Location("shop/tasks.py", 4), "shop.worker"),
    )
