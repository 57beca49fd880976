"""The evidence a scan reads before extraction, from the files on disk.

Text-level evidence needs a few small files (``manage.py``, the Django
entry points, process, env and packaging files) read once more: the
extractors' facts of them are either module-dependent or do not hold it.
Files are read through ``taskaudit.source.read_source`` (size cap, regular
files only) and decoded leniently: evidence is text, never code run.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from taskaudit.discover import Listing
from taskaudit.extract.ops_model import CeleryCommand
from taskaudit.roots.evidence import Evidence
from taskaudit.roots.packaging import packaging_evidence
from taskaudit.roots.text import text_evidence
from taskaudit.roots.tree import Tree
from taskaudit.source import ParseFailure, read_source


def early_evidence(
    root: Path, listing: Listing, tree: Tree, commands: Iterable[CeleryCommand]
) -> tuple[Evidence, ...]:
    texts: dict[str, str | None] = {}

    def read(path: str) -> str | None:
        if path not in texts:
            data = read_source(root / path)
            texts[path] = (
                None if isinstance(data, ParseFailure) else data.decode("utf-8", "replace")
            )
        return texts[path]

    found = text_evidence(listing.files, read, tree, commands)
    packaging = packaging_evidence((p for p, _ in listing.files), read, tree)
    return tuple(sorted({*found, *packaging}))
