"""A failed rollout of another kind than jobs is undone on that kind, and its messages name the kind: a
create whose sandbox fails to deploy deletes that sandbox (not a job of the same name), an update whose
rollout fails puts the sandbox's previous settings back; the messages say `Sandbox 'box' ...`, `bl get
sandbox box`, as a job's say `Job 'x'`, `bl get job x`."""

from __future__ import annotations

from typing import Any

import pytest

from blaxel_pulumi.core.object_kinds import ObjectOperations
from blaxel_pulumi.errors import DeploymentFailed
from tests.provider.conftest import API_KEY, WORKSPACE, Api


@pytest.fixture
def sandboxes(api: Api, provider: Any) -> ObjectOperations:
    """The operations of sandboxes, configured as the provider fixture is."""
    del provider  # its fixture isolates the environment and ~/.blaxel
    config = {"blaxel:apiUrl": api.server.api_url, "blaxel:workspace": WORKSPACE, "blaxel:apiKey": API_KEY}
    return ObjectOperations.of("sandbox", config)


def checked(operations: ObjectOperations, **props: Any) -> dict[str, Any]:
    result = operations.check({}, {"auto_name": "sandbox-abc1234", "owner": "owner-1", **props})
    assert result.failures == []
    return dict(result.inputs)


def _events(exc: DeploymentFailed) -> str:
    """The events the message quotes (their times and revisions vary)."""
    return str(exc).split(" Last events: ", 1)[1].split(". Check ", 1)[0]


def sandbox(api: Api, name: str) -> dict[str, Any] | None:
    """The stored sandbox as the API returns it, or None."""
    headers = {"Authorization": f"Bearer {API_KEY}", "X-Blaxel-Workspace": WORKSPACE}
    response = api.http.get(f"/v0/sandboxes/{name}", headers=headers)
    if response.status_code == 404:
        return None
    response.raise_for_status()
    found: dict[str, Any] = response.json()
    return found


def test_a_sandbox_that_fails_to_deploy_is_deleted_again(sandboxes: ObjectOperations, api: Api) -> None:
    props = checked(sandboxes, name="box", runtime={"image": "blaxel/fail:1"})
    with pytest.raises(DeploymentFailed) as failed:
        sandboxes.create(props)
    assert str(failed.value) == (
        f"Sandbox 'box' in workspace '{WORKSPACE}' failed to deploy (last status FAILED). Last events: "
        f"{_events(failed.value)}. Check the sandbox's settings, then run again; `bl get sandbox box` shows "
        "the sandbox's events. The sandbox was deleted again so that nothing is left behind; fix the cause "
        "and run again."
    )
    assert "matches the emulator's failure pattern" in _events(failed.value)  # the sandbox's own events
    assert "DELETE /v0/sandboxes/box" in api.methods()
    assert "DELETE /v0/jobs/box" not in api.methods()
    assert sandbox(api, "box") is None


def test_a_sandbox_update_that_fails_to_deploy_is_put_back(sandboxes: ObjectOperations, api: Api) -> None:
    created = sandboxes.create(checked(sandboxes, name="box", runtime={"image": "blaxel/base:1"})).outs
    news = checked(sandboxes, name="box", runtime={"image": "blaxel/fail:2"})
    api.clear()
    with pytest.raises(DeploymentFailed) as failed:
        sandboxes.update("box", dict(created or {}), news)
    assert str(failed.value).endswith(
        "Check the sandbox's settings, then run again; `bl get sandbox box` shows the sandbox's events. "
        "The sandbox's previous settings were put back and deployed; fix the input and run again."
    )
    assert [m for m in api.methods() if m.startswith("PUT")] == ["PUT /v0/sandboxes/box"] * 2
    assert (sandbox(api, "box") or {})["spec"]["runtime"]["image"] == "blaxel/base:1"
