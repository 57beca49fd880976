"""One Celery version from a project's dependency files.

The behaviour answers (``reads_old_names_under_namespace``) rest on
``taskaudit.celery.versions``, measured on every Celery 5.x release in
throw-away virtualenvs on 2026-12-01 (tests/celery/test_versions.py).
"""

from __future__ import annotations

from pathlib import Path

from taskaudit.core.location import Location
from taskaudit.link.version import CeleryVersion
from taskaudit.pipeline import scan_sources, scan_tree

TASKS = {"app/tasks.py": "from celery import shared_task\n"}
FIVE_SIX = ("5.6.0", "5.6.1", "5.6.2", "5.6.3")


def version(files: dict[str, str]) -> CeleryVersion:
    return scan_sources({**TASKS, **files})[1].celery_version


def at(path: str, line: int) -> Location:
    return Location(path, line)


# --- the "done when" cases ------------------------------------------


def test_celery_5_7_0_in_requirements_txt() -> None:
    found = version({"requirements.txt": "django==5.1\ncelery==5.7.0\n"})
    assert found == CeleryVersion(
        ("5.7.0",), (at("requirements.txt", 2),), "declared in requirements.txt"
    )
    assert found.reads_old_names_under_namespace() is True


def test_a_pyproject_range_from_5_7() -> None:
    found = version({"pyproject.toml": '[project]\ndependencies = ["celery>=5.7,<6"]\n'})
    assert found.releases == ("5.7.0",)
    assert found.reads_old_names_under_namespace() is True


def test_a_poetry_lock_pinning_5_7_0_under_a_caret() -> None:
    found = version(
        {
            "pyproject.toml": '[tool.poetry.dependencies]\ncelery = "^5.5"\n',
            "poetry.lock": '[[package]]\nname = "celery"\nversion = "5.7.0"\n',
        }
    )
    assert found == CeleryVersion(("5.7.0",), (at("poetry.lock", 3),), "lock in poetry.lock")
    assert found.reads_old_names_under_namespace() is True


def test_5_5_3_directly_and_through_an_include() -> None:
    direct = version({"requirements.txt": "celery[redis]==5.5.3\n"})
    included = version(
        {
            "requirements.txt": "-r requirements/base.txt\ngunicorn\n",
            "requirements/base.txt": "celery[redis]==5.5.3 --hash=sha256:00\n",
        }
    )
    assert direct.releases == included.releases == ("5.5.3",)
    assert included.sources == (at("requirements/base.txt", 1),)
    assert direct.reads_old_names_under_namespace() is False
    assert included.reads_old_names_under_namespace() is False


def test_uv_lock_pins_5_5_3_under_a_looser_range() -> None:
    found = version(
        {
            "pyproject.toml": '[project]\ndependencies = ["celery>=5.5"]\n',
            "uv.lock": 'version = 1\n[[package]]\nname = "celery"\nversion = "5.5.3"\n',
        }
    )
    assert found == CeleryVersion(("5.5.3",), (at("uv.lock", 4),), "lock in uv.lock")
    assert found.reads_old_names_under_namespace() is False


# --- ranges that span both behaviours, and none found -----------------------


def test_a_range_across_5_7_has_no_single_answer() -> None:
    found = version({"requirements.txt": "celery>=5.6,<6\n"})
    assert found.releases == (*FIVE_SIX, "5.7.0")
    assert found.reads_old_names_under_namespace() is None


def test_no_dependency_file_names_celery() -> None:
    found = version({"requirements.txt": "celery-redbeat==2.2\ndjango-celery-beat\n"})
    assert found == CeleryVersion(None, reason="no dependency file names celery")
    assert found.reads_old_names_under_namespace() is None
    assert found.has_on_commit_methods() is None


def test_a_release_nobody_has_measured() -> None:
    found = version({"requirements.txt": "celery==5.8.0\n"})
    assert found.releases == ("5.8.0",)
    assert found.reads_old_names_under_namespace() is None


def test_a_range_no_known_release_satisfies() -> None:
    found = version({"requirements.txt": "celery>5.7.0,<5.8\n"})
    assert found.releases == ()
    assert found.reason.startswith("no known Celery release satisfies")
    assert found.reads_old_names_under_namespace() is None


def test_a_url_leaves_the_version_unknown() -> None:
    found = version({"requirements.txt": "celery @ https://example.org/celery.tar.gz\n"})
    assert found.releases is None
    assert found.reason == "celery is installed from a URL or a path (requirements.txt:1:1)"


# --- combining requirements inside one file ---------------------------------


def test_constraints_narrow_a_requirement() -> None:
    found = version(
        {
            "requirements.txt": "-c constraints.txt\ncelery>=5.5\n",
            "constraints.txt": "celery<5.6\n",
        }
    )
    assert found.releases == ("5.5.0", "5.5.1", "5.5.2", "5.5.3")


def test_a_constraints_file_alone_decides_nothing() -> None:
    found = version({"constraints.txt": "celery==5.5.3\n"})
    assert found.releases is None


def test_markers_are_alternatives() -> None:
    text = 'celery==5.2.7; python_version < "3.8"\ncelery==5.5.3; python_version >= "3.8"\n'
    assert version({"requirements.txt": text}).releases == ("5.2.7", "5.5.3")


def test_groups_add_to_the_main_dependencies() -> None:
    text = (
        '[project]\ndependencies = ["celery>=5.6"]\n'
        '[dependency-groups]\ndev = ["celery[pytest]<5.7"]\n'
    )
    assert version({"pyproject.toml": text}).releases == FIVE_SIX


def test_extras_that_cannot_hold_together_fall_back_to_either() -> None:
    text = '[project.optional-dependencies]\nold = ["celery==5.2.7"]\nnew = ["celery==5.5.3"]\n'
    assert version({"pyproject.toml": text}).releases == ("5.2.7", "5.5.3")


def test_an_include_loop_and_a_missing_include() -> None:
    found = version(
        {
            "requirements.txt": "-r requirements/dev.txt\n",
            "requirements/dev.txt": "-r ../requirements.txt\n-r missing.txt\ncelery==5.6.2\n",
        }
    )
    assert found.releases == ("5.6.2",)
    assert found.notes == (
        "requirements.txt: includes requirements/missing.txt, which is not in the tree",
        "requirements/dev.txt: includes requirements/missing.txt, which is not in the tree",
    )


# --- which files decide -----------------------------------------------------


def test_docs_and_test_requirements_do_not_decide() -> None:
    found = version(
        {
            "requirements.txt": "celery==5.7.0\n",
            "docs/requirements.txt": "celery==5.5.3\n",
            "tests/requirements.txt": "celery==5.4.0\n",
            "examples/demo/requirements.txt": "celery==5.3.6\n",
        }
    )
    assert found.releases == ("5.7.0",)


def test_docs_decide_when_nothing_else_names_celery() -> None:
    found = version({"requirements.txt": "django\n", "docs/requirements.txt": "celery==5.5.3\n"})
    assert found.releases == ("5.5.3",)


def test_the_top_most_level_wins_and_ties_are_a_union() -> None:
    found = version(
        {
            "requirements/base.txt": "celery==5.5.3\n",
            "requirements/legacy.txt": "celery==5.4.0\n",
            "services/worker/requirements.txt": "celery==5.7.0\n",
        }
    )
    assert found.releases == ("5.4.0", "5.5.3")
    assert found.has_on_commit_methods() is True
    assert found.reads_old_names_under_namespace() is False


def test_a_lock_in_a_subfolder_does_not_beat_a_range_at_the_top() -> None:
    found = version(
        {
            "pyproject.toml": '[project]\ndependencies = ["celery~=5.6.0"]\n',
            "tools/uv.lock": '[[package]]\nname = "celery"\nversion = "5.7.0"\n',
        }
    )
    assert found.releases == FIVE_SIX


def test_setup_py_and_setup_cfg_count() -> None:
    setup_py = "from setuptools import setup\nsetup(install_requires=['celery==5.6.1'])\n"
    assert version({"setup.py": setup_py}).releases == ("5.6.1",)
    setup_cfg = "[options]\ninstall_requires =\n    celery==5.6.3\n"
    assert version({"setup.cfg": setup_cfg}).releases == ("5.6.3",)


# --- bad input ----------------------------------------------------------------


def test_an_unreadable_dependency_file_is_a_scan_failure(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_bytes(b"celery==5.5.3\n\xff\xfe\n")
    (tmp_path / "pyproject.toml").write_text('[project]\ndependencies = ["celery>=5.5"]\n')
    scanned = scan_tree(tmp_path, jobs=1)
    assert [path for path, _ in scanned.project.failures] == ["requirements.txt"]
    found = scanned.project.celery_version
    assert found.releases == ("5.5.0", "5.5.1", "5.5.2", "5.5.3", *FIVE_SIX, "5.7.0")
    assert len(found.notes) == 1
    assert found.notes[0].startswith("requirements.txt: not valid utf-8")


def test_a_broken_lock_is_noted_and_the_range_decides() -> None:
    found = version(
        {
            "pyproject.toml": '[project]\ndependencies = ["celery>=5.7"]\n',
            "uv.lock": '[[package]\nname = "celery"\n',
        }
    )
    assert found.releases == ("5.7.0",)
    assert len(found.notes) == 1
    assert found.notes[0].startswith("uv.lock: not valid TOML")


def test_pip_compile_output_wins_over_its_source() -> None:
    found = version(
        {
            "requirements/main.in": "celery\n",
            "requirements/main.txt": "celery==5.6.3\n    # via -r requirements/main.in\n",
            "requirements/docs.in": "sphinx\n",
        }
    )
    assert found == CeleryVersion(
        ("5.6.3",), (at("requirements/main.txt", 1),), "lock in requirements/main.txt"
    )


def test_an_in_file_without_its_compiled_txt_is_a_declaration() -> None:
    found = version({"requirements.in": "celery>=5.6,<5.7\n", "requirements.txt": "-r base.txt\n"})
    assert found.releases == FIVE_SIX
