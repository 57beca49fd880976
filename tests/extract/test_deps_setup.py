from __future__ import annotations

from taskaudit.core.location import Location
from taskaudit.extract.deps import CeleryRequirement, DepsFacts
from taskaudit.extract.deps_file import extract_deps


def req(spec: str, path: str, line: int, group: str = "", **kw: object) -> CeleryRequirement:
    return CeleryRequirement(spec, Location(path, line), group, **kw)  # type: ignore[arg-type]


def read(text: str, path: str) -> DepsFacts:
    facts = extract_deps(text, path)
    assert facts is not None
    return facts


def test_setup_cfg_install_requires_and_extras() -> None:
    text = (
        "[metadata]\nname = clinic\n\n"
        "[options]\n"
        "install_requires =\n"
        "    django>=5.1\n"
        "    celery>=5.5,<5.7  # the worker\n"
        "    django-celery-results\n\n"
        "[options.extras_require]\n"
        "redis = celery[redis]==5.5.3\n"
    )
    assert read(text, "setup.cfg").celery == (
        req("<5.7,>=5.5", "setup.cfg", 7),
        req("==5.5.3", "setup.cfg", 11, "redis", extras=("redis",)),
    )


def test_a_broken_setup_cfg_is_a_problem() -> None:
    facts = read("install_requires = celery\n", "setup.cfg")
    assert facts.celery == ()
    assert facts.problems[0].startswith("not valid setup.cfg")


def test_setup_py_literals_and_a_module_level_list() -> None:
    text = (
        "from setuptools import setup\n"
        "REQUIRES = [\n"
        '    "celery[redis]==5.5.3",\n'
        '    "celery-once",\n'
        "]\n"
        "setup(\n"
        '    name="clinic",\n'
        "    install_requires=REQUIRES,\n"
        '    extras_require={"beat": ["celery>=5.5"]},\n'
        ")\n"
    )
    assert read(text, "setup.py").celery == (
        req("==5.5.3", "setup.py", 3, extras=("redis",)),
        req(">=5.5", "setup.py", 9, "beat"),
    )


def test_setup_py_computed_requirements_are_not_evaluated() -> None:
    text = (
        "import setuptools\n"
        "def reqs():\n    return ['celery==5.5.3']\n"
        "setuptools.setup(install_requires=reqs())\n"
        "other(install_requires=['celery==5.7.0'])\n"
    )
    assert read(text, "setup.py").celery == ()


def test_setup_py_that_does_not_parse() -> None:
    assert read("setup(install_requires=['celery'\n", "setup.py") == DepsFacts("setup-py")
