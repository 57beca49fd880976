"""The ``taskaudit`` command line.

One module per concern: ``root`` (the app and its global flags),
``options`` (the flags every command that reads a project shares, and the
one way from them to ``ScanOptions``), a module per command family, and
``entry`` (one line per error, the documented exit codes). Heavy modules are
imported inside the commands, so ``--version`` and ``--help`` start fast.
Exit codes: 0 clean, 1 findings at or above ``--fail-on``, 2 usage or
configuration error, 3 internal error.
"""

from __future__ import annotations

from taskaudit.cli.entry import main
from taskaudit.cli.inventory import inventory_command
from taskaudit.cli.project import baseline_command, clean_command, explain_command, init_command
from taskaudit.cli.root import app
from taskaudit.cli.rules import rules_app
from taskaudit.cli.scan import scan_command

# Registered here, in the order `taskaudit --help` lists them.
app.command("inventory")(inventory_command)
app.command("scan")(scan_command)
app.command("baseline")(baseline_command)
app.command("init")(init_command)
app.command("explain")(explain_command)
app.command("clean")(clean_command)
app.add_typer(rules_app)

__all__ = ["app", "main"]
