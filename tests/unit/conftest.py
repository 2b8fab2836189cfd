"""Fixtures of the unit tests: an isolated environment, a scripted local HTTP server, clients on it."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from blaxel_pulumi.api.client import BlaxelClient
from blaxel_pulumi.api.retry import RetryPolicy
from blaxel_pulumi.api.settings import Settings
from tests.unit._scripted_server import ScriptedServer

CANARY_KEY = "bl-canary-key-5f3a9c2e71"
"""The API key of every test client: it must never show up in a repr, a message or a log."""
WORKSPACE = "test-ws"

_PROXY_VARS = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Remove every BL_* variable and proxy setting, and point HOME at an empty directory."""
    for name in list(os.environ):
        if name.startswith("BL_") or name.upper() in _PROXY_VARS:
            monkeypatch.delenv(name)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    return home


@pytest.fixture
def canary_key() -> str:
    """The secret API key the tests use."""
    return CANARY_KEY


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    """A scripted HTTP server on 127.0.0.1."""
    srv = ScriptedServer()
    yield srv
    srv.close()


@pytest.fixture
def sleeps() -> list[float]:
    """The delays the retry policy of ``make_client`` slept, in order (it does not really sleep)."""
    return []


@pytest.fixture
def policy(sleeps: list[float]) -> RetryPolicy:
    """The default retry policy with recorded, instant sleeps and the midpoint of every jitter range."""
    return RetryPolicy(sleep=sleeps.append, random=lambda: 0.5)


@pytest.fixture
def make_client(server: ScriptedServer, policy: RetryPolicy) -> Iterator[Callable[..., BlaxelClient]]:
    """Build clients on the scripted server (keyword arguments go to ``BlaxelClient``); closed at the end."""
    clients: list[BlaxelClient] = []

    def make(**kwargs: Any) -> BlaxelClient:
        settings = kwargs.pop("settings", None) or Settings(
            api_key=CANARY_KEY, workspace=WORKSPACE, api_url=server.url
        )
        kwargs.setdefault("retry", policy)
        client = BlaxelClient(settings, **kwargs)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()
