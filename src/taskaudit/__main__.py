"""Entry point for ``python -m taskaudit``."""

from __future__ import annotations

from taskaudit.cli import main

if __name__ == "__main__":
    main()
