"""A lookup's read (``BlaxelPolicy.get(...)``, ``BlaxelJob.get(...)``), called as the engine calls it: the id
and the lookup's marker only, against the local Blaxel API. It reads the object whoever holds it, sends
nothing but the GET, keeps the secret fields Blaxel reports, and a missing object fails naming the kind and
the name; a delete of a lookup sends nothing."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.dynamic import Config, ConfigureRequest

from blaxel_pulumi.errors import NotFound
from blaxel_pulumi.provider import BlaxelJobProvider
from blaxel_pulumi.provider.objects import ObjectProvider
from tests.provider.conftest import API_KEY, WORKSPACE, Api

HEADERS = {"Authorization": f"Bearer {API_KEY}", "X-Blaxel-Workspace": WORKSPACE}
OTHER_STACK = "blaxel-pulumi.owner"


def _objects(api: Api, word: str) -> ObjectProvider:
    provider = ObjectProvider(word)
    config = {"blaxel:apiUrl": api.server.api_url, "blaxel:workspace": WORKSPACE, "blaxel:apiKey": API_KEY}
    provider.configure(ConfigureRequest(Config(config, "test")))
    return provider


def _post(api: Api, collection: str, body: dict[str, Any]) -> None:
    api.http.post(f"/v0{collection}", json=body, headers=HEADERS).raise_for_status()


def test_a_lookup_reads_the_object_whoever_holds_it_and_never_writes(
    api: Api, provider: BlaxelJobProvider
) -> None:
    del provider  # its fixture isolates the environment and ~/.blaxel
    labels = {"team": "data", OTHER_STACK: "0123456789abcdef0123456789abcdef.89abcdef"}
    spec = {"type": "location", "locations": [{"name": "EU", "type": "continent"}]}
    _post(api, "/policies", {"metadata": {"name": "eu-only", "labels": labels}, "spec": spec})
    policies = _objects(api, "policy")
    api.clear()

    read = policies.read("eu-only", {"lookup": True})

    assert read.id == "eu-only"
    outs = dict(read.outs or {})
    assert outs["name"] == "eu-only"
    assert outs["locations"] == [{"name": "EU", "type": "continent"}]
    assert outs["labels"] == {"team": "data"}
    assert outs["workspace"] == WORKSPACE
    assert outs["lookup"] is True
    assert read.inputs == {"lookup": True}
    assert api.methods() == ["GET /v0/policies/eu-only"]

    api.clear()
    again = policies.read("eu-only", outs)  # a refresh: the stored outputs, the marker among them
    assert again.id == "eu-only"
    assert dict(again.outs or {})["locations"] == outs["locations"]
    policies.delete("eu-only", outs)  # never called by the engine for a lookup: sends nothing either
    assert api.methods() == ["GET /v0/policies/eu-only"]

    api.http.delete("/v0/policies/eu-only", headers=HEADERS).raise_for_status()
    gone = policies.read("eu-only", outs)  # a refresh of a lookup whose object is gone: it leaves the state
    assert gone.id is None


def test_a_missing_object_fails_the_lookup(api: Api, provider: BlaxelJobProvider) -> None:
    del provider
    with pytest.raises(NotFound) as failed:
        _objects(api, "volume").read("nowhere", {"lookup": True})
    assert str(failed.value) == (
        "volume nowhere: not found in workspace 'local'. A lookup (`.get`) only reads an existing volume, it "
        "never creates one: create the volume first, or correct the name."
    )


def test_a_lookup_keeps_the_secrets_blaxel_reports(api: Api, provider: BlaxelJobProvider) -> None:
    spec = {"integration": "openai", "secret": {"apiKey": "sk-lookup-canary"}}
    _post(api, "/integrations/connections", {"metadata": {"name": "openai-prod"}, "spec": spec})
    outs = dict(_objects(api, "integration connection").read("openai-prod", {"lookup": True}).outs or {})
    assert outs["secret"] == {"apiKey": "***"}  # as Blaxel reports it (masked); a Pulumi secret in the state

    token = {"name": "TOKEN", "value": "sk-lookup-canary", "secret": True}
    envs = [{"name": "MODE", "value": "batch"}, token]
    api.post({"metadata": {"name": "nightly"}, "spec": {"runtime": {"image": "img:1", "envs": envs}}})
    job = dict(provider.read("nightly", {"lookup": True}).outs or {})
    assert job["runtime"]["envs"] == [{"name": "MODE", "value": "batch"}, {"name": "TOKEN", "secret": True}]
    assert job["secret_env_values"] == {"TOKEN": "***"}
    assert job["lookup"] is True
