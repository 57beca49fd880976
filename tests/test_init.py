"""``taskaudit init`` writes a section that the configuration loader accepts as is."""

from __future__ import annotations

from pathlib import Path

from taskaudit.config import KEYS, Config, load_config
from taskaudit.init import init_section
from taskaudit.pipeline import scan_tree

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "clinic"
EVERY_KEY = """\
[tool.taskaudit]
select = ["TA4", "task-name-missing"]
ignore = ["TA201"]
fail-on = "error"
extend-rules = ["ci/rules.yaml"]
source-roots = ["backend"]
task-decorators = ["apps.core.tasks.retrying_task"]
exclude = ["legacy/", "**/migrations/*.py"]
parse-all = true
template = "ci/report.md.j2"
baseline = ".taskaudit-baseline.json"
require-reason = false

[tool.taskaudit.params]
TA202 = { max_statements = 60, ratio = 0.5, strict = false }
task-decorator-style = { preferred = "app.task" }
TA1001 = { expected = ["celery-logs", "say \\"hi\\""] }

[tool.taskaudit.severity]
TA301 = "error"

[tool.taskaudit.per-file-ignores]
"tests/**" = ["TA401", "TA501"]
"""


def _files(root: Path) -> Path:
    """The files EVERY_KEY names, which the loader checks exist."""
    (root / "ci").mkdir(parents=True, exist_ok=True)
    (root / "ci" / "rules.yaml").write_text("version: 1\nrules: []\n")
    (root / "ci" / "report.md.j2").write_text("{{ month }}\n")
    return root


def _loaded(folder: Path, text: str) -> Config:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pyproject.toml").write_text('[project]\nname = "x"\n\n' + text)
    return load_config(folder / "pyproject.toml", "pyproject.toml")


def test_the_section_describes_the_project_and_loads(tmp_path: Path) -> None:
    section = init_section(scan_tree(EXAMPLE).project, Config(), tmp_path)
    detected = "config.celery.app, tools.ops_celery.app, tools.replay_celery.replay"
    assert f"# Detected: {detected}\n" in section
    assert "# Tasks found: 30 (app.task 3, shared_task 27)\n#\n" in section
    assert _loaded(tmp_path, section) == Config(path="pyproject.toml", fail_on="warning")


def test_every_configuration_key_is_documented_in_the_section(tmp_path: Path) -> None:
    section = init_section(scan_tree(EXAMPLE).project, Config(), tmp_path)
    for key in KEYS:
        if key not in ("params", "severity", "per-file-ignores"):
            assert f"{key} = " in section, key


def test_every_setting_of_an_existing_configuration_is_kept(tmp_path: Path) -> None:
    existing = _loaded(_files(tmp_path), EVERY_KEY)
    section = init_section(scan_tree(EXAMPLE).project, existing, tmp_path)
    assert (
        "# Tasks found: 30 (app.task 3, shared_task 27)\n# Settings kept from: pyproject.toml\n"
        in (section)
    )
    assert _loaded(tmp_path, section) == existing


def test_paths_are_rewritten_for_the_folder_the_section_goes_to(tmp_path: Path) -> None:
    parent = _loaded(_files(tmp_path), EVERY_KEY)
    section = init_section(scan_tree(EXAMPLE).project, parent, tmp_path / "backend")
    assert 'extend-rules = ["../ci/rules.yaml"]\n' in section
    assert 'baseline = "../.taskaudit-baseline.json"\n' in section
    child = _loaded(tmp_path / "backend", section)
    resolved = [p.resolve() for p in (*child.extend_rules, child.template, child.baseline) if p]
    assert resolved == [
        p.resolve() for p in (*parent.extend_rules, parent.template, parent.baseline) if p
    ]


def test_settings_left_unset_stay_commented_examples(tmp_path: Path) -> None:
    section = init_section(scan_tree(EXAMPLE).project, Config(exclude=("old/",)), tmp_path)
    assert 'exclude = ["old/"]\n' in section
    assert '# select = ["ALL"]\n# ignore = []\n' in section
    assert "# parse-all = false\n" in section
    assert '[tool.taskaudit.severity]\n# TA201 = "warning"\n' in section
    assert "Settings kept from" not in section  # no file was read


def test_roots_inferred_from_evidence_are_suggested_with_the_evidence(tmp_path: Path) -> None:
    from taskaudit.core.location import Location
    from taskaudit.roots.decide import Roots
    from taskaudit.roots.evidence import Evidence

    manage = Evidence("manage.py", Location("api/manage.py"), folder="api")
    settings = Evidence("settings", Location("api/manage.py", 4), "shop.settings")
    site = Evidence("string", Location("manage.py", 2), "my-site.conf")
    roots = Roots(
        added=frozenset({"api"}),
        removed=frozenset({"apps"}),
        because=(("api", (settings, manage)), ("apps", (settings,))),
        by_string=(("my-site", site), ("my-site/conf", site)),
    )
    section = init_section(scan_tree(EXAMPLE).project, Config(), tmp_path, roots=roots)
    assert (
        "# Inferred: `api/` is on sys.path (DJANGO_SETTINGS_MODULE `shop.settings`"
        " (api/manage.py:4), `api/manage.py`)\n"
        "# Inferred: `apps/` is imported as a namespace package (DJANGO_SETTINGS_MODULE"
        " `shop.settings` (api/manage.py:4))\n"
        "# Inferred: `my-site` is imported by string (the string `my-site.conf` (manage.py:2))\n"
        'source-roots = ["api"]\n'
    ) in section
    assert _loaded(tmp_path, section).source_roots == ("api",)


def test_the_plain_layout_and_configured_roots_suggest_nothing_new(tmp_path: Path) -> None:
    from taskaudit.roots.decide import Roots

    plain = init_section(scan_tree(EXAMPLE).project, Config(), tmp_path, roots=Roots())
    assert "# Inferred" not in plain
    assert "\n# source-roots = []\n" in plain
    configured = Config(source_roots=("backend",))
    kept = init_section(
        scan_tree(EXAMPLE).project, configured, tmp_path, roots=Roots(added=frozenset({"x"}))
    )
    assert '\nsource-roots = ["backend"]\n' in kept
    assert "# Inferred" not in kept
