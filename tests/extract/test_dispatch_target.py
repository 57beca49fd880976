"""One dispatch call: its method, the task it sends, its queue and its task arguments."""

from __future__ import annotations

import ast

from taskaudit.core.values import Unknown, Value
from taskaudit.extract.bindings import build_scope
from taskaudit.extract.dispatch_target import (
    Targets,
    argument_nodes,
    candidate_lines,
    module_apps,
)

HEADER = """\
from celery import Celery, signature
from apps.sync.tasks import pull
worker = Celery("proj")
"""


def _targets(source: str = "") -> tuple[Targets, ast.Module]:
    tree = ast.parse(HEADER + source)
    scope = build_scope(tree, "apps.sync.views", False)
    return Targets(scope, module_apps(tree, scope)), tree


def _call(text: str) -> ast.Call:
    node = ast.parse(text, mode="eval").body
    assert isinstance(node, ast.Call)
    return node


def _sent(text: str) -> tuple[str, bool, str | None, str | Unknown | None, Value | None]:
    targets, _ = _targets()
    call = _call(text)
    found = targets.classify(call)
    assert found is not None, text
    sent = targets.resolve(call, *found)
    return found[0], sent.named, sent.target, sent.target_name, sent.queue


def test_the_apps_of_a_module_are_its_celery_instances() -> None:
    targets, _ = _targets("other = Client()\n")
    assert targets.apps == {"worker"}


def test_a_chain_unchains_to_its_task_object_and_merges_options() -> None:
    assert _sent("pull.s(1).set(queue='low').apply_async(queue='high')") == (
        "apply_async",
        False,
        "apps.sync.tasks.pull",
        None,
        "high",
    )
    assert _sent("pull.s(1).set(queue='low').delay()") == (
        "delay",
        False,
        "apps.sync.tasks.pull",
        None,
        "low",
    )


def test_by_name_sends_keep_the_name_and_their_options() -> None:
    assert _sent("worker.send_task('apps.x', queue='q')") == (
        "send_task",
        True,
        None,
        "apps.x",
        "q",
    )
    assert _sent("signature('apps.y', options={'queue': 'q'})") == (
        "signature",
        True,
        None,
        "apps.y",
        "q",
    )
    assert _sent("worker.signature(NAME).apply_async()") == (
        "apply_async",
        True,
        None,
        Unknown("name 'NAME'"),
        None,
    )


def test_calls_that_send_nothing_are_not_classified() -> None:
    targets, _ = _targets()
    for text in ("client.send_task('a')", "'text'.s()", "(1, 2).si()", "pull.run(1)", "print()"):
        assert targets.classify(_call(text)) is None, text


def test_the_arguments_each_method_passes_to_the_task() -> None:
    def texts(text: str, step: str, *, skip_name: bool = False) -> list[str]:
        return [ast.unparse(n) for n in argument_nodes(_call(text), step, skip_name=skip_name)]

    assert texts("pull.delay(a, *rest, key=b, **more)", "delay") == ["a", "b"]
    assert texts("pull.apply_async((a,), {'k': b}, queue=q)", "apply_async") == ["a", "b"]
    assert texts("app.send_task('n', [a], dict(k=b))", "send_task") == ["a", "b"]
    assert texts("signature('n', (a,))", "signature", skip_name=True) == ["a"]
    assert texts("pull.signature((a,), kwargs={'k': b})", "signature") == ["a", "b"]
    assert texts("sig.set(queue=q)", "set") == []


def test_candidate_lines_hold_a_send_or_an_on_commit() -> None:
    _, tree = _targets(
        "pull.delay()\nfoo()\ntransaction.on_commit(f)\n"
        "from celery import signature as sig\nsig('a')\nx.run()\n"
    )
    assert candidate_lines(tree, build_scope(tree, "apps.sync.views", False)) == [4, 6, 8]
