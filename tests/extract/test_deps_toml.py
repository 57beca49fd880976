from __future__ import annotations

import pytest

from taskaudit.core.location import Location
from taskaudit.extract.deps import CeleryRequirement, DepsFacts
from taskaudit.extract.deps_file import extract_deps
from taskaudit.extract.deps_poetry import poetry_specifiers


def req(spec: str | None, path: str, line: int, group: str = "", **kw: object) -> CeleryRequirement:
    return CeleryRequirement(spec, Location(path, line), group, **kw)  # type: ignore[arg-type]


def read(text: str, path: str) -> DepsFacts:
    facts = extract_deps(text, path)
    assert facts is not None
    return facts


def test_pep_621_dependencies_optional_groups_and_pep_735_groups() -> None:
    text = (
        "[project]\n"
        'name = "clinic"\n'
        "dependencies = [\n"
        '  "django>=5.1",\n'
        '  "celery[redis]>=5.7,<6",\n'
        '  "celery-redbeat>=2",\n'
        "]\n"
        "[project.optional-dependencies]\n"
        'sqs = ["celery[sqs]>=5.7"]\n'
        "[dependency-groups]\n"
        'dev = ["pytest", {include-group = "lint"}, "celery[pytest]"]\n'
        'lint = ["ruff"]\n'
    )
    assert read(text, "pyproject.toml").celery == (
        req("<6,>=5.7", "pyproject.toml", 5, extras=("redis",)),
        req(">=5.7", "pyproject.toml", 9, "sqs", extras=("sqs",)),
        req("", "pyproject.toml", 11, "dev", extras=("pytest",)),
    )


def test_poetry_caret_tilde_tables_and_groups() -> None:
    text = (
        "[tool.poetry.dependencies]\n"
        'python = "^3.11"\n'
        'celery = {version = "^5.5", extras = ["redis"]}\n'
        "[tool.poetry.group.test.dependencies]\n"
        'Celery = "~5.5.2"\n'
        "[tool.poetry.dev-dependencies]\n"
        'celery = "5.5.3"\n'
    )
    path = "backend/pyproject.toml"
    assert read(text, path).celery == (
        req(">=5.5,<6", path, 3, extras=("redis",)),
        req("==5.5.3", path, 7, "dev"),
        req(">=5.5.2,<5.6", path, 5, "test"),
    )


def test_poetry_alternatives_and_markers() -> None:
    text = (
        "[tool.poetry.dependencies]\n"
        'celery = [\n  {version = "5.2.7", markers = "python_version < \'3.8\'"},\n'
        '  {version = "^5.5 || ^5.7", markers = "python_version >= \'3.8\'"},\n]\n'
    )
    old, new = "python_version < '3.8'", "python_version >= '3.8'"
    assert read(text, "pyproject.toml").celery == (
        req("==5.2.7", "pyproject.toml", 2, marker=old),
        req(">=5.5,<6", "pyproject.toml", 2, marker=new),
        req(">=5.7,<6", "pyproject.toml", 2, marker=new),
    )


def test_a_git_dependency_has_no_version() -> None:
    text = '[tool.poetry.dependencies]\ncelery = {git = "https://example.org/celery.git"}\n'
    assert read(text, "pyproject.toml").celery == (req(None, "pyproject.toml", 2),)


def test_a_pyproject_without_celery_and_a_broken_one() -> None:
    assert read('[project]\ndependencies = ["django-celery-beat"]\n', "pyproject.toml").celery == ()
    broken = read('[project\ndependencies = ["celery"]\n', "pyproject.toml")
    assert broken.celery == ()
    assert broken.problems[0].startswith("not valid TOML")


@pytest.mark.parametrize("name", ["uv.lock", "pdm.lock", "poetry.lock"])
def test_lock_files_pin_one_version(name: str) -> None:
    text = (
        "version = 1\n\n"
        "[[package]]\n"
        'name = "celery-redbeat"\n'
        'version = "2.2.0"\n\n'
        "[[package]]\n"
        'name = "celery"\n'
        'version = "5.5.3"\n'
        'source = { registry = "https://pypi.org/simple" }\n'
    )
    assert read(text, name).celery == (req("==5.5.3", name, 9, "lock"),)


def test_a_lock_with_two_resolutions_keeps_both_pins() -> None:
    text = (
        '[[package]]\nname = "celery"\nversion = "5.2.7"\n'
        '[[package]]\nname = "celery"\nversion = "5.5.3"\n'
    )
    assert read(text, "uv.lock").celery == (
        req("==5.2.7", "uv.lock", 3, "lock"),
        req("==5.5.3", "uv.lock", 6, "lock"),
    )


def test_pipfile_and_its_lock() -> None:
    pipfile = '[packages]\ncelery = {version = ">=5.5", extras = ["redis"]}\n[dev-packages]\n'
    assert read(pipfile, "Pipfile").celery == (
        req(">=5.5", "Pipfile", 2, "packages", extras=("redis",)),
    )
    lock = '{\n "default": {\n  "celery": {\n   "version": "==5.7.0"\n  }\n },\n "develop": {}\n}\n'
    assert read(lock, "Pipfile.lock").celery == (req("==5.7.0", "Pipfile.lock", 3, "default"),)
    broken = read("{celery", "Pipfile.lock")
    assert broken.problems[0].startswith("not valid JSON")


@pytest.mark.parametrize(
    ("constraint", "expected"),
    [
        ("^5.5", (">=5.5,<6",)),
        ("^5.5.3", (">=5.5.3,<6",)),
        ("^0.2.3", (">=0.2.3,<0.3",)),
        ("^0.0.3", (">=0.0.3,<0.0.4",)),
        ("~5.5", (">=5.5,<5.6",)),
        ("~5", (">=5,<6",)),
        ("5.5.3", ("==5.5.3",)),
        ("5.5.*", ("==5.5.*",)),
        ("*", ("",)),
        (">= 5.5, < 5.7", (">=5.5,<5.7",)),
        (">=5.5 <5.7", (">=5.5,<5.7",)),
        ("~=5.5.0", ("~=5.5.0",)),
        ("^5.2 || ^5.5", (">=5.2,<6", ">=5.5,<6")),
        ("^five", None),
        ("=>5", None),
    ],
)
def test_poetry_constraints(constraint: str, expected: tuple[str, ...] | None) -> None:
    assert poetry_specifiers(constraint) == expected
