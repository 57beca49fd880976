"""Every extractor is total: arbitrary text in, facts out, never an exception."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from taskaudit.extract.ops import (
    extract_compose,
    extract_dockerfile,
    extract_makefile,
    extract_poe,
    extract_procfile,
    extract_shell,
    extract_supervisor,
    extract_systemd,
    parse_celery_commands,
)

# Shell, Make and YAML punctuation make random text reach the interesting branches.
WORDS = ["celery ", " worker", " multi start ", "-Q:1-2 ", "sh -c ", "<<: *a", "case $1 in"]
ALPHABET = st.sampled_from([*"celry -AQBS:=$(){}[]'\"\\\n\t;|&#<>%@*,.ab01", *WORDS])
TEXT = st.lists(ALPHABET, max_size=120).map("".join) | st.text(max_size=120)

EXTRACTORS: list[Callable[[str, str], object]] = [
    extract_compose,
    extract_dockerfile,
    extract_makefile,
    extract_poe,
    extract_procfile,
    extract_shell,
    extract_supervisor,
    extract_systemd,
]


@pytest.mark.parametrize("extract", EXTRACTORS, ids=lambda f: f.__name__)
@settings(max_examples=150, deadline=None)
@given(text=TEXT)
def test_extractors_never_raise(extract: Callable[[str, str], object], text: str) -> None:
    extract(text, "some/file")


@settings(max_examples=300, deadline=None)
@given(text=TEXT)
def test_parse_celery_commands_never_raises(text: str) -> None:
    parse_celery_commands(text)


@settings(max_examples=150, deadline=None)
@given(text=TEXT)
def test_same_input_same_output(text: str) -> None:
    assert extract_makefile(text, "Makefile") == extract_makefile(text, "Makefile")
    assert parse_celery_commands(text) == parse_celery_commands(text)
