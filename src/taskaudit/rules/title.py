"""A rule's title: the one line a person scanning a list of rules reads.

``rules list``, SARIF ``shortDescription`` (GitHub code scanning shows it as
the rule's name), the report's headings and the generated docs all show it,
so it must stand on its own: one line, at most ``MAX_TITLE`` characters, a
whole phrase with no trailing period. A rules file that gives no title gets
one from the first sentence of ``docs.what``, cut at a sentence boundary
and, when that sentence is too long, at a word boundary marked with "…".
"""

from __future__ import annotations

import re

MAX_TITLE = 80
# Words a whole English phrase does not end on: a title ending on one was cut short.
_DANGLING = frozenset(
    (
        *("a", "an", "the", "its", "their", "no", "not", "is", "are", "was", "be"),
        *("and", "or", "nor", "but", "than", "that", "which", "who", "whose"),
        *("when", "where", "while", "if", "because", "via", "per"),
        *("of", "to", "with", "without", "for", "from", "in", "into", "onto", "at", "by", "as"),
    )
)
# Marks a phrase does not end on; the dashes are the en and em dash.
_CUT_MARKS = ",;:-(/[\u2013\u2014"
_PAIRS = {")": "(", "]": "["}
# A sentence ends at ". " before a capital or a backtick; "e.g. x" and `a.b` do not end one.
_SENTENCE_END = re.compile(r"(?<!\be\.g)(?<!\bi\.e)\.\s+(?=[A-Z`\"(])")


def _balanced(text: str) -> bool:
    stack: list[str] = []
    in_code = False
    for char in text:
        if char == "`":
            in_code = not in_code
        elif in_code:
            continue
        elif char in "([":
            stack.append(char)
        elif char in _PAIRS and (not stack or stack.pop() != _PAIRS[char]):
            return False
    return not stack and not in_code


def title_problem(title: str) -> str | None:
    """Why ``title`` is not a usable title, or None when it is."""
    if "\n" in title or "\r" in title:
        return "one line, without a line break"
    text = title.strip()
    if text != title:
        return "no leading or trailing spaces"
    if len(text) > MAX_TITLE:
        return f"{len(text)} characters; at most {MAX_TITLE}"
    if text.endswith(("...", "…")):
        return "ends with an ellipsis, as if cut mid-sentence; write a whole phrase"
    if text.endswith("."):
        return "no trailing period: a title is a phrase, not a sentence"
    if text[-1] in _CUT_MARKS:
        return f"ends with {text[-1]!r}, as if cut mid-sentence; write a whole phrase"
    words = text.lower().split()
    if text[-1].isalpha() and words[-1] in _DANGLING:
        return f"ends with {words[-1]!r}, as if cut mid-sentence; write a whole phrase"
    if not _balanced(text):
        return "an unclosed bracket or backtick, as if cut mid-sentence; write a whole phrase"
    return None


def derived_title(what: str) -> str:
    """A title for a rule that gives none: the first sentence of ``what``, never cut mid-word."""
    paragraph = " ".join(what.strip().split("\n\n")[0].split())
    sentence = _SENTENCE_END.split(paragraph, maxsplit=1)[0].rstrip(" .:;,")
    if len(sentence) <= MAX_TITLE:
        return sentence
    words = sentence[:MAX_TITLE].split(" ")[:-1]  # the last may be cut mid-word
    if not words:  # one word longer than a title: nothing better to cut at
        return sentence[: MAX_TITLE - 1] + "…"
    while len(words) > 1 and (words[-1].lower() in _DANGLING or not _balanced(" ".join(words))):
        words.pop()
    return " ".join(words).rstrip(" ." + _CUT_MARKS) + "…"
