from __future__ import annotations

from fnmatch import fnmatchcase

import pytest

from taskaudit.extract.globs import any_match, first_match

TABLE = [("requests.post", "http"), ("*.send_mail", "email"), ("*.objects.create", "orm"),
         ("boto3.*.upload_*", "upload"), ("*.send_*", "message")]  # fmt: skip


@pytest.mark.parametrize(
    "name",
    ["requests.post", "django.core.mail.send_mail", "x.send_mail", "Order.objects.create",
     "boto3.client.upload_file", "kombu.send_message", "requests.get", "", "send_mail",
     "a.b.objects.create.x", "requests.post.x", "[weird].send_"],
)  # fmt: skip
def test_the_first_glob_in_order_wins_as_with_fnmatchcase(name: str) -> None:
    expected = next((value for glob, value in TABLE if fnmatchcase(name, glob)), None)
    assert first_match(TABLE)(name) == expected


def test_order_decides_between_overlapping_globs() -> None:
    assert first_match(TABLE)("x.send_mail") == "email"  # also matches *.send_*
    assert first_match(list(reversed(TABLE)))("x.send_mail") == "message"


def test_any_match_and_empty_tables() -> None:
    assert any_match(["a.*", "b"])("a.x") is True
    assert any_match(["a.*", "b"])("c") is False
    assert any_match([])("a") is False
    assert first_match([])("a") is None
