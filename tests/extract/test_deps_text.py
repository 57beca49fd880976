from __future__ import annotations

import pytest

from taskaudit.core.location import Location
from taskaudit.extract.deps import CeleryRequirement, DepsFacts, Include, deps_kind
from taskaudit.extract.deps_file import extract_deps

PATH = "requirements.txt"


def req(spec: str | None, line: int, path: str = PATH, **kw: object) -> CeleryRequirement:
    return CeleryRequirement(spec, Location(path, line), **kw)  # type: ignore[arg-type]


def read(text: str, path: str = PATH) -> DepsFacts:
    facts = extract_deps(text, path)
    assert facts is not None
    return facts


def test_pinned_with_extras_hashes_and_a_continuation() -> None:
    text = (
        "# core\n"
        "django==5.1\n"
        "celery[redis,sqs]==5.5.3 \\\n"
        "    --hash=sha256:0123 \\\n"
        "    --hash=sha256:4567\n"
        "    # via -r requirements.in\n"
    )
    assert read(text).celery == (req("==5.5.3", 3, extras=("redis", "sqs")),)


@pytest.mark.parametrize(
    ("line", "spec"),
    [
        ("celery>=5.5,<5.7", "<5.7,>=5.5"),
        ("celery ~= 5.5.0", "~=5.5.0"),
        ("Celery==5.7.0", "==5.7.0"),
        ("celery", ""),
        ("celery==5.6.*  # the last 5.6", "==5.6.*"),
    ],
)
def test_specifiers(line: str, spec: str) -> None:
    assert read(line + "\n").celery == (req(spec, 1),)


def test_markers_are_kept_as_written_by_packaging() -> None:
    text = 'celery==5.5.3; python_version < "3.12"\n'
    assert read(text).celery == (req("==5.5.3", 1, marker='python_version < "3.12"'),)


@pytest.mark.parametrize(
    "line",
    [
        "celery-redbeat==2.2.0",
        "django-celery-beat==2.7.0",
        "django_celery_results>=2.5",
        "flower  # watches celery",
        "# celery==5.5.3",
        "--index-url https://example.org/celery/simple",
    ],
)
def test_other_projects_and_comments_are_not_celery(line: str) -> None:
    assert read(line + "\n").celery == ()


def test_includes_are_resolved_against_the_including_file() -> None:
    text = "-r base.txt\n--requirement=../shared.txt\n-c ../constraints.txt\n-rlocal.txt\n"
    facts = read(text, "requirements/prod.txt")
    assert facts.includes == (
        Include("requirements/base.txt", False, Location("requirements/prod.txt", 1)),
        Include("shared.txt", False, Location("requirements/prod.txt", 2)),
        Include("constraints.txt", True, Location("requirements/prod.txt", 3)),
        Include("requirements/local.txt", False, Location("requirements/prod.txt", 4)),
    )


def test_includes_outside_the_tree_or_by_url_are_dropped() -> None:
    text = "-r ../../outside.txt\n-r https://example.org/reqs.txt\n-r /etc/reqs.txt\n"
    assert read(text).includes == ()


def test_a_file_without_celery_still_records_its_includes() -> None:
    assert read("-r requirements/base.txt\nrequests\n").includes == (
        Include("requirements/base.txt", False, Location(PATH, 1)),
    )


def test_direct_references_have_no_specifier() -> None:
    text = (
        "celery @ https://example.org/celery-5.5.3.tar.gz\n"
        "-e git+https://example.org/celery.git#egg=celery\n"
        "-e git+https://example.org/other.git#egg=celery-redbeat\n"
    )
    assert read(text).celery == (req(None, 1), req(None, 2))


def test_a_constraints_file_marks_its_requirements() -> None:
    facts = read("celery==5.5.3\n", "constraints.txt")
    assert facts.celery == (req("==5.5.3", 1, "constraints.txt", constraint=True),)


def test_an_invalid_celery_line_is_a_problem_not_a_requirement() -> None:
    facts = read("celery=>5.5\ncelery==5.5.3\n")
    assert facts.celery == (req("==5.5.3", 2),)
    assert len(facts.problems) == 1
    assert facts.problems[0].startswith("line 1: not a valid requirement")


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("requirements.txt", "requirements"),
        ("requirements-dev.in", "requirements"),
        ("dev_requirements.txt", "requirements"),
        ("requirements/base.txt", "requirements"),
        ("backend/requirements/prod.in", "requirements"),
        ("constraints.txt", "requirements"),
        ("uv.lock", "lock"),
        ("poetry.lock", "lock"),
        ("pdm.lock", "lock"),
        ("Pipfile.lock", "lock"),
        ("Pipfile", "pipfile"),
        ("setup.cfg", "setup-cfg"),
        ("setup.py", "setup-py"),
        ("pyproject.toml", "pyproject"),
        ("MANIFEST.in", None),
        ("docs/notes.txt", None),
        ("requirements.md", None),
        ("package.json", None),
        ("yarn.lock", None),
    ],
)
def test_kinds(path: str, kind: str | None) -> None:
    assert deps_kind(path) == kind


def test_bare_urls_name_their_project_by_egg_only() -> None:
    text = (
        "git+https://example.org/celery/kombu.git\n"
        "https://example.org/celery/archive/main.zip#egg=celery\n"
    )
    facts = read(text)
    assert facts.celery == (req(None, 2),)
    assert facts.problems == ()
