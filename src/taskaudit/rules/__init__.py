"""The YAML rule language: loading, evaluation, the examples harness and docs.

The language is documented in docs/rule-language.md.
"""

from __future__ import annotations

from taskaudit.rules.docs import (
    render_catalog_markdown,
    render_fields_markdown,
    render_rule_markdown,
)
from taskaudit.rules.errors import RuleFileError, RuleFileErrors
from taskaudit.rules.evaluate import EvaluationResult, Finding, Undecided, evaluate
from taskaudit.rules.harness import (
    DEFAULT_EXAMPLE_PATH,
    ExampleCase,
    ExampleResult,
    iter_examples,
    parse_expectations,
    run_example,
    run_examples,
)
from taskaudit.rules.loader import RuleText, load_rules
from taskaudit.rules.model import SECTIONS, SEVERITIES, Catalog, Example, Rule, RuleDocs
from taskaudit.rules.overrides import override_enabled, override_params, override_severity
from taskaudit.rules.subjects import (
    UNDECIDABLE,
    FieldSpec,
    FieldValue,
    Subject,
    SubjectSchema,
    Undecidable,
    subject_problems,
)

__all__ = [
    "DEFAULT_EXAMPLE_PATH",
    "SECTIONS",
    "SEVERITIES",
    "UNDECIDABLE",
    "Catalog",
    "EvaluationResult",
    "Example",
    "ExampleCase",
    "ExampleResult",
    "FieldSpec",
    "FieldValue",
    "Finding",
    "Rule",
    "RuleDocs",
    "RuleFileError",
    "RuleFileErrors",
    "RuleText",
    "Subject",
    "SubjectSchema",
    "Undecidable",
    "Undecided",
    "evaluate",
    "iter_examples",
    "load_rules",
    "override_enabled",
    "override_params",
    "override_severity",
    "parse_expectations",
    "render_catalog_markdown",
    "render_fields_markdown",
    "render_rule_markdown",
    "run_example",
    "run_examples",
    "subject_problems",
]
