"""TA1101 / TA1103 judged by the Celery release the project pins.

Expected values were measured in throw-away virtualenvs on Celery 5.5.3, 5.6.3
and 5.7.0 (``bench/celery_measure.py`` for every 5.x release, and a probe of
precedence and unknown names on those three): under namespace="CELERY"
``CELERY_ROUTES`` sets ``task_routes`` on 5.7.0 only, after
``CELERY_TASK_ROUTES`` and after a bare ``app.conf.task_routes``;
``CELERY_TASK_MAX_RETRIES``, ``CELERY_SOFT_TIME_LIMIT`` and ``CELERY_TIME_LIMIT``
change no task's ``max_retries`` or time limits on any of the three, and
``task_annotations = {"*": {"max_retries": 7}}`` does.
"""

from __future__ import annotations

from link.django_project import APP, TASK, findings, project
from taskaudit.core.values import Dict, Unknown
from taskaudit.link.model import Project
from taskaudit.pipeline import scan_sources

ROUTES = 'CELERY_ROUTES = {"app.tasks.*": {"queue": "heavy"}}\n'


def routes_of(p: Project) -> object:
    return p.config.get("task_routes", (None, None))[0]


HEAVY = Dict((("app.tasks.*", Dict((("queue", "heavy"),))),))

# --- issue 14's "done when" --------------------------------------------------


def test_celery_5_7_0_in_requirements_reads_the_old_name_and_deprecates_it() -> None:
    p = project(ROUTES, {"requirements.txt": "celery==5.7.0\n"})
    assert findings(p, "TA1101") == []
    assert findings(p, "TA1103") == [
        (
            "TA1103",
            1,
            "`CELERY_ROUTES` is an old setting name that Celery 5.7.0 (declared in "
            "requirements.txt) reads under namespace='CELERY', deprecated: Celery 6 removes "
            "it; the new name is `CELERY_TASK_ROUTES`",
        )
    ]
    assert routes_of(p) == HEAVY
    assert p.tasks[0].queue == "heavy"


def test_a_pyproject_range_from_5_7_and_a_poetry_lock_read_it_too() -> None:
    ranged = project(ROUTES, {"pyproject.toml": '[project]\ndependencies = ["celery>=5.7,<6"]\n'})
    locked = project(
        ROUTES,
        {
            "pyproject.toml": '[tool.poetry.dependencies]\ncelery = "^5.5"\n',
            "poetry.lock": '[[package]]\nname = "celery"\nversion = "5.7.0"\n',
        },
    )
    for p in (ranged, locked):
        assert [f[0] for f in findings(p, "TA1101", "TA1103")] == ["TA1103"]
        assert routes_of(p) == HEAVY


def test_5_5_3_directly_through_an_include_and_in_uv_lock_still_ignores_it() -> None:
    direct = project(ROUTES, {"requirements.txt": "celery[redis]==5.5.3\n"})
    included = project(
        ROUTES,
        {
            "requirements.txt": "-r requirements/base.txt\n",
            "requirements/base.txt": "celery==5.5.3\n",
        },
    )
    locked = project(
        ROUTES,
        {
            "pyproject.toml": '[project]\ndependencies = ["celery>=5.5"]\n',
            "uv.lock": '[[package]]\nname = "celery"\nversion = "5.5.3"\n',
        },
    )
    sources = (
        "declared in requirements.txt",
        "declared in requirements.txt, requirements/base.txt",
        "lock in uv.lock",
    )
    for p, source in zip((direct, included, locked), sources, strict=True):
        assert findings(p, "TA1101", "TA1103") == [
            (
                "TA1101",
                1,
                f"`CELERY_ROUTES` is an old setting name, never read under namespace='CELERY' "
                f"by Celery 5.5.3 ({source}), so its value never takes effect; the name that "
                "works here is `CELERY_TASK_ROUTES`",
            )
        ]
        assert routes_of(p) is None  # Celery's default: no route set


# --- neither: a range over both behaviours, or no version ---------------------


def test_a_range_over_both_behaviours_says_so_and_leaves_the_routes_unknown() -> None:
    p = project(ROUTES, {"pyproject.toml": '[project]\ndependencies = ["celery>=5.6,<6"]\n'})
    [(rule, line, message)] = findings(p, "TA1101", "TA1103")
    assert (rule, line) == ("TA1101", 1)
    assert "never read" not in message
    assert message == (
        "`CELERY_ROUTES` is an old setting name that Celery reads under namespace='CELERY' "
        "only from 5.7.0 on, and the project may run 5.6.0 to 5.7.0 (5 releases) (declared "
        "in pyproject.toml): on the earlier ones its value never takes effect; the name that "
        "works here is `CELERY_TASK_ROUTES`"
    )
    assert routes_of(p) == Unknown(
        "`CELERY_ROUTES` is read under the namespace only from Celery 5.7.0 on"
    )


def test_no_version_found_says_so() -> None:
    [(_, _, message)] = findings(project(ROUTES), "TA1101")
    assert message == (
        "`CELERY_ROUTES` is an old setting name that Celery 5.6 and earlier never read under "
        "namespace='CELERY' (5.7.0 reads it), and no Celery version was found (no dependency "
        "file names celery); the name that works here is `CELERY_TASK_ROUTES`"
    )


def test_on_5_7_the_new_name_still_wins_over_the_old_one() -> None:
    settings = ROUTES + 'CELERY_TASK_ROUTES = {"app.tasks.*": {"queue": "light"}}\n'
    p = project(settings, {"requirements.txt": "celery==5.7.0\n"})
    assert p.tasks[0].queue == "light"


# --- names Celery does not define at all -------------------------------------


def test_a_name_in_celerys_own_groups_that_is_no_setting_is_an_error_with_what_works() -> None:
    settings = "CELERY_TASK_MAX_RETRIES = 3\nCELERY_WORKER_MAX_MEMORY = 1\n"
    got = findings(project(settings, {"requirements.txt": "celery==5.5.3\n"}), "TA1101")
    assert got == [
        (
            "TA1101",
            1,
            "`CELERY_TASK_MAX_RETRIES` is no Celery setting at all, so its value never takes "
            "effect; `max_retries` is a task option: set it on the tasks, or for all of them "
            'with `CELERY_TASK_ANNOTATIONS = {"*": {"max_retries": ...}}`',
        ),
        (
            "TA1101",
            2,
            "`CELERY_WORKER_MAX_MEMORY` is no Celery setting at all, so its value never takes "
            "effect; Celery has no such setting: remove it, or read it in the project's own code",
        ),
    ]


def test_near_misses_the_projects_own_setting_and_an_extensions_key_are_not_reported() -> None:
    settings = (
        "CELERY_TASK_DIGEST_HOUR = 7\n"  # read by the project itself, below
        'CELERY_REDBEAT_REDIS_URL = "redis://x"\n'  # RedBeat's key
        'CELERY_ONCE = {"backend": "x"}\n'  # celery-once's
        "CELERY_TASK_ACKS_LATE = True\n"  # a real setting
    )
    files = {
        "config/celery.py": APP,
        "config/settings.py": settings,
        "app/tasks.py": TASK,
        "app/digest.py": (
            "from django.conf import settings\n\n\n"
            "def hour():\n    return getattr(settings, 'CELERY_TASK_DIGEST_HOUR', 7)\n"
        ),
    }
    assert findings(scan_sources(files)[1], "TA1101") == []


def test_misspelt_time_limits_set_no_global_limit() -> None:
    """TA601 still flags: Celery 5.5.3, 5.6.3 and 5.7.0 leave the task with no limit."""
    settings = "CELERY_SOFT_TIME_LIMIT = 300\nCELERY_TIME_LIMIT = 360\n"
    p = project(settings, {"requirements.txt": "celery==5.5.3\n"})
    assert [f[:2] for f in findings(p, "TA1101", "TA601")] == [
        ("TA601", 5),
        ("TA1101", 1),
        ("TA1101", 2),
    ]


# --- settings newer than the pinned release ----------------------------------


def test_a_setting_newer_than_every_pinned_release_is_never_read() -> None:
    """Measured: worker_soft_shutdown_timeout is absent from 5.4.0's defaults, present on 5.5.0."""
    settings = "CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT = 28\n"
    old = findings(project(settings, {"requirements.txt": "celery==5.4.0\n"}), "TA1101")
    assert old == [
        (
            "TA1101",
            1,
            "`CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT` is `worker_soft_shutdown_timeout`, a setting "
            "that Celery 5.4.0 (declared in requirements.txt) does not have (it arrives in "
            "5.5.0), so its value never takes effect; it needs Celery 5.5.0 or later",
        )
    ]
    for pin in ("celery==5.5.3\n", "celery>=5.4\n"):
        assert findings(project(settings, {"requirements.txt": pin}), "TA1101") == []


def test_django_settings_without_a_namespace_are_deprecated_with_the_namespaced_name() -> None:
    """Measured on every 5.x release: old names read without a namespace warn of removal."""
    app = APP.replace(', namespace="CELERY"', "")
    files = {"config/celery.py": app, "config/settings.py": "CELERY_ALWAYS_EAGER = True\n"}
    [(rule, line, message)] = findings(scan_sources(files)[1], "TA1101", "TA1103")
    assert (rule, line) == ("TA1103", 1)
    assert message.endswith(
        'read the settings with `namespace="CELERY"` and rename every old name at once; '
        "the new name is then `CELERY_TASK_ALWAYS_EAGER`"
    )


def test_an_old_name_that_the_namespace_keeps_is_not_renamed_to_itself() -> None:
    """`CELERY_RESULT_BACKEND` is old-style without a namespace and the new name under it."""
    app = APP.replace(', namespace="CELERY"', "")
    settings = "CELERY_RESULT_BACKEND = 'redis://'\nCELERY_ALWAYS_EAGER = True\n"
    files = {"config/celery.py": app, "config/settings.py": settings}
    messages = [m for _, _, m in findings(scan_sources(files)[1], "TA1103")]
    assert [m.rsplit("; ", 1)[1] for m in messages] == [
        "it keeps its name there",
        "the new name is then `CELERY_TASK_ALWAYS_EAGER`",
    ]


def test_an_ignored_old_name_beside_its_working_name_is_a_line_to_delete() -> None:
    """Celery 5.5.3 reads `CELERY_TASK_ROUTES` and ignores `CELERY_ROUTES` under the namespace."""
    both = 'CELERY_TASK_ROUTES = {"app.tasks.*": {"queue": "heavy"}}\n' + ROUTES
    pin = {"requirements.txt": "celery==5.5.3\n"}
    [(_, line, message)] = findings(project(both, pin), "TA1101")
    assert line == 2
    assert message.endswith(
        "`CELERY_TASK_ROUTES` is already set at config/settings.py:1: delete this line"
    )
    [(_, _, alone)] = findings(project(ROUTES, pin), "TA1101")
    assert alone.endswith("the name that works here is `CELERY_TASK_ROUTES`")
