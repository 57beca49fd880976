"""Tables for people: rich tables at a terminal, plain aligned columns in a pipe.

rich fits a table to the console's width, and a console that is not a
terminal is 80 columns wide: ``taskaudit inventory | less`` or a CI log
would get every long cell folded over several lines. Piped, a table is
therefore printed plain: a title line, a header, one line per row, columns
separated by two spaces, no box drawing, no colour, nothing wrapped. Values
come from the scanned code, so they are shown inert in both cases (no rich
markup, no terminal control characters).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from taskaudit.report.escape import plain

_GAP = "  "


@dataclass(frozen=True, slots=True)
class Grid:
    title: str | None
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    # Cells a terminal shows in red (e.g. a queue nobody consumes), as (row, column).
    alarms: frozenset[tuple[int, int]] = frozenset()
    boxed: bool = True  # at a terminal: lines around the cells, or bare columns


def plain_grid(grid: Grid) -> str:
    """The grid as aligned text, one line per row; the last column is not padded."""
    lines = [[plain(cell) for cell in row] for row in (grid.columns, *grid.rows)]
    widths = [max(cell_len(line[i]) for line in lines) for i in range(len(grid.columns))]
    out = [] if grid.title is None else [plain(grid.title)]
    for line in lines:
        padded = [cell + " " * (widths[i] - cell_len(cell)) for i, cell in enumerate(line[:-1])]
        out.append(_GAP.join([*padded, line[-1]]).rstrip())
    return "\n".join(out) + "\n"


def _rich(grid: Grid) -> Table:
    title = escape(plain(grid.title)) if grid.title else None
    if grid.boxed:
        table = Table(title=title, title_justify="left", header_style="bold", expand=False)
    else:
        table = Table(title=title, box=None, pad_edge=False, show_edge=False)
    for column in grid.columns:
        table.add_column(column, overflow="fold")
    for r, row in enumerate(grid.rows):
        cells = [escape(plain(cell)) for cell in row]
        table.add_row(
            *(f"[red]{c}[/]" if (r, i) in grid.alarms else c for i, c in enumerate(cells))
        )
    return table


def print_grids(grids: Sequence[Grid], console: Console) -> None:
    """Rich tables when ``console`` is a terminal, else plain grids a blank line apart."""
    if console.is_terminal:
        for grid in grids:
            console.print(_rich(grid))
        return
    console.file.write("\n".join(plain_grid(grid) for grid in grids))
