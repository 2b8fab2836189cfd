"""A job lives on the API it was created on: `BlaxelJob`'s provider records that API's URL, reads and deletes
the job there, and replaces it (deleting it there first) when the stack is pointed at another API. Two
local Blaxel APIs over real HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from blaxel_pulumi.emulator import ApiKey, EmulatorConfig, EmulatorServer
from blaxel_pulumi.errors import BlaxelError
from blaxel_pulumi.provider import BlaxelJobProvider
from tests.provider.conftest import API_KEY, WORKSPACE, Api, configured
from tests.provider.test_provider import inputs, outputs_of

OTHER_KEY = "other-api-key"
"""A key the second API accepts and the first does not."""


@pytest.fixture
def api_b(tmp_path: Path) -> Iterator[Api]:
    """A second local Blaxel API (own database) accepting the usual key and :data:`OTHER_KEY`."""
    keys = (ApiKey(key=API_KEY, workspace=WORKSPACE, admin=True), ApiKey(key=OTHER_KEY, workspace=WORKSPACE))
    with EmulatorServer(EmulatorConfig(db_path=tmp_path / "b.sqlite", keys=keys)) as server:
        client = Api(server)
        yield client
        client.http.close()


def _created(provider: BlaxelJobProvider) -> tuple[dict[str, Any], dict[str, Any]]:
    news = inputs(provider, name="moving-job", runtime={"image": "blaxel/etl:1", "memory": 2048})
    return news, outputs_of(provider.create(news))


def test_a_job_is_replaced_when_the_stack_points_at_another_api_deleting_it_where_it_lives(
    provider: BlaxelJobProvider, api: Api, api_b: Api
) -> None:
    news, created = _created(provider)
    assert created["api_url"] == api.server.api_url
    moved = configured(api_b)

    diff = moved.diff("moving-job", created, news)
    assert diff.changes and diff.replaces == ["api_url"]
    assert diff.delete_before_replace  # one API under two URLs: a create first would take the job over

    read = moved.read("moving-job", created)  # a refresh after the switch keeps the job: read where it lives
    assert read.id == "moving-job" and outputs_of(read)["api_url"] == api.server.api_url
    api.clear()
    moved.delete("moving-job", created)
    assert api.job("moving-job") is None
    assert api.methods()[:2] == [
        "GET /v0/jobs/moving-job",
        "DELETE /v0/jobs/moving-job",
    ]  # whose, then delete
    assert not [m for m in api_b.methods() if not m.startswith("GET")]

    recreated = outputs_of(moved.create(news))
    assert recreated["api_url"] == api_b.server.api_url and api_b.job("moving-job") is not None
    assert moved.diff("moving-job", recreated, news).changes is False


def test_a_state_without_a_recorded_api_is_not_moved(
    provider: BlaxelJobProvider, api: Api, api_b: Api
) -> None:
    news, created = _created(provider)
    older = {k: v for k, v in created.items() if k != "api_url"}  # written before the URL was recorded

    diff = configured(api_b).diff("moving-job", older, news)

    assert diff.changes is False and diff.replaces == []


def test_the_same_api_named_again_is_no_move(provider: BlaxelJobProvider, api: Api) -> None:
    news, created = _created(provider)

    diff = configured(api, **{"blaxel:apiUrl": api.server.api_url + "/"}).diff("moving-job", created, news)

    assert diff.changes is False


def test_a_delete_refused_by_the_old_api_says_where_the_job_lives_and_what_to_do(
    provider: BlaxelJobProvider, api: Api, api_b: Api
) -> None:
    _, created = _created(provider)
    moved = configured(api_b, **{"blaxel:apiKey": OTHER_KEY})  # not valid on the first API

    with pytest.raises(BlaxelError) as caught:
        moved.delete("moving-job", created)

    message = str(caught.value)
    assert f"lives on {api.server.api_url}" in message
    assert "set `blaxel:apiUrl` and `blaxel:apiKey` back" in message and "pulumi destroy" in message
    assert OTHER_KEY not in message
    assert api.job("moving-job") is not None
