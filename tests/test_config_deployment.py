"""``settings`` and ``celery-app``: what the deployment uses, when the code does not say."""

from __future__ import annotations

from pathlib import Path

import pytest

from taskaudit.config import Config, load_config
from taskaudit.core.values import Unknown
from taskaudit.errors import TaskauditError
from taskaudit.link.project import Hints
from taskaudit.pipeline import scan_sources
from taskaudit.scan import ScanOptions, read_project


def _load(tmp_path: Path, text: str) -> Config:
    path = tmp_path / "pyproject.toml"
    path.write_text(text)
    return load_config(path, "pyproject.toml")


def test_both_keys_are_read(tmp_path: Path) -> None:
    config = _load(
        tmp_path,
        '[tool.taskaudit]\nsettings = ["proj.settings.prod", "proj.settings:Production"]\n'
        'celery-app = "proj.celery:app"\n',
    )
    assert config.settings == ("proj.settings.prod", "proj.settings:Production")
    assert config.celery_app == "proj.celery.app"


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (
            '[tool.taskaudit]\nfail-on = "error"\nsettings = "proj.settings"\n',
            "pyproject.toml:3:1: `settings` must be a list of strings",
        ),
        (
            '[tool.taskaudit]\n\nsettings = ["proj/settings.py"]\n',
            "pyproject.toml:3:13: `settings`: 'proj/settings.py' is not a module path",
        ),
        (
            '[tool.taskaudit]\ncelery-app = "app"\n',
            "pyproject.toml:2:14: `celery-app`: 'app' is not an app path",
        ),
        (
            '[tool.taskaudit]\ncelery-app = ["proj.celery:app"]\n',
            "pyproject.toml:2:1: `celery-app` must be a string",
        ),
    ],
)
def test_mistakes_point_at_the_value_written(tmp_path: Path, text: str, error: str) -> None:
    with pytest.raises(TaskauditError) as raised:
        _load(tmp_path, text)
    assert str(raised.value).startswith(error)


APP = (
    "from celery import Celery\n\napp = Celery('proj')\n"
    "app.config_from_object('django.conf:settings', namespace='CELERY')\n"
)
ALTERNATIVES = {
    "proj/celery.py": APP,
    "proj/settings/base.py": "CELERY_TASK_ACKS_LATE = False\n",
    "proj/settings/local.py": "from .base import *\n\nCELERY_TASK_ALWAYS_EAGER = True\n",
    "proj/settings/prod.py": "from .base import *\n\nCELERY_TASK_ACKS_LATE = True\n",
}


def test_settings_reads_the_named_module_instead_of_the_alternatives() -> None:
    guessed = scan_sources(ALTERNATIVES)[1]
    named = scan_sources(ALTERNATIVES, hints=Hints(settings=("proj.settings.prod",)))[1]
    assert isinstance(guessed.config["task_acks_late"][0], Unknown)  # False in base, True in prod
    assert guessed.coverage.settings_read == (
        "proj.settings.base",
        "proj.settings.local",
        "proj.settings.prod",
    )
    assert named.coverage.settings_read == ("proj.settings.base", "proj.settings.prod")
    assert named.config["task_acks_late"][0] is True
    assert "task_always_eager" not in named.config


def test_settings_names_a_django_configurations_class() -> None:
    files = {
        "proj/celery.py": APP,
        "proj/settings.py": (
            "from configurations import Configuration\n\n\nclass Dev(Configuration):\n"
            "    CELERY_TASK_ALWAYS_EAGER = True\n\n\nclass Prod(Configuration):\n"
            "    CELERY_TASK_ACKS_LATE = True\n"
        ),
    }
    unnamed = scan_sources(files)[1]
    named = scan_sources(files, hints=Hints(settings=("proj.settings:Prod",)))[1]
    assert unnamed.config == {}
    assert [g.setting for g in unnamed.coverage.of("config")] == ["settings"]
    assert {k: v for k, (v, _) in named.config.items()} == {"task_acks_late": True}
    assert named.coverage.of("config") == ()


def test_a_named_settings_module_outside_the_tree_is_a_gap() -> None:
    project = scan_sources(ALTERNATIVES, hints=Hints(settings=("proj.settings.staging",)))[1]
    assert [(g.reason, g.setting) for g in project.coverage.of("config")] == [
        ("the `settings` module `proj.settings.staging` is not in the scanned tree", "source-roots")
    ]


TWO_APPS = {
    "proj/celery.py": APP,
    "proj/settings.py": "CELERY_TASK_DEFAULT_QUEUE = 'web'\n",
    "tools/celery.py": (
        "from celery import Celery\n\nops = Celery('ops')\nops.config_from_object('tools.conf')\n"
    ),
    "tools/conf.py": "task_default_queue = 'ops'\n",
}


def test_celery_app_picks_the_main_app() -> None:
    default = scan_sources(TWO_APPS)[1]
    named = scan_sources(TWO_APPS, hints=Hints(celery_app="tools.celery.ops"))[1]
    assert default.config["task_default_queue"][0] == "web"
    assert named.config["task_default_queue"][0] == "ops"


def test_celery_app_names_an_app_taskaudit_cannot_see_being_built() -> None:
    files = {
        "proj/worker.py": "from proj.factory import build\n\nworker = build()\n",
        "proj/tasks.py": (
            "from proj.worker import worker\n\n\n@worker.task\ndef pull():\n    return 1\n"
        ),
    }
    unnamed = scan_sources(files)[1]
    named = scan_sources(files, hints=Hints(celery_app="proj.worker.worker"))[1]
    assert (unnamed.apps, [t.name for t in unnamed.tasks]) == ((), [])
    assert named.apps == ("proj.worker.worker",)
    assert [(t.name, t.app) for t in named.tasks] == [("proj.tasks.pull", "proj.worker.worker")]


def test_a_celery_app_no_module_builds_is_a_gap() -> None:
    project = scan_sources(TWO_APPS, hints=Hints(celery_app="proj.missing.app"))[1]
    assert (
        "`celery-app` names `proj.missing.app`, which no scanned module builds",
        "source-roots",
    ) in [(g.reason, g.setting) for g in project.coverage.gaps]


def test_the_keys_reach_a_scan_of_a_tree(tmp_path: Path) -> None:
    packages = {"proj/__init__.py": "", "proj/settings/__init__.py": ""}
    for path, text in {**ALTERNATIVES, **packages}.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    options = ScanOptions(Config(settings=("proj.settings.prod",)))
    project = read_project(tmp_path, options).project
    assert project.coverage.settings_read == ("proj.settings.base", "proj.settings.prod")
