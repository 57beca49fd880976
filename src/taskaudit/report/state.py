"""The machine-readable state hidden at the end of a drift report.

A report ends with one HTML comment, ``<!-- taskaudit:state {json} -->``,
which Markdown renderers do not show (CommonMark HTML block type 2). It
holds what next month's report needs: each open finding's fingerprint,
rule, first-seen month, path and short message (to say what was resolved),
the open findings by severity of every
month so far (the chart), and a SHA-256 over the report's text and that
state, so a report edited by hand since taskaudit wrote it is told apart
from one it may replace.

Format 2 writes the JSON over several lines, one month and one finding per
line, each finding a short array: a month's pull request then shows the
findings that came and went as added and removed lines. Format 1 (one line,
each finding an object, no history) is still read.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

MARKER = "taskaudit:state"
FORMAT = 2
HISTORY_MONTHS = 24  # months of counts a report carries forward
SEVERITIES = ("error", "warning", "info")  # the order of a history row's counts
_COMMENT = re.compile(r"\n<!-- taskaudit:state (\{.*\}) -->\n\Z", re.DOTALL)


@dataclass(frozen=True, slots=True)
class StateEntry:
    fingerprint: str
    rule_id: str
    path: str
    first_seen: str  # YYYY-MM
    summary: str = ""  # the message's short form; "" when read from format 1


@dataclass(frozen=True, slots=True)
class MonthCounts:
    """Open findings of one month's report, by severity (error, warning, info)."""

    month: str
    counts: tuple[int, int, int]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True, slots=True)
class State:
    month: str
    entries: tuple[StateEntry, ...]
    intact: bool  # the text and state still hash to the recorded digest
    history: tuple[MonthCounts, ...] = ()  # format 2; empty when read from format 1


def _payload(
    month: str, entries: Sequence[StateEntry], history: Sequence[MonthCounts]
) -> dict[str, Any]:
    rows = sorted(entries, key=lambda e: e.fingerprint)
    return {
        "format": FORMAT,
        "month": month,
        "history": [[h.month, *h.counts] for h in history],
        "findings": [[e.fingerprint, e.rule_id, e.first_seen, e.path, e.summary] for e in rows],
    }


def _payload_v1(month: str, entries: Sequence[StateEntry]) -> dict[str, Any]:
    rows = sorted(entries, key=lambda e: e.fingerprint)
    findings = [
        {
            "fingerprint": e.fingerprint,
            "rule_id": e.rule_id,
            "path": e.path,
            "first_seen": e.first_seen,
        }
        for e in rows
    ]
    return {"format": 1, "month": month, "findings": findings}


def _compact(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    # `--` may not appear inside an HTML comment, and no markup should: in JSON
    # they can only be inside a string, where `\u002d` reads back as the same hyphen.
    return text.replace("--", "-\\u002d").replace("<", "\\u003c").replace(">", "\\u003e")


def _digest(body: str, payload: dict[str, Any]) -> str:
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{body}\0{canonical}".encode()).hexdigest()


def _lines(rows: list[Any]) -> str:
    if not rows:
        return "[]"
    return "[\n" + ",\n".join(_compact(row) for row in rows) + "\n]"


def embed_state(
    body: str,
    month: str,
    entries: Sequence[StateEntry],
    history: Sequence[MonthCounts] = (),
) -> str:
    """``body`` (ending in one newline) followed by the state comment."""
    body = body.rstrip("\n") + "\n"
    payload = _payload(month, entries, history)
    head = {"format": FORMAT, "month": month, "sha256": _digest(body, payload)}
    text = (
        _compact(head)[:-1]
        + ',\n"history":'
        + _lines(payload["history"])
        + ',\n"findings":'
        + _lines(payload["findings"])
        + "}"
    )
    return f"{body}\n<!-- {MARKER} {text} -->\n"


def _month_counts(row: Any) -> MonthCounts:
    month, *counts = row
    if not isinstance(month, str) or len(counts) != 3:
        raise ValueError("a history row is [month, error, warning, info]")
    if not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in counts):
        raise ValueError("counts are whole numbers")
    return MonthCounts(month, (counts[0], counts[1], counts[2]))


def _entry(row: Any) -> StateEntry:
    if isinstance(row, dict):  # format 1
        return StateEntry(row["fingerprint"], row["rule_id"], row["path"], row["first_seen"])
    fingerprint, rule_id, first_seen, path, summary = row
    return StateEntry(fingerprint, rule_id, path, first_seen, summary)


def read_state(text: str) -> State | None:
    """The state at the end of ``text``, or None when there is none (or it is unreadable)."""
    match = _COMMENT.search(text)
    if match is None:
        return None
    try:
        payload = json.loads(match.group(1))
        recorded = payload.pop("sha256")
        month = payload["month"]
        version = payload.get("format")
        entries = tuple(_entry(row) for row in payload["findings"])
        history = tuple(_month_counts(row) for row in payload.get("history", ()))
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    if not isinstance(month, str) or not all(
        isinstance(v, str)
        for e in entries
        for v in (e.fingerprint, e.rule_id, e.path, e.first_seen, e.summary)
    ):
        return None
    body = text[: match.start()]
    expected = (
        _payload(month, entries, history) if version == FORMAT else _payload_v1(month, entries)
    )
    intact = version in (1, FORMAT) and recorded == _digest(body, expected)
    return State(month, entries, intact, history)
