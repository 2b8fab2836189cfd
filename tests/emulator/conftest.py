"""Fixtures: a real local Blaxel API over HTTP on a temporary SQLite file, and httpx clients for it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from blaxel_pulumi.api.kinds import OBJECT_KINDS
from blaxel_pulumi.emulator import DEFAULT_FAIL_IMAGE_PATTERN, EmulatorConfig, EmulatorServer

from .support import ADMIN, KEYS, auth


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A database file in the test's temporary directory."""
    return tmp_path / "emulator.sqlite"


@pytest.fixture
def make_server(db_path: Path) -> Iterator[Callable[..., EmulatorServer]]:
    """Start servers on the shared database with config overrides; all are stopped at teardown."""
    servers: list[EmulatorServer] = []

    def make(**overrides: Any) -> EmulatorServer:
        config = EmulatorConfig(db_path=db_path, keys=KEYS, **overrides)
        server = EmulatorServer(config).start()
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def shared_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorServer]:
    """One server for the tests that do not need their own (starting one costs ~0.2 s)."""
    db = tmp_path_factory.mktemp("shared") / "emulator.sqlite"
    with EmulatorServer(EmulatorConfig(db_path=db, keys=KEYS)) as server:
        yield server


@pytest.fixture
def server(shared_server: EmulatorServer) -> EmulatorServer:
    """The shared server, reset: no job nor object of another kind, no fault rule, empty request log,
    default settings."""
    with httpx.Client(base_url=f"{shared_server.url}/_emulator", timeout=10) as control:
        control.delete("/jobs").raise_for_status()
        for kind in OBJECT_KINDS:
            control.delete(kind.collection).raise_for_status()
        control.delete("/faults").raise_for_status()
        control.delete("/requests").raise_for_status()
        defaults = {
            "deploy_seconds": 0,
            "delete_seconds": 0,
            "fail_image_pattern": DEFAULT_FAIL_IMAGE_PATTERN,
            "execution_seconds": 1.0,
            "execution_retention_seconds": 7 * 86400,
        }
        control.post("/settings", json=defaults).raise_for_status()
    return shared_server


@pytest.fixture
def client(server: EmulatorServer) -> Iterator[httpx.Client]:
    """A client of ``/v0`` authenticated as the workspace admin of ``local``."""
    with httpx.Client(base_url=server.api_url, headers=auth(ADMIN), timeout=10) as c:
        yield c


@pytest.fixture
def control(server: EmulatorServer) -> Iterator[httpx.Client]:
    """A client of the control API."""
    with httpx.Client(base_url=f"{server.url}/_emulator", timeout=10) as c:
        yield c
