"""``taskaudit inventory``: what taskaudit reads in a project, before any rule runs."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from taskaudit.cli.options import (
    ConfigOption,
    IsolatedOption,
    JobsOption,
    NoCacheOption,
    PathArg,
    project_options,
)


class InventoryFormat(StrEnum):
    table = "table"
    json = "json"


def inventory_command(
    path: PathArg = Path(),
    output_format: Annotated[
        InventoryFormat, typer.Option("--format", "-f", help="table for people, json for tools.")
    ] = InventoryFormat.table,
    no_cache: NoCacheOption = False,
    jobs: JobsOption = None,
    config_file: ConfigOption = None,
    isolated: IsolatedOption = False,
) -> None:
    """List what taskaudit sees: tasks, beat, queues, routes, workers, Make targets, settings.

    Examples:

        taskaudit inventory

        taskaudit inventory backend/ --format json | jq '.tasks[].name'
    """
    import json

    from taskaudit.inventory import coverage_data, inventory_data
    from taskaudit.scan import read_project

    given = project_options(path, config_file, isolated, no_cache=no_cache, jobs=jobs)
    project = read_project(given.root, given.options).project
    data = {**inventory_data(project), "coverage": coverage_data(project.coverage)}
    if output_format is InventoryFormat.json:
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return
    from rich.console import Console

    from taskaudit.render.coverage import coverage_lines
    from taskaudit.render.tables import render_inventory

    # What the tables cannot show comes first: a task that was not found has no row.
    render_inventory(data, Console(), coverage_lines(project))
