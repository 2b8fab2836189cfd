"""Lookups (`BlaxelVolume.get(...)` and the other kinds' `get`) on the real CLI against the local Blaxel API:
an object made outside Pulumi is read, resources of the stack name it through the lookup's outputs, no `up`
writes to it, `refresh` reads it again, `destroy` leaves it; a missing one fails with a message naming the
kind and the name (a refresh drops one deleted since); the secrets of a looked-up object (a connection, an
agent, a job) are Pulumi secrets in the state."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.blaxel_api import BlaxelApi, writes
from tests.e2e.pulumi_cli import PulumiProject, diagnostics, is_secret, ops

pytestmark = pytest.mark.e2e

PROGRAM = Path(__file__).parent / "programs" / "lookups"
VOLUME = "pulumi-python:dynamic/blaxel:Volume"
POLICY = "pulumi-python:dynamic/blaxel:Policy"
CONNECTION = "pulumi-python:dynamic/blaxel:IntegrationConnection"
AGENT = "pulumi-python:dynamic/blaxel:Agent"
JOB = "pulumi-python:dynamic/blaxel:Job"
CANARY = "sk-canary-lookups-41d7"
"""A secret of the objects looked up (distinctive, to be searched for)."""


def _project(
    make_project: Callable[..., PulumiProject], blaxel: BlaxelApi, tmp_path: Path, **config: str
) -> PulumiProject:
    home = tmp_path / "user-home"
    home.mkdir()
    project = make_project(PROGRAM, env={**blaxel.env, "HOME": str(home)})
    project.request_log = blaxel
    for key, value in config.items():
        project.config_set(key, value)
    return project


def _create(blaxel: BlaxelApi, collection: str, name: str, spec: dict[str, object]) -> None:
    """Create an object outside Pulumi, as another tool would."""
    body = {"metadata": {"name": name, "labels": {"team": "data"}}, "spec": spec}
    blaxel.public.post(collection, json=body).raise_for_status()


def test_a_looked_up_object_is_read_named_and_never_written(
    make_project: Callable[..., PulumiProject], blaxel: BlaxelApi, tmp_path: Path
) -> None:
    _create(blaxel, "/volumes", "shared-data", {"size": 1024, "region": "us-pdx-1"})
    _create(
        blaxel,
        "/policies",
        "eu-only",
        {"type": "location", "locations": [{"name": "EU", "type": "continent"}]},
    )
    volume_before = blaxel.stored_objects("/volumes")["shared-data"]
    project = _project(make_project, blaxel, tmp_path, volume="shared-data", policy="eu-only")

    preview = project.preview()
    assert ops(preview, VOLUME) == {"read": 1}
    assert ops(preview, POLICY) == {"read": 1}
    assert writes(preview.requests) == []

    up = project.up()
    assert ops(up, VOLUME) == {"read": 1}
    assert ops(up, POLICY) == {"read": 1}
    assert sorted(writes(up.requests)) == ["POST /v0/agents", "POST /v0/jobs"]
    [agent] = blaxel.stored_objects("/agents").values()
    assert agent["spec"]["volumes"] == [{"name": "shared-data", "mountPath": "/data", "type": "persistent"}]
    assert agent["spec"]["region"] == "us-pdx-1"
    [job] = blaxel.stored_jobs().values()
    assert job["job"]["spec"]["policies"] == ["eu-only"]
    outputs = project.outputs()
    assert outputs["volumeSize"] == 1024
    assert outputs["volumeStatus"] == "DEPLOYED"
    assert outputs["policyLocations"] == [{"name": "EU", "type": "continent"}]
    [volume] = project.resources(VOLUME)
    assert volume["external"] is True
    assert volume["id"] == "shared-data"
    assert volume["outputs"]["labels"] == {"team": "data"}

    noop = project.up()
    assert writes(noop.requests) == []

    # Changed outside Pulumi: the next refresh (and up) reads it as it is now, and writes nothing to it.
    current = blaxel.stored_objects("/volumes")["shared-data"]
    body = {"metadata": current["metadata"], "spec": {**current["spec"], "size": 2048}}
    blaxel.public.put("/volumes/shared-data", json=body).raise_for_status()
    refresh = project.refresh()
    assert writes(refresh.requests) == []
    [volume] = project.resources(VOLUME)
    assert volume["outputs"]["size"] == 2048
    again = project.up()
    assert writes(again.requests) == []
    assert project.outputs()["volumeSize"] == 2048

    destroy = project.destroy()
    assert sorted(writes(destroy.requests)) == [
        f"DELETE /v0/agents/{agent['metadata']['name']}",
        f"DELETE /v0/jobs/{job['job']['metadata']['name']}",
    ]
    assert sorted(blaxel.stored_objects("/volumes")) == ["shared-data"]
    assert sorted(blaxel.stored_objects("/policies")) == ["eu-only"]
    assert (
        blaxel.stored_objects("/volumes")["shared-data"]["metadata"]["labels"]
        == volume_before["metadata"]["labels"]
    )
    assert blaxel.stored_objects("/agents") == {}


def test_a_missing_object_fails_the_lookup_naming_the_kind_and_the_name(
    make_project: Callable[..., PulumiProject], blaxel: BlaxelApi, tmp_path: Path
) -> None:
    project = _project(make_project, blaxel, tmp_path, volume="nowhere")
    message = (
        "volume nowhere: not found in workspace 'local'. A lookup (`.get`) only reads an existing volume, it "
        "never creates one: create the volume first, or correct the name."
    )

    preview = project.preview(check=False)
    assert preview.returncode != 0
    assert f"error: Preview failed: {message}\n" in diagnostics(preview, "error"), project.all_output()

    up = project.run("up", "--yes", "--skip-preview", check=False)  # as a user sees it: the console
    assert up.returncode != 0
    assert message in " ".join(up.output.split()), up.output[-3000:]
    assert "Traceback" not in up.output and 'File "' not in up.output, up.output[-3000:]
    assert writes([*preview.requests, *up.requests]) == []
    assert blaxel.stored_objects("/volumes") == {}
    assert blaxel.stored_objects("/agents") == {}

    # Deleted outside Pulumi after a lookup: a refresh drops it from the state with a warning (so that a
    # refresh, or `destroy --refresh`, still runs); the next update fails as above.
    _create(blaxel, "/volumes", "shared-data", {"size": 1024, "region": "us-pdx-1"})
    project.config_set("volume", "shared-data")
    project.up()
    blaxel.public.delete("/volumes/shared-data").raise_for_status()
    refresh = project.refresh()
    assert ops(refresh, VOLUME, outcome=True) == {"delete": 1}
    assert project.resources(VOLUME) == []
    assert any(
        "volume shared-data: looked up, and no longer in workspace 'local': it leaves this stack's state; a "
        "lookup of it fails until it exists again." in d
        for d in diagnostics(refresh, "warning")
    ), refresh.output[-3000:]
    again = project.up(check=False)
    assert again.returncode != 0
    assert message.replace("nowhere", "shared-data") + "\n" in diagnostics(again, "error"), again.output[
        -3000:
    ]


def test_the_secrets_of_a_looked_up_object_stay_secret(
    make_project: Callable[..., PulumiProject], blaxel: BlaxelApi, tmp_path: Path
) -> None:
    _create(
        blaxel,
        "/integrations/connections",
        "openai-prod",
        {"integration": "openai", "config": {"org": "acme"}, "secret": {"apiKey": CANARY}},
    )
    _create(
        blaxel,
        "/agents",
        "assistant",
        {
            "runtime": {
                "image": "registry.example.com/agent:1",
                "envs": [
                    {"name": "MODE", "value": "chat"},
                    {"name": "TOKEN", "value": CANARY, "secret": True},
                ],
            }
        },
    )
    envs = [{"name": "TOKEN", "value": CANARY, "secret": True}]
    blaxel.create_job(
        {"metadata": {"name": "nightly"}, "spec": {"runtime": {"image": "img:1", "envs": envs}}}
    )
    project = _project(
        make_project, blaxel, tmp_path, connection="openai-prod", agent="assistant", job="nightly"
    )

    up = project.up()

    assert writes(up.requests) == []
    [connection] = project.resources(CONNECTION)
    assert is_secret(connection["outputs"]["secret"])
    assert connection["outputs"]["config"] == {"org": "acme"}
    [agent] = project.resources(AGENT)
    assert is_secret(agent["outputs"]["secret_env_values"])
    assert agent["outputs"]["runtime"]["envs"] == [
        {"name": "MODE", "value": "chat"},
        {"name": "TOKEN", "secret": True},
    ]
    [job] = project.resources(JOB)
    assert job["external"] is True
    assert is_secret(job["outputs"]["secret_env_values"])
    assert job["outputs"]["runtime"]["envs"] == [{"name": "TOKEN", "secret": True}]
    assert CANARY not in project.export_stack_text()
    assert CANARY not in project.all_output()
    # What Blaxel reports of them, behind the secret: the connection's key masked, the agent's env value in
    # clear (the local API answers an agent's env values as they are; a job's masked): only the state's
    # ciphertext holds it.
    outputs = project.outputs()
    assert outputs["connectionSecret"] == {"apiKey": "***"}
    assert outputs["agentSecretEnvs"] == {"TOKEN": CANARY}
    assert outputs["jobSecretEnvs"] == {"TOKEN": "***"}

    project.destroy()
    assert sorted(blaxel.stored_objects("/integrations/connections")) == ["openai-prod"]
    assert sorted(blaxel.stored_objects("/agents")) == ["assistant"]
    assert sorted(blaxel.stored_jobs()) == ["nightly"]
