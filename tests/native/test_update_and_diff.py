"""The native provider's diff and update as the engine sees them: which outputs an update's preview knows,
when a replacement deletes first, that customTimeouts bound updates and deletes, and that console
messages and errors name the resource they are about."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.provider.experimental import provider as p
from pulumi.provider.experimental.property_value import PropertyValue
from pulumi.runtime.rpc import UNKNOWN

from blaxel_pulumi.native.errors import NativeError, UnfinishedCreate
from blaxel_pulumi.native.values import from_values, to_values
from tests.native.conftest import URN, Native, run
from tests.provider.conftest import Api

JOB: dict[str, Any] = {
    "name": "nightly-etl",
    "displayName": "Nightly",
    "labels": {"team": "data"},
    "runtime": {
        "image": "registry.example.com/etl:1.4",
        "memory": 2048,
        "envs": [{"name": "MODE", "value": "full"}, {"name": "TOKEN", "value": "tok-canary", "secret": True}],
    },
    "triggers": [{"type": "http-async", "configuration": {"path": "/invoke"}}],
}

Props = dict[str, PropertyValue]
ROLLING_OUT = ("UPLOADING", "BUILDING", "DEPLOYING")
"""The statuses of a rollout in progress in the local API."""


def created(native: Native, job: dict[str, Any] | None = None) -> Props:
    """Create ``job`` (default :data:`JOB`) and return its stored outputs."""
    return native.create(native.checked(job or JOB)).properties


def preview_update(native: Native, outs: Props, news: Props) -> dict[str, PropertyValue]:
    """The outputs the engine shows in the preview of an update from ``outs`` to ``news``."""
    request = p.UpdateRequest(URN, "nightly-etl", outs, news, 60, [], True)
    return run(native.provider.update(request)).properties


def diff(native: Native, outs: Props, news: Props) -> p.DiffResponse:
    return run(native.provider.diff(p.DiffRequest(URN, "nightly-etl", outs, news, [])))


def with_runtime(**changes: Any) -> dict[str, Any]:
    return {**JOB, "runtime": {**JOB["runtime"], **changes}}


# -- the preview of an update ----------------------------------------------------------------------------


def test_an_update_preview_of_an_option_only_keeps_every_output_known(native: Native, api: Api) -> None:
    """Nothing is sent to Blaxel when only `waitForDeployment` changes: the preview must not show the
    job's status, labels and update time as changing."""
    outs = created(native)
    news = native.checked({**JOB, "waitForDeployment": False})
    api.clear()

    preview = preview_update(native, outs, news)

    old = from_values(outs)
    shown = from_values(preview)
    for key in ("status", "updatedAt", "effectiveLabels", "triggerCallbackSecrets", "url", "workspace"):
        assert preview[key].value != UNKNOWN, key
        assert shown[key] == old[key], key
    assert shown["workspace"] == "local"
    assert shown["waitForDeployment"] is False  # the new input, not the stored one
    assert api.requests() == []


def test_an_update_preview_shows_the_new_inputs_and_what_changes_with_them(native: Native) -> None:
    outs = created(native)
    news = native.checked({**with_runtime(memory=4096), "displayName": "Nightly v2"})

    preview = preview_update(native, outs, news)

    shown = from_values(preview)
    assert shown["displayName"] == "Nightly v2" and shown["runtime"]["memory"] == 4096
    assert shown["url"] == from_values(outs)["url"] and shown["workspace"] == "local"
    for key in ("status", "updatedAt", "effectiveLabels", "events"):
        assert preview[key].value == UNKNOWN, key
    # The triggers did not change: their callback secrets stay as they are.
    assert preview["triggerCallbackSecrets"].value != UNKNOWN


def test_an_update_preview_of_a_new_secret_value_alone_shows_the_job_changing(native: Native) -> None:
    """A rotated secret env value is sent to Blaxel (the job redeploys) although no visible field changed."""
    outs = created(native)
    envs = [JOB["runtime"]["envs"][0], {"name": "TOKEN", "value": "tok-rotated", "secret": True}]
    news = native.checked(with_runtime(envs=envs))

    preview = preview_update(native, outs, news)

    assert preview["status"].value == UNKNOWN
    assert preview["secretEnvValues"].is_secret


def test_an_update_preview_of_new_triggers_shows_their_callback_secrets_changing(native: Native) -> None:
    outs = created(native)
    news = native.checked({**JOB, "triggers": [{"type": "http-async", "configuration": {"path": "/run"}}]})

    preview = preview_update(native, outs, news)

    assert preview["triggerCallbackSecrets"].value == UNKNOWN


@pytest.mark.parametrize(
    "created_reversed", [False, True], ids=["sorted-then-reversed", "reversed-then-sorted"]
)
def test_an_update_preview_of_reordered_triggers_and_labels_shows_them_unchanged(
    native: Native, created_reversed: bool
) -> None:
    """Blaxel keeps triggers by id and labels as a map: the same ones in another order change nothing."""
    triggers = [
        {"id": "hook", "type": "http-async", "configuration": {"path": "/invoke"}},
        {"id": "nightly", "type": "cron", "configuration": {"schedule": "0 2 * * *"}},
    ]
    first, then = (triggers[::-1], triggers) if created_reversed else (triggers, triggers[::-1])
    job = {**JOB, "labels": {"team": "data", "tier": "gold"}, "triggers": first}
    outs = created(native, job)
    reordered = {**job, "labels": {"tier": "gold", "team": "data"}, "triggers": then}
    news = native.checked({**reordered, "waitForDeployment": False})

    preview = preview_update(native, outs, news)

    for key in ("status", "updatedAt", "effectiveLabels", "triggerCallbackSecrets"):
        assert preview[key].value != UNKNOWN, key

    # With another change, the job redeploys, but its triggers and their callback secrets stay.
    changed = native.checked({**reordered, "runtime": {**JOB["runtime"], "memory": 4096}})
    redeploying = preview_update(native, outs, changed)
    assert redeploying["status"].value == UNKNOWN
    assert from_values(redeploying)["triggerCallbackSecrets"] == from_values(outs)["triggerCallbackSecrets"]


def test_an_update_preview_of_a_state_written_by_0_1_0_keeps_its_labels(native: Native) -> None:
    """A 0.1.0 state (version 1) had all the job's labels in `labels` and no `effectiveLabels`: its preview
    shows them as the effective labels, as the next read will."""
    outs = from_values(created(native))
    for key in ("effectiveLabels", "claim", "serverFields", "adoptName", "_state_version"):
        outs.pop(key, None)
    news = native.checked({**JOB, "waitForDeployment": False})

    preview = preview_update(native, to_values(outs), news)

    assert from_values(preview)["effectiveLabels"] == {"team": "data"}


def test_a_secret_input_stays_a_secret_in_an_update_and_its_preview(native: Native) -> None:
    secret_name = to_values({**JOB, "displayName": "Classified"})
    secret_name["displayName"] = secret_name["displayName"].with_secret(True)
    outs = created(native)
    news = run(native.provider.check(p.CheckRequest(URN, {}, secret_name, b""))).inputs
    assert news is not None

    preview = preview_update(native, outs, news)
    assert preview["displayName"].is_secret

    updated = run(native.provider.update(p.UpdateRequest(URN, "nightly-etl", outs, news, 60, [], False)))
    assert updated.properties["displayName"].is_secret
    assert from_values(updated.properties)["displayName"] == "Classified"


# -- diff --------------------------------------------------------------------------------------------------


def test_a_replacement_under_the_same_name_deletes_first_and_one_under_a_new_name_creates_first(
    native: Native,
) -> None:
    """Blaxel has one job per name: a replacement that keeps the name must delete the old job before
    creating the new one (deleteBeforeReplace); under a new name the new one comes first."""
    outs = created(native)

    renamed = diff(native, outs, native.checked({**JOB, "name": "nightly-etl-2"}))
    assert renamed.replaces == ["name"] and renamed.diffs == ["name"]
    assert renamed.delete_before_replace is False

    # A change the engine may turn into a replacement (`replaceOnChanges`): the answer holds for it too.
    same_name = diff(native, outs, native.checked(with_runtime(memory=4096)))
    assert same_name.replaces == [] and same_name.diffs == ["runtime"]
    assert same_name.delete_before_replace is True


def test_a_job_on_another_api_than_the_providers_is_replaced_deleting_it_first(
    native: Native, api: Api
) -> None:
    """The state says the job lives on another API (`BL_API_URL` changed under the provider): it is
    replaced, and the old one deleted first from where it lives, even under a new name."""
    outs = from_values(created(native))
    outs["apiUrl"] = "http://127.0.0.1:9/v0"

    moved = diff(native, to_values(outs), native.checked({**JOB, "name": "nightly-etl-2"}))

    assert "apiUrl" in moved.replaces and "name" in moved.replaces
    assert moved.delete_before_replace is True


def test_a_diff_that_cannot_be_planned_says_why_naming_the_job(native: Native) -> None:
    outs = created(native)
    news = native.checked({**JOB, "name": "nightly-etl-2"})
    adopting = dict(news)
    adopting["adopt"] = PropertyValue(True)

    with pytest.raises(NativeError) as refused:
        diff(native, outs, adopting)

    assert "Changing `name` replaces job 'nightly-etl', and `adopt: true` is still set" in str(refused.value)
    assert "Traceback" not in str(refused.value)


# -- customTimeouts and the console -------------------------------------------------------------------


def test_custom_timeouts_bound_an_update_and_a_delete(native: Native, api: Api) -> None:
    outs = created(native)
    news = native.checked(with_runtime(memory=4096))
    api.settings(deploy_seconds=30, delete_seconds=30)

    with pytest.raises(NativeError) as late:
        run(native.provider.update(p.UpdateRequest(URN, "nightly-etl", outs, news, 1, [], False)))
    assert "customTimeouts (update: 1s)" in str(late.value)

    with pytest.raises(NativeError) as slow:
        run(native.provider.delete(p.DeleteRequest(URN, "nightly-etl", outs, 1)))
    assert "customTimeouts (delete: 1s)" in str(slow.value)


def test_a_create_that_runs_out_of_time_keeps_its_job_and_the_next_update_waits_for_it(
    native: Native, api: Api
) -> None:
    """The job stays on Blaxel and goes to the state as an unfinished create (the engine's partial create),
    not deleted as after a failed rollout; the update the engine runs next sends nothing and waits."""
    inputs = native.checked(JOB)
    api.settings(deploy_seconds=2.5)

    with pytest.raises(UnfinishedCreate) as late:
        run(native.provider.create(p.CreateRequest(URN, inputs, 1, False)))

    message = str(late.value)
    assert message.startswith("Job 'nightly-etl' in workspace 'local' was still "), message
    assert "The wait was bounded by the resource option customTimeouts (create: 1s)" in message
    assert message.endswith(
        "The job 'nightly-etl' is kept in workspace 'local' and recorded in the Pulumi state as not "
        "finished: the next `pulumi up` waits for its rollout again (without changing it), `pulumi destroy` "
        "deletes it."
    ), message
    assert "tok-canary" not in message
    assert late.value.resource_id == "nightly-etl"
    outs = late.value.properties
    assert from_values(outs)["status"] in ROLLING_OUT
    assert from_values(outs)["runtime"]["memory"] == 2048
    assert outs["secretEnvValues"].is_secret
    assert api.job("nightly-etl") is not None  # kept, not rolled back
    assert [m for m in api.methods() if not m.startswith("GET")] == ["POST /v0/jobs"]

    api.clear()
    resumed = run(native.provider.update(p.UpdateRequest(URN, "nightly-etl", outs, inputs, 0, [], False)))

    assert from_values(resumed.properties)["status"] == "DEPLOYED"
    assert resumed.properties["secretEnvValues"].is_secret
    assert {m.split(" ")[0] for m in api.methods()} == {"GET"}  # it only waited
    assert any("waiting for the rollout its create left" in m for _, m, _ in native.messages)


def test_a_create_whose_rollout_fails_still_deletes_its_job(native: Native, api: Api) -> None:
    api.settings(fail_image_pattern="broken")
    inputs = native.checked(with_runtime(image="registry.example.com/broken:1"))

    with pytest.raises(NativeError) as failed:
        run(native.provider.create(p.CreateRequest(URN, inputs, 60, False)))

    assert not isinstance(failed.value, UnfinishedCreate)
    assert "deleted again so that nothing is left behind" in str(failed.value)
    assert api.job("nightly-etl") is None


def test_an_update_of_a_failed_job_without_a_change_sends_nothing_and_does_not_wait(
    native: Native, api: Api
) -> None:
    """Only a job still rolling out is waited for again: a stored FAILED status (a refresh) is left as it
    is by an update that changes no field of the job."""
    outs = created(native)
    stored = {**outs, "status": PropertyValue("FAILED")}
    news = native.checked(JOB)
    api.clear()

    result = run(native.provider.update(p.UpdateRequest(URN, "nightly-etl", stored, news, 0, [], False)))

    assert from_values(result.properties)["status"] == "FAILED"
    assert api.methods() == []


def test_an_update_reports_to_the_console_of_its_resource(native: Native, api: Api) -> None:
    outs = created(native)
    news = native.checked(with_runtime(memory=4096))
    api.settings(deploy_seconds=0.5)  # long enough to report the wait
    native.messages.clear()

    run(native.provider.update(p.UpdateRequest(URN, "nightly-etl", outs, news, 60, [], False)))

    assert any("DEPLOYED after" in m for _, m, _ in native.messages)
    assert {u for _, _, u in native.messages} == {URN}


def test_an_update_or_delete_of_a_job_another_stack_took_is_refused(native: Native, api: Api) -> None:
    outs = created(native)
    job = api.job("nightly-etl")
    assert job is not None
    job["metadata"]["labels"]["blaxel-pulumi.owner"] = "f" * 32
    api.put("nightly-etl", {"metadata": job["metadata"], "spec": job["spec"]})
    news = native.checked(with_runtime(memory=4096))
    api.clear()

    with pytest.raises(NativeError) as update:
        run(native.provider.update(p.UpdateRequest(URN, "nightly-etl", outs, news, 60, [], False)))
    with pytest.raises(NativeError) as delete:
        run(native.provider.delete(p.DeleteRequest(URN, "nightly-etl", outs, 60)))

    for refused in (update, delete):
        assert "f" * 32 in str(refused.value) and "Traceback" not in str(refused.value)
    assert [m for m in api.methods() if not m.startswith("GET")] == []
    assert api.job("nightly-etl") is not None


def test_a_name_taken_by_another_stack_says_how_to_import_it_under_the_resource_name(api: Api) -> None:
    api.post(
        {
            "metadata": {"name": "nightly-etl", "labels": {"blaxel-pulumi.owner": "f" * 32}},
            "spec": {"runtime": {"image": "img:1"}},
        }
    )
    native = Native(api)

    with pytest.raises(NativeError) as taken:
        native.create(native.checked(JOB))

    assert "`pulumi import blaxel:index:Job nightly <job name>`" in str(taken.value)


# -- refresh and import ------------------------------------------------------------------------------------


def test_a_refresh_shows_what_changed_out_of_band_in_outputs_and_inputs(native: Native, api: Api) -> None:
    secret_name = to_values({**JOB, "displayName": "Classified"})
    secret_name["displayName"] = secret_name["displayName"].with_secret(True)
    inputs = run(native.provider.check(p.CheckRequest(URN, {}, secret_name, b""))).inputs
    assert inputs is not None
    outs = native.create(inputs).properties
    job = api.job("nightly-etl")
    assert job is not None
    job["spec"]["runtime"]["memory"] = 4096
    api.put("nightly-etl", {"metadata": job["metadata"], "spec": job["spec"]})

    read = run(native.provider.read(p.ReadRequest(URN, "nightly-etl", outs, inputs)))

    assert read.resource_id == "nightly-etl"
    assert read.properties is not None and read.inputs is not None
    assert from_values(read.properties)["runtime"]["memory"] == 4096
    assert from_values(read.inputs)["runtime"]["memory"] == 4096
    assert from_values(read.inputs)["displayName"] == "Classified"
    assert read.properties["displayName"].is_secret and read.inputs["displayName"].is_secret


def test_a_refresh_of_a_job_another_stack_took_drops_it_with_a_warning(native: Native, api: Api) -> None:
    outs = created(native)
    job = api.job("nightly-etl")
    assert job is not None
    job["metadata"]["labels"]["blaxel-pulumi.owner"] = "f" * 32
    api.put("nightly-etl", {"metadata": job["metadata"], "spec": job["spec"]})
    native.messages.clear()

    read = run(native.provider.read(p.ReadRequest(URN, "nightly-etl", outs, native.checked(JOB))))

    assert not read.resource_id
    warnings = [(m, u) for s, m, u in native.messages if s == "warning"]
    assert len(warnings) == 1 and warnings[0][1] == URN
    assert "another resource or stack holds it now" in warnings[0][0] and "f" * 32 in warnings[0][0]
    assert api.job("nightly-etl") is not None  # left as it is


def test_an_import_of_another_stacks_job_says_what_the_next_up_does(native: Native, api: Api) -> None:
    api.post(
        {
            "metadata": {"name": "theirs", "labels": {"blaxel-pulumi.owner": "f" * 32}},
            "spec": {"runtime": {"image": "img:1"}},
        }
    )
    urn = URN.replace("nightly", "imported")

    run(native.provider.read(p.ReadRequest(urn, "theirs", {}, {})))

    [warning] = [m for s, m, u in native.messages if s == "warning" and u == urn]
    assert "job theirs: imported, and it carries the ownership label of another stack or resource" in warning
    assert (
        "the next `pulumi up` writes this resource's, after which that other stack or resource can no "
        "longer change or delete it." in warning
    )
