"""Task vs management command (``link.commands``): wrappers, commands that send tasks."""

from __future__ import annotations

from taskaudit.link.commands import is_command_module
from taskaudit.pipeline import scan_sources

APP = 'from celery import Celery\n\napp = Celery("proj")\n'
TASKS = """from celery import shared_task
from django.core.management import call_command


@shared_task(name="proj.tasks.clear_sessions")
def clear_sessions():
    call_command("clearsessions")


@shared_task(name="proj.tasks.rebuild")
def rebuild(project_id):
    project = load(project_id)
    project.reset()
    call_command("rebuild_index", project_id)
    notify(project)
    return project.id


@shared_task(name="proj.tasks.ping")
def ping():
    return "pong"
"""
COMMAND = """from django.core.management.base import BaseCommand

from proj.tasks import rebuild


class Command(BaseCommand):
    def handle(self, *args, **options):
        rebuild.delay(options["project"])
"""
VIEW = """from proj.tasks import rebuild


def start(request):
    rebuild.delay(request.POST["project"])
"""


def test_the_task_or_command_decision_reads_both_directions() -> None:
    files = {
        "proj/celery.py": APP,
        "proj/tasks.py": TASKS,
        "proj/management/commands/rebuild_all.py": COMMAND,
        "proj/management/commands/__init__.py": "",
        "proj/views.py": VIEW,
    }
    _, project = scan_sources(files)
    choice = project.decisions.task_or_command
    assert choice.commands == ("proj/management/commands/rebuild_all.py",)
    assert [(w.task.name, w.call.line, w.only) for w in choice.command_tasks] == [
        ("proj.tasks.clear_sessions", 7, True),
        ("proj.tasks.rebuild", 14, False),
    ]
    # The view's `.delay()` is not a command's.
    assert [(d.command, d.site.line, d.task) for d in choice.dispatching] == [
        ("proj/management/commands/rebuild_all.py", 8, "proj.tasks.rebuild")
    ]


def test_what_counts_as_a_management_command_module() -> None:
    assert is_command_module("app/management/commands/sync.py")
    assert is_command_module("management/commands/sync.py")
    assert not is_command_module("app/management/commands/__init__.py")
    assert not is_command_module("app/management/sync.py")
    assert not is_command_module("app/management/commands/sub/sync.py")
    assert not is_command_module("app/management/commands/sync.txt")
