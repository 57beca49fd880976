"""``taskaudit init`` writes a section that the configuration loader accepts as is."""

from __future__ import annotations

from pathlib import Path

from taskaudit.config import load_config
from taskaudit.init import init_section
from taskaudit.pipeline import scan_tree

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "clinic"


def test_the_section_describes_the_project_and_loads(tmp_path: Path) -> None:
    section = init_section(scan_tree(EXAMPLE).project, ("backend",))
    assert "# Detected: config.celery.app, tools.ops_celery.app\n" in section
    assert "# Tasks found: 30 (app.task 3, shared_task 27)\n" in section
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\nname = "x"\n\n' + section)
    config = load_config(pyproject, "pyproject.toml")
    assert config.fail_on == "warning"
    assert config.source_roots == ("backend",)
    assert config.params == {} and config.severity == {}


def test_every_configuration_key_is_documented_in_the_section() -> None:
    from taskaudit.config import KEYS

    section = init_section(scan_tree(EXAMPLE).project)
    for key in KEYS:
        if key not in ("params", "severity", "per-file-ignores"):
            assert f"{key} = " in section, key
