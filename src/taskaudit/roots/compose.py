"""Compose services as evidence of import roots: only those that run this repository's code.

A service that names only an ``image:`` runs code built elsewhere (a
vendor's worker, a database), so its ``celery --app app`` and its
``DJANGO_SETTINGS_MODULE`` say nothing about this tree. A service runs the
repository's code when it is built here (``build:``) or mounts a folder of
it (a volume whose source starts with ``.``). YAML merge keys
(``<<: *django``) are applied by the loader, as Compose does (Compose
Specification, "Fragments").
"""

from __future__ import annotations

import functools
import re
from typing import Any

_SETTINGS = re.compile(r"^DJANGO_SETTINGS_MODULE\s*=\s*[\"']?([A-Za-z_][\w.-]*)")


@functools.lru_cache(maxsize=16)  # each command of a file asks again: parse it once
def services(text: str) -> dict[str, dict[str, Any]]:
    """The services of a compose file by name; empty when it is not one YAML can read.

    The result is shared between callers: read it, never change it.
    """
    import yaml

    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError:
        return {}
    found = document.get("services") if isinstance(document, dict) else None
    if not isinstance(found, dict):
        return {}
    return {str(k): v for k, v in found.items() if isinstance(v, dict)}


def runs_here(spec: dict[str, Any]) -> bool:
    """Whether a service runs code from this repository (built here, or mounted)."""
    if spec.get("build") is not None:
        return True
    volumes = spec.get("volumes")
    for volume in volumes if isinstance(volumes, list) else ():
        source = volume.get("source") if isinstance(volume, dict) else str(volume).split(":")[0]
        if isinstance(source, str) and source.startswith("."):
            return True
    return False


def settings_of(spec: dict[str, Any]) -> list[str]:
    """``DJANGO_SETTINGS_MODULE`` as a service's ``environment`` sets it."""
    environment = spec.get("environment")
    if isinstance(environment, dict):
        value = environment.get("DJANGO_SETTINGS_MODULE")
        return [value] if isinstance(value, str) and _plain(value) else []
    found = []
    for item in environment if isinstance(environment, list) else ():
        match = _SETTINGS.match(str(item))
        if match:
            found.append(match.group(1))
    return found


def _plain(value: str) -> bool:
    return bool(value) and "$" not in value and " " not in value
