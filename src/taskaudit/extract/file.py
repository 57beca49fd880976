"""One file in, its ``FileFacts`` out: decode, parse once, run each extractor.

This is the unit of work that runs in parallel and is cached, so it takes
only the file's bytes and its discovery record and returns picklable facts.
"""

from __future__ import annotations

import ast
import re

from taskaudit.celery.settings import is_setting_name
from taskaudit.discover import SourceFile
from taskaudit.extract.beat import extract_beat
from taskaudit.extract.bindings import build_scope
from taskaudit.extract.body_helpers import extract_helpers
from taskaudit.extract.comments import CommentFacts, comment_for, scan_comments
from taskaudit.extract.config import extract_config
from taskaudit.extract.deps_file import extract_deps
from taskaudit.extract.dispatch import extract_dispatch
from taskaudit.extract.imports import absolute_imports
from taskaudit.extract.incidents import extract_incident
from taskaudit.extract.mentions import read_mentions
from taskaudit.extract.sentry import extract_sentry
from taskaudit.extract.tasks import extract_tasks
from taskaudit.facts import FileFacts, OpsFacts, PythonFacts
from taskaudit.source import ParseFailure, decode, parse

_COMMENT_WORDS = re.compile(r"taskaudit|idempotent|schedule|periodic", re.IGNORECASE)


def extract_file(source: SourceFile, data: bytes) -> FileFacts:
    if source.role == "beat-artifact":
        return FileFacts(source.path, source.role)
    text = decode(data)
    if isinstance(text, ParseFailure):
        if source.role == "python":  # names are ASCII in practice: read them past the bad bytes
            return unreadable(source, data.decode("utf-8", errors="replace"), text)
        return FileFacts(source.path, source.role, source.module, failure=text)
    if source.role == "python":
        return _python(source, text)
    if source.role == "incident":
        return FileFacts(source.path, source.role, incident=extract_incident(text, source.path))
    deps = extract_deps(text, source.path)
    if source.role == "dependencies":
        return FileFacts(source.path, source.role, deps=deps)
    return FileFacts(source.path, source.role, ops=_ops(source, text), deps=deps)


def _python(source: SourceFile, text: str) -> FileFacts:
    tree = parse(text, source.path)
    if isinstance(tree, ParseFailure):
        return unreadable(source, text, tree)
    try:
        facts = python_facts(tree, text, source.path, source.module or "", source.is_package)
    except RecursionError:
        # Valid but pathologically nested code can still exhaust a recursive walk.
        return unreadable(source, text, ParseFailure("nesting too deep to analyse"))
    # setup.py is a Python module and a dependency file: setup(install_requires=[...]).
    deps = extract_deps(text, source.path) if source.path.endswith("setup.py") else None
    return FileFacts(source.path, source.role, source.module, python=facts, deps=deps)


def unreadable(source: SourceFile, text: str, failure: ParseFailure) -> FileFacts:
    """A Python file that cannot be read, with what its text might declare."""
    mentions = read_mentions(text)
    return FileFacts(source.path, source.role, source.module, failure=failure, mentions=mentions)


def python_facts(
    tree: ast.Module, text: str, path: str, module: str, is_package: bool
) -> PythonFacts:
    scope = build_scope(tree, module, is_package)
    # Tokenizing is the costliest read; only our directives and beat owners need it.
    comments = scan_comments(text) if _COMMENT_WORDS.search(text) else CommentFacts()
    tasks, factories, classes, registrations = extract_tasks(tree, scope, path)
    return PythonFacts(
        module=module,
        is_package=is_package,
        imports=tuple(sorted(scope.imports.items())),
        tasks=tasks,
        factories=factories,
        classes=classes,
        registrations=registrations,
        config=extract_config(tree, scope, path, is_setting_name),
        beat=extract_beat(tree, scope, path, lambda line: comment_for(comments, line)),
        dispatch=extract_dispatch(tree, scope, path),
        sentry=extract_sentry(tree, scope, path),
        comments=comments,
        absolute_imports=absolute_imports(tree),
        constants=tuple(
            (name, value)
            for name, value in sorted(scope.constants.items())
            if isinstance(value, str | int | float | bool)
        ),
        helpers=extract_helpers(tree, text, scope, path),
    )


def _ops(source: SourceFile, text: str) -> OpsFacts:
    from taskaudit.extract import ops  # process files: only when a scan holds some

    role, path = source.role, source.path
    if role == "makefile":
        make = ops.extract_makefile(text, path)
        return OpsFacts(make.commands, make.targets, tuple(make.variables))
    extractor = {
        "procfile": ops.extract_procfile,
        "compose": ops.extract_compose,
        "shell": ops.extract_shell,
        "dockerfile": ops.extract_dockerfile,
        "systemd": ops.extract_systemd,
        "supervisor": ops.extract_supervisor,
        "pyproject": ops.extract_poe,
    }.get(role)
    if extractor is None:
        return OpsFacts()
    result = extractor(text, path)
    return OpsFacts(
        commands=result.commands,
        problems=getattr(result, "problems", ()),
        runs=getattr(result, "runs", ()),
        copies=getattr(result, "copies", ()),
    )
