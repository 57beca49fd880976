"""``taskaudit init``'s suggestions: the key each gap names, with a value the tree gives."""

from __future__ import annotations

from pathlib import Path

from taskaudit.config import Config, load_config
from taskaudit.init import init_section
from taskaudit.init_suggestions import Suggestion, suggestion_line, suggestions
from taskaudit.link.coverage import Gap
from taskaudit.pipeline import scan_tree

PATHS = (
    "src/service/__init__.py",
    "src/service/drive/__init__.py",
    "src/service/drive/celery_app.py",
    "src/service/drive/settings.py",
    "src/service/core/tasks.py",
)
DECORATED = Gap(
    "registry",
    "9 function(s) decorated with `@drive.celery_app.app.task` name a module found only "
    "under another import root",
    "source-roots",
)
SETTINGS = Gap(
    "config",
    "DJANGO_SETTINGS_MODULE names `drive.settings`, which is not in the scanned tree",
    "source-roots",
)
NO_TASK = Gap(
    "registry", "the project uses Celery but no task declaration was recognised", "task-decorators"
)


def test_a_module_the_gap_names_gives_the_import_root_it_is_under() -> None:
    assert suggestions([DECORATED], PATHS) == (
        Suggestion(
            "source-roots", ("src/service",), "`drive.celery_app` is found under src/service/"
        ),
    )


def test_gaps_for_one_key_make_one_suggestion() -> None:
    (found,) = suggestions([SETTINGS, DECORATED], PATHS)
    assert found == Suggestion(
        "source-roots",
        ("src/service",),
        "`drive.settings` is found under src/service/; "
        "`drive.celery_app` is found under src/service/",
    )


def test_a_module_at_the_top_of_the_tree_or_nowhere_gives_no_value() -> None:
    at_top = ("drive/__init__.py", "drive/celery_app.py")
    for paths in (at_top, ()):
        (found,) = suggestions([DECORATED], paths)
        assert found.values == ()
        assert found.because.endswith(
            ": list the folders your imports start from (where manage.py is, or src/)"
        )


def test_a_gap_with_no_setting_or_an_unknown_key_suggests_nothing() -> None:
    unreadable = Gap("registry", "1 Celery-shaped file(s) could not be parsed: `a.py`")
    unknown_key = Gap("config", "the app is built by a factory", "no-such-key")
    assert suggestions([unreadable, unknown_key], PATHS) == ()


def test_lines_are_commented_toml_with_a_placeholder_when_nothing_is_derived() -> None:
    (derived,) = suggestions([DECORATED], PATHS)
    assert suggestion_line(derived, ("backend",)) == (
        '# source-roots = ["backend", "src/service"]  # `drive.celery_app` is found under '
        "src/service/"
    )
    (placeholder,) = suggestions([NO_TASK], PATHS)
    assert suggestion_line(placeholder) == (
        '# task-decorators = ["..."]  # the project uses Celery but no task declaration was '
        "recognised: list the dotted paths of the decorators your tasks are declared with"
    )


def _tree(root: Path) -> Path:
    # An __init__.py above the root, with nothing else to tell (no manage.py, no
    # settings module, no `celery -A`, not a src/ or backend/ folder): a gap.
    files = {
        "src/service/__init__.py": "",
        "src/service/drive/__init__.py": "",
        "src/service/drive/celery_app.py": 'from celery import Celery\n\napp = Celery("drive")\n',
        "src/service/core/__init__.py": "",
        "src/service/core/tasks.py": (
            "from drive.celery_app import app\n\n\n@app.task\ndef sync():\n    pass\n"
        ),
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def test_the_section_suggests_the_setting_that_finds_the_tasks(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    scanned = scan_tree(root)
    section = init_section(scanned.project, Config(), root, [f.path for f in scanned.files])
    assert (
        "# Could not see: 1 function(s) decorated with `@drive.celery_app.app.task` name a "
        "module found only under another import root (set `source-roots` in [tool.taskaudit])\n"
    ) in section
    assert (
        "# Folders that are import roots (as on sys.path) when no __init__.py tells.\n"
        '# source-roots = ["src/service"]  # `drive.celery_app` is found under src/service/\n'
    ) in section
    # Taken at its word, the suggestion finds the task.
    (root / "pyproject.toml").write_text('[tool.taskaudit]\nsource-roots = ["src/service"]\n')
    config = load_config(root / "pyproject.toml", "pyproject.toml")
    project = scan_tree(root, source_roots=config.source_roots).project
    assert [task.name for task in project.tasks] == ["core.tasks.sync"]


def test_a_configured_key_keeps_its_line_and_gets_the_suggestion_below(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    scanned = scan_tree(root, source_roots=("lib",))
    config = Config(source_roots=("lib",))
    section = init_section(scanned.project, config, root, [f.path for f in scanned.files])
    assert (
        'source-roots = ["lib"]\n'
        '# source-roots = ["lib", "src/service"]  '
        "# `drive.celery_app` is found under src/service/\n"
    ) in section


def test_a_project_seen_whole_gets_no_suggestion(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    scanned = scan_tree(root, source_roots=("src/service",))
    section = init_section(
        scanned.project,
        Config(source_roots=("src/service",)),
        root,
        [f.path for f in scanned.files],
    )
    assert "# Could not see" not in section
    assert "  # " not in section.split("[tool.taskaudit.params]")[0]


def test_a_key_without_a_block_of_its_own_is_suggested_after_the_table(tmp_path: Path) -> None:
    import dataclasses

    from taskaudit.link.coverage import Coverage

    project = scan_tree(_tree(tmp_path), source_roots=("src/service",)).project
    gap = Gap("registry", "generated modules hide tasks", "exclude")
    unseen = dataclasses.replace(project, coverage=Coverage(gaps=(gap,)))
    section = init_section(unseen, Config(source_roots=("src/service",)), tmp_path)
    assert (
        "# require-reason = true\n"
        "#\n"
        "# Settings that would let taskaudit see what it could not:\n"
        '# exclude = ["..."]  # generated modules hide tasks: see docs/configuration.md\n'
        "\n[tool.taskaudit.params]\n"
    ) in section
