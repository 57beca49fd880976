"""Section 3: a broken rules file or pyproject.toml is exit 2 and one ``FILE:LINE:COL`` line.

Every case runs the real CLI in a child process capped at 1 GiB and 60 s,
so a file that blows up memory or time fails the test instead of the machine.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hostile.helpers import run, write_tree

RULE = """\
version: 1
rules:
  - id: TA950
    slug: task-name-shouted
    severity: warning
    section: declaration
    subject: task
    when: {name: {matches: "[A-Z]"}}
    message: "{name} has capitals"
    docs: {what: Capitals., why: Style., fix: Lower case.}
    examples:
      flag: |
        from celery import shared_task
        @shared_task(name="app.Tasks.x")  # expect: TA950
        def x(): ...
      pass: |
        from celery import shared_task
        @shared_task(name="app.tasks.x")
        def x(): ...
"""
LAUGHS = "version: 1\nl0: &l0 [lol]\n" + "".join(
    f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]\n" for n in range(1, 10)
)
RULE_FILES = [
    ("malformed", "version: 1\nrules: [\n", "rules.yaml:3:1: did not find expected node content"),
    ("billion-laughs", LAUGHS, "rules.yaml:2:5: YAML anchor '&l0' is not allowed"),
    (
        "duplicate-key",
        RULE.replace("    severity: warning\n", "    severity: warning\n    severity: error\n"),
        "rules.yaml:6:5: duplicate key 'severity' (first at line 5)",
    ),
    (
        "wrong-type",
        RULE.replace("severity: warning", "severity: [warning]"),
        "rules.yaml:5:15: TA950: severity: expected a non-empty string, got a list",
    ),
    (
        "unknown-field",
        RULE.replace("    section:", "    sevirity: error\n    section:"),
        "rules.yaml:6:5: TA950: rule: unknown key 'sevirity'; did you mean 'severity'?",
    ),
    (
        "invalid-regex",
        RULE.replace('"[A-Z]"', '"([A-Z]"'),
        "rules.yaml:8:28: TA950: name: invalid regex '([A-Z]': "
        "missing ), unterminated subpattern at position 0",
    ),
    (
        "python-tag",
        RULE.replace("severity: warning", "severity: !!python/name:os.system"),
        "rules.yaml:5:15: unsupported YAML value of type 'python/name:os.system'",
    ),
    (
        "huge",
        RULE + "#" * (3 * 1024 * 1024) + "\n",
        "rules.yaml:1:1: file is larger than 2 MB",
    ),
    ("not-utf8", "version: 1\nrules: []\n# caf\udce9\n", "rules.yaml:1:1: not UTF-8 (byte 26)"),
]


@pytest.mark.parametrize(
    ("text", "message"), [c[1:] for c in RULE_FILES], ids=[c[0] for c in RULE_FILES]
)
def test_a_broken_rules_file_is_exit_2_and_one_line(
    tmp_path: Path, text: str, message: str
) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_bytes(text.encode("utf-8", "surrogateescape"))
    write_tree(tmp_path, {"proj/app/tasks.py": "x = 1\n"})
    done = run("scan", "proj", "--rules", "rules.yaml", "--format", "json", cwd=tmp_path)
    assert (done.returncode, done.stderr, done.stdout) == (2, f"taskaudit: {message}\n", "")


def test_a_valid_rules_file_is_a_near_miss(tmp_path: Path) -> None:
    write_tree(tmp_path, {"rules.yaml": RULE, "proj/app/tasks.py": "x = 1\n"})
    done = run("scan", "proj", "--rules", "rules.yaml", "--format", "json", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")


def test_a_missing_rules_file_is_blamed_on_the_flag(tmp_path: Path) -> None:
    write_tree(tmp_path, {"proj/app/tasks.py": "x = 1\n"})
    done = run("scan", "proj", "--rules", "nope.yaml", "--format", "json", cwd=tmp_path)
    expected = (
        "taskaudit: Invalid value for '--rules': File 'nope.yaml' does not exist. "
        "(see taskaudit scan --help)\n"
    )
    assert (done.returncode, done.stderr, done.stdout) == (2, expected, "")


def test_a_missing_extend_rules_file_is_blamed_on_its_entry(tmp_path: Path) -> None:
    pyproject = '[tool.taskaudit]\nfail-on = "error"\nextend-rules = [\n  "ci/rules.yaml",\n]\n'
    write_tree(tmp_path, {"proj/pyproject.toml": pyproject, "proj/app/tasks.py": "x = 1\n"})
    done = run("scan", "proj", "--format", "json", cwd=tmp_path)
    expected = "taskaudit: pyproject.toml:4:3: `extend-rules`: ci/rules.yaml: no such file\n"
    assert (done.returncode, done.stderr, done.stdout) == (2, expected, "")


PYPROJECTS = [
    (
        "wrong-type",
        '[project]\nname = "x"\n\n[tool.taskaudit]\nselect = "TA1"\n',
        "pyproject.toml:5:1: `select` must be a list of strings",
    ),
    (
        "unknown-key",
        "[tool.taskaudit]\nfail-on = 'error'\nsellect = ['TA1']\n",
        "pyproject.toml:3:1: unknown key `sellect` in [tool.taskaudit]; did you mean `select`?",
    ),
    (
        "bad-choice",
        "[tool.taskaudit]\nfail-on = 'loud'\n",
        "pyproject.toml:2:11: `fail-on` must be one of error, warning, info, never",
    ),
    (
        "near-choice",
        "[tool.taskaudit]\nfail-on = 'eror'\n",
        "pyproject.toml:2:11: `fail-on` must be one of error, warning, info, never; "
        "did you mean `error`?",
    ),
    (
        "unknown-ignored-id",
        '[tool.taskaudit]\nfail-on = "error"\nignore = ["TA201", "TA9999"]\n',
        "pyproject.toml:3:20: unknown rule 'TA9999' in `ignore`",
    ),
    (
        "misspelt-selected-slug",
        '[tool.taskaudit]\nselect = [\n  "exception-swalowed",\n]\n',
        "pyproject.toml:3:3: unknown rule 'exception-swalowed' in `select`; "
        "did you mean 'exception-swallowed'?",
    ),
    (
        "unknown-per-file-id",
        '[tool.taskaudit.per-file-ignores]\n"tests/**" = ["TA401", "TA4O2"]\n',
        "pyproject.toml:2:24: unknown rule 'TA4O2' in `per-file-ignores`; did you mean 'TA402'?",
    ),
    (
        "unknown-param",
        "[tool.taskaudit]\n\n[tool.taskaudit.params]\nTA202 = { max_statments = 60 }\n",
        "pyproject.toml:4:11: TA202: unknown param 'max_statments'; did you mean 'max_statements'?",
    ),
    (
        "param-of-unknown-rule",
        "[tool.taskaudit.params]\nTA202 = { max_statements = 60 }\nTA2O2 = { x = 1 }\n",
        "pyproject.toml:3:1: unknown rule 'TA2O2'; did you mean 'TA202'?",
    ),
    (
        "severity-of-unknown-rule",
        '[tool.taskaudit]\nfail-on = "error"\n'
        '[tool.taskaudit.severity]\ntask-nam-missing = "info"\n',
        "pyproject.toml:4:1: unknown rule 'task-nam-missing'; did you mean 'task-name-missing'?",
    ),
    (
        "bad-severity",
        '[tool.taskaudit.severity]\nTA201 = "warn"\n',
        "pyproject.toml:2:9: severity of TA201 must be error, warning or info; "
        "did you mean `warning`?",
    ),
]
BROKEN_PYPROJECTS = [
    (
        "invalid-toml",
        '[project]\nname = "x"\n\n[tool.taskaudit]\nselect = ["TA1",\n',
        "pyproject.toml:6:1: invalid TOML: Invalid value",
    ),
    (
        "duplicate-key",
        "[tool.taskaudit]\nselect = ['TA1']\nselect = ['TA2']\n",
        "pyproject.toml:3:17: invalid TOML: Cannot overwrite a value",
    ),
    (
        "bad-exclude-glob",
        "[tool.taskaudit]\nexclude = ['[z-a].py']\n",
        "pyproject.toml:2:12: `exclude`: '[z-a].py' is not a valid pattern",
    ),
]


@pytest.mark.parametrize(
    ("text", "message"), [c[1:] for c in PYPROJECTS], ids=[c[0] for c in PYPROJECTS]
)
def test_a_broken_pyproject_is_exit_2_and_one_line(tmp_path: Path, text: str, message: str) -> None:
    write_tree(tmp_path, {"pyproject.toml": text, "app/tasks.py": "x = 1\n"})
    done = run("scan", ".", "--format", "json", cwd=tmp_path)
    assert (done.returncode, done.stderr, done.stdout) == (2, f"taskaudit: {message}\n", "")


@pytest.mark.parametrize(
    ("text", "message"),
    [c[1:] for c in BROKEN_PYPROJECTS],
    ids=[c[0] for c in BROKEN_PYPROJECTS],
)
def test_pyproject_syntax_and_pattern_errors_point_at_their_place(
    tmp_path: Path, text: str, message: str
) -> None:
    write_tree(tmp_path, {"pyproject.toml": text, "app/tasks.py": "x = 1\n"})
    done = run("scan", ".", "--format", "json", cwd=tmp_path)
    assert (done.returncode, done.stderr, done.stdout) == (2, f"taskaudit: {message}\n", "")
