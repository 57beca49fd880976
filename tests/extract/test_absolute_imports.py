"""The modules named by a file's absolute imports, with their first line."""

from __future__ import annotations

import ast

from taskaudit.extract.imports import absolute_imports


def test_level_zero_imports_only_whatever_the_module_path() -> None:
    source = """\
import shop.worker, json
from shop.orders import jobs
from . import models
from .orders import jobs as local_jobs
from ..billing import invoice

def later():
    from shop.orders import jobs
    import shop.worker
"""
    assert absolute_imports(ast.parse(source)) == (
        ("json", 1),
        ("shop.orders", 2),
        ("shop.worker", 1),
    )
