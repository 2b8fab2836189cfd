"""Keys, request helpers and polling shared by the local Blaxel API tests."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from blaxel_pulumi.emulator import ApiKey

ADMIN = ApiKey(key="admin-key", workspace="local", admin=True, principal="alice@example.com")
MEMBER = ApiKey(key="member-key", workspace="local", principal="bob@example.com")
OTHER = ApiKey(key="other-key", workspace="other", admin=True, principal="carol@example.com")
MULTI_OTHER = ApiKey(key="multi-key", workspace="other", principal="dave@example.com")
MULTI_THIRD = ApiKey(key="multi-key", workspace="third", principal="dave@example.com")
KEYS = (ADMIN, MEMBER, OTHER, MULTI_OTHER, MULTI_THIRD)
PAGINATED = {"Blaxel-Version": "2026-04-28"}


def auth(key: ApiKey = ADMIN, **headers: str) -> dict[str, str]:
    """Headers authenticating with ``key``."""
    return {"Authorization": f"Bearer {key.key}", **headers}


def job_body(name: str, **spec: Any) -> dict[str, Any]:
    """A minimal valid job body; ``spec`` keys are merged into the spec."""
    return {
        "metadata": {"name": name, "labels": {"team": "data"}},
        "spec": {"runtime": {"image": "registry.example.com/jobs/etl:1.0", "memory": 2048}, **spec},
    }


def wait_for(predicate: Callable[[], bool], timeout: float = 5.0) -> None:
    """Poll ``predicate`` every 20 ms until it holds; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.02)
