"""One dependency file in, its ``DepsFacts`` out: the reader its kind needs.

Kept apart from ``deps`` (the facts), which every reader imports: the readers
load here only for the kinds of file a scan holds.
"""

from __future__ import annotations

from taskaudit.extract.deps import DepsFacts, deps_kind


def extract_deps(text: str, path: str) -> DepsFacts | None:
    """The Celery requirements of the dependency file at ``path``; None when it is not one."""
    kind = deps_kind(path)
    if kind is None:
        return None
    if kind == "requirements":  # read whole: its -r/-c lines may lead to Celery
        from taskaudit.extract.deps_text import read_requirements

        return read_requirements(text, path)
    if "celery" not in text.lower():
        return DepsFacts(kind)
    if kind == "setup-py":
        from taskaudit.extract.deps_setup import read_setup_py

        return read_setup_py(text, path)
    if kind == "setup-cfg":
        from taskaudit.extract.deps_setup import read_setup_cfg

        return read_setup_cfg(text, path)
    from taskaudit.extract.deps_toml import read_toml_deps

    return read_toml_deps(text, path, kind)
