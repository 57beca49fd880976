"""The version table against what real Celery releases did.

Every expected value below was measured with ``bench/celery_measure.py`` on
2026-12-01, in one throw-away virtualenv per release (Python 3.11.7, each
Celery 5.x final release from PyPI, Django 5.2 for the Django task class),
never taken from Celery's docs.
"""

from __future__ import annotations

import pytest

from taskaudit.celery import settings_table as table
from taskaudit.celery import versions
from taskaudit.celery.settings_keys import classify, namespaced

BEFORE_5_7 = ["5.0.0", "5.3.6", "5.5.3", "5.6.0", "5.6.2", "5.6.3"]


@pytest.mark.parametrize("release", BEFORE_5_7)
def test_old_names_are_not_read_under_the_namespace_before_5_7(release: str) -> None:
    """Measured on 5.0.0-5.6.3: CELERY_ROUTES, CELERYBEAT_SCHEDULE, CELERY_QUEUES,
    CELERY_ACKS_LATE under namespace="CELERY" leave task_routes, beat_schedule,
    task_queues and task_acks_late at their defaults."""
    assert versions.has("old-names-under-namespace", release) is False


def test_old_names_are_read_under_the_namespace_from_5_7_0() -> None:
    """Measured on 5.7.0: every one of the table's 198 old names sets its setting
    under namespace="CELERY" (CELERY_ROUTES -> task_routes, CELERY_ACKS_LATE=1 ->
    task_acks_late == 1, CELERYD_TASK_TIME_LIMIT -> task_time_limit)."""
    assert versions.FIRST_RELEASE["old-names-under-namespace"] == "5.7.0"
    assert versions.has("old-names-under-namespace", "5.7.0") is True


def test_only_old_names_that_are_also_namespaced_new_names_are_read_before_5_7() -> None:
    """Measured on every release 5.0.0-5.6.3: of the 198 old names exactly the 55
    that spell ``CELERY_<NEW NAME>`` (CELERY_RESULT_BACKEND, CELERY_TASK_SERIALIZER,
    CELERY_TIMEZONE...) are read under namespace="CELERY"; the classifier agrees."""
    read = [old for new, old, _ in table.SETTINGS if classify(old, "CELERY").setting == new]
    coinciding = [old for new, old, _ in table.SETTINGS if old == namespaced(new, "CELERY")]
    assert read == coinciding
    assert len(read) == 55
    assert {"CELERY_RESULT_BACKEND", "CELERY_TASK_SERIALIZER", "CELERY_TIMEZONE"} <= set(read)
    for old in ("CELERY_ROUTES", "CELERYBEAT_SCHEDULE", "CELERY_QUEUES", "CELERY_ACKS_LATE"):
        assert classify(old, "CELERY").status == "ignored-old-under-namespace"


@pytest.mark.parametrize(
    ("release", "expected"),
    [("5.0.0", False), ("5.3.6", False), ("5.4.0", True), ("5.5.3", True), ("5.7.0", True)],
)
def test_on_commit_methods_arrive_in_5_4_0(release: str, expected: bool) -> None:
    """Measured: the task class of an app under Django (DJANGO_SETTINGS_MODULE set)
    has delay_on_commit and apply_async_on_commit from 5.4.0 on, not on 5.3.6;
    celery.app.task.Task itself has neither on any release up to 5.7.0."""
    assert versions.has("django-task-on-commit", release) is expected


def test_an_unmeasured_release_has_no_answer() -> None:
    """4.x was not measured, and 5.8.0 does not exist on 2026-12-01."""
    assert versions.has("old-names-under-namespace", "4.4.7") is None
    assert versions.has("django-task-on-commit", "5.8.0") is None
    assert versions.has_setting("task_acks_on_timeout", "4.4.7") is None


@pytest.mark.parametrize(
    ("setting", "absent", "present"),
    [
        ("task_acks_on_failure", "5.6.3", "5.7.0"),
        ("worker_eta_task_limit", "5.5.3", "5.6.0"),
        ("task_default_queue_type", "5.4.0", "5.5.0"),
        ("gcs_bucket", "5.3.6", "5.4.0"),
    ],
)
def test_settings_that_newer_releases_added(setting: str, absent: str, present: str) -> None:
    """Measured: ``setting`` is missing from celery.app.defaults.DEFAULTS on
    ``absent`` (its old name then sets nothing, even without a namespace) and
    present on ``present``, the next release."""
    assert versions.has_setting(setting, absent) is False
    assert versions.has_setting(setting, present) is True
    assert versions.has_setting("task_routes", "5.0.0") is True


def test_settings_first_release_names_table_settings_only() -> None:
    """Measured on 5.7.0: all 198 settings of the table exist there."""
    names = {new for new, _, _ in table.SETTINGS}
    assert set(versions.SETTING_FIRST_RELEASE) <= names
    assert all(versions.has_setting(name, "5.7.0") for name in names)


def test_releases_are_pypi_final_releases_in_order() -> None:
    """PyPI listed 31 final 5.x releases on 2026-12-01, 5.0.0 to 5.7.0 (no 5.2.5,
    5.3.2 or 5.3.3), and 18 final 4.x releases."""
    fives = [r for r in versions.RELEASES if r.startswith("5.")]
    assert len(fives) == 31
    assert len(versions.RELEASES) == 49
    assert versions.ordered(set(versions.RELEASES)) == versions.RELEASES
    assert not {"5.2.5", "5.3.2", "5.3.3"} & set(versions.RELEASES)
    assert frozenset(fives) == versions.MEASURED


@pytest.mark.parametrize(
    ("specifier", "expected"),
    [
        ("==5.5.3", ("5.5.3",)),
        (">=5.6,<5.7", ("5.6.0", "5.6.1", "5.6.2", "5.6.3")),
        ("~=5.5.0", ("5.5.0", "5.5.1", "5.5.2", "5.5.3")),
        ("==5.6.*", ("5.6.0", "5.6.1", "5.6.2", "5.6.3")),
        (">=5.7,<6", ("5.7.0",)),
        (">5.7.0", ()),
        ("!=5.6.1,>=5.6,<5.7", ("5.6.0", "5.6.2", "5.6.3")),
    ],
)
def test_allowed_releases(specifier: str, expected: tuple[str, ...]) -> None:
    assert versions.allowed(specifier) == expected


def test_release_order_is_pep_440_order() -> None:
    """The answers given from a release's place in RELEASES rest on this."""
    from packaging.version import Version

    assert sorted(versions.RELEASES, key=Version) == list(versions.RELEASES)
    firsts = {*versions.FIRST_RELEASE.values(), *versions.SETTING_FIRST_RELEASE.values()}
    assert firsts <= set(versions.RELEASES)


@pytest.mark.parametrize(
    "specifier",
    [f"=={r}" for r in versions.RELEASES]
    # near misses that must go through packaging: unknown pins, spaces, ===, wildcards
    + ["==5.3.2", "== 5.5.3", "===5.5.3", "==5.5.3.0", "==5.5", "==5.5.*", "==5.5.3,!=5.5.3"],
)
def test_pins_answered_without_packaging_agree_with_it(specifier: str) -> None:
    from packaging.specifiers import SpecifierSet

    assert versions.allowed(specifier) == tuple(SpecifierSet(specifier).filter(versions.RELEASES))


def test_known_releases_compare_and_sort_as_packaging_does() -> None:
    from packaging.version import Version

    for behaviour, first in versions.FIRST_RELEASE.items():
        for release in versions.MEASURED:
            assert versions.has(behaviour, release) is (Version(release) >= Version(first))
    mixed = {"5.3.2", "5.10.0", "5.7.0", "5.2.7", "5.7.0rc1"}  # unknown ones: packaging sorts
    assert versions.ordered(mixed) == ("5.2.7", "5.3.2", "5.7.0rc1", "5.7.0", "5.10.0")
    assert versions.is_version("5.6.3") and versions.is_version("5.3.2")
    assert not versions.is_version("five")


def test_a_lock_pin_of_a_known_release_needs_no_packaging() -> None:
    """A scan served from the cache, of a project with a lock, imports no packaging."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from taskaudit.celery import versions\n"
        "assert versions.allowed('==5.6.3') == ('5.6.3',)\n"
        "assert versions.is_version('5.6.3')\n"
        "assert versions.ordered({'5.6.3', '5.5.0'}) == ('5.5.0', '5.6.3')\n"
        "assert versions.has('django-task-on-commit', '5.6.3')\n"
        "assert versions.has_setting('worker_eta_task_limit', '5.5.0') is False\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'packaging'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n"
