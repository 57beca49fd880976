from __future__ import annotations

import ast
import textwrap

import pytest

from taskaudit.core.location import Location
from taskaudit.core.values import Unknown, Value
from taskaudit.extract.bindings import build_scope
from taskaudit.extract.sentry import SentryInit, extract_sentry

HEADER = """\
import os
import sentry_sdk
import sentry_sdk as sentry
from sentry_sdk import init as sentry_init
from sentry_sdk.integrations import celery as celery_integration
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.integrations.redis import RedisIntegration
INTEGRATIONS = [DjangoIntegration(), CeleryIntegration()]
"""
FIRST = HEADER.count("\n") + 1  # the first line after the header
CELERY = "sentry_sdk.integrations.celery.CeleryIntegration"
DJANGO = "sentry_sdk.integrations.django.DjangoIntegration"
REDIS = "sentry_sdk.integrations.redis.RedisIntegration"


def inits(source: str) -> list[SentryInit]:
    tree = ast.parse(HEADER + textwrap.dedent(source))
    scope = build_scope(tree, "config.settings.base", False)
    return list(extract_sentry(tree, scope, "config/settings/base.py"))


def verdict(call: str) -> bool | Unknown:
    [found] = inits(call + "\n")
    return found.celery_instrumented


def test_plain_init_keeps_the_sdk_defaults() -> None:
    assert inits("sentry_sdk.init(dsn=os.environ['SENTRY_DSN'])\n") == [
        SentryInit(
            location=Location("config/settings/base.py", FIRST, 1),
            integrations=(),
            default_integrations=True,
            auto_enabling_integrations=True,
            disabled_integrations=(),
            celery_instrumented=True,
        )
    ]


def test_default_integrations_off_without_celery_is_uninstrumented() -> None:
    source = """\
    if not DEBUG:
        sentry_sdk.init(
            dsn="https://key@sentry.example/1",
            default_integrations=False,
            integrations=[DjangoIntegration(), RedisIntegration()],
        )
    """
    assert inits(source) == [
        SentryInit(
            location=Location("config/settings/base.py", FIRST + 1, 5),
            integrations=(DJANGO, REDIS),
            default_integrations=False,
            auto_enabling_integrations=True,
            disabled_integrations=(),
            celery_instrumented=False,
        )
    ]


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        ("sentry_sdk.init(default_integrations=False, integrations=[CeleryIntegration()])", True),
        (
            "sentry.init(default_integrations=False,"
            " integrations=[CeleryIntegration(monitor_beat_tasks=True)])",
            True,
        ),
        (
            "sentry_init(auto_enabling_integrations=False,"
            " integrations=(celery_integration.CeleryIntegration(),))",
            True,
        ),
        ("sentry_sdk.init(integrations=[DjangoIntegration()])", True),
        ("sentry_sdk.init(default_integrations=True)", True),
        ("sentry_sdk.init(integrations=None)", True),
        (
            "sentry_sdk.init(default_integrations=False,"
            " integrations=[*BASE, CeleryIntegration()])",
            True,
        ),
        ("sentry_sdk.init(auto_enabling_integrations=False)", False),
        ("sentry_sdk.init(default_integrations=0)", False),
        ("sentry_sdk.init(default_integrations=False, integrations=[DjangoIntegration()])", False),
        ("sentry_sdk.init(disabled_integrations=[CeleryIntegration])", False),
        ("sentry_sdk.init(disabled_integrations=[CeleryIntegration()])", False),
        (
            "sentry_sdk.init(integrations=[CeleryIntegration()],"
            " disabled_integrations=[CeleryIntegration])",
            False,
        ),
        ("sentry_sdk.init(disabled_integrations=[*OTHERS, CeleryIntegration])", False),
        ("sentry_sdk.init(disabled_integrations=[RedisIntegration])", True),
    ],
)
def test_celery_instrumentation_verdict(call: str, expected: bool) -> None:
    assert verdict(call) is expected


def test_integrations_from_a_variable_are_unknown() -> None:
    [found] = inits("sentry_sdk.init(default_integrations=False, integrations=INTEGRATIONS)\n")
    unknown = Unknown("integrations list computed at run time")
    assert (found.integrations, found.celery_instrumented) == (unknown, unknown)


def test_a_variable_list_does_not_matter_when_defaults_stay_on() -> None:
    [found] = inits("sentry_sdk.init(integrations=INTEGRATIONS)\n")
    assert (found.integrations, found.celery_instrumented) == (
        Unknown("integrations list computed at run time"),
        True,
    )


@pytest.mark.parametrize(
    ("call", "field", "expected"),
    [
        (
            "sentry_sdk.init(default_integrations=os.environ.get('SENTRY_DEFAULTS'))",
            "celery_instrumented",
            Unknown("environment variable SENTRY_DEFAULTS"),
        ),
        (
            "sentry_sdk.init(disabled_integrations=DISABLED)",
            "celery_instrumented",
            Unknown("integrations list computed at run time"),
        ),
        (
            "sentry_sdk.init(**SENTRY_OPTIONS)",
            "celery_instrumented",
            Unknown("sentry_sdk.init(**options)"),
        ),
        (
            "sentry_sdk.init(integrations=[make()], default_integrations=False)",
            "integrations",
            Unknown("integration computed at run time"),
        ),
        (
            "sentry_sdk.init(dsn=DSN, **SENTRY_OPTIONS)",
            "default_integrations",
            Unknown("sentry_sdk.init(**options)"),
        ),
        (
            "sentry_sdk.init(default_integrations=False, **SENTRY_OPTIONS)",
            "default_integrations",
            False,
        ),
    ],
)
def test_run_time_values_stay_unknown(call: str, field: str, expected: Value) -> None:
    [found] = inits(call + "\n")
    assert getattr(found, field) == expected


@pytest.mark.parametrize(
    "source",
    [
        "init(dsn=DSN)\n",
        "other.init(dsn=DSN)\n",
        "sentry_sdk.capture_message('boot')\n",
        "RAVEN_CONFIG = {'dsn': DSN}\n",
        "sentry_sdk.integrations.setup_integrations([])\n",
    ],
)
def test_calls_that_are_not_sentry_init(source: str) -> None:
    assert inits(source) == []


def test_several_inits_are_sorted_by_location() -> None:
    source = """\
    def configure():
        sentry.init(default_integrations=False)
    sentry_sdk.init()
    """
    assert [(i.location.line - FIRST, i.celery_instrumented) for i in inits(source)] == [
        (1, False),
        (2, True),
    ]
