"""Evidence read from text: manage.py, DJANGO_SETTINGS_MODULE values, -A targets, strings."""

from __future__ import annotations

from taskaudit.core.location import Location
from taskaudit.discover import file_role
from taskaudit.extract.ops import CeleryCommand, extract_compose, extract_procfile
from taskaudit.roots.evidence import Evidence
from taskaudit.roots.text import text_evidence
from taskaudit.roots.tree import Tree


def _evidence(files: dict[str, str], commands_from: tuple[str, ...] = ()) -> list[Evidence]:
    listed = [(path, file_role(path)) for path in sorted(files)]
    tree = Tree([p for p, role in listed if role == "python"])
    commands: list[CeleryCommand] = []
    for path in commands_from:
        extract = extract_compose if "compose" in path else extract_procfile
        commands += extract(files[path], path).commands
    return list(text_evidence(listed, files.get, tree, commands))


def _names(files: dict[str, str]) -> list[tuple[str, str | None, int]]:
    return [(e.kind, e.name, e.location.line) for e in _evidence(files)]


def test_settings_modules_set_by_the_django_entry_points() -> None:
    files = {
        "manage.py": 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n',
        "shop/wsgi.py": "import os\nos.environ['DJANGO_SETTINGS_MODULE'] = 'shop.settings.prod'\n",
        "shop/celery_app.py": (
            'os.environ.setdefault(\n    "DJANGO_SETTINGS_MODULE",\n    "shop.conf",\n)\n'
        ),
    }
    assert _names(files) == [
        ("manage.py", None, 1),
        ("settings", "shop.settings", 1),
        ("settings", "shop.conf", 3),
        ("settings", "shop.settings.prod", 2),
    ]


def test_settings_modules_in_process_env_and_ini_files() -> None:
    files = {
        "Dockerfile": "FROM python\nENV DJANGO_SETTINGS_MODULE=shop.settings.docker\n",
        "deploy/Dockerfile.worker": "ENV DJANGO_SETTINGS_MODULE shop.settings.worker\n",
        "Makefile": "release: export DJANGO_SETTINGS_MODULE ?= shop.settings.build\n",
        "env.d/production/common": "DJANGO_SETTINGS_MODULE=shop.settings.prod\n",
        ".env": 'DJANGO_SETTINGS_MODULE="shop.settings.local"\n',
        "pytest.ini": "[pytest]\nDJANGO_SETTINGS_MODULE = shop.settings.test\n",
    }
    assert sorted(e.name or "" for e in _evidence(files)) == [
        "shop.settings.build",
        "shop.settings.docker",
        "shop.settings.local",
        "shop.settings.prod",
        "shop.settings.test",
        "shop.settings.worker",
    ]


def test_near_misses_name_no_settings_module() -> None:
    files = {
        "shop/views.py": 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n',
        "README.md": "DJANGO_SETTINGS_MODULE=shop.settings\n",
        "Dockerfile": "ENV DJANGO_SETTINGS_MODULE=${SETTINGS}\n",
        "bin/start.sh": "export DJANGO_SETTINGS_MODULE=$1\n",
        "tests/manage.py": 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")\n',
        ".github/workflows/ci.yml": "env:\n  DJANGO_SETTINGS_MODULE: shop.settings.ci\n",
    }
    assert _evidence(files) == []


def test_compose_services_that_run_this_tree() -> None:
    compose = """\
services:
  web:
    build: .
    environment:
      DJANGO_SETTINGS_MODULE: shop.settings
  worker:
    image: shop
    volumes: ["./:/app"]
    command: celery --app=shop.worker worker
  vendor:
    image: vendor/worker
    environment:
      - DJANGO_SETTINGS_MODULE=app.settings
    command: celery -A app worker
"""
    found = _evidence({"docker-compose.yml": compose}, ("docker-compose.yml",))
    assert [(e.kind, e.name) for e in found] == [
        ("celery-app", "shop.worker"),
        ("settings", "shop.settings"),
    ]


def test_celery_app_targets_keep_the_module_of_a_module_attribute_path() -> None:
    procfile = "worker: celery -A shop.celery:app worker\nbeat: cd backend && celery -A shop beat\n"
    found = _evidence({"Procfile": procfile, "backend/shop/celery.py": ""}, ("Procfile",))
    assert found == [
        Evidence("celery-app", Location("Procfile", 1), "shop.celery"),
        Evidence("celery-app", Location("Procfile", 2), "shop", "backend"),
    ]


def test_strings_that_name_a_folder_which_is_not_an_identifier() -> None:
    files = {
        "my-site/__init__.py": "",
        "my-site/conf/__init__.py": "",
        "my-site/conf/settings.py": 'ROOT_URLCONF = "my-site.conf.urls"\nNAME = "my-site"\n',
        "my-site/conf/urls.py": 'LABEL = "not my-site.conf"\n',
        "lint-fixtures/__init__.py": "",
        "lint-fixtures/rule.py": 'X = "lint-fixtures.rule"\n',
    }
    found = [(e.kind, e.name, e.location.path) for e in _evidence(files)]
    # lint-fixtures/rule.py names itself: read here, no evidence once decided (test_pipeline)
    assert found == [
        ("string", "lint-fixtures.rule", "lint-fixtures/rule.py"),
        ("string", "my-site.conf.urls", "my-site/conf/settings.py"),
        ("string", "my-site", "my-site/conf/settings.py"),
    ]
