"""One way from the command line to a scan: the configuration found, the flags merged over it."""

from __future__ import annotations

from pathlib import Path

import pytest

from taskaudit.cli.options import project_options
from taskaudit.config import Config
from taskaudit.errors import TaskauditError
from taskaudit.scan import ScanOptions

PYPROJECT = """\
[tool.taskaudit]
select = ["TA4"]
ignore = ["TA401"]
extend-rules = ["ci/rules.yaml"]
baseline = "ci/accepted.json"
exclude = ["legacy/"]
"""


def _project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    (tmp_path / "ci").mkdir()
    (tmp_path / "ci" / "rules.yaml").write_text("version: 1\nrules: []\n")
    return tmp_path


def test_the_file_alone(tmp_path: Path) -> None:
    given = project_options(_project(tmp_path), None, isolated=False)
    config = given.options.config
    assert (given.shown, config.select, config.ignore, config.exclude) == (
        "pyproject.toml",
        ("TA4",),
        ("TA401",),
        ("legacy/",),
    )
    assert (config.extend_rules, config.baseline, config.parse_all) == (
        (tmp_path.resolve() / "ci" / "rules.yaml",),
        tmp_path.resolve() / "ci" / "accepted.json",
        False,
    )
    assert (given.options.cache, given.options.jobs, given.options.progress) == (True, None, False)


def test_flags_win_over_the_file(tmp_path: Path) -> None:
    given = project_options(
        _project(tmp_path),
        None,
        isolated=False,
        select=["TA5,TA6", "TA7"],
        ignore=["TA501"],
        rules=[Path("mine.yaml")],
        baseline=Path("b.json"),
        parse_all=True,
        no_cache=True,
        jobs=1,
    )
    config = given.options.config
    assert config.select == ("TA5", "TA6", "TA7")  # replaces
    assert config.ignore == ("TA401", "TA501")  # adds
    assert config.extend_rules == (tmp_path.resolve() / "ci" / "rules.yaml", Path("mine.yaml"))
    assert (config.baseline, config.parse_all) == (Path("b.json"), True)
    assert (given.options.cache, given.options.jobs) == (False, 1)
    # Each value is blamed where it came from: a flag, or its place in the file.
    assert [str(config.origin("select", v)) for v in ("TA5", "TA7")] == ["--select", "--select"]
    assert [str(config.origin("ignore", v)) for v in config.ignore] == [
        "pyproject.toml:3:11",
        "--ignore",
    ]
    assert str(config.origin("baseline")) == "--baseline"


def test_isolated_reads_no_file_and_flags_still_apply(tmp_path: Path) -> None:
    given = project_options(_project(tmp_path), None, isolated=True, select=["TA1"])
    assert given.shown is None
    assert given.options == ScanOptions(Config(select=("TA1",)), cache=True)


def test_a_named_file_is_shown_as_given_and_must_exist(tmp_path: Path) -> None:
    other = tmp_path / "other.toml"
    other.write_text('[tool.taskaudit]\nfail-on = "error"\n')
    given = project_options(tmp_path, other, isolated=False)
    assert (given.shown, given.options.config.fail_on) == (str(other), "error")
    with pytest.raises(TaskauditError, match=r"missing\.toml: no such configuration file$"):
        project_options(tmp_path, tmp_path / "missing.toml", isolated=False)


@pytest.mark.parametrize(
    ("name", "message"),
    [("nowhere", "nowhere: no such directory"), ("pyproject.toml", "not a directory")],
)
def test_the_project_must_be_a_directory(tmp_path: Path, name: str, message: str) -> None:
    with pytest.raises(TaskauditError, match=message):
        project_options(_project(tmp_path) / name, None, isolated=False)
