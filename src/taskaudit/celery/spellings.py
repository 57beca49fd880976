"""How Celery's own objects are spelled in code that uses them: one list each.

Dotted paths are where Celery defines or re-exports the object, so that any
import a project writes resolves to one of them; read from the released
sources (5.7.0, 5.0.5, 4.4.7, 3.1.26, and 2.x for ``celery.decorators``).
``celery/__init__.py`` re-exports lazily (``local.recreate_module``'s
``by_module`` table), which is why ``celery.X`` and ``celery.<module>.X`` both
appear. A spelling no release can import is left out: nothing that runs
writes it.
"""

from __future__ import annotations

# The ``Celery`` application class: defined in ``celery/app/base.py``,
# re-exported by ``celery/app/__init__.py`` and lazily by ``celery/__init__.py``.
CELERY_CLASSES = frozenset({"celery.Celery", "celery.app.Celery", "celery.app.base.Celery"})

# The default app proxy: ``current_app = Proxy(get_current_app)`` in
# ``celery/_state.py``, re-exported by ``celery/__init__.py``.
CURRENT_APP = "celery.current_app"

# ``@shared_task``: defined in ``celery/app/__init__.py``, re-exported by
# ``celery/__init__.py``. (``celery/app/base.py`` imports it only inside
# ``Celery.task``, so ``celery.app.base.shared_task`` never imports.)
SHARED_TASK = frozenset({"celery.shared_task", "celery.app.shared_task"})

# The pre-5.0 ``@task`` decorator: defined in ``celery/task/base.py`` (3.x and
# 4.x; the package ``celery.task`` is itself callable there and re-exports it),
# and 2.x's deprecated ``celery.decorators.task``. Celery 5.0 removed them all.
LEGACY_TASK = frozenset(
    {"celery.task", "celery.task.task", "celery.task.base.task", "celery.decorators.task"}
)

# The ``Task`` base class: defined in ``celery/app/task.py``, re-exported by
# ``celery/__init__.py``; 3.x/4.x's ``celery.task.base.Task`` (re-exported as
# ``celery.task.Task``) subclasses it.
TASK_BASES = frozenset(
    {"celery.Task", "celery.app.task.Task", "celery.task.Task", "celery.task.base.Task"}
)

# ``signature(varies, *args, **kwargs)`` and the ``Signature`` class it builds:
# ``celery/canvas.py``, both re-exported by ``celery/__init__.py``.
SIGNATURE_FUNCTIONS = frozenset(
    {"celery.signature", "celery.canvas.signature", "celery.Signature", "celery.canvas.Signature"}
)

# Names an app object is held under, for a receiver whose construction is not
# in view (``app.send_task``, ``@celery_app.task`` on an app built by a factory):
# ``app`` (Celery's "First Steps" and "First steps with Django" guides:
# ``app = Celery(...)``), ``celery_app`` (the Django guide's ``proj/__init__.py``:
# ``from .celery import app as celery_app``; also celery.contrib.pytest's fixture),
# ``current_app`` (``CURRENT_APP`` imported by name), and two project idioms
# Celery itself never writes: ``celery = Celery(...)`` from the Flask pattern,
# and the ``capp`` shorthand.
APP_NAMES = frozenset({"app", "celery", "celery_app", "capp", "current_app"})
