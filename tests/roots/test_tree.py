"""Where a dotted name lands in a tree, and where the ``__init__.py`` climb stops."""

from __future__ import annotations

from taskaudit.roots.tree import Landing, Tree

TREE = Tree(
    [
        "src/backend/__init__.py",
        "src/backend/manage.py",
        "src/backend/shop/__init__.py",
        "src/backend/shop/settings.py",
        "src/backend/shop/jobs/__init__.py",
        "src/backend/shop/jobs/sweep.py",
        "src/backend/shop/loose/helpers.py",
        "tools/shop/settings.py",
        "docs/conf.py",
    ]
)


def test_a_name_lands_at_every_folder_it_can_be_imported_from() -> None:
    assert TREE.land("shop.settings") == (
        Landing("src/backend", "src/backend/shop/settings"),
        Landing("tools", "tools/shop/settings"),
    )
    assert TREE.land("backend.shop.jobs") == (Landing("src", "src/backend/shop/jobs"),)
    assert TREE.land("docs.conf") == (Landing(".", "docs/conf"),)


def test_names_that_are_not_in_the_tree_land_nowhere() -> None:
    assert TREE.land("shop.urls") == ()
    assert TREE.land("hop.settings") == ()  # a suffix of a folder name is not the folder
    assert TREE.land("shop..settings") == ()
    assert TREE.land("") == ()


def test_a_landing_passes_through_its_package_folders() -> None:
    assert Landing("src/backend", "src/backend/shop/jobs/sweep").folders() == (
        "src/backend/shop",
        "src/backend/shop/jobs",
        "src/backend/shop/jobs/sweep",
    )
    assert Landing(".", "docs/conf").folders() == ("docs", "docs/conf")


def test_the_climb_stops_at_folders_that_are_not_packages() -> None:
    assert TREE.layout_root(".") is True
    assert TREE.layout_root("src") is True
    assert TREE.layout_root("tools") is True
    assert TREE.layout_root("src/backend") is False
    assert TREE.layout_root("src/backend/shop") is False
    # a folder without __init__.py inside a package is a namespace package (PEP 420)
    assert TREE.layout_root("src/backend/shop/loose") is False
    # ... but only below a package: tools/shop is a root's top folder
    assert TREE.layout_root("tools/shop") is True


def test_modules_and_packages_are_regular_namespace_folders_are_not() -> None:
    assert TREE.regular(Landing("src/backend", "src/backend/shop/settings")) is True
    assert TREE.regular(Landing("src/backend", "src/backend/shop")) is True
    assert TREE.regular(Landing("tools", "tools/shop")) is False
