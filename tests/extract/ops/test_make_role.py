"""A Makefile's role is read from what it runs, not from the folder it sits in."""

from __future__ import annotations

import pytest

from taskaudit.extract.ops import extract_makefile
from taskaudit.extract.ops.make_role import makefile_role

SPHINX_CLASSIC = """\
# Build the handbook
SPHINXOPTS    =
SPHINXBUILD   = sphinx-build
BUILDDIR      = _build

html:
\t$(SPHINXBUILD) -b html . $(BUILDDIR)/html
apidocs:
\tpython -m sphinx.ext.apidoc -o api ../clinic
"""

SPHINX_MINIMAL = """\
SPHINXBUILD ?= sphinx-build
SOURCEDIR = source

%: Makefile
\t@$(SPHINXBUILD) -M $@ "$(SOURCEDIR)" _build $(SPHINXOPTS)
"""

MKDOCS = """\
serve:
\tmkdocs serve -a 0.0.0.0:8001
"""

FRONTEND = """\
YARN := yarn

install:
\t$(YARN) install --frozen-lockfile
lint:
\tnpx eslint src/
"""

OPERATIONS = """\
up:  ## the whole stack
\tdocker compose up -d
migrate:
\t./manage.py migrate
"""

LINT_ONLY = """\
check:
\truff check . && mypy clinic
"""

CELERY_ONLY = """\
celery-logs:  ## follow the worker's log
\ttail -f /var/log/clinic/worker.log
"""


def _role(text: str) -> str:
    facts = extract_makefile(text, "x/Makefile")
    return makefile_role(facts.commands, facts.targets, facts.variables)


@pytest.mark.parametrize(
    ("text", "role"),
    [
        (SPHINX_CLASSIC, "docs"),
        (SPHINX_MINIMAL, "docs"),
        (MKDOCS, "docs"),
        (FRONTEND, "other"),
        ("shots:\n\tshot-scraper multi shots.yml\n", "other"),
        ("", "other"),
        (OPERATIONS, "operations"),
        (LINT_ONLY, "operations"),
        (CELERY_ONLY, "operations"),
        ("worker:\n\tcelery -A clinic worker -l info\n", "operations"),
        # A docs target beside the project's own commands keeps it the operations Makefile.
        (OPERATIONS + "docs:\n\tsphinx-build docs docs/_build\n", "operations"),
    ],
)
def test_roles(text: str, role: str) -> None:
    assert _role(text) == role
