"""The result decision (``ResultPolicy``): a backend, none on purpose, or nothing stated.

Measured on Celery 5.5.3, 5.6.3 and 5.7.0 (throw-away virtualenvs):
``CELERY_RESULT_BACKEND = None`` under namespace="CELERY" leaves
``app.conf.result_backend`` None, as no setting does; only the code says
whether it was decided.
"""

from __future__ import annotations

from link.django_project import findings, project
from taskaudit.link.model import Project


def ta701(p: Project) -> list[int]:
    return [line for _, line, _ in findings(p, "TA701")]


def test_an_explicit_none_is_a_stated_policy() -> None:
    p = project("CELERY_RESULT_BACKEND = None  # we keep no results\n")
    assert p.decisions.results.stated == "stated: none"
    assert p.tasks[0].results.stated_none
    assert ta701(p) == []


def test_the_spellings_celery_treats_as_no_backend_are_stated_too() -> None:
    for value in ('""', '"disabled"'):
        assert project(f"CELERY_RESULT_BACKEND = {value}\n").decisions.results.stated == (
            "stated: none"
        )


def test_nothing_written_is_unstated_and_reported() -> None:
    p = project("CELERY_BROKER_URL = 'redis://x'\n")
    assert p.decisions.results.stated == "unstated"
    assert ta701(p) == [5]


def test_a_backend_is_stated_with_its_value() -> None:
    assert project('CELERY_RESULT_BACKEND = "django-db"\n').decisions.results.stated == (
        "stated: django-db"
    )
    env = project('import os\nCELERY_RESULT_BACKEND = os.environ.get("RESULTS")\n')
    assert env.decisions.results.stated == "stated: computed at run time"


def test_a_none_under_another_name_states_nothing() -> None:
    # RESULT_BACKEND is not read under namespace="CELERY": nothing is decided
    p = project("RESULT_BACKEND = None\nCELERY_RESULTS_BACKEND = None\n")
    assert p.decisions.results.stated == "unstated"
    assert ta701(p) == [5]


def test_a_backend_read_from_the_environment_is_named_by_its_variable() -> None:
    # The finding used to say "result backend `?`": the place was there, the source was not.
    def ta702(settings: str) -> list[str]:
        return [m.split(" has ")[0] for _, _, m in findings(project(settings), "TA702")]

    env = 'import os\nCELERY_RESULT_BACKEND = os.environ.get("RESULTS_URL")\n'
    assert ta702(env) == ["result backend (environment variable RESULTS_URL)"]
    assert ta702('CELERY_RESULT_BACKEND = "redis://cache/1"\n') == [
        "result backend `redis://cache/1`"
    ]
    assert ta702(env + "CELERY_RESULT_EXPIRES = 3600\n") == []
