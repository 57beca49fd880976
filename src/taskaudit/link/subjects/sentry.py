"""The ``sentry`` subject: each ``sentry_sdk.init(...)``, or the app when there is none.

sentry-sdk enables its Celery integration automatically when Celery is
installed (docs.sentry.io, "Celery"); only ``default_integrations=False``,
``auto_enabling_integrations=False`` without an explicit
``CeleryIntegration()``, or ``disabled_integrations`` naming it leave tasks
uninstrumented.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from taskaudit.core.values import Unknown
from taskaudit.extract.sentry import SentryInit
from taskaudit.link.model import Project
from taskaudit.link.subjects.kind import Kind
from taskaudit.link.subjects.values import as_bool, names, unless_unseen
from taskaudit.rules.subjects import FieldValue, Subject, Undecidable


@dataclass(frozen=True, slots=True)
class SentryContext:
    init: SentryInit | None  # None: the project never calls `sentry_sdk.init`
    project: Project


def project_instrumented(project: Project) -> FieldValue:
    """Whether any ``sentry_sdk.init`` instruments Celery (one answer for every subject)."""
    return as_bool(project.sentry.get("celery_instrumented"))


def _uninstrumented_because(c: SentryContext) -> FieldValue:
    init = c.init
    if init is None:
        # What the tree shows, no more: Sentry may be set up by a file it does not hold.
        return (
            "`sentry_sdk.init(...)` is never called in the scanned code, so exceptions "
            "raised inside tasks reach Sentry only if something outside it sets Sentry up"
        )
    if init.celery_instrumented is not False:
        return None
    disabled = init.disabled_integrations
    if isinstance(disabled, tuple) and any(n.endswith("CeleryIntegration") for n in disabled):
        why = "`disabled_integrations=` names `CeleryIntegration`"
    elif not isinstance(init.default_integrations, Unknown) and not init.default_integrations:
        why = "`default_integrations=False` without an explicit `CeleryIntegration()`"
    else:
        why = "`auto_enabling_integrations=False` without an explicit `CeleryIntegration()`"
    return f"{why}; exceptions raised inside tasks never reach Sentry"


def _initialised(c: SentryContext) -> FieldValue:
    """Never called: only known when the settings and every Celery-shaped file were read.

    A gap no ``[tool.taskaudit]`` key can close (settings filled through
    ``globals()``, ``conf.update(**computed)``) hides values, not code: no call.
    """
    config = [g for g in c.project.coverage.of("config") if g.setting is not None]
    return unless_unseen(c.init is not None, [*config, *c.project.coverage.of("registry")])


def _instrumented(c: SentryContext, value: Callable[[SentryInit], FieldValue]) -> FieldValue:
    """A call's answer; with no call seen, false only when no call can be hidden either.

    An unread settings module is where a Django project calls ``sentry_sdk.init``:
    "no call instruments Celery" is then as undecidable as "no call is made".
    """
    if c.init is not None:
        return value(c.init)
    seen = _initialised(c)
    return seen if isinstance(seen, Undecidable) else False


SENTRY: Kind[SentryContext] = Kind("sentry")
_add = SENTRY.add
# fmt: off
_add("initialised", "bool",
     "a `sentry_sdk.init(...)` call (false: the project never calls it)", _initialised)
_add("celery_instrumented", "bool", "this call leaves Sentry's Celery integration active",
     lambda c: _instrumented(c, lambda init: as_bool(init.celery_instrumented)))
_add("project.celery_instrumented", "bool", "any `sentry_sdk.init(...)` instruments Celery",
     lambda c: _instrumented(c, lambda _: project_instrumented(c.project)))
_add("integrations", "list[str]", "classes listed in `integrations=`, as dotted paths",
     lambda c: names(c.init.integrations) if c.init else None)
_add("disabled_integrations", "list[str]", "classes listed in `disabled_integrations=`",
     lambda c: names(c.init.disabled_integrations) if c.init else None)
_add("default_integrations", "bool", "`default_integrations` (true when not given)",
     lambda c: as_bool(c.init.default_integrations) if c.init else None)
_add("auto_enabling_integrations", "bool",
     "`auto_enabling_integrations` (true when not given)",
     lambda c: as_bool(c.init.auto_enabling_integrations) if c.init else None)
_add("detail", "str", "why Celery is left uninstrumented, in words (none when it is not)",
     _uninstrumented_because)
# fmt: on


def sentry_subjects(project: Project) -> Iterator[Subject]:
    for init in project.sentry_inits:
        context = SentryContext(init, project)
        yield SENTRY.subject(context, init.location, f"sentry:{init.location.path}")
    anchors = [*project.app_locations, *(t.location for t in project.tasks)]
    if not project.sentry_inits and anchors:
        yield SENTRY.subject(SentryContext(None, project), anchors[0], "sentry:none")
