from __future__ import annotations

import ast
import textwrap

import pytest

from taskaudit.core.location import Location
from taskaudit.extract.bindings import build_scope
from taskaudit.extract.body import BodyFacts, Guard, SideEffect, analyze_body

HEADER = """\
import boto3
import httpx
import requests
import smtplib
import stripe
import urllib.request
from urllib.request import Request, urlopen
from django.core import mail
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage, EmailMultiAlternatives, send_mail
from django.db import IntegrityError, transaction
from apps.billing.models import Invoice
from apps.billing.client import BillingClient
from twilio.rest import Client as Twilio
"""
DEF = HEADER.count("\n") + 1  # the `def` line; body line N is at DEF + N


def analyze(body: str, params: str = "self, pk") -> BodyFacts:
    source = HEADER + f"def pull({params}):\n" + textwrap.indent(textwrap.dedent(body), "    ")
    tree = ast.parse(source)
    func = tree.body[-1]
    assert isinstance(func, ast.FunctionDef)
    scope = build_scope(tree, "apps.billing.tasks", False)
    return analyze_body(func, scope, "apps/billing/tasks.py", self_name="self")


def effects(body: str) -> list[tuple[str, str]]:
    return [(e.kind, e.call) for e in analyze(body).side_effects]


def guards(body: str, params: str = "self, pk") -> list[tuple[str, str]]:
    return [(g.kind, g.detail) for g in analyze(body, params).guards]


def test_side_effect_fields_and_location() -> None:
    assert analyze("requests.post(URL, json={})\n").side_effects == (
        SideEffect(Location("apps/billing/tasks.py", DEF + 1, 5), "http-write", "requests.post"),
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("requests.post(URL)", ("http-write", "requests.post")),
        ("requests.put(URL)", ("http-write", "requests.put")),
        ("requests.patch(URL)", ("http-write", "requests.patch")),
        ("requests.delete(URL)", ("http-write", "requests.delete")),
        ("httpx.post(URL)", ("http-write", "httpx.post")),
        ("requests.request('POST', URL)", ("http-write", "requests.request")),
        ("requests.request(method='delete', url=URL)", ("http-write", "requests.request")),
        ("client = httpx.Client()\nclient.post(URL)", ("http-write", "httpx.Client.post")),
        (
            "async def go():\n    async with httpx.AsyncClient() as c:\n        await c.put(URL)",
            ("http-write", "httpx.AsyncClient.put"),
        ),
        ("with requests.Session() as s:\n    s.put(URL)", ("http-write", "requests.Session.put")),
        (
            "session = requests.session()\nsession.patch(URL)",
            ("http-write", "requests.Session.patch"),
        ),
        ("self.client.post(URL)", ("http-write", "self.client.post")),
        (
            "api = BillingClient()\napi.put(URL)",
            ("http-write", "apps.billing.client.BillingClient.put"),
        ),
        ("urlopen(URL, data=b'{}')", ("http-write", "urllib.request.urlopen")),
        (
            "urllib.request.urlopen(Request(URL, method='POST'))",
            ("http-write", "urllib.request.urlopen"),
        ),
        ("send_mail('s', 'b', 'f', ['t'])", ("email", "django.core.mail.send_mail")),
        ("mail.mail_admins('s', 'b')", ("email", "django.core.mail.mail_admins")),
        ("EmailMessage('s').send()", ("email", "django.core.mail.EmailMessage.send")),
        (
            "msg = EmailMultiAlternatives('s')\nmsg.send()",
            ("email", "django.core.mail.EmailMultiAlternatives.send"),
        ),
        (
            "with smtplib.SMTP('h') as smtp:\n    smtp.sendmail('a', 'b', 'c')",
            ("email", "smtplib.SMTP.sendmail"),
        ),
        (
            "Invoice.objects.create(pk=pk)",
            ("orm-create", "apps.billing.models.Invoice.objects.create"),
        ),
        (
            "Invoice.objects.bulk_create(rows)",
            ("orm-create", "apps.billing.models.Invoice.objects.bulk_create"),
        ),
        (
            "s3 = boto3.client('s3')\ns3.put_object(Bucket='b')",
            ("upload", "boto3.client.put_object"),
        ),
        (
            "s3 = boto3.client('s3')\ns3.upload_file('a', 'b', 'c')",
            ("upload", "boto3.client.upload_file"),
        ),
        (
            "default_storage.save('p', content)",
            ("upload", "django.core.files.storage.default_storage.save"),
        ),
        ("stripe.Charge.create(amount=100)", ("payment", "stripe.Charge.create")),
        (
            "Twilio().messages.create(to='+33')",
            ("message", "twilio.rest.Client.messages.create"),
        ),
    ],
)
def test_operations_that_are_not_idempotent(body: str, expected: tuple[str, str]) -> None:
    assert effects(body) == [expected]


@pytest.mark.parametrize(
    "body",
    [
        "requests.get(URL)",
        "requests.head(URL)",
        "requests.request('GET', URL)",
        "requests.request(method, URL)",
        "client = httpx.Client()\nclient.get(URL)",
        "self.client.delete(key)",
        "urlopen(URL)",
        "urllib.request.urlopen(Request(URL))",
        "Invoice.objects.get_or_create(pk=pk)",
        "Invoice.objects.update_or_create(pk=pk)",
        "Invoice.objects.filter(pk=pk).update(sent=True)",
        "invoice = Invoice.objects.get(pk=pk)\ninvoice.save()",
        "cache.set('k', 1)",
        "cache.get('k')",
        "logger.info('posted')",
        "s3 = boto3.client('s3')\ns3.get_object(Bucket='b')",
        "stripe.PaymentIntent.retrieve('pi')",
        "apps_mail.send_mail('s')",
    ],
)
def test_reads_and_ambiguous_calls_are_not_side_effects(body: str) -> None:
    assert effects(body) == []


def test_side_effects_in_a_closure_count_for_the_task() -> None:
    body = "transaction.on_commit(lambda: requests.post(URL))\n"
    assert effects(body) == [("http-write", "requests.post")]


def test_guard_fields_and_location() -> None:
    assert analyze("Invoice.objects.get_or_create(pk=pk)\n").guards == (
        Guard(
            Location("apps/billing/tasks.py", DEF + 1, 5),
            "get_or_create",
            "apps.billing.models.Invoice.objects.get_or_create",
        ),
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Invoice.objects.update_or_create(pk=pk)",
            ("update_or_create", "apps.billing.models.Invoice.objects.update_or_create"),
        ),
        (
            "with transaction.atomic():\n    Invoice.objects.select_for_update().get(pk=pk)",
            ("select_for_update", "apps.billing.models.Invoice.objects.select_for_update"),
        ),
        (
            "if not cache.add(f'lock-{pk}', 1, 60):\n    return",
            ("lock", "django.core.cache.cache.add"),
        ),
        ("with redis.lock('sync'):\n    pass", ("lock", "redis.lock")),
        ("redis.set(key, 1, nx=True, ex=60)", ("lock", "redis.set")),
        (
            "stripe.Charge.create(amount=1, idempotency_key=f'charge-{pk}')",
            ("idempotency-key", "keyword idempotency_key"),
        ),
        (
            "requests.post(URL, headers={'Idempotency-Key': str(pk)})",
            ("idempotency-key", "string 'Idempotency-Key'"),
        ),
        ("idempotency_key = f'push-{pk}'", ("idempotency-key", "variable idempotency_key")),
        (
            "if Invoice.objects.filter(pk=pk, sent=True).exists():\n    return",
            ("exists-check", "apps.billing.models.Invoice.objects.filter().exists"),
        ),
        (
            "for row in rows:\n    if row.invoices.filter(pk=pk).exists():\n        continue",
            ("exists-check", "row.invoices.filter().exists"),
        ),
        ("if invoice.sent_at:\n    return", ("done-flag", "invoice.sent_at")),
        (
            "if invoice.is_paid and not force:\n    return",
            ("done-flag", "invoice.is_paid"),
        ),
        (
            "if job.status in ('done', 'failed'):\n    logger.info('skip')\n    return",
            ("done-flag", "job.status in ('done', 'failed')"),
        ),
        (
            "if job.status == Status.COMPLETED:\n    return",
            ("done-flag", "job.status == Status.COMPLETED"),
        ),
        ("if job.notified is True:\n    return", ("done-flag", "job.notified is True")),
        (
            "try:\n    Invoice.objects.create(pk=pk)\nexcept IntegrityError:\n    pass",
            ("unique-constraint-handled", "django.db.IntegrityError"),
        ),
    ],
)
def test_guards(body: str, expected: tuple[str, str]) -> None:
    assert guards(body) == [expected]


def test_an_idempotency_key_parameter_is_a_guard() -> None:
    assert guards("pass\n", params="self, pk, idempotency_key=None") == [
        ("idempotency-key", "parameter idempotency_key")
    ]


@pytest.mark.parametrize(
    "body",
    [
        "cache.get(f'lock-{pk}')",
        "cache.set(f'lock-{pk}', 1)",
        "redis.set(key, 1)",
        "redis.set(key, 1, nx=False)",
        "Invoice.objects.filter(pk=pk).first()",
        "requests.post(URL, json={'idempotent': True})",
        "logger.info('Idempotency key missing')",
        "if not Invoice.objects.filter(pk=pk).exists():\n    return",
        "if Invoice.objects.filter(pk=pk).exists():\n    notify(pk)",
        "if not invoice.sent_at:\n    return",
        "if invoice.sent_at:\n    notify(pk)",
        "if job.status != 'done':\n    return",
        "if job.status == 'pending':\n    return",
        "if response.ok:\n    return",
        "if catalog.sentinel:\n    return",
        "try:\n    sync(pk)\nexcept ValueError:\n    pass",
    ],
)
def test_near_miss_guards(body: str) -> None:
    assert guards(body) == []


def test_guards_are_sorted_and_deduplicated() -> None:
    body = """\
    if invoice.sent:
        return
    key = cache.add("k", 1)
    Invoice.objects.get_or_create(pk=pk)
    """
    assert [(g.location.line - DEF, g.kind) for g in analyze(body).guards] == [
        (1, "done-flag"),
        (3, "lock"),
        (4, "get_or_create"),
    ]
