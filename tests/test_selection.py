"""Selection: ``select``/``ignore`` over the catalog, and every selector checked where written."""

from __future__ import annotations

from pathlib import Path

import pytest

from taskaudit.config import Config, Origin, load_config
from taskaudit.errors import TaskauditError
from taskaudit.link.schema import SCHEMA
from taskaudit.rules import Catalog, RuleText, load_rules
from taskaudit.selection import check_selectors, select_rules, selected

RULES = RuleText(
    "test-rules.yaml",
    """\
version: 1
rules:
  - id: TA101
    slug: task-name-missing
    severity: warning
    section: naming
    subject: task
    require: {name.explicit: true}
    message: "task {function} has no name"
    docs: {what: w, why: y, fix: f}
""",
)


def _catalog() -> Catalog:
    return load_rules([RULES], SCHEMA, require_examples=False)


def test_selection_by_id_prefix_or_slug() -> None:
    assert selected("TA401", "exception-swallowed", ("TA4",), ())
    assert selected("TA401", "exception-swallowed", ("exception-swallowed",), ())
    assert not selected("TA401", "exception-swallowed", ("TA5",), ())
    assert not selected("TA401", "exception-swallowed", (), ("TA40",))
    assert selected("TA1001", "make-target-missing", ("ALL",), ("TA1002",))


def test_select_rules_keeps_the_selected() -> None:
    assert select_rules(_catalog(), Config(select=("TA1",))).ids == ("TA101",)
    assert select_rules(_catalog(), Config(ignore=("task-name-missing",))).ids == ()
    assert select_rules(_catalog(), Config(select=("TA001",))).ids == ()  # a meta rule


def _refused(config: Config) -> list[str]:
    with pytest.raises(TaskauditError) as raised:
        check_selectors(_catalog(), config)
    return str(raised.value).splitlines()


@pytest.mark.parametrize(
    "config",
    [
        Config(select=("TA1", "ALL", "TA001", "suppression-unused")),
        Config(ignore=("task-name-missing", "TA10")),
        Config(per_file_ignores={"tests/**": ("TA101", "TA0", "undecidable")}),
    ],
    ids=["select", "ignore", "per-file-ignores"],
)
def test_known_ids_prefixes_slugs_and_meta_rules_pass(config: Config) -> None:
    check_selectors(_catalog(), config)


def test_an_unknown_selector_without_a_place_names_its_key() -> None:
    assert _refused(Config(ignore=("TA9",))) == ["unknown rule selector 'TA9' in ignore"]


def test_a_flag_value_is_blamed_on_the_flag_with_a_suggestion() -> None:
    config = Config(
        select=("task-name-mising",), origins={("select", "task-name-mising"): Origin("--select")}
    )
    assert _refused(config) == [
        "--select: unknown rule 'task-name-mising'; did you mean 'task-name-missing'?"
    ]


PYPROJECT = """\
[tool.taskaudit]
select = ["TA1"]
ignore = [
    "TA101",
    "TA9999",
]

[tool.taskaudit.per-file-ignores]
"tests/**" = ["TA101", "task-name-mising"]
"""


def test_file_values_are_blamed_on_their_own_line_and_column(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    config = load_config(tmp_path / "pyproject.toml", "pyproject.toml")
    assert _refused(config) == [
        "pyproject.toml:5:5: unknown rule 'TA9999' in `ignore`",
        "pyproject.toml:9:24: unknown rule 'task-name-mising' in `per-file-ignores`; "
        "did you mean 'task-name-missing'?",
    ]
