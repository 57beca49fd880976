"""``[tool.taskaudit]``: found from the scanned path upwards, every key checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from taskaudit.config import Config, find_config, load_config
from taskaudit.errors import TaskauditError

GOOD = """\
[project]
name = "clinic"

[tool.taskaudit]
select = ["TA4", "TA5"]
ignore = ["TA201"]
extend-rules = ["ci/rules.yaml"]
task-decorators = ["apps.core.tasks.retrying_task"]
source-roots = ["backend"]
exclude = ["legacy/"]
fail-on = "error"
require-reason = false

[tool.taskaudit.params]
TA202 = { max_statements = 60 }

[tool.taskaudit.severity]
TA201 = "warning"

[tool.taskaudit.per-file-ignores]
"tests/**" = ["TA401", "TA501"]
"""


def _load(tmp_path: Path, text: str) -> Config:
    (tmp_path / "ci").mkdir(exist_ok=True)
    (tmp_path / "ci" / "rules.yaml").write_text("version: 1\nrules: []\n")
    path = tmp_path / "pyproject.toml"
    path.write_text(text)
    return load_config(path, "pyproject.toml")


def test_every_key_is_read(tmp_path: Path) -> None:
    config = _load(tmp_path, GOOD)
    assert config.select == ("TA4", "TA5")
    assert config.ignore == ("TA201",)
    assert config.extend_rules == (tmp_path / "ci/rules.yaml",)
    assert config.task_decorators == ("apps.core.tasks.retrying_task",)
    assert config.source_roots == ("backend",)
    assert config.exclude == ("legacy/",)
    assert config.fail_on == "error"
    assert config.require_reason is False
    assert config.params == {"TA202": {"max_statements": 60}}
    assert config.severity == {"TA201": "warning"}
    assert config.per_file_ignores == {"tests/**": ("TA401", "TA501")}


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (
            '[tool.taskaudit]\nselect = ["TA4"]\nfail_on = "error"\n',
            "pyproject.toml:3:1: unknown key `fail_on` in [tool.taskaudit]",
        ),
        ('[tool.taskaudit]\nselect = "TA4"\n', "pyproject.toml:2:1: `select` must be a list"),
        (
            '[tool.taskaudit]\n\nfail-on = "sometimes"\n',
            "pyproject.toml:3:11: `fail-on` must be one of error, warning, info, never",
        ),
        (
            '[tool.taskaudit.severity]\nTA201 = "fatal"\n',
            "pyproject.toml:2:9: severity of TA201 must be error, warning or info",
        ),
        (
            "[tool.taskaudit\n",
            "pyproject.toml:1:16: invalid TOML: Expected ']' at the end of a table declaration",
        ),
        (
            "[tool.taskaudit]\nexclude = ['[z-a].py']\n",
            "pyproject.toml:2:12: `exclude`: '[z-a].py' is not a valid pattern",
        ),
    ],
)
def test_mistakes_point_at_their_line(tmp_path: Path, text: str, error: str) -> None:
    with pytest.raises(TaskauditError) as raised:
        _load(tmp_path, text)
    assert str(raised.value).startswith(error)


def test_found_upwards_but_not_past_the_repository(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.taskaudit]\n")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "backend").mkdir()
    (repo / "pyproject.toml").write_text("[tool.black]\n")  # no taskaudit table: skipped
    assert find_config(repo / "backend") is None
    (repo / "backend" / "pyproject.toml").write_text("[tool.taskaudit.params]\n")
    assert find_config(repo / "backend") == repo / "backend" / "pyproject.toml"


def test_a_project_without_configuration_gets_defaults(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    assert find_config(tmp_path) is None
    assert Config().fail_on is None
    assert Config().require_reason is True  # reasons are how the docs suppress


def test_each_value_keeps_the_place_it_was_written(tmp_path: Path) -> None:
    config = _load(tmp_path, GOOD)
    assert [str(config.origin(*key)) for key in (
        ("ignore", "TA201"),
        ("params", "TA202", "max_statements"),
        ("per-file-ignores", "tests/**", "TA501"),
        ("severity", "TA201"),
        ("fail-on",),
        ("select", "TA9"),  # not written: the place of its key
    )] == [
        "pyproject.toml:6:11",
        "pyproject.toml:15:11",
        "pyproject.toml:21:24",
        "pyproject.toml:18:1",
        "pyproject.toml:11:1",
        "pyproject.toml:5:1",
    ]  # fmt: skip
    assert Config().origin("ignore") is None
    assert _load(tmp_path, GOOD) == config  # equal whatever their places
