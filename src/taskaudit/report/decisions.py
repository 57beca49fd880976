"""The guideline's "Decision points", answered from the inventory with counts and evidence.

The questions come from the Celery task conventions guideline; the facts
from Celery's docs: ``@shared_task`` vs ``@app.task`` ("Tasks"), routing
("Routing Tasks"), ``ignore_result`` / ``result_expires`` ("Configuration
and defaults"), and "ensure only a single scheduler is running"
("Periodic Tasks"). Answers state what the code does today; they never pick.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from taskaudit.report.inventory_view import Row, result_policy
from taskaudit.report.summary import plural
from taskaudit.report.values import href, setting_value, where, words
from taskaudit.results import ScanResult

STYLE_NAMES = {"shared_task": "@shared_task", "app.task": "@app.task"}


@dataclass(frozen=True, slots=True)
class Decision:
    title: str
    question: str
    answer: str
    evidence: tuple[Row, ...]  # cells: (subject, detail)


def _open_count(result: ScanResult, slug: str) -> int:
    return sum(1 for r in result.open if r.finding.slug == slug)


def _decorators(tasks: list[Mapping[str, Any]]) -> Decision:
    styles = Counter(str(t.get("decorator", "?")) for t in tasks)
    counts = [f"{STYLE_NAMES.get(s, s)} {styles[s]}" for s in ("shared_task", "app.task")]
    counts += [f"{s} {n}" for s, n in sorted(styles.items()) if s not in STYLE_NAMES]
    majority = max(sorted(styles), key=lambda s: styles[s]) if styles else None
    evidence = tuple(
        Row(
            (str(t["name"]), STYLE_NAMES.get(t["decorator"], t["decorator"])),
            where(t["path"], t["line"]),
            href(t["path"], t["line"]),
        )
        for t in tasks
        if t.get("decorator") != majority
    )
    answer = " vs ".join(counts) + (". Tasks not using the most common style:" if evidence else ".")
    return Decision("Decorator", "@shared_task or @app.task?", answer, evidence)


def _heavy(inventory: Mapping[str, Any], result: ScanResult, queue: str) -> Decision:
    tasks = [t for t in inventory.get("tasks", []) if t.get("queue") == queue]
    sources = Counter(str(t.get("queue_source", "?")) for t in tasks)
    routes = [r for r in inventory.get("routes", []) if r.get("queue") == queue]
    consumers: list[str] = []
    for item in inventory.get("queues", []):
        if item.get("name") == queue:
            consumers = list(item.get("consumers", []))
    how = ", ".join(f"{n} by {s}" for s, n in sorted(sources.items())) or "none"
    answer = (
        f"{plural(len(tasks), 'task')} run on the '{queue}' queue ({how}); "
        f"{plural(len(routes), 'task_routes entry')} send work there; "
        f"consumed by {words(consumers or None)}; "
        f"{plural(_open_count(result, 'heavy-task-on-light-queue'), 'heavy-looking task')} "
        "run elsewhere (TA602)."
    )
    evidence = tuple(
        Row(
            (f"route {r['pattern']}", f"matches {words(r.get('matches') or None)}"),
            where(r["path"], r["line"]),
            href(r["path"], r["line"]),
        )
        for r in routes
    ) + tuple(
        Row(
            (str(t["name"]), f"via {t.get('queue_source', '?')}"),
            where(t["path"], t["line"]),
            href(t["path"], t["line"]),
        )
        for t in tasks
    )
    return Decision("Heavy queue", "What goes on the heavy queue?", answer, evidence)


def _results(inventory: Mapping[str, Any]) -> Decision:
    config = inventory.get("config", {})
    tasks = inventory.get("tasks", [])
    policies = Counter(result_policy(t, config) for t in tasks)
    backend = setting_value(config, "result_backend")
    expires = setting_value(config, "result_expires")
    if "result_expires" not in config.get("settings", {}):
        kept = "expire after 1 day (Celery's default)"
    elif expires is None or expires == 0:
        kept = "never expire"
    else:
        kept = f"expire after {words(expires)}"
    stored = "no result backend is configured"
    if backend is not None:
        stored = f"result backend {words(backend)}; results {kept}"
    per_task = "; ".join(f"{p}: {n}" for p, n in sorted(policies.items())) or "no tasks"
    return Decision(
        "Result backend",
        "Are task results stored, and for how long?",
        f"{stored}. Per task: {per_task}.",
        (),
    )


def _beat_lock(inventory: Mapping[str, Any], result: ScanResult) -> Decision:
    config = inventory.get("config", {})
    starters = [
        w for w in inventory.get("workers", []) if w.get("role") == "beat" or w.get("embedded_beat")
    ]
    schedulers = {words(w.get("scheduler")) for w in starters if w.get("scheduler")}
    configured = setting_value(config, "beat_scheduler")
    if configured is not None:
        schedulers.add(words(configured))
    redbeat = any("redbeat" in s.lower() for s in schedulers)
    lock = "RedBeat's Redis lock" if redbeat else "no lock mechanism found"
    answer = (
        f"{plural(len(starters), 'command')} start beat; scheduler "
        f"{', '.join(sorted(schedulers)) or 'celery.beat:PersistentScheduler (default)'}; "
        f"{lock}; {plural(_open_count(result, 'beat-lock-missing'), 'finding')} of TA804."
    )
    evidence = tuple(
        Row(
            (str(w.get("context", "")), str(w.get("command", ""))),
            where(w["path"], w["line"]),
            href(w["path"], w["line"]),
        )
        for w in starters
    )
    return Decision("Beat lock", "Does only one beat scheduler run?", answer, evidence)


def decisions(result: ScanResult, heavy_queue: str = "heavy") -> tuple[Decision, ...]:
    inventory = result.inventory
    return (
        _decorators(list(inventory.get("tasks", []))),
        _heavy(inventory, result, heavy_queue),
        _results(inventory),
        _beat_lock(inventory, result),
    )
