"""The fields each rule subject offers: the vocabulary of ``rules.yaml``.

Read from the kind modules of ``taskaudit.link.subjects``, where each field
is declared with its computation; loading a rules file validates every
field it names against it, and ``docs/facts.md`` is generated from it.
"""

from __future__ import annotations

from taskaudit.link.subjects import SCHEMA

__all__ = ["SCHEMA"]
