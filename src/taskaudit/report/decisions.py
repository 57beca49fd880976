"""The guideline's "Decision points", worded from the project model's decisions.

The answers are computed once by the link layer (``taskaudit.link.decide``),
where rules read them too; this module only puts them into words with
counts and evidence. The facts behind them come from Celery's docs:
``@shared_task`` vs ``@app.task`` ("Tasks"), ``call_command`` (Django's
"django-admin and manage.py"), routing ("Routing Tasks"),
``ignore_result`` / ``result_expires`` ("Configuration and defaults"), and
"ensure only a single scheduler is running" ("Periodic Tasks"). Answers
state what the code does today; they never pick.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from taskaudit.core.values import Value
from taskaudit.link.decide import locking_scheduler
from taskaudit.link.decisions import (
    STYLE_NAMES,
    BeatLock,
    HeavyQueue,
    ResultPolicy,
    TaskOrCommand,
)
from taskaudit.link.model import Project
from taskaudit.report.inventory_view import Row, result_policy
from taskaudit.report.summary import plural
from taskaudit.report.values import link, said, some, words
from taskaudit.results import ScanResult

_DEFAULT_SCHEDULER = "celery.beat:PersistentScheduler (default)"
EVIDENCE_ROWS = 12  # per decision; the inventories and findings hold the rest
# What celery-task-conventions.txt says about each decision point, in its words.
GUIDELINE = {
    "Decorator": "Pick one; `@shared_task` is more portable.",
    "Task or command": "Tasks are triggered by views or beat, management commands are for "
    "ad-hoc command-line runs; business logic belongs in a service function the task calls.",
    "Heavy queue": "`celery-heavy-logs` exists: document the routing rule for the heavy queue.",
    "Result backend": "If results are stored, state the retention; if not, document the "
    "`ignore_result=True` policy.",
    "Beat lock": "Ensure only one beat scheduler runs, and document the lock mechanism.",
}


@dataclass(frozen=True, slots=True)
class Decision:
    title: str
    question: str
    answer: str
    evidence: tuple[Row, ...]  # cells: (subject, detail)
    more: int = 0  # evidence rows left out

    @property
    def guideline(self) -> str:
        return GUIDELINE.get(self.title, "")


def _capped(decision: Decision) -> Decision:
    evidence = decision.evidence
    if len(evidence) <= EVIDENCE_ROWS:
        return decision
    kept = evidence[:EVIDENCE_ROWS]
    return Decision(
        decision.title, decision.question, decision.answer, kept, len(evidence) - len(kept)
    )


def _open_count(result: ScanResult, rule_id: str) -> int:
    return sum(1 for r in result.open if r.finding.rule_id == rule_id)


def _decorators(project: Project, result: ScanResult) -> Decision:
    styles = dict(project.decisions.styles.counts)
    counts = [f"{STYLE_NAMES.get(s, s)} {styles.get(s, 0)}" for s in ("shared_task", "app.task")]
    counts += [
        f"{STYLE_NAMES.get(s, s)} {n}"
        for s, n in sorted(styles.items())
        if s not in ("shared_task", "app.task")
    ]
    majority = project.decisions.styles.majority
    evidence = tuple(
        Row((t.name, STYLE_NAMES.get(t.style, t.style)), *link(t.location))
        for t in project.tasks
        if t.style != majority
    )
    if project.decisions.styles.once:
        settled = f"; every decorated task uses `{STYLE_NAMES.get(majority or '', majority)}`"
        # The pointer only when TA201 has something to say (a style other than preferred).
        reported = " (TA201 reports the choice once)" if _open_count(result, "TA201") else ""
        answer = " vs ".join(counts) + settled + reported + "."
    else:
        answer = " vs ".join(counts) + (
            ". Tasks not using the most common style:" if evidence else "."
        )
    return Decision("Decorator", "`@shared_task` or `@app.task`?", answer, evidence)


def _task_or_command(choice: TaskOrCommand, result: ScanResult) -> Decision:
    rule = result.catalog.get("TA202")
    limit = rule.params.get("max_statements") if rule is not None else None
    long_bodies = [r.finding for r in result.findings if r.finding.rule_id == "TA202"]
    wrappers = [w for w in choice.command_tasks if w.only]
    senders = sorted({d.command for d in choice.dispatching})
    over = f"TA202's limit of {limit} statements" if limit is not None else "TA202's limit"
    answer = (
        f"Management commands: {len(choice.commands)}; "
        f"tasks that run one with `call_command`: {len(choice.command_tasks)} "
        f"({len(wrappers)} doing nothing else); "
        f"management commands that send tasks: {len(senders)}; "
        f"task bodies over {over} (business logic in the task, not in a service "
        f"function it calls): {len(long_bodies)}."
    )
    statements = {(t.location.path, t.location.line): t for t in result.project.tasks}
    evidence = [
        Row(
            (w.task.name, "runs `call_command`" + (", nothing else" if w.only else "")),
            *link(w.call),
        )
        for w in choice.command_tasks
    ]
    evidence += [
        Row((d.command, f"sends `{d.task}`" if d.task else "sends a task"), *link(d.site))
        for d in choice.dispatching
    ]
    for finding in long_bodies:
        task = statements.get((finding.location.path, finding.location.line))
        size = task.body.statements if task is not None and task.body else None
        name = task.name if task is not None else finding.location.path
        detail = f"{size} statements in the task body" if size is not None else "long task body"
        evidence.append(Row((name, detail), *link(finding.location)))
    return Decision(
        "Task or command",
        "A task, a management command or a service function?",
        answer,
        tuple(evidence),
    )


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
        Row((f"route {r.pattern}", f"matches {some(r.matches)}"), *link(r.location))
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
    return tuple(
        _capped(d)
        for d in (
            _decorators(project, result),
            _task_or_command(project.decisions.task_or_command, result),
            _heavy(project.decisions.heavy, result),
            _results(project),
            _beat_lock(project.decisions.beat_lock, result),
        )
    )
