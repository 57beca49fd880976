"""The machine-readable state hidden at the end of a drift report.

A report ends with one HTML comment, ``<!-- taskaudit:state {json} -->``,
which Markdown renderers do not show (CommonMark HTML block type 2). It
holds what next month's report needs (each open finding's fingerprint, rule,
path and the month it was first seen) and a SHA-256 over the report's text
and that state, so a report edited by hand since taskaudit wrote it is told
apart from one it may replace.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

MARKER = "taskaudit:state"
FORMAT = 1
_COMMENT = re.compile(r"\n<!-- taskaudit:state (\{.*\}) -->\n\Z")


@dataclass(frozen=True, slots=True)
class StateEntry:
    fingerprint: str
    rule_id: str
    path: str
    first_seen: str  # YYYY-MM


@dataclass(frozen=True, slots=True)
class State:
    month: str
    entries: tuple[StateEntry, ...]
    intact: bool  # the text and state still hash to the recorded digest


def _payload(month: str, entries: Sequence[StateEntry]) -> dict[str, Any]:
    rows = sorted(entries, key=lambda e: e.fingerprint)
    return {
        "format": FORMAT,
        "month": month,
        "findings": [
            {
                "fingerprint": e.fingerprint,
                "rule_id": e.rule_id,
                "path": e.path,
                "first_seen": e.first_seen,
            }
            for e in rows
        ],
    }


def _digest(body: str, payload: dict[str, Any]) -> str:
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{body}\0{canonical}".encode()).hexdigest()


def embed_state(body: str, month: str, entries: Sequence[StateEntry]) -> str:
    """``body`` (ending in one newline) followed by the state comment."""
    body = body.rstrip("\n") + "\n"
    payload = _payload(month, entries)
    payload["sha256"] = _digest(body, payload)
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    # `--` may not appear inside an HTML comment; in JSON it can only be inside
    # a string, where `\u002d` reads back as the same hyphen.
    text = text.replace("--", "-\\u002d")
    return f"{body}\n<!-- {MARKER} {text} -->\n"


def read_state(text: str) -> State | None:
    """The state at the end of ``text``, or None when there is none (or it is unreadable)."""
    match = _COMMENT.search(text)
    if match is None:
        return None
    try:
        payload = json.loads(match.group(1))
        recorded = payload.pop("sha256")
        month = payload["month"]
        entries = tuple(
            StateEntry(row["fingerprint"], row["rule_id"], row["path"], row["first_seen"])
            for row in payload["findings"]
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    if not isinstance(month, str) or not all(
        isinstance(v, str)
        for e in entries
        for v in (e.fingerprint, e.rule_id, e.path, e.first_seen)
    ):
        return None
    body = text[: match.start()]
    intact = recorded == _digest(body, _payload(month, entries)) and payload.get("format") == FORMAT
    return State(month, entries, intact)
