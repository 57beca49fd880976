"""JSON Schemas for editors: the rules file and the ``[tool.taskaudit]`` table.

Both are generated from the code that validates them, so an editor never
suggests a key, severity, section, subject, field or operator the loader
would reject. They use JSON Schema draft-07, the newest draft that
yaml-language-server (https://github.com/redhat-developer/yaml-language-server)
and taplo read. In a rules file, ``when`` and ``require`` offer exactly the
fields of the rule's ``subject`` (``taskaudit.link.schema.SCHEMA``) and, per
field type, the operators ``taskaudit.rules.operators`` applies to it.

``python -m taskaudit.schemas schemas`` (``make schemas``) regenerates
``schemas/``; a test keeps the committed files identical to this output.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from taskaudit.config import FAIL_ON, KEYS, OBJECT_PATH, Config
from taskaudit.link.schema import SCHEMA
from taskaudit.rules.model import ID_PATTERN, SECTIONS, SEVERITIES, SLUG_PATTERN
from taskaudit.rules.operators import LIST, OPERATORS
from taskaudit.rules.schema import RULE_KEYS
from taskaudit.rules.subjects import ITEM, ITEM_SPEC_DOC, FieldSpec, SubjectSchema
from taskaudit.rules.title import MAX_TITLE

DRAFT = "http://json-schema.org/draft-07/schema#"
JsonSchema = dict[str, Any]

_JSON_TYPE = {"str": "string", "int": "integer", "float": "number", "bool": "boolean"}
_STRING: JsonSchema = {"type": "string"}
_STRINGS: JsonSchema = {"type": "array", "items": _STRING}
PARAM_VALUE: JsonSchema = {"anyOf": [{"type": ["string", "number", "boolean"]}, _STRINGS]}


def _closed(properties: Mapping[str, JsonSchema], *required: str, **extra: Any) -> JsonSchema:
    """An object with exactly these keys: what the loader accepts, nothing more."""
    shape: JsonSchema = {"type": "object", "properties": dict(properties)}
    if required:
        shape["required"] = list(required)
    return {**shape, "additionalProperties": False, **extra}


def _list(items: JsonSchema) -> JsonSchema:
    return {"type": "array", "minItems": 1, "items": items}


def _operand(kind: str, field_type: str) -> JsonSchema:
    """What an operator of ``kind`` takes on a ``field_type`` field (see ``operand_problem``)."""
    element = "string" if field_type == LIST else _JSON_TYPE[field_type]
    shapes: dict[str, JsonSchema] = {
        "value": {"type": [element, "null"]},
        "values": {"type": "array", "items": {"type": [element, "null"]}},
        "number": {"type": "number"},
        "regex": {"type": "string", "format": "regex"},
        "globs": {"anyOf": [_STRING, _list(_STRING)]},
        "item": _STRING,
        "items": _list(_STRING),
        "bool": {"type": "boolean"},
        "field": {**_STRING, "description": "the name of a list[str] field of the same subject"},
    }
    if kind not in shapes:
        raise ValueError(f"operand kind {kind!r} has no JSON shape in taskaudit.schemas")
    return {"anyOf": [shapes[kind], {"$ref": "#/definitions/param"}]}


def _test(field_type: str) -> JsonSchema:
    """A field's entry in a condition: a value (equality) or ``{operator: operand}``."""
    operators = {
        name: {**_operand(op.operand, field_type), "description": op.doc}
        for name, op in sorted(OPERATORS.items())
        if field_type in op.field_types
    }
    return {"anyOf": [_operand("value", field_type), _closed(operators, minProperties=1)]}


def _condition(kind: str, fields: Mapping[str, FieldSpec]) -> JsonSchema:
    own = {"$ref": f"#/definitions/condition.{kind}"}
    with_item = {**fields, ITEM: FieldSpec("str", ITEM_SPEC_DOC + " (rules with `each:`)")}
    properties: dict[str, JsonSchema] = {
        name: {"$ref": f"#/definitions/test.{spec.type}", "description": spec.doc}
        for name, spec in sorted(with_item.items())
    }
    properties.update({"all": _list(own), "any": _list(own), "not": own})
    about = f"conditions over the fields of a {kind}; every entry must hold"
    return _closed(properties, description=about, minProperties=1)


def _per_subject(kind: str, fields: Mapping[str, FieldSpec]) -> JsonSchema:
    condition = {"$ref": f"#/definitions/condition.{kind}"}
    lists = sorted(name for name, spec in fields.items() if spec.type == LIST)
    param = {"$ref": "#/definitions/param"}
    each: JsonSchema = {"anyOf": [{"enum": lists}, param]} if lists else param
    escalation = _closed({"when": condition, "severity": {"enum": list(SEVERITIES)}})
    escalate = {"type": "array", "items": escalation}
    then = {"when": condition, "require": condition, "each": each, "escalate": escalate}
    return {
        "if": {"properties": {"subject": {"const": kind}}, "required": ["subject"]},
        "then": {"properties": then},
    }


def _rule(schema: SubjectSchema) -> JsonSchema:
    files = {"type": "object", "additionalProperties": _STRING, "minProperties": 1}
    example = {"anyOf": [_STRING, _closed({"files": files}, "files")]}
    examples = {"anyOf": [example, _list(example)]}
    docs: dict[str, JsonSchema] = dict.fromkeys(
        ("what", "why", "fix", "example", "options"), _STRING
    )
    docs["fix_title"] = {
        "type": "string",
        "maxLength": MAX_TITLE,
        "pattern": "^[^\\n\\r]*[^.\\s]$",
        "description": "the fix in a few words, one line (the report's Fix column)",
    }
    params = {"propertyNames": {"pattern": "^[a-z_][a-z0-9_]*$"}}
    properties: dict[str, JsonSchema] = {
        "id": {"type": "string", "pattern": ID_PATTERN.pattern},
        "slug": {"type": "string", "pattern": SLUG_PATTERN.pattern},
        "title": {
            "type": "string",
            "maxLength": MAX_TITLE,
            "pattern": "^[^\\n\\r]*[^.\\s]$",
            "description": "the line a person scanning a list of rules reads: a whole phrase, "
            "no trailing period (default: the first sentence of docs.what)",
        },
        "severity": {"enum": list(SEVERITIES)},
        "section": {"enum": list(SECTIONS)},
        "subject": {"enum": sorted(schema)},
        "message": {**_STRING, "description": "`{field}` and `{params.name}` placeholders"},
        "docs": _closed(docs, "what", "why", "fix"),
        "enabled": {"type": "boolean"},
        "params": {"type": "object", **params, "additionalProperties": PARAM_VALUE},
        "each": {"description": "a list[str] field, or {param: name} of a list param"},
        "when": {"type": "object", "description": "the rule applies where this holds"},
        "require": {"type": "object", "description": "what must hold; a finding otherwise"},
        "escalate": {
            "type": "array",
            "description": "{when, severity} entries: a finding where `when` holds gets that "
            "higher severity (the first that holds)",
            "items": _closed(
                {"when": {"type": "object"}, "severity": {"enum": list(SEVERITIES)}},
                "when",
                "severity",
            ),
        },
        "examples": _closed({"flag": examples, "pass": examples}, "flag", "pass"),
    }
    rule = _closed(properties, *RULE_KEYS, "examples")
    return {**rule, "allOf": [_per_subject(kind, schema[kind]) for kind in sorted(schema)]}


def _override() -> JsonSchema:
    properties: dict[str, JsonSchema] = {
        "id": {"type": "string", "pattern": ID_PATTERN.pattern},
        "severity": {"enum": list(SEVERITIES)},
        "params": {"type": "object", "additionalProperties": PARAM_VALUE},
        "enabled": {"type": "boolean"},
    }
    about = "change a rule loaded earlier: its severity, params or enabled"
    return _closed(properties, "id", description=about, minProperties=2)


def rules_schema(schema: SubjectSchema = SCHEMA) -> JsonSchema:
    """The JSON Schema of a taskaudit rules file (``rules.yaml``, ``--rules FILE``)."""
    definitions: dict[str, JsonSchema] = {
        "rule": _rule(schema),
        "override": _override(),
        "param": _closed({"param": {**_STRING, "description": "a param of this rule"}}, "param"),
    }
    for field_type in ("bool", "float", "int", LIST, "str"):
        definitions[f"test.{field_type}"] = _test(field_type)
    for kind in sorted(schema):
        definitions[f"condition.{kind}"] = _condition(kind, schema[kind])
    top: dict[str, JsonSchema] = {
        "version": {"const": 1},
        "rules": {"type": "array", "items": {"$ref": "#/definitions/rule"}},
        "overrides": {"type": "array", "items": {"$ref": "#/definitions/override"}},
    }
    head = {"$schema": DRAFT, "title": "taskaudit rules file"}
    about = "Rules over the facts taskaudit reads; see docs/custom-rules.md."
    return {**head, **_closed(top, "version", description=about), "definitions": definitions}


# A ``Config`` field's annotation decides the key's JSON shape and the type
# the docs show; an annotation missing here fails the docs test, not a user.
_SHAPES: dict[str, tuple[str, JsonSchema]] = {
    "tuple[str, ...]": ("list of strings", _STRINGS),
    "tuple[Path, ...]": ("list of paths", _STRINGS),
    "str | None": ("string", _STRING),
    "Path | None": ("path", _STRING),
    "Mapping[str, str]": ("table of strings", {"type": "object"}),
    "Mapping[str, tuple[str, ...]]": ("table of lists of strings", {"type": "object"}),
    "Mapping[str, Mapping[str, Any]]": ("table of tables", {"type": "object"}),
    "bool": ("boolean", {"type": "boolean"}),
}
_RULE_KEY = {"pattern": f"{ID_PATTERN.pattern}|{SLUG_PATTERN.pattern}"}

# key: (default as the docs show it, JSON default or None for none, description)
KEY_DOCS: dict[str, tuple[str, object, str]] = {
    "select": (
        "[]",
        [],
        'Rules to run: ids, id prefixes ("TA4") or slugs; empty: every enabled rule.',
    ),
    "ignore": ("[]", [], "Rules to skip, written like `select`; wins over `select`."),
    "extend-rules": ("[]", [], "Your rules files, layered on the packaged catalog, in order."),
    "params": ("{}", {}, "Per rule (id or slug): param values replacing the rule's defaults."),
    "severity": ("{}", {}, "Per rule (id or slug): error, warning or info."),
    "per-file-ignores": ("{}", {}, "Gitignore-style pattern: rules to skip in matching files."),
    "task-decorators": ("[]", [], "Dotted paths of project decorators that declare tasks."),
    "source-roots": ("[]", [], "Folders that are import roots, as on `sys.path`."),
    "exclude": ("[]", [], "Gitignore-style patterns of paths to leave out of the scan."),
    "fail-on": ('"warning"', "warning", "Exit 1 at or above: " + ", ".join(FAIL_ON) + "."),
    "template": ("none", None, "Jinja template for the monthly report (sandboxed)."),
    "baseline": ("none", None, "Baseline file: report only findings not recorded in it."),
    "parse-all": ("false", False, "Also parse files that hold no Celery facts: TA000 for any."),
    "require-reason": ("true", True, "TA001 for a suppression without a `-- reason`."),
    "settings": (
        "[]",
        [],
        "The Django settings module(s) the deployment uses (`pkg.settings[:Class]`).",
    ),
    "celery-app": (
        "none",
        None,
        "The main Celery app, `pkg.module:app`, when taskaudit misses it.",
    ),
}


def key_annotation(key: str) -> str:
    """The annotation of the ``Config`` field behind ``key`` (``fail-on``: ``fail_on``)."""
    return str(Config.__annotations__[key.replace("-", "_")])


def key_type(key: str) -> str:
    return _SHAPES[key_annotation(key)][0]


def _config_key(key: str) -> JsonSchema:
    _, default, description = KEY_DOCS[key]
    shape: JsonSchema = {**_SHAPES[key_annotation(key)][1], "description": description}
    if default is not None:
        shape["default"] = default
    if key == "fail-on":
        shape["enum"] = list(FAIL_ON)
    elif key == "severity":
        shape.update(propertyNames=_RULE_KEY, additionalProperties={"enum": list(SEVERITIES)})
    elif key == "params":
        params = {"type": "object", "additionalProperties": PARAM_VALUE}
        shape.update(propertyNames=_RULE_KEY, additionalProperties=params)
    elif key == "per-file-ignores":
        shape["additionalProperties"] = _STRINGS
    elif key == "settings":
        shape["items"] = {"type": "string", "pattern": OBJECT_PATH.pattern}
    elif key == "celery-app":
        shape["pattern"] = OBJECT_PATH.pattern
    return shape


def config_schema() -> JsonSchema:
    """The JSON Schema of the ``[tool.taskaudit]`` table of ``pyproject.toml``."""
    about = "taskaudit's configuration; see docs/configuration.md."
    keys = {key: _config_key(key) for key in KEYS}
    return {"$schema": DRAFT, "title": "[tool.taskaudit]", **_closed(keys, description=about)}


GENERATED: dict[str, Callable[[], JsonSchema]] = {
    "rules.schema.json": rules_schema,
    "taskaudit-config.schema.json": config_schema,
}


def dump(schema: JsonSchema) -> str:
    """Stable text: two-space indent, non-ASCII kept, one trailing newline."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, build in sorted(GENERATED.items()):
        target = folder / name
        target.write_text(dump(build()), encoding="utf-8")
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    for path in write_schemas(Path(args[0] if args else "schemas")):
        print(path.as_posix())


if __name__ == "__main__":
    main()
