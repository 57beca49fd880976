"""Build the ``Project`` from every file's facts: the one place the pieces meet."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from taskaudit.celery.routing import RouteTable, effective_queue, first_match, match, parse_queues
from taskaudit.celery.routing import parse_routes as parse_route_table
from taskaudit.core.location import Location
from taskaudit.core.values import Unknown, Value
from taskaudit.extract.body import BodyFacts
from taskaudit.extract.dispatch import DispatchSite
from taskaudit.extract.ops_model import CeleryCommand
from taskaudit.extract.tasks import TaskCandidate
from taskaudit.facts import FileFacts, PythonFacts
from taskaudit.link.apps import promote_apps
from taskaudit.link.beat import beat_items, settings_variants
from taskaudit.link.choices import app_scope
from taskaudit.link.constants import Constants
from taskaudit.link.coverage import Gap
from taskaudit.link.decide import decide, result_policy
from taskaudit.link.decisions import DEFAULT_CONVENTIONS, AppScope, Conventions, ResultPolicy
from taskaudit.link.deployments import deployments_of
from taskaudit.link.helpers import Helpers, follow_helpers
from taskaudit.link.model import Project, QueueItem, RouteItem, Task
from taskaudit.link.names import Names
from taskaudit.link.ops import celery_targets, commands_of, main_makefile, workers_of
from taskaudit.link.paths import Layout
from taskaudit.link.registry import GLOBAL_DEFAULTS, Declared, Registry, annotations_for
from taskaudit.link.seen import autoname_gaps, coverage, no_app_gap
from taskaudit.link.setting_items import setting_items
from taskaudit.link.settings import AppConfigs, ConfigView, Reading, app_configs
from taskaudit.link.signals import incidents_of, sentry_of
from taskaudit.link.version import celery_version


@dataclass(frozen=True, slots=True)
class Hints:
    """What ``[tool.taskaudit]`` says that the code cannot: ``settings`` and ``celery-app``."""

    settings: tuple[str, ...] = ()  # the Django settings module(s) the deployment uses
    celery_app: str | None = None  # the main app's dotted path


def build_project(
    files: Sequence[FileFacts],
    task_decorators: Sequence[str] = (),
    conventions: Conventions = DEFAULT_CONVENTIONS,
    hints: Hints = Hints(),
) -> Project:
    modules: dict[str, PythonFacts] = {}
    layout = Layout.of(f.path for f in files)
    for f in sorted(files, key=lambda f: f.path):
        if f.python is not None and layout.is_project_module(f.path, f.module):
            modules.setdefault(f.python.module, f.python)
    names = Names(modules)
    named = names.canonical(hints.celery_app) if hints.celery_app else None
    modules = promote_apps(modules, names, named)
    found = {names.canonical(a.qualname) for f in modules.values() for a in f.config.apps}
    # `celery-app` names the app even where taskaudit cannot see it being built.
    apps = tuple(sorted(found | ({named} if named else set())))
    version = celery_version(files)
    paths = {f.path: f.python.module for f in files if f.python and f.python.module in modules}
    reading = Reading(version.release(), paths, hints.settings, named)
    configs = app_configs(modules, apps, names.canonical, reading)
    view = configs.main
    registry = Registry(modules, names, frozenset(apps), task_decorators)
    declared, dropped = _declarations(modules, registry)
    constants = Constants(modules, names.canonical)
    declared = [
        replace(d, options=tuple((k, constants.resolve(v)) for k, v in d.options)) for d in declared
    ]
    routing = {id(v): _routing(v) for v in configs.views}
    results = {id(v): result_policy(_explicit(v)) for v in configs.views}
    defined_at = {
        names.canonical(a.qualname): a.location for f in modules.values() for a in f.config.apps
    }
    scopes = _scopes(configs, apps, defined_at)
    # With no app in sight, what its configuration may set is unknown to every task.
    unseen = () if apps else no_app_gap(modules, len(declared))
    tasks = tuple(
        sorted(
            (
                _task(d, configs.for_app(d.app), routing, results, unseen, modules, scopes)
                for d in declared
            ),
            key=lambda t: (t.location.path, t.location.line, t.name),
        )
    )
    # A retry or a lock a task delegates to a project function (link.helpers).
    helpers = Helpers(modules, names)
    tasks = tuple(follow_helpers(t, helpers) for t in tasks)
    by_object = {f"{t.module}.{t.function}": t for t in tasks}
    by_name = {t.name: t for t in tasks if t.name_known}
    dispatch = tuple(
        (
            site,
            by_object.get(names.canonical(site.target))
            if site.target
            else by_name.get(str(site.target_name)),
        )
        for f in modules.values()
        for site in f.dispatch
    )
    commands = commands_of(files)
    workers = workers_of(commands)
    unknown_autonames = sum(1 for t in tasks if not t.name_explicit and not t.name_known)
    unnamed = autoname_gaps(registry.autonames.unreadable(), unknown_autonames)
    seen = coverage(
        files, modules, apps, configs, dropped, len(tasks), commands,
        unnamed=unnamed, autonames=registry.autonames.candidates, layout=layout,
    )  # fmt: skip
    key_lines = {
        (where.path, key): where for f in modules.values() for key, where in f.config.key_locations
    }
    route_items = tuple(
        RouteItem(
            r.pattern,
            r.kind,
            r.queue,
            key_lines.get((r.location.path, r.pattern), r.location),
            tuple(t.name for t in tasks if match(r, t.name)),
            r,
        )
        for table, _ in routing.values()
        for r in table.routes
    )
    main_routes, default_queue = routing[id(view)]
    queues = _queues(tasks, route_items, dispatch, workers, configs.views)
    config = _explicit(view)
    read_by_project = frozenset(r for f in modules.values() for r in f.config.settings_reads)
    return Project(
        tasks=tasks,
        beat=beat_items(
            modules, names, by_object, by_name, settings_variants(modules, names, paths)
        ),
        routes=route_items,
        routes_unknown="task_routes is computed at run time" if main_routes.unknown else None,
        queues=queues,
        default_queue=default_queue,
        workers=workers,
        commands=commands,
        make_targets=celery_targets(files),
        makefile=makefile.path if (makefile := main_makefile(files)) is not None else None,
        dispatch=tuple(
            sorted(
                dispatch,
                key=lambda d: (d[0].location.path, d[0].location.line, d[0].location.column),
            )
        ),
        config=config,
        config_namespace=view.namespace,
        config_sources=view.sources,
        settings_problems=tuple(
            sorted(
                {p for v in configs.views for p in setting_items(v, version, read_by_project)},
                key=lambda p: (p.location.path, p.location.line, p.key),
            )
        ),
        apps=apps,
        sentry=sentry_of(modules),
        incidents=incidents_of(files, tasks),
        failures=tuple((f.path, f.failure) for f in files if f.failure is not None),
        artifacts=tuple(f.path for f in files if f.role == "beat-artifact"),
        sentry_inits=tuple(
            sorted((s for f in modules.values() for s in f.sentry), key=lambda s: s.location)
        ),
        app_locations=tuple(sorted(a.location for f in modules.values() for a in f.config.apps)),
        celery_version=version,
        conventions=conventions,
        coverage=seen,
        decisions=decide(
            conventions,
            tasks,
            route_items,
            queues,
            deployments_of(files),
            config,
            defined_at=defined_at,
            command_paths=[
                f.path
                for f in files
                if f.role == "python" and layout.is_project_module(f.path, f.module or "")
            ],
            dispatch=dispatch,
        ),
    )


def _scopes(
    configs: AppConfigs, apps: tuple[str, ...], defined_at: dict[str, Location]
) -> dict[int, AppScope]:
    """Each configuration view's app, and where a global default for it goes."""
    labels: dict[int, str] = {}
    for app, view in sorted(configs.by_app.items()):
        labels.setdefault(id(view), app)
    scopes = {}
    for view in configs.views:
        label = labels.get(id(view)) or (apps[0] if apps else None)
        where = defined_at.get(label) if label else None
        scopes[id(view)] = app_scope(label, _explicit(view), where)
    return scopes


def _declarations(
    modules: dict[str, PythonFacts], registry: Registry
) -> tuple[list[Declared], list[TaskCandidate]]:
    """The candidates Celery registers, and the decorated functions it does not (coverage)."""
    apps = registry.apps
    found: list[Declared] = []
    dropped: list[TaskCandidate] = []
    # The same for every module: built once, not once per module.
    registered = {
        registry.names.canonical(r.cls): registry.names.canonical(r.receiver)
        for f in modules.values()
        for r in f.registrations
    }
    for module, facts in modules.items():
        for candidate in facts.tasks:
            declared = registry.declare(module, candidate)
            if declared is not None:
                found.append(declared)
            else:
                dropped.append(candidate)
        for cls in facts.classes:
            if cls.qualname in registered and registry.is_task_class(cls.qualname):
                receiver = registered[cls.qualname]
                # `app.register_task(...)` or `app.tasks.register(...)`: the app's own naming.
                app = receiver.removesuffix(".tasks")
                found.append(registry.declare_class(module, cls, app if app in apps else None))
    return found, dropped


def _routing(view: ConfigView) -> tuple[RouteTable, str | Unknown]:
    setting = view.resolved.get("task_routes")
    table = parse_route_table(setting.value, setting.location or _NOWHERE)
    return table, _str_or_unknown(view.resolved.get("task_default_queue").value)


def _task(
    d: Declared,
    view: ConfigView,
    routing: dict[int, tuple[RouteTable, str | Unknown]],
    results: dict[int, ResultPolicy],
    unseen: tuple[Gap, ...],
    modules: dict[str, PythonFacts],
    scopes: dict[int, AppScope],
) -> Task:
    routes, default_queue = routing[id(view)]
    options: dict[str, Value] = {}
    sources: dict[str, str] = {}
    for option, setting in GLOBAL_DEFAULTS.items():
        effective = view.resolved.get(setting)
        if not effective.default:
            options[option] = effective.value
            sources[option] = f"setting:{setting}"
    for (key, value), (_, source) in zip(d.options, d.option_sources, strict=True):
        if value is None and sources.get(key, "").startswith("setting:"):
            # `time_limit = None` on a task or base class is Celery's "unset": the
            # worker falls back to the global limit, `Task.bind` fills the others
            # from the configuration (`from_config`); it shadows no global.
            continue
        options[key] = value
        sources[key] = source
    expected = f"{d.module}.{d.function}" if d.module else d.function
    name_value = d.name if d.name is not None else d.autoname
    name_known = isinstance(name_value, str)
    name = name_value if isinstance(name_value, str) else f"?{expected}"
    name_reason = name_value.reason if isinstance(name_value, Unknown) else None
    for key, value in annotations_for(view.resolved.get("task_annotations").value, name):
        options[key] = value
        sources[key] = "setting:task_annotations"
    decorator_queue = options.get("queue")
    placed = effective_queue(name, None, decorator_queue, routes, default_queue)
    candidate, cls = d.candidate, d.cls
    body: BodyFacts | None
    if candidate is not None:
        location, body = candidate.location, candidate.body
    else:
        assert cls is not None, "a declaration is a function or a class"
        location, body = cls.location, cls.run
    bound = bool(options.get("bind") is True) or cls is not None
    facts = modules.get(d.module)
    markers: tuple[str, ...] = ()
    if facts is not None and body is not None:
        first = candidate.decorator_line if candidate else location.line
        markers = tuple(
            m.reason
            for m in facts.comments.markers
            if first - 1 <= m.line <= body.last_line and m.kind == "idempotent"
        )
    return Task(
        name=name,
        name_known=name_known,
        name_explicit=d.name is not None,
        name_reason=name_reason,
        expected_name=expected,
        module=d.module,
        function=d.function,
        location=location,
        first_line=candidate.decorator_line if candidate is not None else location.line,
        style=d.style,
        via=d.via,
        app=d.app,
        options=options,
        option_sources=sources,
        explicit=d.explicit,
        bound=bound,
        first_param=candidate.first_param if candidate is not None else "self",
        body=body,
        markers=markers,
        queue=placed.queue,
        queue_source=placed.source,
        route_queue=_route_queue(routes, name),
        results=results[id(view)],
        config_gaps=(*view.gaps, *unseen),
        branch=candidate.branch if candidate is not None else (),
        inner_decorators=d.inner,
        scope=scopes[id(view)],
    )


_NOWHERE = Location("", 0, 0)


def _route_queue(routes: RouteTable, name: str) -> str | Unknown | None:
    """The first matching route's queue, also when a decorator `queue=` overrides it (TA606)."""
    found = first_match(routes, name)
    if found is None or isinstance(found, Unknown):
        return found
    return found.queue


def _explicit(view: ConfigView) -> dict[str, tuple[Value, Location | None]]:
    """The settings the configuration sets (Celery's defaults left out)."""
    return {e.setting: (e.value, e.location) for e in view.resolved.effective if not e.default}


def _str_or_unknown(value: Value) -> str | Unknown:
    return value if isinstance(value, str) else Unknown("default queue computed at run time")


def _queues(
    tasks: Sequence[Task],
    routes: Sequence[RouteItem],
    dispatch: Sequence[tuple[DispatchSite, Task | None]],
    workers: Sequence[CeleryCommand],
    views: Sequence[ConfigView],
) -> tuple[QueueItem, ...]:
    # Each app declares its own queues; a queue is declared when some app declares it.
    settings = [v.resolved.get("task_queues") for v in views]
    decls = [parse_queues(e.value, e.location) for e in settings]
    declared_names: set[str] | None = None
    unknown = next((d.reason for d in decls if d.unknown), None)
    if any(d.declared for d in decls) and unknown is None:
        declared_names = {name for d in decls for name in d.names}
    known = {name for d in decls for name in d.names}
    usage: dict[str, list[str]] = {}
    first: dict[str, Location] = {}
    for task in tasks:
        if isinstance(task.queue, str):
            usage.setdefault(task.queue, []).append(task.name)
            first.setdefault(task.queue, task.location)
    for route in routes:
        if isinstance(route.queue, str):
            usage.setdefault(route.queue, []).append(f"route:{route.pattern}")
            first.setdefault(route.queue, route.location)
    for site, _ in dispatch:
        if isinstance(site.queue, str):
            usage.setdefault(site.queue, []).append(
                f"call:{site.location.path}:{site.location.line}"
            )
            first.setdefault(site.queue, site.location)
    for name in declared_names or ():
        usage.setdefault(name, [])
    consumers: dict[str, list[str]] = {}
    default = views[0].resolved.get("task_default_queue").value
    for worker in workers:
        # A worker without -Q consumes the default queue (plus task_queues when declared).
        consumed: tuple[object, ...] | Unknown | None = worker.queues
        if consumed is None:
            consumed = tuple(sorted(declared_names)) if declared_names else (default,)
        if isinstance(consumed, tuple):
            for q in consumed:
                if isinstance(q, str):
                    where = f"{worker.location.path}:{worker.location.line} ({worker.context})"
                    consumers.setdefault(q, []).append(where)
    return tuple(
        QueueItem(
            name=q,
            declared=None if declared_names is None else q in declared_names,
            consumers=tuple(sorted(consumers.get(q, []))),
            used_by=tuple(sorted(set(usage[q]))),
            first_use=first.get(q),
            declared_unknown=unknown if unknown is not None and q not in known else None,
        )
        for q in sorted(usage)
    )
