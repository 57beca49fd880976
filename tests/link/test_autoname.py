"""Autonames under a ``Celery`` subclass that overrides ``gen_task_name``.

Measured on Celery 5.5.3 and 5.6.3 in throw-away venvs: ``Celery.task`` and
``shared_task`` call ``app.gen_task_name(fun.__name__, fun.__module__)`` only
when no ``name=`` is given, ``register_task`` calls it with a Task class's
``__name__`` and ``__module__``, and the task registers under whatever it
returns (``return name`` registers ``pull``, not ``pkg.tasks.pull``).
"""

from __future__ import annotations

from taskaudit.link.model import Project
from taskaudit.link.schema import SCHEMA
from taskaudit.link.subjects import build_subjects
from taskaudit.pipeline import scan_sources
from taskaudit.resources import default_rules
from taskaudit.rules import evaluate, load_rules

CATALOG = load_rules([default_rules()], SCHEMA)
BARE = """\
import celery

class ShortCelery(celery.Celery):
    def gen_task_name(self, name, module):
        \"\"\"Tasks are known by their function name alone.\"\"\"
        return name

app = ShortCelery("kb")
app.config_from_object("django.conf:settings", namespace="CELERY")
"""
TASKS = """\
from celery import Task, shared_task
from kb.celery import app

@app.task
def pull(): ...

@shared_task
def push(): ...

@app.task(name="kb.explicit")
def explicit(): ...

class Sweep(Task):
    def run(self): ...

app.register_task(Sweep())
"""
SETTINGS = """\
CELERY_BEAT_SCHEDULE = {
    "pull": {"task": "pull", "schedule": 60},
    "old": {"task": "kb.sync.tasks.pull", "schedule": 60},
}
"""
DISPATCH = """\
from kb.celery import app

def run():
    app.send_task("push")
    app.send_task("kb.sync.tasks.push")
"""


def _project(app: str, **extra: str) -> Project:
    files = {
        "kb/__init__.py": "",
        "kb/celery.py": app,
        "kb/settings.py": SETTINGS,
        "kb/sync/tasks.py": TASKS,
        "kb/views.py": DISPATCH,
        **extra,
    }
    return scan_sources(files)[1]


def _outcomes(project: Project, *rules: str) -> list[tuple[str, str, int, str]]:
    result = evaluate(CATALOG, build_subjects(project))
    found = [(f.rule_id, f.location.path, f.location.line, "") for f in result.findings]
    found += [(u.rule_id, u.location.path, u.location.line, "; ".join(u.reasons))
              for u in result.undecided]  # fmt: skip
    return sorted(f for f in found if f[0] in rules)


def test_a_readable_override_names_every_autonamed_task() -> None:
    project = _project(BARE)
    assert [(t.function, t.name, t.expected_name) for t in project.tasks] == [
        ("pull", "pull", "kb.sync.tasks.pull"),
        ("push", "push", "kb.sync.tasks.push"),
        ("explicit", "kb.explicit", "kb.sync.tasks.explicit"),
        ("Sweep", "Sweep", "kb.sync.tasks.Sweep"),
    ]
    # The bare names resolve; the module-qualified ones Celery never registered do not.
    assert _outcomes(project, "TA801", "TA903") == [
        ("TA801", "kb/settings.py", 3, ""),
        ("TA903", "kb/views.py", 5, ""),
    ]
    # TA102 still expects the dotted path: the convention, whatever the override gives.
    assert _outcomes(project, "TA102") == [("TA102", "kb/sync/tasks.py", 11, "")]
    assert project.coverage.gaps == ()


def test_an_override_in_another_module_and_a_subclass_of_it() -> None:
    base = BARE.split("app = ")[0]
    app = "from kb.naming import ShortCelery\n\nclass KbCelery(ShortCelery):\n    pass\n\n"
    app += "app = KbCelery('kb')\n"
    project = _project(app, **{"kb/naming.py": base})
    assert [t.name for t in project.tasks] == ["pull", "push", "kb.explicit", "Sweep"]


def test_an_unreadable_override_makes_autonames_and_the_rules_on_them_undecidable() -> None:
    app = BARE.replace("return name", "return self.conf.prefix + name")
    project = _project(app)
    assert [(t.name, t.name_known) for t in project.tasks] == [
        ("?kb.sync.tasks.pull", False),
        ("?kb.sync.tasks.push", False),
        ("kb.explicit", True),
        ("?kb.sync.tasks.Sweep", False),
    ]
    why = "`kb.celery.ShortCelery.gen_task_name` cannot be read (it computes the name with "
    why += "`self.conf.prefix`)"
    gap = f"{why}, so the names of 3 task(s) declared without `name=` are unknown"
    assert [g.reason for g in project.coverage.gaps] == [gap]
    assert _outcomes(project, "TA801", "TA903", "TA103") == [
        ("TA103", "kb/sync/tasks.py", 5, why),
        ("TA103", "kb/sync/tasks.py", 8, why),
        ("TA103", "kb/sync/tasks.py", 13, why),
        ("TA801", "kb/settings.py", 2, f"{gap} at kb/celery.py:3"),
        ("TA801", "kb/settings.py", 3, f"{gap} at kb/celery.py:3"),
        ("TA903", "kb/views.py", 4, f"{gap} at kb/celery.py:3"),
        ("TA903", "kb/views.py", 5, f"{gap} at kb/celery.py:3"),
    ]


def test_near_misses_celerys_own_rule_applies() -> None:
    # A method of another name, a class that is not the app's, and super()'s own rule.
    other = BARE.replace("def gen_task_name", "def task_name")
    unrelated = BARE.replace("app = ShortCelery", "class Other:\n    pass\n\napp = celery.Celery")
    default = BARE.replace("return name", "return super().gen_task_name(name, module)")
    for app in (other, unrelated, default):
        names = [t.name for t in _project(app).tasks]
        assert names == [
            "kb.sync.tasks.pull", "kb.sync.tasks.push", "kb.explicit", "kb.sync.tasks.Sweep",
        ]  # fmt: skip


def test_shared_task_under_apps_that_name_differently_is_undecidable() -> None:
    second = "import celery\n\nworker = celery.Celery('other')\n"
    project = _project(BARE, **{"kb/worker.py": second})
    assert [(t.function, t.name_known) for t in project.tasks] == [
        ("pull", True), ("push", False), ("explicit", True), ("Sweep", True),
    ]  # fmt: skip
    [push] = [t for t in project.tasks if t.function == "push"]
    assert push.name_reason == (
        "`@shared_task` registers `push` with several apps and `kb.celery.ShortCelery` "
        "name tasks by their own `gen_task_name`"
    )
