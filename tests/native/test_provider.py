"""The native provider's methods against the local Blaxel API: what the engine asks, what it gets back."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

import pytest
from pulumi.provider.experimental import provider as p
from pulumi.runtime.rpc import UNKNOWN

from blaxel_pulumi.core.ownership import owner_of as job_owner
from blaxel_pulumi.native.errors import NativeError
from blaxel_pulumi.native.provider import JobProvider
from blaxel_pulumi.native.schema import input_names
from blaxel_pulumi.native.values import from_values, to_values
from tests.e2e.test_parallel_waits import peak_waits
from tests.native.conftest import URN, Native, run
from tests.provider.conftest import API_KEY, Api

JOB: dict[str, Any] = {
    "name": "nightly-etl",
    "displayName": "Nightly",
    "labels": {"team": "data"},
    "runtime": {
        "image": "registry.example.com/etl:1.4",
        "memory": 2048,
        "maxRetries": 2,
        "envs": [{"name": "MODE", "value": "full"}, {"name": "TOKEN", "value": "tok-canary", "secret": True}],
    },
    "triggers": [{"type": "cron", "configuration": {"schedule": "0 2 * * *"}}],
}


def test_check_names_the_camel_case_property_and_sends_nothing(native: Native, api: Api) -> None:
    bad = {**JOB, "runtime": {**JOB["runtime"], "maxRetries": "often"}, "dispalyName": "x"}
    bad["triggers"] = [{"type": "cron", "configuration": {"schedule": "nightly"}}]
    result = native.check(bad)
    reasons = " | ".join(f.reason for f in result.failures or [])
    assert "runtime.maxRetries: Input should be a valid integer" in reasons
    assert "dispalyName: unknown field. Did you mean `displayName`?" in reasons
    assert "triggers[0].configuration.schedule is not a valid cron expression" in reasons
    assert "tok-canary" not in reasons
    assert api.requests() == []


def test_check_rejects_values_that_cannot_be_right_with_camel_case_names(native: Native, api: Api) -> None:
    runtime = {**JOB["runtime"], "memory": -5, "maxConcurrentTasks": -10, "timeout": 0}
    volumes = [{"name": "v", "mountPath": "/v", "type": "ephemeral", "sizeMb": 0}]
    result = native.check({**JOB, "runtime": runtime, "volumes": volumes})
    reasons = " | ".join(f.reason for f in result.failures or [])
    for field in ("runtime.memory", "runtime.maxConcurrentTasks", "runtime.timeout", "volumes[0].sizeMb"):
        assert f"{field}: Input should be greater than or equal to 1. Expected: " in reasons, reasons
    assert "blaxel-pulumi's rule" in reasons
    assert api.requests() == []


def test_check_moves_secret_env_values_and_marks_them_secret(native: Native) -> None:
    inputs = native.checked(JOB)
    assert inputs["secretEnvValues"].is_secret
    assert from_values(inputs)["secretEnvValues"] == {"TOKEN": "tok-canary"}
    envs = from_values(inputs)["runtime"]["envs"]
    assert envs[1] == {"name": "TOKEN", "secret": True}
    assert from_values(inputs)["owner"] == job_owner("0" * 32, URN)


def test_a_secret_input_stays_a_secret_in_inputs_and_outputs(native: Native, api: Api) -> None:
    news = to_values(JOB)
    news["displayName"] = news["displayName"].with_secret(True)
    result = run(native.provider.check(p.CheckRequest(URN, {}, news, b"")))
    assert result.inputs is not None and result.inputs["displayName"].is_secret
    created = native.create(result.inputs)
    assert created.properties["displayName"].is_secret
    assert created.properties["secretEnvValues"].is_secret


def test_a_secret_label_is_a_secret_in_the_effective_labels_too(native: Native, api: Api) -> None:
    news = to_values({**JOB, "labels": {"team": "S3CRET-LABEL"}})
    news["labels"] = news["labels"].with_secret(True)
    result = run(native.provider.check(p.CheckRequest(URN, {}, news, b"")))
    assert result.inputs is not None
    created = native.create(result.inputs)
    assert created.properties["labels"].is_secret
    assert created.properties["effectiveLabels"].is_secret  # holds the same value: never in plain


def test_the_api_key_is_a_secret_in_the_providers_inputs_even_when_given_in_plain(api: Api) -> None:
    provider = JobProvider("0.0.0-test")
    checked = run(provider.check_config(p.CheckRequest("", {}, to_values({"apiKey": "plain-key"}), b"")))
    assert checked.inputs is not None and checked.inputs["apiKey"].is_secret


def test_an_unexpected_error_is_redacted_in_the_message_and_the_log(
    native: Native, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(props: Mapping[str, Any]) -> None:
        raise ValueError(f"bad input_value={props['secret_env_values']} key={API_KEY}")

    props = {"secret_env_values": {"TOKEN": "S3CRET-TOKEN"}}
    try:
        run(native.provider._run(URN, broken, props))
    except NativeError as exc:
        message = str(exc)
    else:
        raise AssertionError("the error was swallowed")
    assert "This is a bug of blaxel-pulumi" in message
    log = capsys.readouterr().err
    assert "ValueError" in log
    for text in (message, log):
        assert "S3CRET-TOKEN" not in text and API_KEY not in text


def test_create_read_diff_update_delete(native: Native, api: Api) -> None:
    inputs = native.checked(JOB)
    created = native.create(inputs)
    assert created.resource_id == "nightly-etl"
    outs = created.properties
    assert from_values(outs)["status"] == "DEPLOYED"
    job = api.job("nightly-etl")
    claim = from_values(outs)["claim"]
    assert job is not None and job["metadata"]["labels"]["blaxel-pulumi.owner"] == (
        f"{job_owner('0' * 32, URN)}.{claim}"
    )

    same = run(native.provider.diff(p.DiffRequest(URN, "nightly-etl", outs, inputs, [])))
    assert same.changes is False

    changed = {**JOB, "runtime": {**JOB["runtime"], "memory": 4096}}
    changed["runtime"]["envs"] = [{"name": "MODE", "value": "partial"}, JOB["runtime"]["envs"][1]]
    news = native.checked(changed)
    diff = run(native.provider.diff(p.DiffRequest(URN, "nightly-etl", outs, news, [])))
    assert diff.changes is True and diff.replaces == []
    assert {k: v.kind for k, v in diff.detailed_diff.items()} == {
        "runtime.memory": p.PropertyDiffKind.UPDATE,
        "runtime.envs[0].value": p.PropertyDiffKind.UPDATE,
    }

    preview = run(native.provider.update(p.UpdateRequest(URN, "nightly-etl", outs, news, 60, [], True)))
    assert from_values(preview.properties)["url"] == from_values(outs)["url"]  # known, stable
    assert preview.properties["status"].value == UNKNOWN  # changes with the update
    assert preview.properties["secretEnvValues"].is_secret
    api.clear()
    assert api.methods() == []

    updated = run(native.provider.update(p.UpdateRequest(URN, "nightly-etl", outs, news, 60, [], False)))
    assert [m for m in api.methods() if not m.startswith("GET")] == ["PUT /v0/jobs/nightly-etl"]
    assert from_values(updated.properties)["runtime"]["memory"] == 4096

    renamed = native.checked({**changed, "name": "nightly-etl-2"})
    diff = run(native.provider.diff(p.DiffRequest(URN, "nightly-etl", updated.properties, renamed, [])))
    assert diff.replaces == ["name"]
    assert diff.detailed_diff["name"].kind == p.PropertyDiffKind.UPDATE_REPLACE

    read = run(native.provider.read(p.ReadRequest(URN, "nightly-etl", updated.properties, news)))
    assert read.resource_id == "nightly-etl"
    run(native.provider.delete(p.DeleteRequest(URN, "nightly-etl", updated.properties, 60)))
    assert api.job("nightly-etl") is None
    gone = run(native.provider.read(p.ReadRequest(URN, "nightly-etl", updated.properties, news)))
    assert not gone.resource_id


def test_create_preview_returns_the_known_outputs_and_sends_nothing(native: Native, api: Api) -> None:
    preview = native.create(native.checked(JOB), preview=True)
    outs = from_values(preview.properties)
    assert outs["name"] == "nightly-etl" and outs["workspace"] == "local"
    assert preview.properties["url"].value == UNKNOWN
    assert api.requests() == []


def test_import_reads_inputs_that_check_keeps_and_diff_finds_equal(native: Native, api: Api) -> None:
    api.post(
        {
            "metadata": {"name": "made-elsewhere", "labels": {"team": "x"}},
            "spec": {
                "runtime": {"image": "img:1", "memory": 1024, "ports": [{"target": 8080}]},
                "triggers": [{"id": "t1", "type": "cron", "configuration": {"schedule": "0 * * * *"}}],
            },
        }
    )
    urn = URN.replace("nightly", "imported")
    read = run(native.provider.read(p.ReadRequest(urn, "made-elsewhere", {}, {})))
    assert read.resource_id == "made-elsewhere"
    inputs = from_values(read.inputs)
    assert inputs["runtime"] == {"image": "img:1", "memory": 1024, "ports": [{"target": 8080}]}
    assert inputs["labels"] == {"team": "x"} and "workspace" not in inputs
    # Only what a program can write: the engine warns of any other imported input.
    assert set(inputs) <= input_names() and "_state_version" not in inputs
    outputs = from_values(read.properties)
    # Import adopts the job as it is (no ownership label here); the next update writes this resource's.
    assert outputs.get("owner") is None
    checked = run(native.provider.check(p.CheckRequest(urn, read.inputs, read.inputs, b"")))
    assert not checked.failures
    assert from_values(checked.inputs or {})["owner"] == job_owner("0" * 32, urn)
    diff = run(
        native.provider.diff(p.DiffRequest(urn, "made-elsewhere", read.properties, checked.inputs or {}, []))
    )
    assert diff.changes is False


def test_an_interrupted_create_is_taken_over_by_the_same_stack_only(api: Api) -> None:
    first = Native(api, identity="a" * 32)
    first.create(first.checked(JOB))  # the state never learned of it (interrupted `pulumi up`)
    api.clear()
    again = Native(api, identity="a" * 32)  # the provider's identity is in the state: the same
    taken = again.create(again.checked(JOB))
    assert taken.resource_id == "nightly-etl"
    assert [m for m in api.methods() if not m.startswith("GET")] == [
        "POST /v0/jobs",
        "PUT /v0/jobs/nightly-etl",
    ]

    api.clear()
    elsewhere = Native(api, identity="b" * 32)  # a same-named stack of another backend
    try:
        elsewhere.create(elsewhere.checked(JOB))
    except NativeError as exc:
        message = str(exc)
    else:
        raise AssertionError("a job of another stack was taken over")
    assert (
        "A job named 'nightly-etl' already exists in workspace 'local' and no resource of this stack holds it"
        in message
    )
    assert "Traceback" not in message
    assert [m for m in api.methods() if not m.startswith("GET")] == ["POST /v0/jobs"]  # refused, not touched


def test_check_config_keeps_the_stored_identity_and_accepts_every_blaxel_key(api: Api) -> None:
    native = Native(api, identity=None)
    news = to_values({"workspace": "local", "skipCredentialsCheck": "true", "someFutureKey": "x"})
    drawn = run(native.provider.check_config(p.CheckRequest("", {}, news, b"")))
    assert drawn.inputs is not None and not drawn.failures
    identity = from_values(drawn.inputs)["stackIdentity"]
    assert len(identity) == 32
    kept = run(native.provider.check_config(p.CheckRequest("", drawn.inputs, news, b"")))
    assert kept.inputs is not None and from_values(kept.inputs)["stackIdentity"] == identity
    diff = run(native.provider.diff_config(p.DiffRequest("", "", kept.inputs, drawn.inputs, [])))
    assert diff.changes is False


@pytest.mark.parametrize(
    ("provider_id", "stored", "known"),
    [
        (UNKNOWN, False, False),  # a preview of a new provider: its identity is drawn again at `up`
        ("3f0c2a9e-provider-id", False, True),  # `up` creates the provider: the identity is stored
        (UNKNOWN, True, True),  # a provider replaced in a preview keeps its stored identity
    ],
)
def test_a_name_drawn_for_a_preview_only_is_unknown(
    api: Api, provider_id: str, stored: bool, known: bool
) -> None:
    provider = JobProvider("0.0.0-test")
    args = {"apiUrl": api.server.api_url, "workspace": "local", "apiKey": API_KEY}
    olds = to_values({**args, "stackIdentity": "1" * 32}) if stored else {}
    checked = run(provider.check_config(p.CheckRequest("", olds, to_values(args), b"")))
    assert checked.inputs is not None
    provider.configured_as(provider_id)
    run(provider.configure(p.ConfigureRequest({}, checked.inputs, True, True)))

    inputs = run(provider.check(p.CheckRequest(URN, {}, to_values({"runtime": {"image": "i:1"}}), b"")))

    assert inputs.inputs is not None and not inputs.failures
    values = from_values(inputs.inputs)
    for key in ("name", "autoName", "owner"):
        assert isinstance(values[key], str) is known, (key, values[key])


def test_configure_from_stack_config_variables(api: Api) -> None:
    native = Native(api)
    variables = {
        "blaxel:config:apiUrl": api.server.api_url,
        "blaxel:config:workspace": "local",
        "blaxel:config:apiKey": "local-dev-key",
        "blaxel:config:skipCredentialsCheck": "false",
        "other:config:thing": "ignored",
    }
    run(native.provider.configure(p.ConfigureRequest(variables, {}, True, True)))
    created = native.create(native.checked(JOB))
    assert created.resource_id == "nightly-etl"


def test_errors_name_the_job_and_the_fix_without_traceback(api: Api) -> None:
    native = Native(api, apiKey="wrong-key")
    try:
        native.create(native.checked(JOB))
    except NativeError as exc:
        message = str(exc)
    else:
        raise AssertionError("a wrong key was accepted")
    assert "401" in message and "API key" in message, message
    assert "Traceback" not in message and "wrong-key" not in message


def test_sixteen_waiting_creates_run_at_once(native: Native, api: Api) -> None:
    api.settings(deploy_seconds=1.5)
    urns = {f"job-{i}": URN.replace("nightly", f"job-{i}") for i in range(16)}
    requests = {
        name: native.checked({"name": name, "runtime": {"image": "img:1"}}, urn) for name, urn in urns.items()
    }
    api.clear()

    async def create_all() -> list[p.CreateResponse]:
        return await asyncio.gather(
            *(native.provider.create(p.CreateRequest(urns[n], r, 60, False)) for n, r in requests.items())
        )

    results = asyncio.run(create_all())
    assert all(from_values(r.properties)["status"] == "DEPLOYED" for r in results)
    # One wave: every job's status polls overlap (asyncio's default pool, 6 threads on 2 cores, gives 6).
    assert peak_waits(api.requests()) == 16
    # Each call's console messages are attached to its own resource.
    deployed = [(m, u) for _, m, u in native.messages if "DEPLOYED after" in m]
    assert len(deployed) == 16
    attached = sorted((m.removeprefix("blaxel: ").split(":")[0], u) for m, u in deployed)
    assert attached == sorted((f"job {name}", urn) for name, urn in urns.items())


def test_unknown_values_in_preview_are_not_validated(native: Native, api: Api) -> None:
    news = to_values({**JOB, "runtime": {**JOB["runtime"], "image": UNKNOWN}})
    result = run(native.provider.check(p.CheckRequest(URN, {}, news, b"")))
    assert not result.failures
    assert result.inputs is not None
    assert from_values(result.inputs)["runtime"]["image"] is not None
    assert to_values(from_values(result.inputs))["runtime"] == result.inputs["runtime"]
    runtime = result.inputs["runtime"].value
    assert isinstance(runtime, Mapping) and runtime["image"].value == UNKNOWN


def test_adopt_takes_over_an_existing_job_with_one_put(native: Native, api: Api) -> None:
    api.post({"metadata": {"name": "legacy"}, "spec": {"runtime": {"image": "old:1"}}})
    api.clear()
    inputs = native.checked({"name": "legacy", "adopt": True, "runtime": {"image": "new:2"}})
    assert any("will be adopted" in m for _, m, _ in native.messages)
    created = native.create(inputs)
    assert created.resource_id == "legacy"
    assert [m for m in api.methods() if not m.startswith("GET")] == ["PUT /v0/jobs/legacy"]
    job = api.job("legacy")
    assert job is not None and job["spec"]["runtime"]["image"] == "new:2"


def test_settings_not_known_yet_do_not_fail_a_preview(api: Api) -> None:
    native = Native(api)
    args = to_values({"workspace": "local", "apiKey": UNKNOWN, "skipCredentialsCheck": "false"})
    run(native.provider.configure(p.ConfigureRequest({}, args, True, True)))
    assert not native.check(JOB).failures
    run(native.provider.configure(p.ConfigureRequest({}, to_values({"workspace": "local"}), True, True)))
    reasons = [f.reason for f in native.check(JOB).failures or []]
    assert any("No Blaxel API key found" in r for r in reasons), reasons


def test_an_import_of_a_job_another_stack_holds_warns_and_adopts_it(native: Native, api: Api) -> None:
    """Importing is the explicit adoption: the job is stored with the holder it has (so that this resource
    may write it), the console says whose it was, and the next update writes this resource's marker."""
    theirs = "f" * 32 + ".0badc0de"
    api.post(
        {
            "metadata": {"name": "theirs", "labels": {"blaxel-pulumi.owner": theirs}},
            "spec": {"runtime": {"image": "img:1", "memory": 1024}},
        }
    )
    urn = URN.replace("nightly", "imported")
    read = run(native.provider.read(p.ReadRequest(urn, "theirs", {}, {})))
    assert read.resource_id == "theirs"
    warnings = [m for s, m, u in native.messages if s == "warning" and u == urn]
    assert any(
        "carries the ownership label of another stack or resource" in m and theirs in m for m in warnings
    )
    outputs = from_values(read.properties)
    assert outputs["owner"] == "f" * 32 and outputs["claim"] == "0badc0de"
    checked = run(native.provider.check(p.CheckRequest(urn, read.inputs, read.inputs, b"")))
    news = {**from_values(checked.inputs or {}), "runtime": {"image": "img:2", "memory": 1024}}
    run(
        native.provider.update(
            p.UpdateRequest(urn, "theirs", read.properties, to_values(news), 60, [], False)
        )
    )
    job = api.job("theirs")
    assert job is not None and job["metadata"]["labels"]["blaxel-pulumi.owner"].startswith(
        job_owner("0" * 32, urn) + "."
    )
    assert job["spec"]["runtime"]["image"] == "img:2"


def test_an_import_of_a_job_this_stack_made_does_not_warn(native: Native, api: Api) -> None:
    created = native.create(native.checked(JOB))
    read = run(native.provider.read(p.ReadRequest(URN, created.resource_id or "", {}, {})))
    assert read.resource_id == created.resource_id
    assert not [m for s, m, _ in native.messages if s == "warning"]
