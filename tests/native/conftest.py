"""Native provider tests: `JobProvider`'s methods called directly (as the gRPC server calls them), over real
HTTP, against the local Blaxel API."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from pulumi.provider.experimental import provider as p
from pulumi.provider.experimental.property_value import PropertyValue

from blaxel_pulumi.emulator import EmulatorConfig, EmulatorServer
from blaxel_pulumi.native.provider import JobProvider
from blaxel_pulumi.native.values import to_values
from tests.provider.conftest import API_KEY, WORKSPACE, Api

__all__ = ["URN", "Native", "run"]

URN = "urn:pulumi:dev::proj::blaxel:index:Job::nightly"
_T = TypeVar("_T")


def run(coroutine: Coroutine[Any, Any, _T]) -> _T:
    """Run one provider call to completion."""
    return asyncio.run(coroutine)


class Native:
    """A configured native provider and what it wrote to the console."""

    def __init__(self, api: Api, identity: str | None = "0" * 32, **config: Any) -> None:
        self.messages: list[tuple[str, str, str]] = []
        self.provider = JobProvider("0.0.0-test", log=lambda s, m, u: self.messages.append((s, m, u)))
        args = {"apiUrl": api.server.api_url, "workspace": WORKSPACE, "apiKey": API_KEY, **config}
        checked = run(self.provider.check_config(p.CheckRequest("", {}, to_values(args), b"")))
        assert checked.inputs is not None
        if identity is not None:
            checked.inputs["stackIdentity"] = PropertyValue(identity)
        run(self.provider.configure(p.ConfigureRequest({}, checked.inputs, True, True)))

    def check(
        self, news: dict[str, Any], olds: dict[str, Any] | None = None, urn: str = URN
    ) -> p.CheckResponse:
        return run(self.provider.check(p.CheckRequest(urn, to_values(olds or {}), to_values(news), b"")))

    def checked(self, news: dict[str, Any], urn: str = URN) -> dict[str, PropertyValue]:
        result = self.check(news, urn=urn)
        assert not result.failures, [f.reason for f in result.failures]
        assert result.inputs is not None
        return result.inputs

    def create(
        self, inputs: dict[str, PropertyValue], *, preview: bool = False, urn: str = URN
    ) -> p.CreateResponse:
        return run(self.provider.create(p.CreateRequest(urn, inputs, 60, preview)))


@pytest.fixture
def api(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Api]:
    """A local Blaxel API with a fresh database (environment and ~/.blaxel isolated)."""
    for var in ("BL_API_KEY", "BL_WORKSPACE", "BL_API_URL", "BL_ENV", "BL_SKIP_CREDENTIALS_CHECK"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    with EmulatorServer(EmulatorConfig(db_path=tmp_path / "jobs.sqlite")) as server:
        client = Api(server)
        yield client
        client.http.close()


@pytest.fixture
def native(api: Api) -> Native:
    """A native provider configured for ``api`` (explicit provider arguments), stack identity all zeros."""
    return Native(api)
