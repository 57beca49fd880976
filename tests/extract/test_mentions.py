"""The names a file Python could not parse might register, read from its text."""

from __future__ import annotations

from taskaudit.extract.mentions import Mentions, read_mentions


def test_defs_classes_and_literal_names_are_mentioned() -> None:
    text = """\
from celery import shared_task, Task

@shared_task(
    bind=True,
    name="reports.weekly",  # the scheduled one
)
def weekly(self, broken:

async def stream(): ...

class Digest(Task):
    name = 'reports.digest'

class Report(models.Model):
    name = models.CharField(max_length=10)
    label: str = "x"

@app.task(name=None)
def auto(): ...
"""
    assert read_mentions(text) == Mentions(
        functions=("Digest", "Report", "auto", "stream", "weekly"),
        names=("reports.digest", "reports.weekly"),
        computed=False,
    )


def test_names_computed_in_a_decorator_or_a_class_attribute_may_be_anything() -> None:
    for text in (
        '@shared_task(name=f"{PREFIX}.weekly")\ndef weekly(:\n',
        "@shared_task(name=NAMES['weekly'])\ndef weekly(:\n",
        'class Digest(Task):\n    name = __name__ + ".digest"\n',
    ):
        assert read_mentions(text).computed is True, text


def test_near_misses_are_not_names() -> None:
    text = """\
def configure(name="not.a.task"):
    call(name=name)
    if name == "x":
        pass
#   def commented(): not a definition either way
s = "def inside_a_string(): ..."
"""
    found = read_mentions(text)
    assert (found.names, found.computed) == ((), False)
    assert "configure" in found.functions
