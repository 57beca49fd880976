"""Section 4: a user's report template runs sandboxed; reaching outside is exit 2, one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from hostile.helpers import run, tree_listing, write_tree

SECRET = "s3cr3t-token-value"
REFUSED = [
    ("{{ ''.__class__.__mro__ }}", "access to attribute '__class__' of 'str' object is unsafe."),
    (
        "{{ cycler.__init__.__globals__ }}",
        "access to attribute '__init__' of 'type' object is unsafe.",
    ),
    (
        "{{ lipsum.__globals__['os'].environ['SECRET'] }}",
        "access to attribute '__globals__' of 'function' object is unsafe.",
    ),
    (
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "access to attribute '__class__' of 'str' object is unsafe.",
    ),
    (
        "{{ self._TemplateReference__context }}",
        "access to attribute '_TemplateReference__context' of 'TemplateReference' object is "
        "unsafe.",
    ),
    ("{{ month.__class__ }}", "access to attribute '__class__' of 'str' object is unsafe."),
    ("{{ environ }}", "'environ' is undefined"),
    ("{% for x in y %}", "Unexpected end of template. Jinja was looking for the following tags: "
     "'endfor' or 'else'. The innermost block that needs to be closed is 'for'."),
]  # fmt: skip


def project(tmp_path: Path, template: str) -> Path:
    return write_tree(tmp_path, {"proj/app/tasks.py": "x = 1\n", "t.md.j2": f"x\n{template}\n"})


@pytest.mark.parametrize(("template", "message"), REFUSED, ids=[t for t, _ in REFUSED])
def test_an_escaping_template_is_refused_in_one_line(
    tmp_path: Path, template: str, message: str
) -> None:
    root = project(tmp_path, template)
    before = tree_listing(root)
    done = run(
        "scan", "proj", "--template", "t.md.j2", "--output", "report.md", "--month", "2026-01",
        "--write-clean", cwd=root, env={"SECRET": SECRET},
    )  # fmt: skip
    expected = f"taskaudit: t.md.j2:2: {message}\n"
    assert (done.returncode, done.stderr, done.stdout) == (2, expected, "")
    assert tree_listing(root) == before


def test_a_harmless_template_is_a_near_miss(tmp_path: Path) -> None:
    root = project(tmp_path, "{{ month }} {{ '%s'|format(month) }}")
    done = run(
        "scan", "proj", "--template", "t.md.j2", "--output", "-", "--month", "2026-01",
        cwd=root, env={"SECRET": SECRET},
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("x\n2026-01 2026-01\n")


UNBOUNDED = [
    "{% include '/etc/hostname' %}",
    "{% import 'os' as os %}",
    "{% extends 'base.md.j2' %}",
    "{{ range(10**9) | list | length }}",
    "{{ 'a' * 10**10 }}",
    "{{ month.format_map }}",
]


@pytest.mark.parametrize("template", UNBOUNDED)
def test_a_template_that_loops_or_bloats_is_refused_in_one_line(
    tmp_path: Path, template: str
) -> None:
    root = project(tmp_path, template)
    done = run(
        "scan", "proj", "--template", "t.md.j2", "--output", "-", "--month", "2026-01",
        cwd=root, env={"SECRET": SECRET},
    )  # fmt: skip
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith("taskaudit: t.md.j2:2: ")
    assert done.stderr.count("\n") == 1
