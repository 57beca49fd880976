"""The ``file`` subject: files whose presence is the finding (a committed beat artifact)."""

from __future__ import annotations

from collections.abc import Iterator

from taskaudit.core.location import Location
from taskaudit.link.model import Project
from taskaudit.link.subjects.kind import Kind
from taskaudit.rules.subjects import Subject

FILE: Kind[str] = Kind("file")
FILE.add("path", "str", "repository-relative path", lambda path: path)
FILE.add("role", "str", "python, makefile, procfile, compose, shell, beat-artifact...",
         lambda path: "beat-artifact")  # fmt: skip


def file_subjects(project: Project) -> Iterator[Subject]:
    for path in project.artifacts:
        yield FILE.subject(path, Location(path, 1, 1), f"file:{path}")
