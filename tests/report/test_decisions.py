"""The report words the decisions that rules read: both say the same thing."""

from __future__ import annotations

from taskaudit.link.model import Project
from taskaudit.link.schema import SCHEMA
from taskaudit.link.subjects import build_subjects
from taskaudit.pipeline import scan_sources
from taskaudit.report.decisions import Decision, decisions
from taskaudit.resources import default_rules
from taskaudit.results import Reported, ScanResult
from taskaudit.rules import evaluate, load_rules

APP = {
    "config/celery.py": 'from celery import Celery\napp = Celery("config")\n',
    "config/tasks.py": (
        "from config.celery import app\n\n@app.task(name='config.tasks.ping')\ndef ping():\n"
        "    return 1\n"
    ),
}


def _decision(files: dict[str, str], title: str) -> tuple[Decision, list[str]]:
    project: Project = scan_sources(files)[1]
    catalog = load_rules([default_rules()], SCHEMA)
    findings = evaluate(catalog, build_subjects(project)).findings
    reported = tuple(Reported(f, str(n)) for n, f in enumerate(findings))
    result = ScanResult("0", reported, (), project, catalog, len(files))
    found = next(d for d in decisions(result) if d.title == title)
    return found, sorted({f.rule_id for f in findings if f.rule_id == "TA804"})


def test_single_beat_on_every_beat_is_a_lock_in_the_report_as_for_ta804() -> None:
    procfile = "beat: single-beat celery -A config beat\nbeat2: single-beat celery -A config beat\n"
    decision, ta804 = _decision({**APP, "Procfile": procfile}, "Beat lock")
    assert ta804 == []
    assert "no lock mechanism found" not in decision.answer
    assert "the single-beat wrapper;" in decision.answer


def test_a_lock_on_only_one_of_two_beats_is_said_to_cover_only_some() -> None:
    procfile = "beat: single-beat celery -A config beat\nbeat2: celery -A config beat\n"
    decision, ta804 = _decision({**APP, "Procfile": procfile}, "Beat lock")
    assert ta804 == ["TA804"]
    assert "the single-beat wrapper, but not on every process that starts beat" in decision.answer


def test_no_lock_is_said_plainly() -> None:
    procfile = "beat: celery -A config beat\nbeat2: celery -A config beat\n"
    decision, ta804 = _decision({**APP, "Procfile": procfile}, "Beat lock")
    assert ta804 == ["TA804"]
    assert "2 commands start beat;" in decision.answer
    assert "no lock mechanism found" in decision.answer


def test_redbeat_configured_without_a_beat_command_names_its_lock() -> None:
    settings = {"config/settings.py": 'CELERY_BEAT_SCHEDULER = "redbeat.RedBeatScheduler"\n'}
    files = {
        **APP,
        **settings,
        "config/celery.py": APP["config/celery.py"]
        + 'app.config_from_object("django.conf:settings", namespace="CELERY")\n',
    }
    decision, _ = _decision(files, "Beat lock")
    assert "RedBeat's Redis lock" in decision.answer
    assert decision.answer.startswith("0 commands start beat; scheduler redbeat.RedBeatScheduler;")


def test_declaration_styles_count_every_style_and_list_the_minority() -> None:
    files = {
        **APP,
        "config/more.py": (
            "from celery import shared_task\n\n@shared_task(name='config.more.a')\ndef a():\n"
            "    return 1\n"
        ),
        "config/other.py": (
            "from config.celery import app\n\n@app.task(name='config.other.b')\ndef b():\n"
            "    return 1\n"
        ),
    }
    decision, _ = _decision(files, "Decorator")
    assert (
        decision.answer == "@shared_task 1 vs @app.task 2. Tasks not using the most common style:"
    )
    assert [row.cells for row in decision.evidence] == [("config.more.a", "@shared_task")]


def test_a_uniform_style_points_at_ta201_only_when_ta201_has_something_to_say() -> None:
    preferred = {
        "config/celery.py": APP["config/celery.py"],
        "config/more.py": (
            "from celery import shared_task\n\n@shared_task(name='config.more.a')\ndef a():\n"
            "    return 1\n\n@shared_task(name='config.more.b')\ndef b():\n    return 1\n"
        ),
    }
    decision, _ = _decision(preferred, "Decorator")
    assert decision.answer == (
        "@shared_task 2 vs @app.task 0; every decorated task uses `@shared_task`."
    )
    two = {**APP, "config/other.py": APP["config/tasks.py"].replace("ping", "pong")}
    decision, _ = _decision(two, "Decorator")
    assert decision.answer == (
        "@shared_task 0 vs @app.task 2; every decorated task uses `@app.task` "
        "(TA201 reports the choice once)."
    )
