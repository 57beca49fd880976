"""Where keys and string values sit in a ``pyproject.toml`` that ``tomllib`` accepted."""

from __future__ import annotations

import tomllib

from taskaudit.config_places import places

TEXT = """\
[project]
name = "x"  # a comment with "quotes" and = signs
description = '''
[tool.taskaudit]
ignore = ["not a table"]
'''

[tool.taskaudit]
"select" = ["TA4",  # trailing comment
  'TA5',
]
ignore = ["tab\\tbed", "\\u0054A9"]
params.TA202 = { max_statements = 60, heavy = ["l*"] }
exclude = []

[tool.taskaudit.per-file-ignores]
"tests/**" = ["TA401"]
'sub/*.py' = [
    "TA5", "TA6",
]
"""


def test_keys_and_strings_have_their_line_and_column() -> None:
    tomllib.loads(TEXT)  # valid TOML, as the configuration loader has checked first
    found = places(TEXT)
    table = {k[2:]: place for k, place in found.items() if k[:2] == ("tool", "taskaudit") and k[2:]}
    assert table == {
        ("select",): (9, 1),
        ("select", "TA4"): (9, 13),
        ("select", "TA5"): (10, 3),
        ("ignore",): (12, 1),
        ("ignore", "tab\tbed"): (12, 11),
        ("ignore", "TA9"): (12, 23),
        ("params",): (13, 1),
        ("params", "TA202"): (13, 8),
        ("params", "TA202", "max_statements"): (13, 18),
        ("params", "TA202", "heavy"): (13, 39),
        ("params", "TA202", "heavy", "l*"): (13, 48),
        ("exclude",): (14, 1),
        ("per-file-ignores",): (16, 17),
        ("per-file-ignores", "tests/**"): (17, 1),
        ("per-file-ignores", "tests/**", "TA401"): (17, 15),
        ("per-file-ignores", "sub/*.py"): (18, 1),
        ("per-file-ignores", "sub/*.py", "TA5"): (19, 5),
        ("per-file-ignores", "sub/*.py", "TA6"): (19, 12),
    }


def test_a_table_header_inside_a_string_is_no_header() -> None:
    found = places(TEXT)
    assert ("tool", "taskaudit") in found
    assert found[("tool", "taskaudit")] == (8, 7)  # the real header, not line 4
    assert ("project", "description") in found


def test_text_it_cannot_follow_keeps_what_came_before() -> None:
    assert places('[tool.taskaudit]\nselect = ["TA4"]\nwhen = 1979-05-27T07:32:00Z\n') == {
        ("tool",): (1, 2),
        ("tool", "taskaudit"): (1, 7),
        ("tool", "taskaudit", "select"): (2, 1),
        ("tool", "taskaudit", "select", "TA4"): (2, 11),
        ("tool", "taskaudit", "when"): (3, 1),
    }
    assert places("[tool.taskaudit\n") == {("tool",): (1, 2), ("tool", "taskaudit"): (1, 7)}
