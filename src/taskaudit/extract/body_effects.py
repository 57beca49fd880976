"""Calls a task body makes, and which of them are not naturally idempotent (TA501).

Celery asks for idempotent tasks wherever a task can run twice: retries,
``acks_late`` redelivery, a Redis ``visibility_timeout`` shorter than a
countdown (Celery user guide, "Tasks" > "Idempotence"; FAQ "Should I use retry
or acks_late?"). Re-running a read is harmless; re-running an HTTP write, an
upload, an e-mail, an ORM insert, a message or a payment is not. The tables
below are the defaults, as ``fnmatch`` globs over ``CallSite.name`` (see
``body_names``), so that they can be exposed as rule parameters.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from taskaudit.core.location import Location
from taskaudit.extract.body_names import BodyNamer
from taskaudit.extract.globs import any_match, first_match

# (glob over CallSite.name, kind); the first match wins. Deliberately absent:
# reads (`requests.get`), `.objects.get_or_create`/`update_or_create` (guards),
# `instance.save()` (insert or update: undecidable), `.filter().update()`, `cache.set`.
SIDE_EFFECT_PATTERNS: tuple[tuple[str, str], ...] = (
    ("requests.post", "http-write"), ("requests.put", "http-write"),
    ("requests.patch", "http-write"), ("requests.delete", "http-write"),
    ("httpx.post", "http-write"), ("httpx.put", "http-write"),
    ("httpx.patch", "http-write"), ("httpx.delete", "http-write"),
    ("requests.*Session.post", "http-write"), ("requests.*Session.put", "http-write"),
    ("requests.*Session.patch", "http-write"), ("requests.*Session.delete", "http-write"),
    ("httpx.*Client.post", "http-write"), ("httpx.*Client.put", "http-write"),
    ("httpx.*Client.patch", "http-write"), ("httpx.*Client.delete", "http-write"),
    ("aiohttp.ClientSession.post", "http-write"), ("aiohttp.ClientSession.put", "http-write"),
    ("aiohttp.ClientSession.patch", "http-write"), ("aiohttp.ClientSession.delete", "http-write"),
    # Receiver-text fallbacks; no `.delete` here: on a bare "client" it is as often Redis.
    ("*[sS]ession.post", "http-write"), ("*[sS]ession.put", "http-write"),
    ("*[sS]ession.patch", "http-write"),
    ("*[cC]lient.post", "http-write"), ("*[cC]lient.put", "http-write"),
    ("*[cC]lient.patch", "http-write"),
    ("*[aA]pi.post", "http-write"), ("*[aA]pi.put", "http-write"), ("*[aA]pi.patch", "http-write"),
    ("*.upload_file", "upload"), ("*.upload_fileobj", "upload"), ("*.put_object", "upload"),
    ("*storage.save", "upload"),
    ("django.core.mail.send_mail", "email"), ("django.core.mail.send_mass_mail", "email"),
    ("django.core.mail.mail_admins", "email"), ("django.core.mail.mail_managers", "email"),
    ("*EmailMessage.send", "email"), ("*EmailMultiAlternatives.send", "email"),
    ("smtplib.SMTP*.sendmail", "email"), ("smtplib.SMTP*.send_message", "email"),
    ("*.objects.create", "orm-create"), ("*.objects.bulk_create", "orm-create"),
    ("*.objects.acreate", "orm-create"), ("*.objects.abulk_create", "orm-create"),
    ("stripe.*.create", "payment"), ("stripe.*.capture", "payment"),
    ("stripe.*.confirm", "payment"), ("stripe.*.pay", "payment"),
    ("*.messages.create", "message"), ("*.chat_postMessage", "message"),
    ("*WebhookClient.send", "message"), ("*.send_sms", "message"),
    ("firebase_admin.messaging.send*", "message"),
)  # fmt: skip
# Generic request functions: a write only when the method is a literal write verb.
HTTP_REQUEST_CALLS: tuple[str, ...] = (
    "requests.request", "requests.*Session.request", "httpx.request", "httpx.*Client.request",
    "aiohttp.ClientSession.request", "urllib3.*PoolManager.request",
    "*[sS]ession.request", "*[cC]lient.request",
)  # fmt: skip
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# `urlopen` writes when it sends a body or an inline Request says so.
URLOPEN_CALLS = frozenset({"urllib.request.urlopen"})
_REQUEST_TYPES = frozenset({"urllib.request.Request"})


@dataclass(frozen=True, slots=True)
class CallSite:
    location: Location
    name: str  # normalised callee (body_names)


@dataclass(frozen=True, slots=True)
class SideEffect:
    location: Location
    kind: str  # "http-write" | "upload" | "email" | "orm-create" | "message" | "payment"
    call: str  # CallSite.name


_effect_of = first_match(SIDE_EFFECT_PATTERNS)
_is_http_request = any_match(HTTP_REQUEST_CALLS)


def side_effect_kind(call: ast.Call, name: str, names: BodyNamer) -> str | None:
    kind = _effect_of(name)
    if kind is not None:
        return kind
    if _is_http_request(name):
        method = call.args[0] if call.args else _keyword(call, "method")
        return "http-write" if _literal_method(method) in WRITE_METHODS else None
    if name in URLOPEN_CALLS and _urlopen_writes(call, names):
        return "http-write"
    return None


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((kw.value for kw in call.keywords if kw.arg == name), None)


def _literal_method(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.upper()
    return None


def _sends_data(call: ast.Call) -> bool:
    data = call.args[1] if len(call.args) > 1 else _keyword(call, "data")
    return data is not None and not (isinstance(data, ast.Constant) and data.value is None)


def _urlopen_writes(call: ast.Call, names: BodyNamer) -> bool:
    if _sends_data(call):
        return True
    request = call.args[0] if call.args else _keyword(call, "url")
    if not isinstance(request, ast.Call) or names.callee(request) not in _REQUEST_TYPES:
        return False
    return _sends_data(request) or _literal_method(_keyword(request, "method")) in WRITE_METHODS
