"""Command-line interface (placeholder until wired)."""

from __future__ import annotations


def main() -> None:
    raise SystemExit(0)
