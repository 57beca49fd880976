"""Measure, on real Celery releases, the behaviour taskaudit's version table states.

    python bench/celery_measure.py --workdir /tmp/celery-measure 5.5.3 5.6.3 5.7.0 > out.json

Not part of ``make test``: it installs Celery (and Django, for the Django task
class) from PyPI into one throw-away venv per release under ``--workdir``,
outside this repository, and runs itself there with ``--probe``. The probe
gets the names to try from taskaudit's own tables (every old name, docs-only
name and near miss, not a sample) and prints, per release, what Celery made
of each: the settings whose value became the probe's sentinel.
``src/taskaudit/celery/versions.py`` and ``tests/celery/test_versions.py``
hold the results as data.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import types
import warnings
from pathlib import Path
from typing import Any

SENTINEL = "taskaudit-probe-7f3a"


def _names() -> dict[str, Any]:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    from taskaudit.celery import settings_table as table

    return {
        "settings": [[new, old] for new, old, _ in table.SETTINGS],
        "doc_only": [key for key, _ in table.DOC_ONLY],
        "misspelt": [key for key, _ in table.MISSPELT],
        "extra": [key for key, _ in table.EXTRA_SETTINGS],
    }


def _plain(value: Any) -> Any:
    """A default as JSON: timedeltas in seconds, tuples as lists, inf as a string."""
    if hasattr(value, "total_seconds"):
        return value.total_seconds()
    if isinstance(value, float) and value == float("inf"):
        return "inf"
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _hits(conf: Any, settings: list[str]) -> list[str]:
    """The settings whose value Celery now reads as the sentinel."""
    found = []
    for name in settings:
        try:
            value = getattr(conf, name)
        except Exception:  # a setting this release does not have
            continue
        if value == SENTINEL:
            found.append(name)
    return found


def _load(keys: dict[str, Any], namespace: str | None) -> Any:
    from celery import Celery

    module = types.ModuleType("probe_settings")
    for key, value in keys.items():
        setattr(module, key, value)
    app = Celery("probe", set_as_current=False)
    app.config_from_object(module, namespace=namespace)
    return app


def _outcome(keys: dict[str, Any], namespace: str | None, read: str) -> dict[str, Any]:
    app = _load(keys, namespace)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            value = getattr(app.conf, read)
            warned = app.conf.maybe_warn_deprecated_settings()
    except Exception as exc:
        return {"error": type(exc).__name__, "message": str(exc)}
    texts = sorted({str(w.message).split(".")[0] for w in caught})
    return {"value": repr(value), "deprecation_warned": bool(warned), "warnings": texts}


def probe(names: dict[str, Any]) -> dict[str, Any]:
    from celery.app.defaults import DEFAULTS
    from celery.app.task import Task

    import celery

    pairs = names["settings"]
    known = sorted({new for new, _ in pairs} | {k for k in DEFAULTS if k.islower()})
    unread = names["doc_only"] + names["misspelt"]
    out: dict[str, Any] = {"version": celery.__version__}
    out["absent_settings"] = sorted(new for new, _ in pairs if new not in DEFAULTS)
    table = {new for new, _ in pairs} | set(names["extra"])
    out["untabled_settings"] = sorted(k for k in DEFAULTS if k.islower() and k not in table)
    out["defaults"] = {new: _plain(DEFAULTS[new]) for new, _ in pairs if new in DEFAULTS}
    for mode, ns in (("namespace", "CELERY"), ("plain", None)):
        keys = [old for _, old in pairs] + unread
        if ns:
            keys += [f"CELERY_{new.upper()}" for new, _ in pairs] + [new for new, _ in pairs]
        out[mode] = {key: _hits(_load({key: SENTINEL}, ns).conf, known) for key in keys}
    out["plain_old_alone"] = _outcome({"CELERY_ACKS_LATE": True}, None, "task_acks_late")
    mixes = {
        "two_new_one_old": {"task_serializer": "json", "result_expires": 5, "CELERY_ACKS_LATE": 1},
        "two_old_one_new": {"CELERY_ROUTES": {}, "CELERY_ACKS_LATE": 1, "task_serializer": "json"},
        "one_each": {"task_serializer": "json", "CELERY_ACKS_LATE": 1},
        "same_setting_both": {"result_expires": 5, "CELERY_TASK_RESULT_EXPIRES": 6},
        "extra_new_with_old": {"redis_client_name": "x", "CELERY_ACKS_LATE": 1},
    }
    out["mix_plain"] = {k: _outcome(v, None, "task_acks_late") for k, v in mixes.items()}
    out["mix_namespace"] = _outcome(
        {"CELERY_TASK_SERIALIZER": "json", "CELERY_ACKS_LATE": 1}, "CELERY", "task_acks_late"
    )
    out["namespace_both_spellings"] = _outcome(
        {"CELERY_TASK_ACKS_LATE": "new", "CELERY_ACKS_LATE": "old"}, "CELERY", "task_acks_late"
    )
    app = _load({}, "CELERY")
    app.conf.CELERY_ROUTES = SENTINEL
    app.conf.update(CELERY_ACKS_LATE=SENTINEL)
    out["conf_writes"] = _hits(app.conf, known)
    out["task"] = {
        attr: repr(getattr(Task, attr, "<absent>"))
        for attr in (
            "delay_on_commit",
            "apply_async_on_commit",
            "default_retry_delay",
            "max_retries",
            "retry_backoff",
            "retry_backoff_max",
            "retry_jitter",
        )
    }
    out["django_task"] = _django_task()
    return out


def _django_task() -> dict[str, bool]:
    """Whether the task class of an app under Django has the ``*_on_commit`` methods."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "probe_django_settings"
    sys.modules["probe_django_settings"] = types.ModuleType("probe_django_settings")
    sys.modules["probe_django_settings"].SECRET_KEY = "probe"  # type: ignore[attr-defined]
    import django

    from celery import Celery

    django.setup()
    app = Celery("probe", set_as_current=False)
    app.loader.import_default_modules()  # the Django fix-up sets task_cls on worker/app init

    def noop() -> None: ...

    task = app.task(noop, name="probe.noop")
    return {m: hasattr(task, m) for m in ("delay_on_commit", "apply_async_on_commit")}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--probe", type=Path)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("versions", nargs="*")
    args = parser.parse_args()
    if args.probe:
        json.dump(probe(json.loads(args.probe.read_text())), sys.stdout, indent=1, sort_keys=True)
        return
    args.workdir.mkdir(parents=True, exist_ok=True)
    names = args.workdir / "names.json"
    names.write_text(json.dumps(_names()))
    results = []
    for version in args.versions:
        venv = args.workdir / f"venv-{version}"
        if not (venv / "bin" / "python").exists():
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            pip = [str(venv / "bin" / "pip"), "install", "-q", f"celery=={version}", "django"]
            subprocess.run(pip, check=True)
        run = [str(venv / "bin" / "python"), __file__, "--probe", str(names)]
        env = {k: v for k, v in os.environ.items() if not k.startswith("CELERY")}
        done = subprocess.run(run, check=True, capture_output=True, text=True, env=env)
        results.append(json.loads(done.stdout))
    json.dump(results, sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
