"""Settings every test shares: none of the developer's environment leaks in."""

from __future__ import annotations

import pytest

from taskaudit.cache import ENV_VAR


@pytest.fixture(autouse=True)
def _no_cache_dir_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests that place the cache set TASKAUDIT_CACHE_DIR themselves; a developer's must not."""
    monkeypatch.delenv(ENV_VAR, raising=False)
