"""Configuration parsing and validation, and the public surface of the package."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

import blaxel_pulumi.emulator as emulator
from blaxel_pulumi.emulator import (
    ApiKey,
    ConfigError,
    EmulatorConfig,
    EmulatorServer,
    create_app,
    load_config_file,
)
from blaxel_pulumi.emulator.store import StoreError


def test_public_surface() -> None:
    assert sorted(emulator.__all__) == sorted(
        [
            "DEFAULT_API_KEY",
            "DEFAULT_FAIL_IMAGE_PATTERN",
            "DEFAULT_WORKSPACE",
            "SECRET_MASK",
            "ApiKey",
            "ConfigError",
            "EmulatorConfig",
            "EmulatorServer",
            "EmulatorState",
            "create_app",
            "load_config_file",
        ]
    )


def test_default_seed() -> None:
    config = EmulatorConfig()
    assert config.keys == (ApiKey(key="local-dev-key", workspace="local", admin=True),)
    assert config.port == 0 and config.db_path is None


def test_key_spec() -> None:
    assert ApiKey.parse("k=ws") == ApiKey(key="k", workspace="ws")
    assert ApiKey.parse("k=ws:admin").admin is True
    for bad in ("k", "=ws", "k=", "k=ws:owner", "k=Bad_WS", "a b=ws"):
        with pytest.raises(ConfigError):
            ApiKey.parse(bad)


@pytest.mark.parametrize(
    "changes",
    [
        {"port": -1},
        {"deploy_seconds": -0.1},
        {"fail_image_pattern": "["},
        {"keys": ()},
        {"keys": (ApiKey(key="k", workspace="w"), ApiKey(key="k", workspace="w", admin=True))},
        {"run_url_template": "https://x/{job}"},
        {"request_log_size": 0},
    ],
)
def test_invalid_config(changes: dict[str, object]) -> None:
    with pytest.raises(ConfigError):
        EmulatorConfig(**changes)  # type: ignore[arg-type]


def test_config_file_yaml_and_json(tmp_path: Path) -> None:
    yaml_file = tmp_path / "c.yaml"
    yaml_file.write_text("db: x.sqlite\ndeploy_seconds: 2\nkeys:\n  - {key: a, workspace: w, admin: true}\n")
    settings = load_config_file(yaml_file)
    assert settings == {
        "db_path": "x.sqlite",
        "deploy_seconds": 2,
        "keys": (ApiKey(key="a", workspace="w", admin=True),),
    }
    json_file = tmp_path / "c.json"
    json_file.write_text('{"port": 0, "plan": "team"}')
    assert load_config_file(json_file) == {"port": 0, "plan": "team"}
    for text in (
        "nope: 1\n",
        "- a\n",
        "keys: [{key: a}]\n",
        "keys: [{key: a, workspace: w, role: x}]\n",
        ": :\n",
    ):
        yaml_file.write_text(text)
        with pytest.raises(ConfigError):
            load_config_file(yaml_file)


def test_server_urls_and_environment(tmp_path: Path) -> None:
    server = EmulatorServer(EmulatorConfig(db_path=tmp_path / "db.sqlite"))
    with pytest.raises(RuntimeError, match="not running"):
        _ = server.url
    with server:
        assert server.url == f"http://127.0.0.1:{server.port}"
        assert server.api_url == server.url + "/v0"
        assert server.environment() == {
            "BL_API_URL": server.api_url,
            "BL_WORKSPACE": "local",
            "BL_API_KEY": "local-dev-key",
        }
        assert server.running
    assert not server.running


def test_temporary_database_is_removed(tmp_path: Path) -> None:
    with EmulatorServer() as server:
        assert server.state is not None
        path = server.state.store.path
        assert path.exists()
    assert not path.exists()


def test_create_app_serves_without_uvicorn(tmp_path: Path) -> None:
    app = create_app(EmulatorConfig(db_path=tmp_path / "db.sqlite"))

    async def scenario() -> httpx.Response:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://local/v0") as client:
                return await client.get("/jobs", headers={"Authorization": "Bearer local-dev-key"})

    response = asyncio.run(scenario())
    assert response.status_code == 200
    assert response.json() == []
    assert response.headers["x-request-id"].startswith("req-")
    with pytest.raises(StoreError, match="closed"), app.state.emulator.store.read():
        pass  # the lifespan closed the database the app opened
