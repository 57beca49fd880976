"""The operations Makefile is chosen by content: a nearer docs or frontend one is passed over."""

from __future__ import annotations

from taskaudit.pipeline import scan_sources

APP = 'from celery import Celery\n\napp = Celery("app")\n'
SPHINX = "SPHINXBUILD = sphinx-build\nhtml:\n\t$(SPHINXBUILD) -b html . _build\n"
FRONT = "build:\n\tyarn build\n"
OPS = "worker:  ## a worker\n\tcelery -A app worker -l info\n"


def _makefile(files: dict[str, str]) -> tuple[str | None, tuple[str, ...]]:
    _, project = scan_sources({"app/celery.py": APP, **files})
    return project.makefile, tuple(t.name for t, _ in project.make_targets)


def test_a_deeper_operations_makefile_wins_over_a_docs_one() -> None:
    assert _makefile({"docs/Makefile": SPHINX, "backend/Makefile": OPS}) == (
        "backend/Makefile",
        ("worker",),
    )


def test_only_docs_and_frontend_makefiles_mean_no_operations_makefile() -> None:
    assert _makefile({"docs/Makefile": SPHINX, "web/Makefile": FRONT}) == (None, ())


def test_the_top_most_operations_makefile_still_wins() -> None:
    assert _makefile({"Makefile": OPS, "backend/Makefile": OPS.replace("worker", "run")}) == (
        "Makefile",
        ("worker",),
    )
