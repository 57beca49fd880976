"""Deciding the import roots from evidence: the precedence, agreement and its near misses."""

from __future__ import annotations

from taskaudit.core.location import Location
from taskaudit.link.coverage import Gap
from taskaudit.roots.decide import decide_roots
from taskaudit.roots.evidence import Evidence
from taskaudit.roots.tree import Tree

# A backend whose folder holds an __init__.py, next to manage.py: a shape the
# `__init__.py` climb reads as package `backend`.
BACKEND = [
    "src/backend/__init__.py",
    "src/backend/manage.py",
    "src/backend/shop/__init__.py",
    "src/backend/shop/settings.py",
    "src/backend/shop/worker.py",
    "src/backend/orders/__init__.py",
    "src/backend/orders/jobs.py",
]


def _settings(name: str, where: str = "src/backend/manage.py", line: int = 5) -> Evidence:
    return Evidence("settings", Location(where, line), name)


def _app(name: str, where: str = "Procfile", folder: str | None = None) -> Evidence:
    return Evidence("celery-app", Location(where, 1), name, folder)


def _import(name: str, where: str, line: int = 1) -> Evidence:
    return Evidence("import", Location(where, line), name)


def _manage(path: str) -> Evidence:
    return Evidence("manage.py", Location(path), folder=path.rpartition("/")[0] or ".")


def test_a_settings_module_that_lands_below_a_package_makes_that_folder_a_root() -> None:
    roots = decide_roots(Tree(BACKEND), [_settings("shop.settings")])
    assert (roots.added, roots.removed, roots.gaps) == (frozenset({"src/backend"}), frozenset(), ())
    assert roots.because == (("src/backend", (_settings("shop.settings"),)),)


def test_a_celery_app_target_and_imports_do_the_same() -> None:
    for evidence in (
        [_app("shop.worker")],
        [_manage("src/backend/manage.py"), _import("shop.worker", "src/backend/orders/jobs.py")],
    ):
        assert decide_roots(Tree(BACKEND), evidence).added == frozenset({"src/backend"})


def test_a_manage_py_alone_is_a_root_whatever_its_init() -> None:
    roots = decide_roots(Tree(BACKEND), [_manage("src/backend/manage.py")])
    assert roots.added == frozenset({"src/backend"})


def test_names_through_the_manage_py_folder_keep_it_a_package() -> None:
    """A manage.py inside the package it runs (settings `backend.shop.settings`): not a root."""
    evidence = [_manage("src/backend/manage.py"), _settings("backend.shop.settings")]
    roots = decide_roots(Tree(BACKEND), evidence)
    assert (roots.added, roots.removed, roots.gaps) == (frozenset(), frozenset(), ())


def test_imports_alone_propose_no_root_where_nothing_else_does() -> None:
    """`graphql.error` from the graphql library, in a project with its own graphql package."""
    tree = Tree(
        [
            "shop/__init__.py",
            "shop/graphql/__init__.py",
            "shop/graphql/error.py",
            "shop/graphql/views.py",
        ]
    )
    roots = decide_roots(tree, [_import("graphql.error", "shop/graphql/views.py")])
    assert (roots.added, roots.gaps) == (frozenset(), ())


def test_declared_names_that_disagree_are_a_gap_and_the_layout_stands() -> None:
    pro, con = _settings("shop.settings"), _app("backend.shop.worker", "Makefile")
    roots = decide_roots(Tree(BACKEND), [pro, con])
    assert roots.added == frozenset()
    reason = (
        "the import root is unclear: DJANGO_SETTINGS_MODULE `shop.settings`"
        " (src/backend/manage.py:5) is read from `src/backend/` as a root,"
        " `celery -A backend.shop.worker` (Makefile:1) through it as package `backend`"
    )
    assert roots.gaps == (Gap("registry", reason, "source-roots", pro.location),)


def test_imports_that_refuse_a_declared_change_are_a_gap() -> None:
    evidence = [
        _settings("shop.settings"),
        *(_import("backend.orders.jobs", f"src/backend/shop/m{i}.py") for i in range(3)),
    ]
    roots = decide_roots(Tree(BACKEND), evidence)
    assert roots.added == frozenset()
    assert [g.scope for g in roots.gaps] == ["registry"]


def test_imports_that_disagree_with_a_declared_layout_change_nothing() -> None:
    """The declared name confirms the layout: a library's import cannot overturn it."""
    evidence = [
        _settings("backend.shop.settings"),
        _import("shop.worker", "src/backend/orders/jobs.py"),
    ]
    roots = decide_roots(Tree(BACKEND), evidence)
    assert (roots.added, roots.gaps) == (frozenset(), ())


def test_imports_decide_at_two_files_to_one() -> None:
    pro = [_import("shop.worker", f"src/backend/orders/m{i}.py") for i in range(4)]
    con = [_import("backend.shop.worker", f"src/backend/orders/n{i}.py") for i in range(2)]
    manage = _manage("src/backend/manage.py")
    assert decide_roots(Tree(BACKEND), [manage, *pro, *con]).added == frozenset({"src/backend"})
    close = decide_roots(Tree(BACKEND), [manage, *pro[:3], *con])
    assert (close.added, [g.setting for g in close.gaps]) == (frozenset(), ["source-roots"])


def test_a_name_that_lands_in_two_places_decides_nothing() -> None:
    tree = Tree(
        [
            *("one/__init__.py", "one/shop/__init__.py", "one/shop/worker.py"),
            *("two/__init__.py", "two/shop/__init__.py", "two/shop/worker.py"),
        ]
    )
    assert decide_roots(tree, [_app("shop.worker")]).added == frozenset()
    assert decide_roots(tree, [_app("shop.worker", folder="two")]).added == {"two"}


def test_the_stated_working_directory_picks_the_landing() -> None:
    tree = Tree([*BACKEND, "tools/shop/__init__.py", "tools/shop/worker.py"])
    roots = decide_roots(tree, [_app("shop.worker", folder="src/backend")])
    assert roots.added == frozenset({"src/backend"})


def test_a_name_is_read_from_the_roots_that_hold_the_file_naming_it() -> None:
    tree = Tree([*BACKEND, "tools/shop/__init__.py", "tools/shop/worker.py"])
    roots = decide_roots(
        tree, [_settings("shop.settings"), _app("shop.worker", "src/backend/x.py")]
    )
    assert roots.added == frozenset({"src/backend"})


def test_a_module_or_package_wins_over_a_namespace_folder_of_the_same_name() -> None:
    """`-A site` run from the top, with an outer `site/` folder holding the `site` package."""
    tree = Tree(["site/manage.py", "site/site/__init__.py", "site/site/celery.py"])
    roots = decide_roots(tree, [_app("site", "Makefile")])
    assert (roots.added, roots.removed) == (frozenset(), frozenset())


def test_names_through_a_folder_without_init_make_it_a_namespace_package() -> None:
    tree = Tree(["apps/users/__init__.py", "apps/users/tasks.py", "apps/shop/__init__.py"])
    roots = decide_roots(tree, [_settings("apps.users.tasks", "manage.py")])
    assert roots.removed == frozenset({"apps"})


def test_a_module_importing_a_library_of_its_own_name_is_no_evidence() -> None:
    tree = Tree(["proj/__init__.py", "proj/celery/__init__.py", "proj/celery/app.py"])
    roots = decide_roots(tree, [_import("celery.app", "proj/celery/app.py")])
    assert roots.removed == roots.added == frozenset()


def test_configured_roots_win_and_silence_the_evidence_below_them() -> None:
    evidence = [_settings("shop.settings"), _app("backend.shop.worker", "Makefile")]
    roots = decide_roots(Tree(BACKEND), evidence, ["src"])
    assert (roots.configured, roots.added, roots.gaps) == (("src",), frozenset(), ())


def test_src_and_backend_package_folders_at_the_top_are_roots() -> None:
    roots = decide_roots(Tree(BACKEND), [])
    assert roots.added == frozenset({"src/backend"})
    nested = Tree(["shop/__init__.py", "shop/backend/__init__.py", "shop/backend/api.py"])
    assert decide_roots(nested, []).added == frozenset()  # a package named backend


def test_strings_make_folders_that_are_not_identifiers_importable() -> None:
    tree = Tree(["my-site/__init__.py", "my-site/conf/__init__.py", "my-site/conf/settings.py"])
    roots = decide_roots(tree, [_settings("my-site.conf.settings", "manage.py")])
    assert roots.named == frozenset({"my-site", "my-site/conf", "my-site/conf/settings"})
    assert roots.by_string == (("my-site", _settings("my-site.conf.settings", "manage.py")),)
    assert decide_roots(tree, []).named == frozenset()


def test_a_worker_app_that_is_nowhere_in_the_tree_is_a_config_gap() -> None:
    roots = decide_roots(Tree(BACKEND), [_app("billing.celery")])
    reason = (
        "`celery -A billing.celery` (Procfile:1) names an app in a module"
        " that is not in the scanned tree"
    )
    assert roots.gaps == (Gap("config", reason, "celery-app", Location("Procfile", 1)),)
    # `-A shop.worker.app`: Celery falls back to attribute `app` of module shop.worker
    assert decide_roots(Tree(BACKEND), [_app("shop.worker.app")]).gaps == ()


def test_a_folder_no_module_could_be_named_from_is_no_root() -> None:
    template = Tree(["{{ name }}/src/__init__.py", "{{ name }}/src/{{ module }}/tasks.py"])
    assert decide_roots(template, []).added == frozenset()
