from __future__ import annotations

import pytest

from taskaudit.rules import UNDECIDABLE, FieldValue
from taskaudit.rules.template import Placeholder, compile_template, render_value

FIELDS = ("name", "options.queue", "retry.backoff")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("apps.sync.pull", "apps.sync.pull"),
        (("a", "b"), "a, b"),
        ((), ""),
        (None, "none"),
        (True, "yes"),
        (False, "no"),
        (UNDECIDABLE, "?"),
        (40, "40"),
        (1.5, "1.5"),
    ],
)
def test_render_value(value: FieldValue, text: str) -> None:
    assert render_value(value) == text


def test_dotted_fields_params_and_literal_braces() -> None:
    template = compile_template("{{x}} {name} on {options.queue}: {params.max}", FIELDS, ("max",))
    assert template.parts == (
        "{x} ",
        Placeholder("name", param=False),
        " on ",
        Placeholder("options.queue", param=False),
        ": ",
        Placeholder("max", param=True),
    )
    assert template.format({"name": "pull"}, {"max": 3}) == "{x} pull on none: 3"


def test_a_field_that_happens_to_start_with_params_is_still_a_field() -> None:
    template = compile_template("{params.max}", ("params.max",), ())
    assert template.parts == (Placeholder("params.max", param=False),)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{name.__class__}", "unknown placeholder {name.__class__}"),
        ("{name!r}", "unknown placeholder {name!r}; did you mean {name}?"),
        ("{name:>10}", "unknown placeholder {name:>10}; did you mean {name}?"),
        ("{0}", "unknown placeholder {0}"),
        ("{}", "unknown placeholder {}"),
        ("{params.nope}", "unknown placeholder {params.nope}; did you mean {params.max}?"),
        ("a } b", "unbalanced '}' in message; write '}}' for a brace"),
        ("{name", "unbalanced '{' in message; write '{{' for a brace"),
    ],
)
def test_anything_but_a_known_name_is_refused(text: str, problem: str) -> None:
    with pytest.raises(ValueError) as raised:
        compile_template(text, FIELDS, ("max",))
    assert str(raised.value) == problem
