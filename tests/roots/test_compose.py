"""Which compose services run this repository's code, and the settings they set."""

from __future__ import annotations

import pytest

from taskaudit.roots.compose import runs_here, services, settings_of


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ({"build": "."}, True),
        ({"build": {"context": "./backend"}}, True),
        ({"image": "shop", "volumes": ["./backend:/app"]}, True),
        (
            {"image": "shop", "volumes": [{"type": "bind", "source": "./src", "target": "/app"}]},
            True,
        ),
        # near misses: another image's code
        ({"image": "vendor/worker"}, False),
        ({"image": "vendor/worker", "volumes": ["cache:/var/cache", "/srv/data:/data"]}, False),
    ],
)
def test_a_service_runs_this_tree_when_built_or_mounted(
    spec: dict[str, object], expected: bool
) -> None:
    assert runs_here(spec) is expected


def test_settings_from_either_environment_form() -> None:
    assert settings_of({"environment": {"DJANGO_SETTINGS_MODULE": "shop.settings"}}) == [
        "shop.settings"
    ]
    assert settings_of({"environment": ["A=1", "DJANGO_SETTINGS_MODULE=shop.prod"]}) == [
        "shop.prod"
    ]
    assert settings_of({"environment": {"DJANGO_SETTINGS_MODULE": "${SETTINGS}"}}) == []
    assert settings_of({}) == []


def test_merge_keys_apply_and_broken_yaml_has_no_services() -> None:
    text = (
        "x-app: &app\n  build: .\nservices:\n  worker:\n    <<: *app\n    command: celery worker\n"
    )
    assert runs_here(services(text)["worker"]) is True
    assert services("services: [\n") == {}
    assert services("- just a list\n") == {}
