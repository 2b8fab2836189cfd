"""The operations run a kind through its declaration: here jobs declared as a kind that does not roll out
(as policies are), against the local Blaxel API over real HTTP: nothing is waited for."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from blaxel_pulumi.core.job_kind import JOB
from blaxel_pulumi.core.job_operations import JobOperations
from tests.provider.conftest import API_KEY, WORKSPACE, Api


class ReadyAtOnce(JobOperations):
    """Jobs, declared as a kind that is ready as soon as Blaxel answers."""

    kind = dataclasses.replace(JOB, rolls_out=False)


@pytest.fixture
def operations(api: Api, provider: Any) -> ReadyAtOnce:
    """Operations of the kind above, configured as the provider fixture is."""
    del provider  # its fixture isolates the environment and ~/.blaxel
    config = {"blaxel:apiUrl": api.server.api_url, "blaxel:workspace": WORKSPACE, "blaxel:apiKey": API_KEY}
    return ReadyAtOnce.with_config(config)


def checked(operations: ReadyAtOnce, **props: Any) -> dict[str, Any]:
    result = operations.check({}, {"auto_name": "job-abc1234", "owner": "owner-1", **props})
    assert result.failures == []
    return dict(result.inputs)


def test_a_kind_that_does_not_roll_out_is_not_waited_for(operations: ReadyAtOnce, api: Api) -> None:
    api.settings(deploy_seconds=30, delete_seconds=30)
    props = checked(operations, name="at-once", runtime={"image": "img:1"})

    created = operations.create(props).outs or {}
    assert created["status"] != "DEPLOYED"
    assert api.methods() == ["POST /v0/jobs"]

    api.clear()
    news = checked(operations, name="at-once", runtime={"image": "img:2"})
    updated = operations.update("at-once", dict(created), news).outs or {}
    assert updated["runtime"]["image"] == "img:2"
    assert api.methods() == ["GET /v0/jobs/at-once", "PUT /v0/jobs/at-once"]

    api.clear()
    operations.delete("at-once", dict(updated))
    assert api.methods() == ["GET /v0/jobs/at-once", "DELETE /v0/jobs/at-once"]
    operations.delete("at-once", dict(updated))  # already being deleted or gone: fine
