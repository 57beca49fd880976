"""Choices one change settles for many tasks (``link.choices``), and the subjects that read them."""

from __future__ import annotations

from taskaudit.core.location import Location
from taskaudit.link.subjects import build_subjects
from taskaudit.pipeline import scan_sources
from taskaudit.rules.subjects import Subject, Undecidable

APP = (
    'from celery import Celery\n\napp = Celery("proj")\n'
    'app.config_from_object("django.conf:settings", namespace="CELERY")\n'
)
SETTINGS = 'SECRET = "x"\nCELERY_BROKER_URL = "redis://"\nCELERY_TASK_ACKS_LATE = False\n'


def _tasks(*decorators: str) -> str:
    lines = ["from celery import shared_task", "from proj.celery import app", ""]
    for number, decorator in enumerate(decorators):
        lines += [decorator, f"def task_{number}():", "    return None", ""]
    return "\n".join(lines)


def _subjects(kind: str, tasks: str, settings: str = SETTINGS) -> list[Subject]:
    files = {"proj/celery.py": APP, "proj/settings.py": settings, "proj/tasks.py": tasks}
    _, project = scan_sources(files)
    return [s for s in build_subjects(project) if s.kind == kind]


def _brief(subject: Subject) -> tuple[str, str, int, str]:
    where = subject.location
    return (subject.fields["scope"], where.path, where.line, subject.identity)  # type: ignore[return-value]


def test_no_task_with_a_limit_is_one_subject_at_the_app_configuration() -> None:
    subjects = _subjects("time_limits", _tasks("@shared_task", "@shared_task"))
    assert [_brief(s) for s in subjects] == [("app", "proj/settings.py", 2, "app:proj.celery.app")]
    only = subjects[0]
    assert only.fields["tasks"] == ("proj.tasks.task_0", "proj.tasks.task_1")
    assert only.fields["covers"] == "the 2 tasks of app `proj.celery.app`"
    assert only.fields["declared"] is False


def test_one_task_with_a_limit_makes_the_others_places_to_fix() -> None:
    tasks = _tasks("@shared_task(soft_time_limit=30)", "@shared_task")
    subjects = _subjects("time_limits", tasks)
    assert [(_brief(s), s.fields["declared"]) for s in subjects] == [
        (("task", "proj/tasks.py", 5, "task:proj.tasks.task_0"), True),
        (("task", "proj/tasks.py", 9, "task:proj.tasks.task_1"), False),
    ]
    assert subjects[1].fields["covers"] == "task `task_1`"


def test_two_tasks_without_a_limit_are_one_decision_whatever_the_others_set() -> None:
    # A task's own limit wins over task_time_limit: the global default settles the rest.
    tasks = _tasks("@shared_task(soft_time_limit=30)", "@shared_task", "@shared_task")
    [subject] = _subjects("time_limits", tasks)
    assert _brief(subject) == ("app", "proj/settings.py", 2, "app:proj.celery.app")
    assert subject.fields["tasks"] == ("proj.tasks.task_1", "proj.tasks.task_2")
    assert subject.fields["covers"] == "2 of the 3 tasks of app `proj.celery.app`"
    assert subject.fields["declared"] is False


def test_a_global_limit_computed_at_run_time_keeps_the_tasks_apart() -> None:
    # Whether the others have a limit is unknown, so no single finding can list them.
    settings = "import os\n" + SETTINGS + 'CELERY_TASK_TIME_LIMIT = os.environ.get("LIMIT")\n'
    tasks = _tasks("@shared_task(soft_time_limit=30)", "@shared_task", "@shared_task")
    subjects = _subjects("time_limits", tasks, settings)
    assert [s.fields["scope"] for s in subjects] == ["task", "task", "task"]
    assert [isinstance(s.fields["declared"], Undecidable) for s in subjects] == [
        False,
        True,
        True,
    ]


def test_a_global_limit_is_a_limit_on_every_task() -> None:
    settings = SETTINGS + "CELERY_TASK_TIME_LIMIT = 300\n"
    subjects = _subjects("time_limits", _tasks("@shared_task", "@shared_task"), settings)
    assert [s.fields["declared"] for s in subjects] == [True, True]


def test_a_single_task_is_its_own_place_to_fix() -> None:
    subjects = _subjects("time_limits", _tasks("@shared_task"))
    assert [_brief(s) for s in subjects] == [("task", "proj/tasks.py", 5, "task:proj.tasks.task_0")]


def test_an_app_configuration_taskaudit_cannot_see_makes_the_absence_undecidable() -> None:
    files = {
        "proj/tasks.py": _tasks("@shared_task", "@shared_task").replace(
            "from proj.celery import app\n", ""
        )
    }
    _, project = scan_sources(files)
    [subject] = [s for s in build_subjects(project) if s.kind == "time_limits"]
    assert isinstance(subject.fields["declared"], Undecidable)


def test_result_policy_once_for_the_app_and_per_task_when_some_state_it() -> None:
    once = _subjects("result_policy", _tasks("@shared_task", "@shared_task"))
    assert [_brief(s) for s in once] == [("app", "proj/settings.py", 2, "app:proj.celery.app")]
    assert (once[0].fields["policy_set"], once[0].fields["result_backend"]) == (False, False)
    mixed = _subjects("result_policy", _tasks("@shared_task(ignore_result=True)", "@shared_task"))
    assert [(s.fields["scope"], s.fields["policy_set"]) for s in mixed] == [
        ("task", True),
        ("task", False),
    ]
    three = _tasks("@shared_task(ignore_result=True)", "@shared_task", "@shared_task")
    [rest] = _subjects("result_policy", three)
    assert (rest.fields["scope"], rest.fields["tasks"]) == (
        "app",
        ("proj.tasks.task_1", "proj.tasks.task_2"),
    )


def test_one_declaration_style_throughout_is_one_subject_at_the_app_definition() -> None:
    subjects = _subjects("declaration_style", _tasks("@app.task", "@app.task"))
    assert [_brief(s) for s in subjects] == [
        ("project", "proj/celery.py", 3, "project:declaration-style")
    ]
    fields = subjects[0].fields
    assert (fields["style"], fields["decorator"], fields["tasks.count"]) == (
        "app.task",
        "@app.task",
        2,
    )
    assert fields["styles"] == "the project uses `@app.task` throughout"


def test_mixed_styles_are_one_subject_per_task() -> None:
    subjects = _subjects("declaration_style", _tasks("@shared_task", "@app.task", "@shared_task"))
    assert [(s.fields["scope"], s.fields["style"]) for s in subjects] == [
        ("task", "shared_task"),
        ("task", "app.task"),
        ("task", "shared_task"),
    ]
    assert subjects[0].fields["styles"] == "the project mixes 2 `@shared_task` and 1 `@app.task`"


def test_class_based_tasks_take_no_part_in_the_style() -> None:
    tasks = _tasks("@app.task", "@app.task") + (
        "\nfrom celery import Task\n\nclass Rebuild(Task):\n    name = 'proj.tasks.rebuild'\n"
        "    def run(self):\n        return None\n\napp.register_task(Rebuild())\n"
    )
    subjects = _subjects("declaration_style", tasks)
    assert [s.fields["scope"] for s in subjects] == ["project"]
    assert subjects[0].location == Location("proj/celery.py", 3, 1)
