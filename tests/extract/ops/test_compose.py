from __future__ import annotations

from taskaudit.core.values import Unknown
from taskaudit.extract.ops import CommandFacts, extract_compose

COMPOSE = """\
x-worker: &worker
  image: app
  command: celery -A proj worker -Q default
  deploy:
    replicas: 2
services:
  web:
    image: app
    command: gunicorn proj.wsgi
  worker:
    <<: *worker
  heavy:
    <<: *worker
    command: ["celery", "-A", "proj", "worker", "-Q", "heavy,slow"]
    profiles: [prod, async]
  beat:
    extends: worker
    command: celery -A proj beat
  flower:
    entrypoint: ["/entrypoint.sh"]
    command: celery -A proj flower
    scale: ${FLOWER_SCALE:-1}
  split:
    entrypoint: ["celery", "-A", "proj"]
    command: ["worker", "-Q", "split"]
  everywhere:
    command: >
      sh -c "celery -A proj worker -Q local"
    deploy:
      mode: global
  tools:
    image: app
    command: pip install celery && echo "celery -A x worker"
"""


def _summary(text: str) -> list[tuple[object, ...]]:
    facts = extract_compose(text, "docker-compose.yml")
    return [
        (c.location.line, c.context, c.role, c.queues, c.replicas, c.raw) for c in facts.commands
    ]


def test_services_anchors_merges_and_extends() -> None:
    assert _summary(COMPOSE) == [
        (3, "worker", "worker", ("default",), 2, "celery -A proj worker -Q default"),
        (
            14,
            "heavy",
            "worker",
            ("heavy", "slow"),
            2,
            "celery -A proj worker -Q heavy,slow",
        ),
        (18, "beat", "beat", None, 2, "celery -A proj beat"),
        (
            21,
            "flower",
            "flower",
            None,
            Unknown("set at run time: ${FLOWER_SCALE:-1}"),
            "celery -A proj flower",
        ),
        (25, "split", "worker", ("split",), None, "celery -A proj worker -Q split"),
        (
            27,
            "everywhere",
            "worker",
            ("local",),
            Unknown("deploy mode global: one replica per swarm node"),
            'sh -c "celery -A proj worker -Q local"',
        ),
    ]


def test_malformed_yaml_is_a_problem_not_an_exception() -> None:
    assert extract_compose("services:\n  web: [1,\n    b: {\n", "compose.yml") == CommandFacts(
        problems=("4:1: expected the node content, but found '<stream end>'",)
    )


def test_not_a_compose_file_yields_nothing() -> None:
    for text in ("", "- a\n- b\n", "services: [celery -A p worker]\n", "services:\n  w: 3\n"):
        assert extract_compose(text, "compose.yml") == CommandFacts()


def test_extends_from_another_file_and_cycles_are_not_followed() -> None:
    text = (
        "services:\n"
        "  a:\n    extends: {service: b, file: other.yml}\n"
        "  b:\n    command: celery -A p worker\n"
        "  c:\n    extends: d\n"
        "  d:\n    extends: c\n"
    )
    assert _summary(text) == [(5, "b", "worker", None, None, "celery -A p worker")]
