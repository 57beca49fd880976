"""Shell words: split a command line the way ``/bin/sh`` would, without running it.

Follows POSIX "Shell Command Language" (§2.3 Token Recognition, §2.9.3
Lists): quoting, the control operators ``&& || ; ;; | &`` and parentheses
separate simple commands, redirections are dropped with their target, and
``#`` starts a comment only at the start of a word. No expansion is done:
``$VAR``, ``${VAR}``, ``$(cmd)``, backquotes and supervisord's ``%(name)s``
stay in the word verbatim, so
later readers can tell a run-time value from a literal one.

Written by hand rather than with ``shlex`` so that an unbalanced quote or a
``$(...)`` never raises or splits a word in the middle.
"""

from __future__ import annotations

_BLANK = " \t\r"
_CONTROL = "&|;()"


class _Splitter:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.commands: list[list[str]] = [[]]
        self.word: list[str] = []
        self.started = False
        self.drop_next = False

    def run(self) -> list[list[str]]:
        text = self.text
        while self.pos < len(text):
            ch = text[self.pos]
            if ch in _BLANK or ch == "\n":
                self.end_word()
                if ch == "\n":
                    self.split()
                self.pos += 1
            elif ch == "#" and not self.started:
                newline = text.find("\n", self.pos)
                self.pos = len(text) if newline < 0 else newline
            elif ch == "\\":
                if text[self.pos + 1 : self.pos + 2] != "\n":
                    self.add(text[self.pos + 1 : self.pos + 2])
                self.pos += 2
            elif ch == "'":
                self.add(self.until("'", self.pos + 1))
            elif ch == '"':
                self.add(self.double_quoted())
            elif ch in "$%" and text[self.pos + 1 : self.pos + 2] in ("(", "{"):
                self.add(self.balanced(self.pos + 1))
            elif ch == "`":
                start = self.pos
                self.until("`", self.pos + 1)
                self.add(text[start : self.pos])
            elif ch in "<>" or (ch == "&" and text[self.pos + 1 : self.pos + 2] == ">"):
                self.redirect()
            elif ch in _CONTROL:
                self.end_word()
                self.split()
                self.pos += 1
            else:
                self.add(ch)
                self.pos += 1
        self.end_word()
        return [words for words in self.commands if words]

    def add(self, chunk: str) -> None:
        self.word.append(chunk)
        self.started = True

    def end_word(self) -> None:
        if self.started:
            if self.drop_next:
                self.drop_next = False
            else:
                self.commands[-1].append("".join(self.word))
        self.word, self.started = [], False

    def split(self) -> None:
        if self.commands[-1]:
            self.commands.append([])

    def until(self, close: str, start: int) -> str:
        end = self.text.find(close, start)
        end = len(self.text) if end < 0 else end
        self.pos = end + 1
        return self.text[start:end]

    def double_quoted(self) -> str:
        out: list[str] = []
        i = self.pos + 1
        while i < len(self.text) and self.text[i] != '"':
            if self.text[i] == "\\" and self.text[i + 1 : i + 2] in ('"', "\\", "$", "`"):
                i += 1
            out.append(self.text[i])
            i += 1
        self.pos = i + 1
        self.started = True
        return "".join(out)

    def balanced(self, start: int) -> str:
        opener = self.text[start]
        closer = ")" if opener == "(" else "}"
        depth, i = 0, start
        while i < len(self.text):
            if self.text[i] == opener:
                depth += 1
            elif self.text[i] == closer:
                depth -= 1
                if depth == 0:
                    break
            i += 1
        self.pos = i + 1
        return self.text[start - 1 : i + 1]

    def redirect(self) -> None:
        # A file-descriptor number glued to the operator (``2>``) is not an argument.
        if self.word and "".join(self.word).isdigit():
            self.word, self.started = [], False
        self.end_word()
        while self.pos < len(self.text) and self.text[self.pos] in "<>&|-":
            self.pos += 1
        self.drop_next = True


def simple_commands(text: str) -> list[list[str]]:
    """The words of each simple command in ``text``, in order; never raises."""
    return _Splitter(text).run()


def is_dynamic(word: str) -> bool:
    """True when the shell, a process manager or a template fills ``word`` in at run time."""
    return any(marker in word for marker in ("$", "`", "%(", "{{"))


def normalise(text: str) -> str:
    return " ".join(text.replace("\\\n", " ").split())
