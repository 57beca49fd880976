"""``escalate:``: a finding's severity may rise with what the finding is about."""

from __future__ import annotations

from rules.fixtures import HEAD, errors, load, task
from taskaudit.config import Config
from taskaudit.core.location import Location
from taskaudit.link.subjects import build_subjects
from taskaudit.pipeline import scan_sources
from taskaudit.rules import evaluate, override_params, override_severity
from taskaudit.rules.docs import render_catalog_markdown
from taskaudit.scan import load_catalog

# HEAD is a warning rule; this variant starts at info so that both levels above exist.
INFO = HEAD.replace("severity: warning", "severity: info")
ESCALATING = INFO + (
    "    params: {many: 50}\n"
    "    when: {retry.declared: true}\n"
    "    escalate:\n"
    "      - when: {body.statements: {gt: {param: many}}}\n"
    "        severity: error\n"
    "      - when: {retry.backoff: false}\n"
    "        severity: warning\n"
)


def severities(catalog_text: str = ESCALATING, **overrides: object) -> list[tuple[str, str]]:
    catalog = load(catalog_text)
    if overrides.get("params"):
        catalog = override_params(catalog, {"TA302": overrides["params"]}, Location("c", 1, 1))  # type: ignore[dict-item]
    if overrides.get("severity"):
        catalog = override_severity(
            catalog, {"TA302": str(overrides["severity"])}, Location("c", 1, 1)
        )
    subjects = [
        task(
            1, "plain", name="plain", retry__declared=True, retry__backoff=True, body__statements=3
        ),
        task(2, "nobackoff", name="nobackoff", retry__declared=True, retry__backoff=False),
        task(
            3, "long", name="long", retry__declared=True, retry__backoff=False, body__statements=90
        ),
        task(4, "unsure", name="unsure", retry__declared=True),  # null fields: not escalated
    ]
    return [
        (f.location.path + ":" + str(f.location.line), f.severity)
        for f in evaluate(catalog, subjects).findings
    ]


def test_the_first_escalation_that_holds_sets_the_severity() -> None:
    assert severities() == [
        ("app/tasks.py:1", "info"),
        ("app/tasks.py:2", "warning"),
        ("app/tasks.py:3", "error"),
        ("app/tasks.py:4", "info"),
    ]


def test_params_rebind_the_escalations_and_a_stated_severity_replaces_them() -> None:
    assert severities(params={"many": 100})[2] == ("app/tasks.py:3", "warning")
    assert {level for _, level in severities(severity="warning")} == {"warning"}
    overridden = ESCALATING + "overrides:\n  - id: TA302\n    severity: info\n"
    assert {level for _, level in severities(overridden)} == {"info"}


def test_an_escalation_must_raise_and_be_well_formed() -> None:
    text = INFO + (
        "    escalate:\n"
        "      - when: {retry.backoff: false}\n"
        "        severity: info\n"
        "      - when: {retry.bakoff: false}\n"
        "        severity: warning\n"
        "      - severity: error\n"
        "      - {when: {name: x}, severity: error, why: because}\n"
    )
    assert errors(text) == [
        "r0.yaml:12:19: TA302: escalate[0].severity: 'info' is not above the rule's "
        "severity 'info'",
        "r0.yaml:13:16: TA302: unknown field 'retry.bakoff' for subject 'task'; "
        "did you mean 'retry.backoff'?",
        "r0.yaml:15:9: TA302: escalate[2]: missing key 'when'",
        "r0.yaml:16:44: TA302: escalate[3]: unknown key 'why'",
    ]


def test_ta702_is_a_warning_when_results_are_kept_forever() -> None:
    catalog = load_catalog(Config(select=("TA702",)))
    levels = {}
    for expires in ("", "CELERY_RESULT_EXPIRES = None\n"):
        _, project = scan_sources(
            {"config/settings.py": 'CELERY_RESULT_BACKEND = "django-db"\n' + expires}
        )
        [found] = evaluate(catalog, build_subjects(project)).findings
        levels[expires or "unset"] = found.severity
    assert levels == {"unset": "info", "CELERY_RESULT_EXPIRES = None\n": "warning"}
    docs = render_catalog_markdown(catalog)
    assert "| TA702 | `result-retention-undeclared` | info to warning |" in docs
    assert "*Warning when `{expires_never: true}`.*" in docs
