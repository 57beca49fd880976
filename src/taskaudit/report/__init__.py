"""Outputs of a scan: the monthly drift report in Markdown and the CI formats.

Everything here reads a finished ``ScanResult`` (``taskaudit.results``); the
only I/O is ``writer.write_report``, ``history.find_previous`` and reading the
packaged template. docs/report.md describes the outputs.

The package imports none of its modules: a command loads only the output it
writes, so a JSON or SARIF run never pays for Jinja.
"""
