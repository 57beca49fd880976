"""Subjects as the kind modules declare them: schema, identities and the decisions they read."""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path

import pytest

from taskaudit.core.values import Unknown
from taskaudit.filter import fingerprints
from taskaudit.link.subjects import KINDS, SCHEMA, build_subjects
from taskaudit.link.subjects.kind import Kind
from taskaudit.pipeline import scan_sources, scan_tree
from taskaudit.resources import default_rules
from taskaudit.rules import Catalog, Finding, load_rules
from taskaudit.rules.subjects import Undecidable, subject_problems
from taskaudit.scan import scan_files

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "clinic"


def _module(path: Path, name: str) -> object:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def test_every_kind_is_in_the_schema_once_with_its_fields_in_declaration_order() -> None:
    assert [k.name for k in KINDS] == list(SCHEMA)
    assert list(SCHEMA["handler"])[:3] == ["task", "caught", "broad"]
    assert "result.backend_set" not in SCHEMA["project"]  # mirrored result_backend: removed


def test_a_field_cannot_be_declared_twice() -> None:
    kind: Kind[int] = Kind("number")
    kind.add("value", "int", "the number", lambda n: n)
    with pytest.raises(ValueError, match=r"number\.value is declared twice"):
        kind.add("value", "int", "again", lambda n: n)


def test_the_example_project_yields_subjects_that_fit_the_schema() -> None:
    subjects = build_subjects(scan_tree(EXAMPLE).project)
    assert {s.kind for s in subjects} >= {"task", "handler", "beat_entry", "dispatch", "project"}
    assert [p for s in subjects for p in subject_problems(SCHEMA, s)] == []


def test_generated_trees_yield_subjects_that_fit_the_schema(tmp_path: Path) -> None:
    bench = _module(ROOT / "bench" / "generate.py", "bench_generate_subjects")
    bench.generate(tmp_path / "bench", files=120, seed=3, lines=20)  # type: ignore[attr-defined]
    fuzz = _module(ROOT / "fuzz" / "generate.py", "fuzz_generate_subjects")
    trees = [tmp_path / "bench"]
    for seed in range(12):
        folder = tmp_path / f"fuzz{seed}"
        for path, data in fuzz.tree(random.Random(seed), []).items():  # type: ignore[attr-defined]
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_bytes(data)
        trees.append(folder)
    problems = [
        f"{tree.name}: {problem}"
        for tree in trees
        for subject in build_subjects(scan_tree(tree).project)
        for problem in subject_problems(SCHEMA, subject)
    ]
    assert problems == []


SWALLOW = """\
from celery import shared_task


@shared_task(name="app.tasks.pull")
def pull(key):
{extra}    try:
        fetch(key)
    except IOError:
        pass
"""
UNRELATED = """\
    try:
        warm(key)
    except KeyError:
        raise
"""


def test_a_handler_added_above_a_swallow_leaves_the_swallow_its_fingerprint() -> None:
    catalog_findings = scan_files({"app/tasks.py": SWALLOW.format(extra="")}, _catalog())
    before = dict(zip(_keys(catalog_findings), fingerprints(catalog_findings), strict=True))
    after_findings = scan_files({"app/tasks.py": SWALLOW.format(extra=UNRELATED)}, _catalog())
    after = dict(zip(_keys(after_findings), fingerprints(after_findings), strict=True))
    assert before[("TA401", 8)] == after[("TA401", 12)]


def test_same_content_handlers_are_told_apart_by_their_order() -> None:
    twice = (
        SWALLOW.format(extra="")
        + "    try:\n        fetch(key)\n    except IOError:\n        pass\n"
    )
    findings = [f for f in scan_files({"app/tasks.py": twice}, _catalog()) if f.rule_id == "TA401"]
    assert [f.identity for f in findings] == ["handler:app.tasks.pull:IOError"] * 2
    assert len(set(fingerprints(findings))) == 2


def test_an_environment_driven_result_expires_is_undecidable_everywhere() -> None:
    files = {
        "config/settings.py": (
            "import os\n"
            'CELERY_RESULT_BACKEND = "redis://"\n'
            'CELERY_RESULT_EXPIRES = int(os.environ["EXPIRES"])\n'
        ),
        "config/celery.py": (
            "from celery import Celery\n"
            'app = Celery("config")\n'
            'app.config_from_object("django.conf:settings", namespace="CELERY")\n'
        ),
    }
    project = scan_sources(files)[1]
    assert isinstance(project.decisions.results.expires_never, Unknown)
    backends = [s for s in build_subjects(project) if s.kind == "result_backend"]
    assert [type(s.fields["expires_never"]) for s in backends] == [Undecidable]


def test_an_explicit_none_result_expires_keeps_results_forever() -> None:
    files = {
        "config/settings.py": 'CELERY_RESULT_BACKEND = "redis://"\nCELERY_RESULT_EXPIRES = None\n',
        "config/celery.py": (
            "from celery import Celery\n"
            'app = Celery("config")\n'
            'app.config_from_object("django.conf:settings", namespace="CELERY")\n'
        ),
    }
    project = scan_sources(files)[1]
    assert project.decisions.results.expires_never is True
    assert [
        s.fields["expires_never"] for s in build_subjects(project) if s.kind == "result_backend"
    ] == [True]


def _catalog() -> Catalog:
    return load_rules([default_rules()], SCHEMA)


def _keys(findings: list[Finding]) -> list[tuple[str, int]]:
    return [(f.rule_id, f.location.line) for f in findings]
