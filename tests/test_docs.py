"""The documentation stays true: every key, option, exit code and schema matches the code.

Each test reads a doc and the code it describes and compares exact lists, so
adding an option, a configuration key or an operator without documenting it
fails here, and so does documenting one that no longer exists.
"""

from __future__ import annotations

import copy
import re
import shlex
from collections.abc import Callable, Iterator
from enum import Enum
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]  # no stubs; test-only
import pytest
import typer
import yaml
from typer.testing import CliRunner

from taskaudit import errors
from taskaudit.cli import app
from taskaudit.config import KEYS
from taskaudit.link.schema import SCHEMA
from taskaudit.rules import RuleFileErrors, RuleText, load_rules
from taskaudit.rules.model import SECTIONS
from taskaudit.rules.operators import OPERATORS
from taskaudit.rules.schema import _PARAM_NAME, OPTIONAL_RULE_KEYS, OVERRIDE_KEYS, RULE_KEYS
from taskaudit.schemas import GENERATED, KEY_DOCS, config_schema, dump, key_type, rules_schema

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
EXAMPLES = DOCS / "examples"


def _read(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def _rows(text: str) -> list[list[str]]:
    """Cells of every Markdown table row, header and separator rows included."""
    return [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in text.splitlines()
        if line.startswith("|")
    ]


# --- configuration ----------------------------------------------------------


def test_key_docs_cover_exactly_the_configuration_keys() -> None:
    assert list(KEY_DOCS) == list(KEYS)


def test_every_key_is_in_the_reference_with_its_type_and_default() -> None:
    table = [row[:3] for row in _rows(_read("configuration.md")) if row[0].startswith("`")]
    expected = [[f"`{key}`", key_type(key), f"`{KEY_DOCS[key][0]}`"] for key in KEYS]
    assert table == expected


def test_the_configuration_types_are_read_from_the_config_model() -> None:
    assert [key_type(key) for key in ("select", "extend-rules", "fail-on", "baseline")] == [
        "list of strings",
        "list of paths",
        "string",
        "path",
    ]


# --- command line -----------------------------------------------------------


def _commands() -> Iterator[tuple[tuple[str, ...], Any]]:
    def walk(command: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Any]]:
        yield path, command
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            yield from walk(sub, (*path, name))

    yield from walk(typer.main.get_command(app), ())


def _options(command: Any) -> set[str]:
    return {
        opt for param in command.params if param.param_type_name == "option" for opt in param.opts
    }


def _documented() -> dict[tuple[str, ...], set[str]]:
    """Per ``### `taskaudit ...` `` section of getting-started.md, the options it names."""
    names = {name for path, _ in _commands() for name in path}
    sections = re.split(r"^### `taskaudit", _read("getting-started.md"), flags=re.M)[1:]
    found = {}
    for section in sections:
        heading, _, body = section.partition("\n")
        words = heading.strip("` ").split()
        path = tuple(w for w in words if w in names)
        body = re.split(r"^##? ", body, flags=re.M)[0]
        found[path] = set(re.findall(r"`(--?[a-z][a-z-]*)`", body))
    return found


def test_every_option_of_every_command_is_documented() -> None:
    documented = _documented()
    for path, command in _commands():
        if _options(command) or not hasattr(command, "commands"):
            assert documented.get(path) == _options(command), " ".join(path) or "taskaudit"
    assert sorted(documented) == sorted(
        path for path, c in _commands() if _options(c) or not hasattr(c, "commands")
    )


def _taskaudit_commands(text: str, markdown: bool) -> list[list[str]]:
    """Invocations in code: indented or fenced Markdown lines, YAML ``run``/``script`` lines."""
    lines, fenced = [], False
    for raw in text.splitlines():
        fenced ^= raw.startswith("```")
        if not markdown or fenced or raw.startswith("    "):
            lines.append(raw.strip().removeprefix("- ").removeprefix("run: "))
    return [shlex.split(line, comments=True) for line in lines if line.startswith("taskaudit ")]


def _check_command(words: list[str]) -> None:
    """``words`` is a taskaudit invocation the command line accepts."""
    commands = dict(_commands())
    path: tuple[str, ...] = ()
    rest = words[1:]
    while rest and (*path, rest[0]) in commands:
        path, rest = (*path, rest[0]), rest[1:]
    params = {opt: p for p in commands[path].params for opt in p.opts}
    for index, word in enumerate(rest):
        if word.startswith("-"):
            name, _, value = word.partition("=")
            assert name in params, f"{' '.join(words)}: {name}"
            annotation = getattr(getattr(params[name], "type_descriptor", None), "annotation", None)
            if isinstance(annotation, type) and issubclass(annotation, Enum):
                assert (value or rest[index + 1]) in [m.value for m in annotation], words


def test_every_command_shown_in_the_docs_exists() -> None:
    files = [*sorted(DOCS.glob("*.md")), ROOT / "README.md", ROOT / ".pre-commit-hooks.yaml"]
    files += sorted(EXAMPLES.rglob("*.y*ml"))
    shown = [
        words
        for path in files
        for words in _taskaudit_commands(path.read_text(encoding="utf-8"), path.suffix == ".md")
    ]
    for words in shown:
        _check_command(words)
    assert ["taskaudit", "scan", "--format", "github", "--summary", "--fail-on", "error"] in shown


# --- exit codes -------------------------------------------------------------


def test_every_exit_code_is_documented() -> None:
    codes = [row[0] for row in _rows(_read("exit-codes.md")) if row[0].isdigit()]
    interrupted = 130  # cli.main on KeyboardInterrupt, the shell's 128 + SIGINT
    expected = [
        errors.EXIT_CLEAN,
        errors.EXIT_FINDINGS,
        errors.EXIT_USAGE,
        errors.EXIT_INTERNAL,
        interrupted,
    ]
    assert codes == [str(code) for code in expected]


# --- JSON Schemas -----------------------------------------------------------


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_the_committed_schemas_are_current(name: str) -> None:
    committed = (ROOT / "schemas" / name).read_text(encoding="utf-8")
    assert committed == dump(GENERATED[name]()), "run `make schemas`"


def test_the_rules_schema_has_the_loaders_keys() -> None:
    schema = rules_schema()
    rule, override = schema["definitions"]["rule"], schema["definitions"]["override"]
    assert set(rule["properties"]) == {*RULE_KEYS, *OPTIONAL_RULE_KEYS}
    assert rule["required"] == [*RULE_KEYS, "examples"]
    assert set(override["properties"]) == {"id", *OVERRIDE_KEYS}
    assert rule["properties"]["params"]["propertyNames"]["pattern"] == _PARAM_NAME.pattern
    assert rule["properties"]["section"]["enum"] == list(SECTIONS)
    assert sorted(schema["properties"]) == ["overrides", "rules", "version"]


def test_each_subject_offers_its_own_fields() -> None:
    definitions = rules_schema()["definitions"]
    for kind, fields in SCHEMA.items():
        offered = set(definitions[f"condition.{kind}"]["properties"])
        assert offered == {*fields, "item", "all", "any", "not"}, kind
    assert sorted(definitions["test.bool"]["anyOf"][1]["properties"]) == [
        "eq",
        "in",
        "is_empty",
        "is_set",
        "ne",
        "not_in",
    ]


def _validator(schema: dict[str, Any]) -> jsonschema.Draft7Validator:
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def _failures(validator: jsonschema.Draft7Validator, document: Any) -> list[tuple[Any, ...]]:
    return sorted((tuple(e.absolute_path), e.validator) for e in validator.iter_errors(document))


def test_the_shipped_and_example_rules_files_validate() -> None:
    rules = _validator(rules_schema())
    for path in (ROOT / "rules.yaml", EXAMPLES / "custom-rules.yaml"):
        assert _failures(rules, yaml.safe_load(path.read_text(encoding="utf-8"))) == []


Mutation = Callable[[dict[str, Any]], None]
NEAR_MISSES: list[tuple[str, Mutation, tuple[Any, ...], str]] = [
    ("field of another subject", lambda d: d["rules"][0]["when"].update(broad=True),
     ("rules", 0, "when"), "additionalProperties"),
    ("misspelt field", lambda d: d["rules"][0]["when"].update(queue_name="heavy"),
     ("rules", 0, "when"), "additionalProperties"),
    ("ordering on a str field", lambda d: d["rules"][0]["when"].update(queue={"lt": 3}),
     ("rules", 0, "when", "queue"), "anyOf"),
    ("unknown severity", lambda d: d["rules"][0].update(severity="fatal"),
     ("rules", 0, "severity"), "enum"),
    ("unknown subject", lambda d: d["rules"][0].update(subject="tasks"),
     ("rules", 0, "subject"), "enum"),
    ("each over a str field", lambda d: d["rules"][1].update(each="queue"),
     ("rules", 1, "each"), "anyOf"),
    ("no examples", lambda d: d["rules"][0].pop("examples"), ("rules", 0), "required"),
    ("override that changes nothing", lambda d: d.update(overrides=[{"id": "TA202"}]),
     ("overrides", 0), "minProperties"),
    ("another version", lambda d: d.update(version=2), ("version",), "const"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("mutation", "where", "check"),
    [case[1:] for case in NEAR_MISSES],
    ids=[c[0] for c in NEAR_MISSES],
)
def test_what_the_loader_rejects_the_schema_rejects(
    mutation: Mutation, where: tuple[Any, ...], check: str
) -> None:
    document = yaml.safe_load((EXAMPLES / "custom-rules.yaml").read_text(encoding="utf-8"))
    broken = copy.deepcopy(document)
    mutation(broken)
    assert _failures(_validator(rules_schema()), broken) == [(where, check)]
    with pytest.raises(RuleFileErrors):
        load_rules([RuleText("x.yaml", yaml.safe_dump(broken))], SCHEMA)


CONFIG = {
    "ignore": ["TA201"],
    "fail-on": "error",
    "extend-rules": ["ci/taskaudit-rules.yaml"],
    "params": {"TA202": {"max_statements": 60}, "task-decorator-style": {"preferred": "app.task"}},
    "severity": {"TA301": "error"},
    "per-file-ignores": {"tests/**": ["TA401", "TA501"]},
}


@pytest.mark.parametrize(
    ("change", "where", "check"),
    [
        ({}, None, None),
        ({"fail_on": "error"}, (), "additionalProperties"),
        ({"fail-on": "fatal"}, ("fail-on",), "enum"),
        ({"select": "TA4"}, ("select",), "type"),
        ({"severity": {"TA301": "fatal"}}, ("severity", "TA301"), "enum"),
        ({"params": {"TA202": 60}}, ("params", "TA202"), "type"),
    ],
)
def test_the_config_schema(change: dict[str, Any], where: tuple[str, ...], check: str) -> None:
    failures = _failures(_validator(config_schema()), {**CONFIG, **change})
    assert failures == ([] if where is None else [(where, check)])


# --- the examples the docs show ---------------------------------------------


def _example(name: str) -> Any:
    return yaml.safe_load((EXAMPLES / name).read_text(encoding="utf-8"))


def test_the_docs_show_the_tested_files_verbatim() -> None:
    ci, custom = _read("ci.md"), _read("custom-rules.md")
    for name in ("github/taskaudit.yml", "github/taskaudit-monthly.yml", "gitlab-ci.yml"):
        assert f"```yaml\n{(EXAMPLES / name).read_text(encoding='utf-8')}```" in ci, name
    assert (EXAMPLES / "pre-commit-config.yaml").read_text(encoding="utf-8") in ci
    assert f"```yaml\n{(EXAMPLES / 'custom-rules.yaml').read_text(encoding='utf-8')}```" in custom


def _uses(workflow: dict[str, Any]) -> list[str]:
    return [s["uses"] for job in workflow["jobs"].values() for s in job["steps"] if "uses" in s]


def test_the_github_workflows() -> None:
    check, monthly = _example("github/taskaudit.yml"), _example("github/taskaudit-monthly.yml")
    # PyYAML reads YAML 1.1, where the bare key `on` is the boolean true.
    assert sorted(check[True]) == ["pull_request", "push"]
    assert monthly[True] == {"schedule": [{"cron": "0 6 1 * *"}], "workflow_dispatch": None}
    for workflow in (check, monthly):
        assert {"name", True, "jobs"} <= set(workflow)
        for job in workflow["jobs"].values():
            assert job["runs-on"] == "ubuntu-latest"
            assert all(("uses" in s) != ("run" in s) for s in job["steps"])
    assert check["jobs"]["taskaudit"]["permissions"]["security-events"] == "write"
    assert monthly["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert _uses(check) == [
        "actions/checkout@v6",
        "actions/setup-python@v6",
        "github/codeql-action/upload-sarif@v4",
        "actions/upload-artifact@v7",
    ]
    assert _uses(monthly) == [
        "actions/checkout@v6",
        "actions/setup-python@v6",
        "peter-evans/create-pull-request@v8",
    ]
    steps = check["jobs"]["taskaudit"]["steps"]
    sarif = next(s["with"] for s in steps if s.get("uses", "").endswith("upload-sarif@v4"))
    assert f"--output {sarif['sarif_file']}" in steps[3]["run"]


INSTALL = 'pip install "taskaudit @ git+https://github.com/OWNER/taskaudit@v0.1.0"'


def test_no_doc_installs_a_name_no_index_serves() -> None:
    """taskaudit is not on PyPI: every install line names the repository or a checkout."""
    files = [*sorted(DOCS.glob("*.md")), ROOT / "README.md", *sorted(EXAMPLES.rglob("*.y*ml"))]
    # As a command: an indented line, a YAML list item or run: step; not prose quoting it.
    bare = re.compile(r"^\s*(- +)?(run: +)?(pip|pipx) install +taskaudit\b(?! @)", re.M)
    assert [p.name for p in files if bare.search(p.read_text(encoding="utf-8"))] == []


def test_every_ci_recipe_installs_from_the_repository() -> None:
    check, monthly = _example("github/taskaudit.yml"), _example("github/taskaudit-monthly.yml")
    gitlab = _example("gitlab-ci.yml")
    steps = [job["steps"] for workflow in (check, monthly) for job in workflow["jobs"].values()]
    assert [[s["run"] for s in job if "pip" in s.get("run", "")] for job in steps] == [
        [INSTALL],
        [INSTALL],
    ]
    jobs = (gitlab["taskaudit"], gitlab["taskaudit-monthly-report"])
    assert [job["script"][0] for job in jobs] == [INSTALL, INSTALL]


def test_the_readme_starts_with_make_demo_and_make_test() -> None:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert lines[2:4] == [
        "    make demo    # set up .venv and write the drift report of the bundled example project",
        "    make test    # set up .venv and run ruff, mypy --strict and pytest",
    ]
    assert "    pip install .                      # from a checkout of this repository" in lines


def test_the_gitlab_pipeline() -> None:
    pipeline = _example("gitlab-ci.yml")
    check, monthly = pipeline["taskaudit"], pipeline["taskaudit-monthly-report"]
    assert pipeline["stages"] == [check["stage"], monthly["stage"]]
    report = check["artifacts"]["reports"]["codequality"]
    assert f"--format gitlab --output {report} --exit-zero" in check["script"][1]
    assert check["artifacts"]["when"] == "always"
    assert check["rules"][0] == {"if": '$CI_PIPELINE_SOURCE == "schedule"', "when": "never"}
    assert monthly["rules"] == [
        {"if": '$CI_PIPELINE_SOURCE == "schedule" && $TASKAUDIT_MONTHLY == "1"'}
    ]
    assert "-o merge_request.create" in monthly["script"][-1]


def test_the_custom_rules_example_passes_its_own_examples() -> None:
    result = CliRunner().invoke(app, ["rules", "test", str(EXAMPLES / "custom-rules.yaml")])
    assert (result.exit_code, result.stdout) == (0, "6 of 6 examples behave\n")


def test_the_custom_rules_guide_covers_the_language() -> None:
    text = _read("custom-rules.md")
    operators = [row[0] for row in _rows(text) if row[0].strip("`") in OPERATORS]
    assert operators == [f"`{name}`" for name in OPERATORS]
    subjects = text.split("### Subjects", 1)[1].split("##", 1)[0]
    assert sorted(set(re.findall(r"`([a-z_]+)`", subjects)) & set(SCHEMA)) == sorted(SCHEMA)
    conditions = yaml.safe_load(re.findall(r"```yaml\n(.*?)```", text, re.S)[1])
    rule = {
        "id": "X101",
        "slug": "x",
        "severity": "info",
        "section": "queues",
        "subject": "task",
        "message": "{name}",
        "docs": {"what": "w", "why": "y", "fix": "f"},
        **conditions,
    }
    document = yaml.safe_dump({"version": 1, "rules": [rule]})
    catalog = load_rules([RuleText("x.yaml", document)], SCHEMA, require_examples=False)
    assert catalog.ids == ("X101",)
