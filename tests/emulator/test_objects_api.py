"""The routes of every kind but jobs (``/v0/policies``, ...): one generic service over the kind's generated
wire model, with the behaviour of the job routes where the spec says nothing."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from blaxel_pulumi.api.spec_models import Policy
from blaxel_pulumi.emulator import EmulatorConfig, EmulatorServer

from .support import KEYS, MEMBER, OTHER, auth

RFC3339_MS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")


def policy_body(name: str, **spec: Any) -> dict[str, Any]:
    """A policy restricting deployments to Europe."""
    return {
        "metadata": {"name": name, "labels": {"team": "data"}},
        "spec": {"type": "location", "locations": [{"name": "EU", "type": "continent"}], **spec},
    }


def test_a_policy_is_created_read_updated_listed_and_deleted(client: httpx.Client) -> None:
    created = client.post("/policies", json=policy_body("eu-only"))
    assert created.status_code == 200, created.text
    body = created.json()
    Policy.model_validate(body)
    metadata = body["metadata"]
    assert metadata["name"] == "eu-only"
    assert metadata["workspace"] == "local"
    assert metadata["createdBy"] == metadata["updatedBy"] == "alice@example.com"
    assert RFC3339_MS.match(metadata["createdAt"])
    assert body["spec"] == {"type": "location", "locations": [{"name": "EU", "type": "continent"}]}
    assert client.get("/policies/eu-only").json() == body

    changed = policy_body("eu-only", resourceTypes=["model", "agent"])
    updated = client.put("/policies/eu-only", json=changed).json()
    assert updated["spec"]["resourceTypes"] == ["model", "agent"]
    assert updated["metadata"]["createdAt"] == metadata["createdAt"]

    client.post("/policies", json=policy_body("second")).raise_for_status()
    assert [p["metadata"]["name"] for p in client.get("/policies").json()] == ["second", "eu-only"]
    deleted = client.delete("/policies/eu-only")
    assert deleted.status_code == 200
    assert deleted.json()["spec"] == updated["spec"]
    assert client.get("/policies/eu-only").status_code == 404


def test_each_mistake_is_answered_as_blaxel_does(client: httpx.Client) -> None:
    client.post("/policies", json=policy_body("eu-only")).raise_for_status()
    taken = client.post("/policies", json=policy_body("eu-only"))
    assert taken.status_code == 409
    assert taken.json()["message"] == (
        "Policy 'eu-only' in workspace 'local' already exists: update it with PUT /policies/eu-only or "
        "choose another name."
    )
    missing = client.get("/policies/nope")
    assert (missing.status_code, missing.json()["message"]) == (
        404,
        "Policy 'nope' was not found in workspace 'local'.",
    )
    assert client.put("/policies/nope", json=policy_body("nope")).status_code == 404
    assert client.delete("/policies/nope").status_code == 404
    renamed = client.put("/policies/eu-only", json=policy_body("other"))
    assert renamed.status_code == 400
    assert "cannot be renamed" in renamed.json()["message"]
    bad = client.post("/policies", json=policy_body("bad", type="region"))
    assert bad.status_code == 400
    assert bad.json()["message"].startswith("spec.type: Input should be 'location', 'flavor' or 'maxToken'")
    invalid_name = client.post("/policies", json=policy_body("Not_Valid"))
    assert invalid_name.status_code == 400
    assert invalid_name.json()["message"].startswith("metadata.name: String should match pattern")


def test_read_only_and_unknown_fields_sent_are_ignored(client: httpx.Client) -> None:
    sent = policy_body("eu-only")
    sent["metadata"]["workspace"] = "elsewhere"
    sent["usage"] = {"jobs": 3}
    sent["spec"]["futureField"] = 1
    body = client.post("/policies", json=sent).json()
    assert body["metadata"]["workspace"] == "local"
    assert "usage" not in body
    assert "futureField" not in body["spec"]


def test_a_workspace_sees_only_its_own_policies(server: EmulatorServer, client: httpx.Client) -> None:
    client.post("/policies", json=policy_body("eu-only")).raise_for_status()
    with httpx.Client(base_url=server.api_url, headers=auth(OTHER), timeout=10) as other:
        assert other.get("/policies/eu-only").status_code == 404
        assert other.get("/policies").json() == []
    stored = httpx.get(f"{server.url}/_emulator/policies").json()
    assert [p["metadata"]["name"] for p in stored] == ["eu-only"]
    assert httpx.get(f"{server.url}/_emulator/policies", params={"workspace": "other"}).json() == []
    assert httpx.delete(f"{server.url}/_emulator/policies").json() == {"removed": 1}
    assert client.get("/policies").json() == []


def test_policies_survive_a_restart_on_the_same_file(tmp_path: Path) -> None:
    config = EmulatorConfig(db_path=tmp_path / "db.sqlite", keys=KEYS)
    with EmulatorServer(config) as first:
        httpx.post(
            f"{first.api_url}/policies", json=policy_body("eu-only"), headers=auth(MEMBER)
        ).raise_for_status()
    with EmulatorServer(config) as second:
        found = httpx.get(f"{second.api_url}/policies/eu-only", headers=auth(MEMBER))
        assert found.status_code == 200
        assert found.json()["spec"]["type"] == "location"


@pytest.mark.parametrize("method", ["PATCH"])
def test_a_method_the_kind_does_not_have_is_refused(client: httpx.Client, method: str) -> None:
    response = client.request(method, "/policies/eu-only", json={})
    assert response.status_code == 405


def test_an_agent_rolls_out_as_a_job_does(client: httpx.Client, control: httpx.Client) -> None:
    control.post("/settings", json={"deploy_seconds": 30}).raise_for_status()
    body = {"metadata": {"name": "helper"}, "spec": {"runtime": {"image": "agents/helper:1"}}}
    created = client.post("/agents", json=body).json()
    assert created["status"] == "UPLOADING"
    assert [e["status"] for e in created["events"]] == ["UPLOADING"]
    control.post("/settings", json={"deploy_seconds": 0}).raise_for_status()
    assert (
        client.put(
            "/agents/helper", json={**body, "metadata": {"name": "helper", "displayName": "H"}}
        ).json()["status"]
        == "UPLOADING"
    )  # metadata only: the same rollout goes on
    changed = {"metadata": {"name": "helper"}, "spec": {"runtime": {"image": "agents/helper:2"}}}
    assert client.put("/agents/helper", json=changed).json()["status"] == "DEPLOYED"
    failing = {"metadata": {"name": "broken"}, "spec": {"runtime": {"image": "agents/fail-me:1"}}}
    control.post("/settings", json={"fail_image_pattern": "fail-me"}).raise_for_status()
    broken = client.post("/agents", json=failing).json()
    assert broken["status"] == "FAILED"
    assert broken["events"][-1]["message"].startswith("Deployment failed: image 'agents/fail-me:1'")


def test_secret_values_of_a_connection_are_masked_unless_an_admin_asks(
    server: EmulatorServer, client: httpx.Client
) -> None:
    body = {
        "metadata": {"name": "openai"},
        "spec": {"integration": "openai", "secret": {"apiKey": "sk-canary-41f2"}, "config": {"org": "acme"}},
    }
    created = client.post("/integrations/connections", json=body).json()
    assert created["spec"]["secret"] == {"apiKey": "***"}
    assert created["spec"]["config"] == {"org": "acme"}
    assert "sk-canary-41f2" not in client.get("/integrations/connections/openai").text
    shown = client.get("/integrations/connections/openai", params={"show_secrets": "true"}).json()
    assert shown["spec"]["secret"] == {"apiKey": "sk-canary-41f2"}
    with httpx.Client(base_url=server.api_url, headers=auth(MEMBER), timeout=10) as member:
        asked = member.get("/integrations/connections/openai", params={"show_secrets": "true"}).json()
        assert asked["spec"]["secret"] == {"apiKey": "***"}


def test_a_put_that_changes_a_field_fixed_at_creation_is_refused(client: httpx.Client) -> None:
    """The spec: a volume's size "can be increased after creation" but its region "cannot be changed", a
    drive's spec is "set at creation time" (its permissions are updated by Blaxel's SDK), a sandbox's
    `runtime.extraArgs` is "immutable after creation": a PUT changing one is refused, the object kept."""
    volume = {"metadata": {"name": "data"}, "spec": {"region": "us-pdx-1", "size": 1024}}
    client.post("/volumes", json=volume).raise_for_status()
    grown = client.put("/volumes/data", json={**volume, "spec": {"region": "us-pdx-1", "size": 2048}})
    assert grown.status_code == 200, grown.text
    moved = client.put("/volumes/data", json={**volume, "spec": {"region": "eu-lon-1", "size": 2048}})
    assert moved.status_code == 400
    assert moved.json() == {
        "error": "Invalid request body",
        "code": 400,
        "message": "spec.region: 'eu-lon-1' differs from the volume's ('us-pdx-1'); it cannot be changed "
        "after creation: delete the volume and create a new one instead.",
    }
    dropped = client.put("/volumes/data", json={**volume, "spec": {"size": 2048}})
    assert dropped.status_code == 400
    assert dropped.json()["message"].startswith("spec.region: none differs from the volume's ('us-pdx-1')")
    assert client.get("/volumes/data").json()["spec"] == {"region": "us-pdx-1", "size": 2048}

    drive = {"metadata": {"name": "files"}, "spec": {"region": "us-pdx-1"}}
    client.post("/drives", json=drive).raise_for_status()
    permitted = {"region": "us-pdx-1", "permissions": [{"labels": {"team": "data"}, "mode": "read"}]}
    assert client.put("/drives/files", json={**drive, "spec": permitted}).status_code == 200
    assert client.put("/drives/files", json={**drive, "spec": {"region": "eu-lon-1"}}).status_code == 400

    sandbox = {
        "metadata": {"name": "box"},
        "spec": {"runtime": {"image": "blaxel/base-image:latest", "extraArgs": {"tun": "enabled"}}},
    }
    client.post("/sandboxes", json=sandbox).raise_for_status()
    resized = {"image": "blaxel/base-image:latest", "extraArgs": {"tun": "enabled"}, "memory": 4096}
    assert client.put("/sandboxes/box", json={**sandbox, "spec": {"runtime": resized}}).status_code == 200
    kernel = {"image": "blaxel/base-image:latest", "extraArgs": {"tun": "disabled"}, "memory": 4096}
    refused = client.put("/sandboxes/box", json={**sandbox, "spec": {"runtime": kernel}})
    assert refused.status_code == 400
    assert refused.json()["message"] == (
        "spec.runtime.extraArgs: {'tun': 'disabled'} differs from the sandbox's ({'tun': 'enabled'}); it "
        "cannot be changed after creation: delete the sandbox and create a new one instead."
    )
    assert client.get("/sandboxes/box").json()["spec"]["runtime"]["extraArgs"] == {"tun": "enabled"}
