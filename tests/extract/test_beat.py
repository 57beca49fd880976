"""Beat entries from every static source; which task an ``add_periodic_task`` sig names."""

from __future__ import annotations

import ast
import textwrap

from taskaudit.core.location import Location
from taskaudit.core.values import Call, Dict, Ref, Unknown, Value
from taskaudit.extract.beat import BeatEntry, extract_beat
from taskaudit.extract.bindings import build_scope
from taskaudit.extract.comments import comment_for, scan_comments


def _tasks(source: str) -> list[tuple[int, Value]]:
    tree = ast.parse(source)
    scope = build_scope(tree, "proj.celery", False)
    entries = extract_beat(tree, scope, "proj/celery.py", lambda line: None)
    return [(e.location.line, e.task) for e in entries]


HEAD = """\
from celery import Celery, signature

from proj.tasks import ping

app = Celery("proj")
PING = "proj.tasks.ping"


@app.on_after_finalize.connect
def setup(sender, **kwargs):
"""


def test_an_app_signature_names_the_task_by_its_first_argument() -> None:
    source = HEAD + (
        '    sender.add_periodic_task(60.0, app.signature("proj.tasks.ping"), name="a")\n'
        '    sender.add_periodic_task(60.0, sender.signature("proj.tasks.pong"), name="b")\n'
        '    sender.add_periodic_task(60.0, app.signature(PING, args=(1,)), name="c")\n'
        '    sender.add_periodic_task(60.0, signature("proj.tasks.pang"), name="d")\n'
    )
    assert _tasks(source) == [
        (11, "proj.tasks.ping"),
        (12, "proj.tasks.pong"),
        (13, "proj.tasks.ping"),
        (14, "proj.tasks.pang"),
    ]


def test_a_signature_on_any_app_name_takes_a_task_name_held_in_a_variable() -> None:
    source = HEAD + (
        '    sender.add_periodic_task(60.0, capp.signature(PING), name="a")\n'
        '    sender.add_periodic_task(60.0, celery_app.signature(PING), name="b")\n'
        '    sender.add_periodic_task(60.0, mapp.signature(PING), name="c")\n'
    )
    assert _tasks(source) == [
        (11, "proj.tasks.ping"),
        (12, "proj.tasks.ping"),
        (13, Unknown("signature of a computed task")),
    ]


def test_a_task_signature_names_the_task_object() -> None:
    source = HEAD + (
        '    sender.add_periodic_task(60.0, ping.s("x"), name="a")\n'
        '    sender.add_periodic_task(60.0, ping.si(), name="b")\n'
        '    sender.add_periodic_task(60.0, ping.signature((1, 2)), name="c")\n'
        '    sender.add_periodic_task(60.0, ping.signature(), name="d")\n'
        '    sender.add_periodic_task(60.0, ping.signature(args), name="e")\n'
    )
    assert _tasks(source) == [
        (11, Ref("proj.tasks.ping")),
        (12, Ref("proj.tasks.ping")),
        (13, Ref("proj.tasks.ping")),
        (14, Ref("proj.tasks.ping")),
        (15, Ref("proj.tasks.ping")),
    ]


def test_a_computed_name_stays_unknown() -> None:
    source = HEAD + '    sender.add_periodic_task(60.0, app.signature(name_of("ping")), name="a")\n'
    [(line, task)] = _tasks(source)
    assert line == 11
    assert isinstance(task, Unknown)


# Entries from every static source, with key, task, schedule, options and comment.

ENTRY_HEADER = """\
from celery import Celery, signature
from celery.schedules import crontab
from datetime import timedelta
from clinic.sync.tasks import pull
app = Celery("clinic")
NIGHTLY = crontab(hour=3, minute=0)
"""
ENTRY_FIRST = ENTRY_HEADER.count("\n") + 1  # the first line after the header
ENTRY_PATH = "clinic/settings.py"


def entries(body: str) -> list[BeatEntry]:
    text = ENTRY_HEADER + textwrap.dedent(body)
    tree = ast.parse(text)
    scope = build_scope(tree, "clinic.settings", False)
    comments = scan_comments(text)
    found = extract_beat(tree, scope, ENTRY_PATH, lambda line: comment_for(comments, line))
    return list(found)


def at(line: int, column: int) -> Location:
    return Location(ENTRY_PATH, ENTRY_FIRST + line - 1, column)


def facts(body: str) -> list[tuple[Value, Value, Value, str, int]]:
    """(key, task, schedule, container, line in the body)"""
    return [
        (e.key, e.task, e.schedule, e.container, e.location.line - ENTRY_FIRST + 1)
        for e in entries(body)
    ]


CRONTAB = "celery.schedules.crontab"
THREE_AM = Call(CRONTAB, (), (("hour", 3), ("minute", 0)))


def test_a_settings_dict_entry_has_every_field() -> None:
    body = """\
    CELERY_BEAT_SCHEDULE = {
        # Doctolib sync, owner: data team
        "sync-doctolib-nightly": {
            "task": "clinic.sync.tasks.pull",
            "schedule": NIGHTLY,
            "options": {"queue": "heavy", "expires": 3600},
        },
    }
    """
    assert entries(body) == [
        BeatEntry(
            location=at(3, 5),
            key="sync-doctolib-nightly",
            task="clinic.sync.tasks.pull",
            schedule=THREE_AM,
            options=Dict((("queue", "heavy"), ("expires", 3600))),
            comment="Doctolib sync, owner: data team",
            container="CELERY_BEAT_SCHEDULE",
            source="dict",
            conditional=False,
        )
    ]


def test_every_dict_source_old_new_and_app_names() -> None:
    body = """\
    CELERY_BEAT_SCHEDULE = {"a": {"task": "t.a", "schedule": 30.0}}
    CELERYBEAT_SCHEDULE = {"b": dict(task="t.b", schedule=timedelta(minutes=15))}
    app.conf.beat_schedule = {"c": {"task": "t.c", "schedule": 60}}
    beat_schedule = {"d": {"task": "t.d", "schedule": crontab(minute="*/5")}}
    """
    assert facts(body) == [
        ("a", "t.a", 30.0, "CELERY_BEAT_SCHEDULE", 1),
        ("b", "t.b", Call("datetime.timedelta", (), (("minutes", 15),)), "CELERYBEAT_SCHEDULE", 2),
        ("c", "t.c", 60, "app.conf.beat_schedule", 3),
        ("d", "t.d", Call(CRONTAB, (), (("minute", "*/5"),)), "beat_schedule", 4),
    ]


def test_item_assignment_and_update_add_entries() -> None:
    body = """\
    CELERY_BEAT_SCHEDULE = {}
    CELERY_BEAT_SCHEDULE["purge"] = {"task": "t.purge", "schedule": NIGHTLY}
    CELERY_BEAT_SCHEDULE.update({"push": {"task": "t.push", "schedule": 900}})
    app.conf.beat_schedule["ping"] = {"task": "t.ping", "schedule": 10}
    """
    assert facts(body) == [
        ("purge", "t.purge", THREE_AM, "CELERY_BEAT_SCHEDULE", 2),
        ("push", "t.push", 900, "CELERY_BEAT_SCHEDULE", 3),
        ("ping", "t.ping", 10, "app.conf.beat_schedule", 4),
    ]


def test_schedules_built_in_functions_and_conditional_blocks() -> None:
    body = """\
    def build_schedule():
        return {"built": {"task": "t.built", "schedule": 7}}
    def unused_helper():
        return {"stray": {"task": "t.stray", "schedule": 7}}
    if PRODUCTION:
        CELERY_BEAT_SCHEDULE = {"prod-only": {"task": "t.prod", "schedule": 5}}
    else:
        CELERY_BEAT_SCHEDULE = build_schedule()
    """
    found = entries(body)
    assert [(e.key, e.container, e.conditional) for e in found] == [
        ("built", "dict", False),
        ("prod-only", "CELERY_BEAT_SCHEDULE", True),
    ]


def test_inside_functions_and_classes_only_writes_to_a_beat_setting_count() -> None:
    body = """\
    class CeleryConfig:
        beat_schedule = {"nightly": {"task": "t.nightly", "schedule": NIGHTLY}}
        TEMPLATES = {"x": {"task": "t.template", "schedule": 1}}

    @app.on_after_finalize.connect
    def configure(sender, **kwargs):
        sender.conf.beat_schedule["ping"] = {"task": "t.ping", "schedule": 10}
        sender.conf.update(beat_schedule={"pong": {"task": "t.pong", "schedule": 20}})
        settings.CELERY_BEAT_SCHEDULE.update({"sweep": {"task": "t.sweep", "schedule": 30}})

    class Scheduler:
        def install_defaults(self):
            entries = {}
            entries["cleanup"] = {"task": "t.cleanup", "schedule": 60}
            entries.update({"other": {"task": "t.other", "schedule": 60}})
            return {"returned": {"task": "t.returned", "schedule": 60}}

    class Registry:
        def register(self, plugin):
            app.conf.beat_schedule.update(
                {plugin.key(): {"task": plugin.dotted_path, "schedule": plugin.every}}
            )
    """
    assert [(e.key, e.task, e.container) for e in entries(body)] == [
        ("nightly", "t.nightly", "beat_schedule"),
        ("ping", "t.ping", "sender.conf.beat_schedule"),
        ("pong", "t.pong", "sender.conf.beat_schedule"),
        ("sweep", "t.sweep", "settings.CELERY_BEAT_SCHEDULE"),
        (Unknown("call"), Unknown("attribute 'dotted_path'"), "app.conf.beat_schedule"),
    ]


def test_add_periodic_task_in_a_signal_handler() -> None:
    body = """\
    @app.on_after_configure.connect
    def setup(sender, **kwargs):
        # weekly export for the accountant
        sender.add_periodic_task(
            crontab(hour=5, minute=15, day_of_week=1), pull.s(1), name="weekly-export",
            expires=600, queue="light",
        )
        sender.add_periodic_task(30.0, signature("clinic.sync.tasks.ping"))
        sender.add_periodic_task(schedule=10, sig=make_signature(), **OPTIONS)
    """
    found = entries(body)
    assert [(e.key, e.task, e.schedule, e.options, e.comment, e.location) for e in found] == [
        (
            "weekly-export",
            Ref("clinic.sync.tasks.pull"),
            Call(CRONTAB, (), (("hour", 5), ("minute", 15), ("day_of_week", 1))),
            Dict((("expires", 600), ("queue", "light"))),
            "weekly export for the accountant",
            at(4, 5),
        ),
        (None, "clinic.sync.tasks.ping", 30.0, None, None, at(8, 5)),
        (None, Unknown("signature"), 10, Unknown("add_periodic_task(**options)"), None, at(9, 5)),
    ]
    assert {(e.container, e.source) for e in found} == {("add_periodic_task", "add_periodic_task")}


def test_a_trailing_comment_belongs_to_its_entry_and_a_distant_one_does_not() -> None:
    body = """\
    # Beat schedule of the clinic

    CELERY_BEAT_SCHEDULE = {
        "a": {"task": "t.a", "schedule": 60},  # owner: billing
        "b": {"task": "t.b", "schedule": 60},
        # see roadmap/done/2026-03-double-run.md
        "c": {"task": "t.c", "schedule": 60},
    }
    """
    assert [(e.key, e.comment) for e in entries(body)] == [
        ("a", "owner: billing"),
        ("b", None),
        ("c", "see roadmap/done/2026-03-double-run.md"),
    ]


def test_computed_parts_stay_unknown() -> None:
    body = """\
    CELERY_BEAT_SCHEDULE = {
        KEY_FROM_ENV: {"task": TASK_NAME, "schedule": crontab(hour=HOUR)},
        f"sync-{NIGHTLY}": {"task": "t.b", "schedule": 60},
    }
    """
    assert facts(body) == [
        (
            Unknown("name 'KEY_FROM_ENV'"),
            Unknown("name 'TASK_NAME'"),
            Call(CRONTAB, (), (("hour", Unknown("name 'HOUR'")),)),
            "CELERY_BEAT_SCHEDULE",
            2,
        ),
        (Unknown("f-string with a computed part"), "t.b", 60, "CELERY_BEAT_SCHEDULE", 3),
    ]


def test_dicts_that_are_not_beat_entries() -> None:
    body = """\
    CELERY_BEAT_SCHEDULE = {
        "no-schedule": {"task": "t.a"},
        "no-task": {"schedule": 60},
        "not-a-dict": ENTRY,
    }
    CELERY_TASK_ROUTES = {"clinic.sync.*": {"queue": "light"}}
    CELERY_TASK_ROUTES["clinic.imports.*"] = {"queue": "heavy"}
    CELERY_TASK_ROUTES.update({"x": {"queue": "x"}})
    LOGGING = {"handlers": {"task": {"level": "INFO"}}}
    options.update(schedule=60, task="t.b")
    TASKS = [{"task": "t.c", "schedule": 60}]
    """
    assert entries(body) == []


def test_a_reason_written_inside_the_entry_counts_as_its_comment() -> None:
    from taskaudit.pipeline import scan_sources

    text = (
        "from celery.schedules import crontab\n"
        "CELERY_BEAT_SCHEDULE = {\n"
        '    "refresh": {\n'
        '        "task": "app.tasks.refresh",\n'
        "        # Finance needs fresh rates before the 9:00 close.\n"
        '        "schedule": crontab(minute=0, hour=8),\n'
        "    },\n"
        '    "sweep": {\n'
        '        "task": "app.tasks.sweep",  # owner: ops, frees disk nightly\n'
        '        "schedule": crontab(minute=0, hour=2),\n'
        "    },\n"
        '    "silent": {"task": "app.tasks.silent", "schedule": 60.0},\n'
        "}\n"
    )
    facts, _ = scan_sources({"config/settings.py": text})
    python = facts[0].python
    assert python is not None
    assert [(e.location.line, e.comment) for e in python.beat] == [
        (3, "Finance needs fresh rates before the 9:00 close."),
        (8, "owner: ops, frees disk nightly"),
        (12, None),
    ]
