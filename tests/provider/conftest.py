"""Provider tests: the provider's methods called directly, over real HTTP, against the local Blaxel API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pulumi.dynamic import Config, ConfigureRequest

from blaxel_pulumi.emulator import EmulatorConfig, EmulatorServer
from blaxel_pulumi.provider import BlaxelJobProvider

API_KEY = "local-dev-key"
WORKSPACE = "local"


class Api:
    """The local Blaxel API of one test, with its control endpoints."""

    def __init__(self, server: EmulatorServer) -> None:
        self.server = server
        self.http = httpx.Client(base_url=server.url, timeout=10)

    def requests(self, *, method: str | None = None) -> list[dict[str, Any]]:
        """The request log (only /v0 calls), optionally for one method."""
        entries: list[dict[str, Any]] = self.http.get("/_emulator/requests").json()
        return [e for e in entries if e["path"].startswith("/v0") and method in (None, e["method"])]

    def methods(self) -> list[str]:
        """`METHOD /path` of every logged call, in order."""
        return [f"{e['method']} {e['path']}" for e in self.requests()]

    def clear(self) -> None:
        """Empty the request log."""
        self.http.delete("/_emulator/requests").raise_for_status()

    def settings(self, **changes: Any) -> None:
        """Change deploy/delete durations or the failure pattern."""
        self.http.post("/_emulator/settings", json=changes).raise_for_status()

    def faults(self, *rules: dict[str, Any]) -> None:
        """Install fault rules."""
        self.http.post("/_emulator/faults", json=list(rules)).raise_for_status()

    def job(self, name: str, *, show_secrets: bool = True) -> dict[str, Any] | None:
        """The stored job as the API returns it, or None."""
        return self.object("/jobs", name, show_secrets=show_secrets)

    def object(self, collection: str, name: str, *, show_secrets: bool = True) -> dict[str, Any] | None:
        """The stored object ``name`` of ``collection`` (``/volumes``) as the API returns it, or None."""
        response = self.http.get(
            f"/v0{collection}/{name}",
            params={"show_secrets": "true"} if show_secrets else None,
            headers={"Authorization": f"Bearer {API_KEY}", "X-Blaxel-Workspace": WORKSPACE},
        )
        if response.status_code == 404:
            return None
        response.raise_for_status()
        found: dict[str, Any] = response.json()
        return found

    def put(self, name: str, body: dict[str, Any]) -> None:
        """Change a job out of band."""
        self.http.put(
            f"/v0/jobs/{name}",
            json=body,
            headers={"Authorization": f"Bearer {API_KEY}", "X-Blaxel-Workspace": WORKSPACE},
        ).raise_for_status()

    def post(self, body: dict[str, Any]) -> None:
        """Create a job out of band."""
        self.http.post(
            "/v0/jobs",
            json=body,
            headers={"Authorization": f"Bearer {API_KEY}", "X-Blaxel-Workspace": WORKSPACE},
        ).raise_for_status()


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    """A local Blaxel API with a fresh database."""
    with EmulatorServer(EmulatorConfig(db_path=tmp_path / "jobs.sqlite")) as server:
        client = Api(server)
        yield client
        client.http.close()


def configured(api: Api, **extra: str) -> BlaxelJobProvider:
    """A provider configured as the engine would, from stack config."""
    provider = BlaxelJobProvider()
    config = {
        "blaxel:apiUrl": api.server.api_url,
        "blaxel:workspace": WORKSPACE,
        "blaxel:apiKey": API_KEY,
        **extra,
    }
    provider.configure(ConfigureRequest(Config(config, "test")))
    return provider


@pytest.fixture
def provider(api: Api, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> BlaxelJobProvider:
    """A provider pointed at ``api`` through stack config (environment and ~/.blaxel isolated)."""
    for var in ("BL_API_KEY", "BL_WORKSPACE", "BL_API_URL", "BL_ENV", "BL_SKIP_CREDENTIALS_CHECK"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return configured(api)
