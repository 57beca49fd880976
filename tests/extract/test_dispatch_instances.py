"""Which names hold ORM model instances in one function, and which bases make a model."""

from __future__ import annotations

import ast

from taskaudit.extract.bindings import build_scope
from taskaudit.extract.dispatch_instances import (
    comprehension_instances,
    function_instances,
    instance_text,
    is_model_base,
)
from taskaudit.extract.walk import own_nodes


def _instances(body: str, inherited: frozenset[str] = frozenset()) -> frozenset[str]:
    func = ast.parse(body).body[0]
    assert isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef)
    own = list(own_nodes(func.body, into_functions=False, into_comprehensions=False))
    return function_instances(func, inherited, own)


def test_manager_getters_pairs_shortcuts_and_request_user() -> None:
    body = """\
async def view(request, pk):
    one = Invoice.objects.get(pk=pk)
    made = await Invoice.objects.acreate(total=1)
    pair, created = Invoice.objects.get_or_create(pk=pk)
    first = Invoice.objects.filter(open=True).order_by("id").first()
    found = get_object_or_404(Invoice, pk=pk)
    indexed = Invoice.objects.update_or_create(pk=pk)[0]
    for row in Invoice.objects.filter(open=True):
        pass
"""
    assert _instances(body) == {"one", "made", "pair", "first", "found", "indexed", "row"}


def test_values_counts_rebindings_and_parameters_are_not_instances() -> None:
    body = """\
def view(request, pk, invoice):
    ids = Invoice.objects.values_list("id", flat=True).first()
    count = Invoice.objects.filter(open=True).count()
    again = Invoice.objects.get(pk=pk)
    again = again.pk
    client = Client.get(pk)
    invoice = Invoice.objects.get(pk=pk)
    for key in Invoice.objects.values("id"):
        pass
"""
    assert _instances(body) == frozenset()


def test_a_closure_inherits_instances_it_does_not_rebind() -> None:
    body = "def inner():\n    kept = 1\n    other = 2\n"
    assert _instances(body, frozenset({"outer", "other"})) == {"outer"}


def test_a_comprehension_over_a_queryset_binds_instances() -> None:
    rows = ast.parse("[r for r in Invoice.objects.all()]", mode="eval").body
    ids = ast.parse("[r for r in Invoice.objects.values('id')]", mode="eval").body
    assert comprehension_instances(rows, frozenset({"x"})) == {"x", "r"}
    assert comprehension_instances(ids, frozenset({"r"})) == frozenset()


def test_instance_text_names_instances_model_self_and_request_user() -> None:
    def text(source: str) -> str | None:
        return instance_text(ast.parse(source, mode="eval").body, frozenset({"row"}), "self")

    assert [text(s) for s in ("row", "self", "request.user", "self.request.user")] == [
        "row",
        "self",
        "request.user",
        "self.request.user",
    ]
    assert [text(s) for s in ("row.pk", "other", "user", "request.user.pk")] == [None] * 4


def test_model_bases_through_imports_aliases_and_earlier_models() -> None:
    tree = ast.parse(
        "from django.db import models\nfrom django.db.models import Model as Base\n"
        "from apps.core.models import Model as CoreModel\n"
    )
    scope = build_scope(tree, "apps.billing.models", False)

    def base(text: str) -> bool:
        return is_model_base(ast.parse(text, mode="eval").body, scope, {"Invoice"})

    assert [base(t) for t in ("models.Model", "Base", "CoreModel", "Invoice")] == [True] * 4
    assert [base(t) for t in ("models.Manager", "Other", "forms.Form")] == [False] * 3
