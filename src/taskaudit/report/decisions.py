"""The guideline's "Decision points", worded from the project model's decisions.

The answers are computed once by the link layer (``taskaudit.link.decide``),
where rules read them too; this module only puts them into words with
counts and evidence. The facts behind them come from Celery's docs:
``@shared_task`` vs ``@app.task`` ("Tasks"), routing ("Routing Tasks"),
``ignore_result`` / ``result_expires`` ("Configuration and defaults"), and
"ensure only a single scheduler is running" ("Periodic Tasks"). Answers
state what the code does today; they never pick.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from taskaudit.core.values import Value
from taskaudit.link.decide import locking_scheduler
from taskaudit.link.decisions import BeatLock, HeavyQueue, ResultPolicy
from taskaudit.link.model import Project
from taskaudit.report.inventory_view import Row, result_policy
from taskaudit.report.summary import plural
from taskaudit.report.values import link, said, words
from taskaudit.results import ScanResult

STYLE_NAMES = {"shared_task": "@shared_task", "app.task": "@app.task"}
_DEFAULT_SCHEDULER = "celery.beat:PersistentScheduler (default)"


@dataclass(frozen=True, slots=True)
class Decision:
    title: str
    question: str
    answer: str
    evidence: tuple[Row, ...]  # cells: (subject, detail)


def _open_count(result: ScanResult, rule_id: str) -> int:
    return sum(1 for r in result.open if r.finding.rule_id == rule_id)


def _decorators(project: Project) -> Decision:
    styles = dict(project.decisions.styles.counts)
    counts = [f"{STYLE_NAMES.get(s, s)} {styles.get(s, 0)}" for s in ("shared_task", "app.task")]
    counts += [f"{s} {n}" for s, n in sorted(styles.items()) if s not in STYLE_NAMES]
    majority = project.decisions.styles.majority
    evidence = tuple(
        Row((t.name, STYLE_NAMES.get(t.style, t.style)), *link(t.location))
        for t in project.tasks
        if t.style != majority
    )
    answer = " vs ".join(counts) + (". Tasks not using the most common style:" if evidence else ".")
    return Decision("Decorator", "@shared_task or @app.task?", answer, evidence)


def _heavy(heavy: HeavyQueue, result: ScanResult) -> Decision:
    sources = Counter(t.queue_source for t in heavy.tasks)
    how = ", ".join(f"{n} by {s}" for s, n in sorted(sources.items())) or "none"
    answer = (
        f"{plural(len(heavy.tasks), 'task')} run on the '{heavy.name}' queue ({how}); "
        f"{plural(len(heavy.routes), 'task_routes entry')} send work there; "
        f"consumed by {words(list(heavy.consumers) or None)}; "
        f"{plural(_open_count(result, 'TA602'), 'heavy-looking task')} "
        "run elsewhere (TA602)."
    )
    evidence = tuple(
        Row((f"route {r.pattern}", f"matches {words(list(r.matches) or None)}"), *link(r.location))
        for r in heavy.routes
    ) + tuple(Row((t.name, f"via {t.queue_source}"), *link(t.location)) for t in heavy.tasks)
    return Decision("Heavy queue", "What goes on the heavy queue?", answer, evidence)


def _kept(policy: ResultPolicy) -> str:
    if not policy.expires_set:
        return "expire after 1 day (Celery's default)"
    if policy.expires is None or policy.expires == 0:
        return "never expire"
    return f"expire after {said(policy.expires)}"


def _results(project: Project) -> Decision:
    policy = project.decisions.results
    per_task = Counter(result_policy(t, project) for t in project.tasks)
    stored = "no result backend is configured"
    if policy.stated_none:
        stored = "no result backend, on purpose (result_backend = None; stated: none)"
    elif policy.backend is not None:
        stored = f"result backend {said(policy.backend)}; results {_kept(policy)}"
    counted = "; ".join(f"{p}: {n}" for p, n in sorted(per_task.items())) or "no tasks"
    return Decision(
        "Result backend",
        "Are task results stored, and for how long?",
        f"{stored}. Per task: {counted}.",
        (),
    )


def _scheduler_words(lock: BeatLock) -> list[str]:
    pairs = zip(lock.starters, lock.schedulers, strict=True)
    shown = {said(scheduler) for command, scheduler in pairs if command.scheduler}
    if lock.configured is not None:
        shown.add(said(lock.configured))
    return sorted(shown)


def _mechanism(name: Value) -> str:
    if isinstance(name, str) and "redbeat" in name.lower():
        return "RedBeat's Redis lock"
    if name == "single-beat":
        return "the single-beat wrapper"
    return f"the lock of {said(name)}"


def _lock_words(lock: BeatLock) -> str:
    if not lock.starters and locking_scheduler(lock.configured):
        return _mechanism(lock.configured)  # configured, though no command was found
    if not lock.mechanisms:
        return "no lock mechanism found"
    found = ", ".join(_mechanism(m) for m in lock.mechanisms)
    return found if lock.locked else f"{found}, but not on every process that starts beat"


def _beat_lock(lock: BeatLock, result: ScanResult) -> Decision:
    schedulers = ", ".join(_scheduler_words(lock)) or _DEFAULT_SCHEDULER
    answer = (
        f"{plural(len(lock.starters), 'command')} start beat; scheduler {schedulers}; "
        f"{_lock_words(lock)}; {plural(_open_count(result, 'TA804'), 'finding')} of TA804."
    )
    evidence = tuple(Row((c.context, c.raw), *link(c.location)) for c in lock.starters)
    return Decision("Beat lock", "Does only one beat scheduler run?", answer, evidence)


def decisions(result: ScanResult) -> tuple[Decision, ...]:
    project = result.project
    return (
        _decorators(project),
        _heavy(project.decisions.heavy, result),
        _results(project),
        _beat_lock(project.decisions.beat_lock, result),
    )
