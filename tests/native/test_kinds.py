"""Every kind but jobs on the native provider (`blaxel:index:Policy`, ..., `blaxel:index:Sandbox`), its
methods called as the engine calls them, over real HTTP against the local Blaxel API: check, create, a diff
of the same inputs finds nothing, an update's preview keeps what an update keeps, a one-field change is an
update (a change of `name` a replacement), an import reads inputs the schema declares and that diff finds
equal, secrets stay secret, delete leaves nothing. The whole lifecycle on the real CLI is
`tests/e2e/test_kinds.py`.
"""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.provider.experimental import provider as p
from pulumi.provider.experimental.property_value import PropertyValue

from blaxel_pulumi.core.ownership import owner_of
from blaxel_pulumi.native.errors import NativeError
from blaxel_pulumi.native.schema import OBJECT_KIND_TOKENS, input_names, lookup_token, output_names
from blaxel_pulumi.native.values import from_values, to_values
from tests.kind_specs import COLLECTIONS, SPECS, TOKENS
from tests.native.conftest import Native, run
from tests.provider.conftest import API_KEY, WORKSPACE, Api

CANARY = "sk-native-kinds-canary-3e9a"
"""A secret value, searched for in every output."""

PROPS: dict[str, dict[str, Any]] = {
    **SPECS,
    "integration connection": {**SPECS["integration connection"], "secret": {"apiKey": CANARY}},
    "agent": {
        "runtime": {
            "image": "registry.example.com/agent:1",
            "memory": 2048,
            "envs": [{"name": "MODE", "value": "batch"}, {"name": "TOKEN", "value": CANARY, "secret": True}],
        }
    },
}
"""The inputs of one object of each kind (camelCase, as a program on the native face gives them)."""

CHANGED: dict[str, dict[str, Any]] = {
    "policy": {"resourceTypes": ["agent", "model"]},
    "integration connection": {"config": {"org": "acme-b"}},
    "volume template": {"defaultSize": 2048},
    "volume": {"size": 2048},
    "drive": {"displayName": "Shared"},
    "model": {"runtime": {"type": "openai", "model": "gpt-4.1-mini"}},
    "function": {"runtime": {"image": "registry.example.com/mcp:2"}},
    "agent": {"displayName": "Agent"},
    "sandbox": {"runtime": {"image": "blaxel/base:latest", "memory": 4096}},
}
"""One field of each kind changed."""


def _urn(word: str, name: str = "subject") -> str:
    return f"urn:pulumi:dev::proj::{TOKENS[word]}::{name}"


def _get(api: Api, word: str, name: str) -> dict[str, Any] | None:
    return api.object(COLLECTIONS[word], name)


def _secret_free(props: dict[str, PropertyValue]) -> None:
    """No plaintext secret in ``props`` (a secret value is wrapped as a secret)."""
    for key, value in props.items():
        if not value.is_secret:
            assert CANARY not in repr(value), key


@pytest.mark.parametrize("word", sorted(PROPS))
def test_every_kind_lives_its_lifecycle_on_the_native_provider(word: str, native: Native, api: Api) -> None:
    urn, name = _urn(word), f"{word.replace(' ', '-')}-one"
    checked = native.checked({"name": name, "labels": {"team": "data"}, **PROPS[word]}, urn=urn)
    assert from_values(checked)["owner"] == owner_of("0" * 32, urn)

    preview = native.create(checked, preview=True, urn=urn)
    assert preview.resource_id is None
    assert not [r for r in api.requests() if r["method"] != "GET"]

    created = native.create(checked, urn=urn)
    assert created.resource_id == name
    stored = _get(api, word, name)
    assert stored is not None and stored["metadata"]["labels"]["team"] == "data"
    _secret_free(created.properties)
    outputs = from_values(created.properties)
    assert outputs["name"] == name and outputs["workspace"] == WORKSPACE
    if OBJECT_KIND_TOKENS[TOKENS[word]].rolls_out:
        assert outputs["status"] == "DEPLOYED"

    same = run(native.provider.diff(p.DiffRequest(urn, name, created.properties, checked, [])))
    assert same.changes is False

    changed = native.checked(
        {"name": name, "labels": {"team": "data"}, **PROPS[word], **CHANGED[word]}, urn=urn
    )
    update = run(native.provider.diff(p.DiffRequest(urn, name, created.properties, changed, [])))
    assert update.changes is True and update.replaces == [], update
    kept = run(native.provider.update(p.UpdateRequest(urn, name, created.properties, changed, 60, [], True)))
    assert from_values(kept.properties)["createdAt"] == outputs["createdAt"]  # an update keeps it
    api.clear()
    updated = run(
        native.provider.update(p.UpdateRequest(urn, name, created.properties, changed, 60, [], False))
    )
    assert [m for m in api.methods() if not m.startswith("GET")] == [f"PUT /v0{COLLECTIONS[word]}/{name}"]
    _secret_free(updated.properties)

    renamed = native.checked({"name": f"{name}-2", **PROPS[word]}, urn=urn)
    replace = run(native.provider.diff(p.DiffRequest(urn, name, updated.properties, renamed, [])))
    assert replace.replaces == ["name"] and replace.delete_before_replace is False

    run(native.provider.delete(p.DeleteRequest(urn, name, updated.properties, 60)))
    assert _get(api, word, name) is None


@pytest.mark.parametrize("word", sorted(PROPS))
def test_an_import_of_any_kind_reads_inputs_the_schema_declares_and_diff_finds_equal(
    word: str, native: Native, api: Api
) -> None:
    body = SPECS[word]  # no secret: Blaxel masks secret values, an import cannot give them back
    api.http.post(
        f"/v0{COLLECTIONS[word]}",
        json={"metadata": {"name": "made-elsewhere", "labels": {"made-by": "console"}}, "spec": body},
        headers={"Authorization": f"Bearer {API_KEY}", "X-Blaxel-Workspace": WORKSPACE},
    ).raise_for_status()
    api.clear()
    urn = _urn(word, "imported")
    read = run(native.provider.read(p.ReadRequest(urn, "made-elsewhere", {}, {})))
    assert read.resource_id == "made-elsewhere"
    assert [m for m in api.methods() if not m.startswith("GET")] == []
    inputs = from_values(read.inputs)
    assert set(inputs) <= input_names(TOKENS[word]), set(inputs) - input_names(TOKENS[word])
    assert inputs["labels"] == {"made-by": "console"} and "workspace" not in inputs
    checked = native.check(from_values(read.inputs), from_values(read.inputs), urn=urn)
    assert not checked.failures, [f.reason for f in checked.failures]
    diff = run(
        native.provider.diff(p.DiffRequest(urn, "made-elsewhere", read.properties, checked.inputs or {}, []))
    )
    assert diff.changes is False, (diff.diffs, diff.detailed_diff)
    assert not [m for s, m, _ in native.messages if s == "warning"]


@pytest.mark.parametrize("word", ["integration connection", "volume"])
def test_a_lookup_function_reads_the_object_whoever_holds_it_and_writes_nothing(
    word: str, native: Native, api: Api
) -> None:
    body = {"metadata": {"name": "theirs", "labels": {"blaxel-pulumi.owner": "f" * 32}}, "spec": PROPS[word]}
    api.http.post(
        f"/v0{COLLECTIONS[word]}",
        json=body,
        headers={"Authorization": f"Bearer {API_KEY}", "X-Blaxel-Workspace": WORKSPACE},
    ).raise_for_status()
    api.clear()
    function = lookup_token(TOKENS[word])
    found = run(native.provider.invoke(p.InvokeRequest(function, to_values({"name": "theirs"}))))
    assert not found.failures and found.return_value is not None
    assert [m for m in api.methods() if not m.startswith("GET")] == []
    values = from_values(found.return_value)
    assert values["name"] == "theirs" and values["workspace"] == WORKSPACE
    assert set(values) <= output_names(function)
    assert "owner" not in values  # the provider's bookkeeping is no output of a lookup
    if word == "integration connection":
        assert found.return_value["secret"].is_secret
    _secret_free(found.return_value)

    with pytest.raises(NativeError) as missing:
        run(native.provider.invoke(p.InvokeRequest(function, to_values({"name": "nowhere"}))))
    assert str(missing.value).startswith(f"{word} nowhere: not found in workspace '{WORKSPACE}'")
    no_name = run(native.provider.invoke(p.InvokeRequest(function, to_values({}))))
    assert [f.property for f in no_name.failures or []] == ["name"]
    with pytest.raises(NativeError, match="Unknown function 'blaxel:index:getCluster'"):
        run(native.provider.invoke(p.InvokeRequest("blaxel:index:getCluster", to_values({"name": "x"}))))


def test_an_update_preview_of_an_agent_shows_only_its_own_outputs(native: Native, api: Api) -> None:
    """A change of an agent's triggers leaves its callback secrets alone: only a job has them."""
    urn = _urn("agent")
    agent = {"name": "helper", **SPECS["agent"]}
    created = native.create(native.checked(agent, urn=urn), urn=urn)
    triggers = [{"id": "web", "type": "http", "configuration": {"path": "/run"}}]
    news = native.checked({**agent, "triggers": triggers}, urn=urn)
    preview = run(
        native.provider.update(p.UpdateRequest(urn, "helper", created.properties, news, 60, [], True))
    )
    assert not {"triggerCallbackSecrets", "trigger_callback_secrets"} & set(preview.properties)
    assert preview.properties["status"].value is not None  # unknown until the update runs
    assert from_values(preview.properties)["createdAt"] == from_values(created.properties)["createdAt"]
