"""Deciding the import roots from the evidence, deterministically.

Precedence, strongest first:

1. ``source-roots`` configured in ``[tool.taskaudit]``: a file under one is
   named from the deepest such root, and nothing below overrides it.
2. *Names* (``taskaudit.roots.evidence``): each lands in the tree at one
   folder (``Tree.land``), chosen by the working directory a ``celery``
   command states, else as the deepest landing folder that holds the file
   the name is written in (``sys.path`` of that program), else as the only
   folder it lands at anywhere; a name that lands at several, or nowhere,
   decides nothing. A landing *supports* its folder as a root and *counts
   against* every package folder it passes through. A folder only
   supported is a root; only counted against, it is not (a folder without
   ``__init__.py`` is then a namespace package, PEP 420). Both: the names
   disagree, the ``__init__.py`` layout stands, and a ``source-roots`` gap
   says why.
3. *Places* decide a folder no name touches: the folder of a ``manage.py``,
   the folders packaging metadata installs from, a ``src/`` or
   ``backend/`` package folder at the top of its package chain.
4. Otherwise the ``__init__.py`` layout: climb while folders are packages.

A name written with a folder that is not an identifier (``my-site.config``)
also makes that folder importable (``Roots.named``), as
``importlib.import_module`` accepts it; nothing else does.
"""

from __future__ import annotations

import keyword
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from taskaudit.core.location import Location
from taskaudit.link.coverage import Gap
from taskaudit.roots.evidence import Evidence
from taskaudit.roots.tree import Landing, Tree, parent
from taskaudit.roots.votes import Votes

_LAYOUT_FOLDERS = frozenset({"src", "backend"})


@dataclass(frozen=True, slots=True)
class Roots:
    """The decided import roots, and what decided them."""

    configured: tuple[str, ...] = ()
    added: frozenset[str] = frozenset()  # package folders that are on sys.path
    removed: frozenset[str] = frozenset()  # folders without __init__.py named through
    named: frozenset[str] = frozenset()  # paths (no ".py") a string names: importable
    because: tuple[tuple[str, tuple[Evidence, ...]], ...] = ()  # folder -> its evidence
    # Folders that are not identifiers, made importable by a string: folder -> that string.
    by_string: tuple[tuple[str, Evidence], ...] = ()
    gaps: tuple[Gap, ...] = field(default=(), compare=False)

    @property
    def key(self) -> tuple[object, ...]:
        """What module paths depend on: equal keys, equal modules."""
        return (self.configured, self.added, self.removed, self.named)


def decide_roots(tree: Tree, evidence: Iterable[Evidence], configured: Sequence[str] = ()) -> Roots:
    configured = tuple(c.strip("/") for c in configured if c.strip("/"))
    votes = Votes()
    places: dict[str, list[Evidence]] = {}
    landed: list[tuple[Evidence, Landing]] = []
    unseen: list[Evidence] = []
    for item in sorted({*evidence, *layout_evidence(tree)}):
        if not item.is_name:
            places.setdefault(item.folder or ".", []).append(item)
            continue
        landing = pick(tree, item)
        if landing is not None:
            landed.append((item, landing))
            votes.add(item, landing)
        elif item.kind == "celery-app" and not _landings(tree, item):
            unseen.append(item)
    added: set[str] = set()
    removed: set[str] = set()
    because: list[tuple[str, tuple[Evidence, ...]]] = []
    gaps = [_unseen_app(item) for item in unseen]
    for folder in sorted((votes.folders() | set(places)) & tree.folders):
        if _configured(folder, configured):
            continue
        default = tree.layout_root(folder)
        candidate = default or folder in places or votes.declared_root(folder)
        decided, why = votes.decide(folder, default, candidate)
        if decided is None:
            gaps.append(_conflict(folder, why))
            continue
        if not why and folder in places:
            decided, why = True, places[folder]
        if decided and not default and not tree.holds_modules(folder):
            continue  # a template's folder (`{{ name }}/src`): no module would be named from it
        if decided != default:
            (added if decided else removed).add(folder)
            because.append((folder, tuple(why)))
    roots = Roots(configured, frozenset(added), frozenset(removed), because=tuple(because))
    named: dict[str, Evidence] = {}
    for item, landing in landed:
        if item.kind != "import" and _consistent(landing, roots, tree):
            for path in (*landing.folders(), landing.target):
                named.setdefault(path, item)
    return Roots(
        configured,
        roots.added,
        roots.removed,
        frozenset(named),
        roots.because,
        tuple((p, e) for p, e in sorted(named.items()) if not _identifier(p.rpartition("/")[2])),
        tuple(sorted(set(gaps))),
    )


def pick(tree: Tree, item: Evidence) -> Landing | None:
    """The one folder a name lands at for the program that writes it; None if not one."""
    landings = _landings(tree, item)
    own = item.location.path
    landings = tuple(
        landing
        for landing in landings
        if own not in (landing.target + ".py", landing.target + "/__init__.py")
    )
    if any(tree.regular(landing) for landing in landings):
        landings = tuple(landing for landing in landings if tree.regular(landing))
    if item.folder is not None:
        stated = [landing for landing in landings if landing.root == item.folder]
        if stated:
            return stated[0]
    home = parent(own)
    holding = [landing for landing in landings if _holds(landing.root, home)]
    if holding:
        return max(holding, key=lambda landing: len(landing.root))
    return landings[0] if len(landings) == 1 else None


def _landings(tree: Tree, item: Evidence) -> tuple[Landing, ...]:
    name = item.name or ""
    landings = tree.land(name)
    if not landings and item.kind == "celery-app" and "." in name:
        # `-A proj.celery.app`: Celery falls back to attribute `app` of module proj.celery.
        landings = tree.land(name.rpartition(".")[0])
    return landings


def layout_evidence(tree: Tree) -> list[Evidence]:
    """``src/`` and ``backend/`` package folders at the top of their package chain."""
    return [
        Evidence("layout", Location(folder + "/__init__.py"), folder=folder)
        for folder in sorted(tree.init_dirs)
        if folder.rpartition("/")[2] in _LAYOUT_FOLDERS and parent(folder) not in tree.init_dirs
    ]


def _identifier(name: str) -> bool:
    return name.isidentifier() and not keyword.iskeyword(name)


def _holds(root: str, folder: str) -> bool:
    return root == "." or folder == root or folder.startswith(root + "/")


def _configured(folder: str, configured: Sequence[str]) -> bool:
    return any(_holds(root, folder) for root in configured)


def _consistent(landing: Landing, roots: Roots, tree: Tree) -> bool:
    """Whether the decided roots name the landing's target as the name does."""
    if landing.root != "." and not (
        landing.root in roots.added
        or (tree.layout_root(landing.root) and landing.root not in roots.removed)
    ):
        return False
    return not any(f in roots.added for f in landing.folders())


def _unseen_app(item: Evidence) -> Gap:
    """A worker runs an app from a module that is not in the tree: its configuration is unseen."""
    reason = f"{item.describe()} names an app in a module that is not in the scanned tree"
    return Gap("config", reason, "celery-app", item.location)


def _conflict(folder: str, why: list[Evidence]) -> Gap:
    pro, con = why[0], why[-1]
    package = folder.rpartition("/")[2]
    reason = (
        f"the import root is unclear: {pro.describe()} is read from `{folder}/` as a root, "
        f"{con.describe()} through it as package `{package}`"
    )
    return Gap("registry", reason, "source-roots", pro.location)
