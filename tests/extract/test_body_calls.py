"""Which side effects a helper call controls, and which calls hand the bound task on."""

from __future__ import annotations

import ast
import textwrap

from taskaudit.core.location import Location
from taskaudit.extract.bindings import build_scope
from taskaudit.extract.body import HelperCall, analyze_body

HEADER = """\
from django.core.mail import send_mail
from shop import locks
from shop.util import claim, resend_later
"""
PATH = "shop/tasks.py"


def calls(body: str) -> tuple[HelperCall, ...]:
    source = HEADER + "def notify(self, key):\n" + textwrap.indent(textwrap.dedent(body), "    ")
    tree = ast.parse(source)
    func = tree.body[-1]
    assert isinstance(func, ast.FunctionDef)
    scope = build_scope(tree, "shop.tasks", False)
    return analyze_body(func, scope, PATH, self_name="self").helper_calls


def at(line: int, column: int) -> Location:
    return Location(PATH, line, column)


def test_the_body_of_an_if_on_the_call_is_controlled() -> None:
    assert calls(
        """\
        if claim(key):
            send_mail("s", "b", None, ["a@example.com"])
        """
    ) == (HelperCall(at(5, 8), "shop.util.claim", None, (at(6, 9),)),)


def test_a_negated_test_that_exits_controls_the_rest_of_the_block() -> None:
    assert calls(
        """\
        if not locks.take(key):
            return
        send_mail("s", "b", None, ["a@example.com"])
        """
    ) == (HelperCall(at(5, 12), "shop.locks.take", None, (at(7, 5),)),)


def test_a_with_on_the_call_controls_its_body() -> None:
    assert calls(
        """\
        with locks.hold(key):
            send_mail("s", "b", None, ["a@example.com"])
        """
    ) == (HelperCall(at(5, 10), "shop.locks.hold", None, (at(6, 9),)),)


def test_a_plain_statement_is_followed_by_the_rest_of_its_block() -> None:
    # Recorded apart (`follows`): only a row lock covers what comes after it.
    assert calls(
        """\
        rows = locks.locked_rows()
        send_mail("s", "b", None, ["a@example.com"])
        """
    ) == (HelperCall(at(5, 12), "shop.locks.locked_rows", None, follows=(at(6, 5),)),)


def test_a_call_in_an_if_that_does_not_enclose_the_side_effect_controls_nothing() -> None:
    # Near miss: the lock's `if` ends before the send.
    assert (
        calls(
            """\
        if claim(key):
            print("claimed")
        send_mail("s", "b", None, ["a@example.com"])
        """
        )
        == ()
    )


def test_a_side_effect_before_the_call_is_not_controlled() -> None:
    assert (
        calls(
            """\
        send_mail("s", "b", None, ["a@example.com"])
        with locks.hold(key):
            print("late")
        """
        )
        == ()
    )


def test_handing_self_on_is_recorded_by_position_or_keyword() -> None:
    assert calls(
        """\
        resend_later(key, self)
        locks.give_up(task=self)
        """
    ) == (
        HelperCall(at(5, 5), "shop.util.resend_later", 1),
        HelperCall(at(6, 5), "shop.locks.give_up", "task"),
    )


def test_a_local_name_a_class_or_an_unknown_name_is_not_followed() -> None:
    # Near misses: `claim` rebound locally, a class constructed, a name never imported.
    assert (
        calls(
            """\
        claim = make_claimer()
        if claim(key):
            send_mail("s", "b", None, ["a@example.com"])
        locks.Handler(self)
        unknown_helper(self)
        """
        )
        == ()
    )
