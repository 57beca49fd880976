from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from rich.console import Console

from report.sample import PROJECT
from taskaudit.inventory import inventory_data
from taskaudit.pipeline import scan_sources
from taskaudit.render.grid import Grid, plain_grid, print_grids
from taskaudit.render.tables import inventory_grids

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "clinic"
BOX_DRAWING = set("─│┃┏┓┗┛┡┩└┘├┤┬┴┼━╇")

GRID = Grid(
    "Queues",
    ("queue", "consumed by", "used by"),
    (
        ("celery", "no worker", "apps.sync.tasks.pull"),
        ("heavy-imports", "Procfile:3", "-"),
    ),
    alarms=frozenset({(0, 1)}),
)


def test_a_plain_grid_aligns_columns_and_pads_no_line_end() -> None:
    assert plain_grid(GRID) == (
        "Queues\n"
        "queue          consumed by  used by\n"
        "celery         no worker    apps.sync.tasks.pull\n"
        "heavy-imports  Procfile:3   -\n"
    )


def test_a_plain_row_stays_one_line_whatever_the_cell_holds() -> None:
    grid = Grid(None, ("key", "comment"), (("nightly", "owner: ops\n- call @ops\x1b[2J"),))
    assert plain_grid(grid) == "key      comment\nnightly  owner: ops\\x0a- call @ops\\x1b[2J\n"


def test_wide_characters_are_aligned_by_the_cells_they_take() -> None:
    grid = Grid(None, ("name", "queue"), (("tâche_日本", "light"), ("x", "heavy")))
    assert plain_grid(grid).splitlines()[1:] == ["tâche_日本  light", "x           heavy"]


def test_piped_grids_are_plain_and_a_blank_line_apart() -> None:
    out = io.StringIO()
    print_grids([GRID, GRID], Console(file=out, width=20))
    assert out.getvalue() == plain_grid(GRID) + "\n" + plain_grid(GRID)


def test_at_a_terminal_cells_are_shown_not_read_as_rich_markup() -> None:
    out = io.StringIO()
    grid = Grid("T", ("name",), (("[bold red]x[/]",),))
    print_grids([grid], Console(file=out, width=40, force_terminal=True, color_system=None))
    assert "[bold red]x[/]" in out.getvalue()
    assert set(out.getvalue()) & BOX_DRAWING


def test_inventory_tables_flag_a_queue_nobody_consumes() -> None:
    queues = next(g for g in inventory_grids(inventory_data(PROJECT)) if g.title == "Queues")
    assert [row[:3] for row in queues.rows] == [
        ("celery", "-", "no worker"),
        ("heavy", "-", "Procfile:3 (worker-heavy)"),
    ]
    assert queues.alarms == {(0, 2)}


def test_inventory_piped_prints_one_line_per_row_and_no_boxes() -> None:
    """stdout is a pipe here, as in `taskaudit inventory | less` or a CI log."""
    done = subprocess.run(
        [sys.executable, "-m", "taskaudit", "inventory", str(EXAMPLE), "--no-cache"],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "80"},
    )
    lines = done.stdout.splitlines()
    assert done.returncode == 0
    assert not set(done.stdout) & BOX_DRAWING
    assert "\x1b" not in done.stdout
    start = lines.index("Tasks (30)") + 2
    tasks = lines[start : lines.index("", start)]
    assert len(tasks) == 30
    assert tasks[0].split() == [
        "apps.dataquality.tasks.run_practice_checks",
        "apps/dataquality/tasks.py:32",
        "shared_task",
        "light",
        "(default)",
        "max_retries=3;",
        "autoretry_for=django.db.OperationalError;",
        "retry_backoff=yes;",
        "acks_late=no;",
        "soft_time_limit=300",
    ]
    assert max(len(line) for line in lines) > 80


def test_rules_list_piped_is_one_line_per_rule_with_its_title() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "taskaudit", "rules", "list"],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "80"},
    )
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["id", "slug", "severity", "section", "title"]
    assert len(lines) == 1 + 3 + 40
    assert lines[4] == (
        "TA101   task-name-missing                  warning   naming         "
        "Task declared without an explicit name"
    )
    assert all(line == line.rstrip() for line in lines)


TASK_FILES = {"app/tasks.py": "from celery import shared_task\n"}


def test_inventory_shows_the_celery_version_and_where_it_was_read() -> None:
    pinned = scan_sources({"requirements.txt": "celery[redis]==5.5.3\n", **TASK_FILES})[1]
    data = inventory_data(pinned)
    assert data["config"]["celery_version"] == {
        "releases": ["5.5.3"],
        "source": "declared in requirements.txt",
        "locations": ["requirements.txt:1"],
        "notes": [],
    }
    grid = next(g for g in inventory_grids(data) if g.title == "Celery version")
    assert grid.rows == (("5.5.3", "declared in requirements.txt", "requirements.txt:1"),)
    unknown = inventory_data(scan_sources(TASK_FILES)[1])["config"]["celery_version"]
    assert (unknown["releases"], unknown["source"]) == (None, "no dependency file names celery")
