"""The local Blaxel API against the official spec, for every kind but jobs: bodies generated from each kind's
schema in the spec are accepted, and every answer (create, get, update, list, delete, and the errors) is
valid under the spec's schema for its route and status. Bounded: a fixed seed, a few examples per kind."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import jsonschema  # type: ignore[import-untyped]  # no stubs
import pytest
from hypothesis import HealthCheck, Phase, given, settings, strategies as st

from blaxel_pulumi.api.kinds import OBJECT_KINDS, ApiKind
from blaxel_pulumi.emulator import ApiKey, EmulatorConfig, EmulatorServer

from .spec import _inline, _without_read_only, document, response_schema
from .strategies import from_schema

KEY = ApiKey(key="contract-key", workspace="contract", admin=True, principal="contract@example.com")
HEADERS = {"Authorization": f"Bearer {KEY.key}", "Blaxel-Version": "2026-04-28"}


def item_path(kind: ApiKind[Any]) -> str:
    """The spec's path of one object of ``kind`` (``/policies/{policyName}``)."""
    depth = kind.collection.count("/") + 1
    paths: list[str] = [
        p for p in document()["paths"] if p.startswith(f"{kind.collection}/{{") and p.count("/") == depth
    ]
    [path] = paths
    return path


def body_schema(kind: ApiKind[Any]) -> dict[str, Any]:
    """The body a client may send for ``kind``: its schema in the spec, without read-only fields."""
    schemas = document()["components"]["schemas"]
    schema: dict[str, Any] = _without_read_only(_inline(schemas[kind.model.__name__], schemas))
    return schema


def validate(response: httpx.Response, path: str) -> None:
    """The response matches the spec's schema for its status; an undocumented status is an error body."""
    schema = response_schema(path, response.request.method, response.status_code)
    body = response.json()
    if schema is not None:
        jsonschema.Draft4Validator(schema).validate(body)
        return
    assert response.status_code >= 400, f"{response.status_code} is not documented by the spec"
    assert isinstance(body, dict) and isinstance(body.get("error"), str), body


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    db: Path = tmp_path_factory.mktemp("kinds-contract") / "emulator.sqlite"
    with (
        EmulatorServer(EmulatorConfig(db_path=db, keys=(KEY,))) as running,
        httpx.Client(base_url=running.api_url, headers=HEADERS, timeout=10) as http,
    ):
        yield http


@pytest.mark.parametrize("kind", OBJECT_KINDS, ids=[k.word for k in OBJECT_KINDS])
def test_every_kind_answers_as_the_spec_says(kind: ApiKind[Any], client: httpx.Client) -> None:
    collection, item = kind.collection, item_path(kind)

    @settings(
        max_examples=8,
        derandomize=True,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(body=from_schema(body_schema(kind)), other=st.sampled_from(["x-1", "y-2"]))
    def lifecycle(body: dict[str, Any], other: str) -> None:
        name = f"contract-{other}"
        sent = {**body, "metadata": {**body.get("metadata", {}), "name": name}}
        created = client.post(collection, json=sent)
        validate(created, collection)
        assert created.status_code in (200, 409), created.text
        validate(client.get(f"{collection}/{name}"), item)
        validate(client.put(f"{collection}/{name}", json=sent), item)
        validate(client.get(collection), collection)
        validate(client.delete(f"{collection}/{name}"), item)
        validate(client.get(f"{collection}/{name}"), item)  # 404: an error body

    lifecycle()
