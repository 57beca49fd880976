"""TA404's words: what the tree shows about Sentry, and no claim about what it does not hold."""

from __future__ import annotations

from link.django_project import findings, project


def ta404(settings: str) -> list[str]:
    return [message for _, _, message in findings(project(settings), "TA404")]


def test_no_init_in_the_tree_is_not_a_claim_that_sentry_never_sees_the_tasks() -> None:
    # The settings must be seen (a Celery setting marks them) for the absence to be decided.
    assert ta404('CELERY_BROKER_URL = "redis://"\nDEBUG = False\n') == [
        "Sentry does not instrument the Celery tasks: `sentry_sdk.init(...)` is never called "
        "in the scanned code, so exceptions raised inside tasks reach Sentry only if "
        "something outside it sets Sentry up"
    ]


def test_an_init_that_turns_the_integration_off_is_a_plain_statement() -> None:
    init = "import sentry_sdk\n\nsentry_sdk.init(dsn='x', default_integrations=False)\n"
    assert ta404(init) == [
        "Sentry does not instrument the Celery tasks: `default_integrations=False` without an "
        "explicit `CeleryIntegration()`; exceptions raised inside tasks never reach Sentry"
    ]
    assert ta404("import sentry_sdk\n\nsentry_sdk.init(dsn='x')\n") == []
