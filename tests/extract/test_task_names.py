"""Reading a ``gen_task_name`` override: the expressions read, and the ones left undecidable."""

from __future__ import annotations

import ast

import pytest

from taskaudit.extract.task_names import evaluate, read_name_rule


def _named(body: str, name: str = "pull", module: str = "kb.sync.tasks") -> str | None:
    source = f"def gen_task_name(self, name, module):\n{body}"
    func = ast.parse(source).body[0]
    assert isinstance(func, ast.FunctionDef)
    rule = read_name_rule(func)
    assert rule.expr is not None, rule.why
    return evaluate(rule.expr, name, module)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('    """Just the function name."""\n    return name\n', "pull"),
        ('    return f"{module}.{name}"\n', "kb.sync.tasks.pull"),
        ('    return module + ":" + name\n', "kb.sync.tasks:pull"),
        ('    return module.split(".")[-1] + "." + name\n', "tasks.pull"),
        ('    return ".".join([module.rsplit(".", 1)[0], name])\n', "kb.sync.pull"),
        (
            '    short = module.removeprefix("kb.")\n    return f"{short}.{name}"\n',
            "sync.tasks.pull",
        ),
        ("    return module[:2] + name.upper()\n", "kbPULL"),
        ("    return super().gen_task_name(name, module)\n", "kb.sync.tasks.pull"),
    ],
)
def test_simple_expressions_of_name_and_module_are_read(body: str, expected: str) -> None:
    assert _named(body) == expected


def test_other_parameter_names_are_read_by_position() -> None:
    source = "def gen_task_name(self, fn, mod):\n    return mod + '.' + fn\n"
    func = ast.parse(source).body[0]
    assert isinstance(func, ast.FunctionDef)
    rule = read_name_rule(func)
    assert rule.expr is not None
    assert evaluate(rule.expr, "pull", "kb.tasks") == "kb.tasks.pull"


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ("    if module.startswith('kb'):\n        return name\n    return module\n",
         "it is not straight-line code (`if`)"),
        ("    return PREFIXES[module] + name\n", "it computes the name with `PREFIXES`"),
        ("    return self.prefix + name\n", "it computes the name with `self.prefix`"),
        ("    return lookup(name)\n", "it calls `lookup`"),
        ('    return f"{module!r}.{name}"\n',
         "it formats a value with a conversion or a format spec"),
        ("    return super().gen_task_name(module, name)\n",
         "it passes other values to Celery's own `gen_task_name`"),
        ("    pass\n", "it is not straight-line code (`pass`)"),
    ],
)  # fmt: skip
def test_anything_else_is_not_readable_and_says_why(body: str, why: str) -> None:
    func = ast.parse(f"def gen_task_name(self, name, module):\n{body}").body[0]
    assert isinstance(func, ast.FunctionDef)
    rule = read_name_rule(func)
    assert (rule.expr, rule.why) == (None, why)


def test_an_expression_that_gives_no_string_names_nothing() -> None:
    assert _named('    return module.split(".")\n') is None
    assert _named("    return name.split('.')[5]\n") is None
