"""Nothing in the package names a project it was checked against.

taskaudit is judged on projects it has never seen: a rule, a path or a
comment that names one of the public projects read while building it is a
special case (or reads like one) where a general mechanism belongs.
"""

from __future__ import annotations

import re
from pathlib import Path

import taskaudit

# Distinctive names only: words such as "plane" or "studio" occur in ordinary prose.
PROJECTS = (
    "saleor", "baserow", "osf.io", "defectdojo", "mayan", "kitsune", "readthedocs",
    "paperless", "bookwyrm", "meinberlin", "rapidpro", "taiga", "treeherder", "adhocracy",
    "pontoon", "suitenumerique", "styleguide",
)  # fmt: skip
PATTERN = re.compile(r"\b(" + "|".join(map(re.escape, PROJECTS)) + r")\b", re.IGNORECASE)


REPO = Path(__file__).resolve().parents[1]


def test_the_package_names_no_corpus_project() -> None:
    # The code, and the rules and templates the wheel ships beside it.
    shipped = [Path(taskaudit.__file__).parent, REPO / "rules.yaml", REPO / "templates"]
    files = sorted(p for root in shipped for p in ([root] if root.is_file() else root.rglob("*")))
    hits = [
        f"{path.relative_to(REPO)}:{number}: {match.group(0)}"
        for path in files
        if path.suffix in {".py", ".yaml", ".j2", ".md", ".toml"}
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for match in PATTERN.finditer(line)
    ]
    assert hits == []


def test_the_pattern_would_catch_one() -> None:
    assert PATTERN.search("as kitsune does, with its aliases")
    assert not PATTERN.search("a plane of tasks in the studio")
