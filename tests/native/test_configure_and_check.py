"""The native provider's configuration and check as the engine drives them: what it tells the engine it
supports, settings as the engine sends them (numbers, booleans, other packages' variables), the resource
types it accepts, and what a check stores for a new and for an existing resource."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pulumi.provider.experimental import provider as p

from blaxel_pulumi.core.ownership import auto_name_of as job_auto_name, owner_of as job_owner
from blaxel_pulumi.emulator import EmulatorConfig, EmulatorServer
from blaxel_pulumi.emulator.config import ApiKey
from blaxel_pulumi.native.errors import NativeError
from blaxel_pulumi.native.provider import JobProvider
from blaxel_pulumi.native.values import from_values, to_values
from tests.native.conftest import URN, Native, run
from tests.provider.conftest import API_KEY, WORKSPACE, Api

JOB: dict[str, Any] = {"name": "nightly-etl", "runtime": {"image": "img:1"}}
PROVIDER_URN = "urn:pulumi:dev::proj::pulumi:providers:blaxel::default"


def configure(native: Native, args: dict[str, Any], variables: dict[str, str] | None = None) -> None:
    run(native.provider.configure(p.ConfigureRequest(variables or {}, to_values(args), True, True)))


def test_configure_asks_for_secrets_and_previews_and_takes_no_resources(api: Api) -> None:
    provider = JobProvider("0.0.0-test")
    args = to_values({"apiUrl": api.server.api_url, "workspace": WORKSPACE, "apiKey": API_KEY})

    response = run(provider.configure(p.ConfigureRequest({}, args, True, True)))

    assert response.accept_secrets is True  # secret env values arrive as secrets, never in plain
    assert response.supports_preview is True  # create/update are called in previews too
    assert response.accept_resources is False


def test_the_schema_carries_the_plugin_version() -> None:
    schema = run(JobProvider("1.2.3").get_schema(p.GetSchemaRequest(0, "", ""))).schema
    assert schema is not None and json.loads(schema)["version"] == "1.2.3"


def test_check_config_records_the_stack_the_identity_was_drawn_for() -> None:
    provider = JobProvider("0.0.0-test")
    checked = run(provider.check_config(p.CheckRequest(PROVIDER_URN, {}, to_values({}), b"")))
    assert checked.inputs is not None
    assert from_values(checked.inputs)["stackIdentityOf"] == "proj/dev"


def test_settings_sent_as_numbers_and_booleans_are_read_as_given(native: Native, api: Api) -> None:
    """The engine sends typed provider arguments: `requestTimeout: 5` arrives as 5.0, a boolean as a bool."""
    configure(
        native,
        {
            "apiUrl": api.server.api_url,
            "workspace": WORKSPACE,
            "apiKey": API_KEY,
            "requestTimeout": 5.0,
            "skipCredentialsCheck": False,
        },
    )
    assert native.create(native.checked(JOB)).resource_id == "nightly-etl"

    configure(native, {"workspace": WORKSPACE, "skipCredentialsCheck": True})  # no key: a keyless preview
    assert not native.check(JOB).failures


def test_another_packages_variables_never_configure_this_provider(native: Native, api: Api) -> None:
    variables = {
        "other:config:apiUrl": "http://127.0.0.1:9/v0",
        "other:config:workspace": "elsewhere",
        "other:config:requestTimeout": "not-a-number",
        "blaxel:config:apiUrl": api.server.api_url,
        "blaxel:config:workspace": WORKSPACE,
        "blaxel:config:apiKey": API_KEY,
    }
    configure(native, {}, variables)

    created = native.create(native.checked(JOB))

    assert created.resource_id == "nightly-etl"
    assert from_values(created.properties)["workspace"] == WORKSPACE


def test_an_api_key_is_sent_exactly_as_configured(tmp_path: Path) -> None:
    """Keys are case-sensitive: only booleans are written in lower case."""
    key = ApiKey(key="Mixed-CASE-Key-7", workspace=WORKSPACE)
    with EmulatorServer(EmulatorConfig(db_path=tmp_path / "jobs.sqlite", keys=(key,))) as server:
        api = Api(server)
        native = Native(api, apiKey="Mixed-CASE-Key-7", skipCredentialsCheck=False)
        try:
            assert native.create(native.checked(JOB)).resource_id == "nightly-etl"
        finally:
            api.http.close()


def test_typed_provider_arguments_win_over_stack_config_variables(native: Native, api: Api) -> None:
    variables = {"blaxel:config:apiUrl": "http://127.0.0.1:9/v0", "blaxel:config:workspace": "elsewhere"}
    configure(native, {"apiUrl": api.server.api_url, "workspace": WORKSPACE, "apiKey": API_KEY}, variables)

    created = native.create(native.checked(JOB))

    assert from_values(created.properties)["workspace"] == WORKSPACE


def test_a_resource_of_another_type_is_refused(native: Native) -> None:
    other = "urn:pulumi:dev::proj::blaxel:index:Cluster::box"
    with pytest.raises(NativeError) as refused:
        native.check(JOB, urn=other)
    message = str(refused.value)
    assert message.startswith(
        "Unknown resource type 'blaxel:index:Cluster': this provider manages `blaxel:index:Job`, "
        "`blaxel:index:Policy`, "
    ), message
    assert "`blaxel:index:Sandbox`" in message


def test_a_job_inside_a_component_is_accepted(native: Native, api: Api) -> None:
    nested = "urn:pulumi:dev::proj::my:index:Pipeline$blaxel:index:Job::nightly"
    created = native.create(native.checked(JOB, urn=nested), urn=nested)
    assert created.resource_id == "nightly-etl"


def test_a_new_job_without_a_name_gets_the_auto_name_of_its_resource(native: Native) -> None:
    inputs = from_values(native.checked({"runtime": {"image": "img:1"}}))
    assert inputs["name"] == job_auto_name("0" * 32, URN)
    assert inputs["owner"] == job_owner("0" * 32, URN)


def test_an_existing_job_keeps_the_name_it_was_created_with(native: Native, api: Api) -> None:
    """Checked again by a provider with another identity (or a new way of computing names), a resource
    keeps its job's name: a new name would replace the job."""
    first = native.checked({"runtime": {"image": "img:1"}})
    other = Native(api, identity="1" * 32)

    again = other.check({"runtime": {"image": "img:2"}}, olds=from_values(first))

    assert not again.failures and again.inputs is not None
    assert from_values(again.inputs)["name"] == from_values(first)["name"] == job_auto_name("0" * 32, URN)


def test_secret_env_values_given_beside_runtime_are_kept(native: Native) -> None:
    """Values already in `secretEnvValues` stay there beside those moved out of `runtime`."""
    envs = [{"name": "PASSWORD", "value": "p-canary", "secret": True}]
    inputs = native.checked(
        {**JOB, "runtime": {"image": "img:1", "envs": envs}, "secretEnvValues": {"TOKEN": "t-canary"}}
    )
    assert from_values(inputs)["secretEnvValues"] == {"TOKEN": "t-canary", "PASSWORD": "p-canary"}
    assert inputs["secretEnvValues"].is_secret


def test_a_secret_env_listed_without_its_value_keeps_the_stored_value(native: Native) -> None:
    """Inputs already in the stored form (what a read or an import gives back: the secret env var listed in
    `runtime` without its value, the value in `secretEnvValues`) are checked again without losing the value
    (before: the env var's missing value replaced the stored one with nothing)."""
    envs = [{"name": "TOKEN", "secret": True}, {"name": "PASSWORD", "value": "p-canary", "secret": True}]
    inputs = native.checked(
        {**JOB, "runtime": {"image": "img:1", "envs": envs}, "secretEnvValues": {"TOKEN": "t-canary"}}
    )
    assert from_values(inputs)["secretEnvValues"] == {"TOKEN": "t-canary", "PASSWORD": "p-canary"}


def test_check_failures_name_no_property_so_the_engine_prints_no_value(native: Native) -> None:
    """The engine prints a failure's property value beside it (a secret env var's too): each reason starts
    with the field's camelCase path instead."""
    envs = [{"name": "TOKEN", "secret": True}]
    result = native.check({**JOB, "runtime": {"image": "img:1", "envs": envs, "maxRetries": "often"}})
    failures = result.failures or []
    assert [f.property for f in failures] == ["", ""]
    assert sorted(f.reason.split(" ")[0] for f in failures) == ["runtime.envs[0]", "runtime.maxRetries:"]


def test_create_bounded_by_custom_timeouts_and_unbounded_without(native: Native, api: Api) -> None:
    inputs = native.checked(JOB)
    api.settings(deploy_seconds=30)
    with pytest.raises(NativeError) as late:
        run(native.provider.create(p.CreateRequest(URN, inputs, 1, False)))
    assert "customTimeouts (create: 1s)" in str(late.value)

    api.settings(deploy_seconds=1.2)
    other = native.checked({**JOB, "name": "nightly-etl-2"})
    created = run(native.provider.create(p.CreateRequest(URN, other, 0, False)))  # 0: no customTimeouts
    assert from_values(created.properties)["status"] == "DEPLOYED"


def test_a_create_preview_shows_the_jobs_own_workspace_and_keeps_secrets_secret(native: Native) -> None:
    news = to_values({**JOB, "workspace": "team-b", "displayName": "Classified"})
    news["displayName"] = news["displayName"].with_secret(True)
    inputs = run(native.provider.check(p.CheckRequest(URN, {}, news, b""))).inputs
    assert inputs is not None

    preview = native.create(inputs, preview=True)

    assert from_values(preview.properties)["workspace"] == "team-b"
    assert preview.properties["displayName"].is_secret
    assert preview.resource_id is None


def test_an_adoption_announced_at_preview_is_attached_to_its_resource(native: Native, api: Api) -> None:
    api.post({"metadata": {"name": "legacy"}, "spec": {"runtime": {"image": "old:1"}}})
    native.messages.clear()

    native.checked({"name": "legacy", "adopt": True, "runtime": {"image": "new:2"}})

    [(severity, message, urn)] = native.messages
    assert severity == "warning" and urn == URN
    assert message.endswith(
        "job legacy: exists in workspace 'local' and will be adopted (adopt=True): its "
        "settings become the program's. Adoption happens at this resource's first create only; "
        "remove `adopt` once it is done."
    )
