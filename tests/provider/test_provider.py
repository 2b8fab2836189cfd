"""The provider's check, diff, create, read, update and delete against the local Blaxel API over HTTP."""

from __future__ import annotations

import base64
import copy
import json
import re
from typing import Any

import dill
import pytest
from pulumi.dynamic import CreateResult, ReadResult, UpdateResult
from pulumi.output import UNKNOWN

from blaxel_pulumi.api.client import BlaxelClient
from blaxel_pulumi.api.retry import RetryPolicy
from blaxel_pulumi.api.settings import resolve_settings
from blaxel_pulumi.core.ownership import OWNER_LABEL
from blaxel_pulumi.errors import (
    BlaxelConfigError,
    BlaxelTimeoutError,
    Conflict,
    DeploymentFailed,
    DeploymentTimeout,
)
from blaxel_pulumi.provider import BlaxelJobProvider
from tests.provider.conftest import API_KEY, Api, configured

SECRET = "canary-secret-value-5d1e"


def inputs(provider: BlaxelJobProvider, olds: dict[str, Any] | None = None, **props: Any) -> dict[str, Any]:
    """Run `check` as the engine would and return the checked inputs (asserting there is no failure)."""
    news = {"auto_name": "job-abc1234", "owner": "owner-1", "__provider": "x", **props}
    result = provider.check(olds or {}, news)
    assert result.failures == [], [f.reason for f in result.failures]
    return dict(result.inputs)


def full(provider: BlaxelJobProvider, **overrides: Any) -> dict[str, Any]:
    """Inputs with every field set."""
    props: dict[str, Any] = {
        "name": "full-job",
        "display_name": "Full job",
        "labels": {"team": "data"},
        "external_id": "ext-1",
        "enabled": True,
        "policies": ["b-policy", "a-policy"],
        "region": "us-was-1",
        "revision": {
            "active": "rev-1",
            "canary": "rev-2",
            "canary_percent": 10,
            "sticky_session_ttl": 0,
            "traffic": 100,
        },
        "runtime": {
            "envs": [{"name": "PLAIN", "value": "v"}, {"name": "TOKEN", "secret": True}],
            "generation": "mk3",
            "image": "blaxel/etl:1",
            "max_concurrent_tasks": 10,
            "max_retries": 3,
            "memory": 2048,
            "ports": [{"target": 8080, "name": "http", "protocol": "HTTP"}],
            "timeout": 3600,
            "disk_percent": 50,
        },
        "secret_env_values": {"TOKEN": SECRET},
        "triggers": [
            {"id": "hourly", "type": "cron", "configuration": {"schedule": "0 * * * *", "tasks": [{"a": 1}]}},
            {
                "id": "hook",
                "type": "http-async",
                "enabled": True,
                "configuration": {
                    "authentication_type": "blaxel",
                    "callback_url": "https://example.com/cb",
                    "path": "/invoke",
                    "retry": 3,
                    "timeout": 300,
                },
            },
        ],
        "volumes": [{"name": "scratch", "mount_path": "/mnt/s", "type": "ephemeral", "size_mb": 100}],
        "github_runner": {"repositories": ["org/repo"]},
    }
    props.update(overrides)
    return inputs(provider, **props)


def outputs_of(result: CreateResult | ReadResult | UpdateResult) -> dict[str, Any]:
    """The outputs of a provider call (never None for these calls)."""
    assert result.outs is not None
    return dict(result.outs)


# -- check ---------------------------------------------------------------------------------------------


def test_check_accepts_every_field_and_sends_nothing(provider: BlaxelJobProvider, api: Api) -> None:
    checked = full(provider)
    assert checked["name"] == "full-job"
    assert api.requests() == []


def test_check_auto_names_and_keeps_the_name_stable(provider: BlaxelJobProvider) -> None:
    first = inputs(provider, runtime={"image": "x"})
    assert first["name"] == "job-abc1234"
    again = inputs(provider, olds=first, runtime={"image": "y"})
    assert again["name"] == first["name"]
    explicit = inputs(provider, olds=first, name="chosen")
    assert explicit["name"] == "chosen"


def test_check_fills_trigger_ids(provider: BlaxelJobProvider) -> None:
    checked = inputs(provider, triggers=[{"type": "cron", "configuration": {"schedule": "* * * * *"}}])
    assert checked["triggers"][0]["id"] == "cron-0"


@pytest.mark.parametrize(
    ("props", "prop", "needle"),
    [
        ({"name": "Bad_Name"}, "name", "name: String should match pattern"),
        ({"name": "x" * 50}, "name", "at most 49"),
        ({"runtime": {"disk_percent": 5}}, "runtime", "runtime.disk_percent"),
        ({"runtime": {"memory": "lots"}}, "runtime", "runtime.memory"),
        ({"runtime": {"memroy": 4096}}, "runtime", "Did you mean `memory`"),
        ({"runtime": {"generation": "mk9"}}, "runtime", "runtime.generation"),
        ({"runtime": {"ports": [{"target": 70000}]}}, "runtime", "runtime.ports[0].target"),
        (
            {"runtime": {"envs": [{"name": "A", "value": "1"}, {"name": "A", "value": "2"}]}},
            "runtime",
            "used twice",
        ),
        ({"triggers": [{"type": "cron", "configuration": {"schedule": "61 * * * *"}}]}, "triggers", "cron"),
        ({"triggers": [{"type": "cron"}]}, "triggers", "schedule is required"),
        ({"triggers": [{"type": "webhook"}]}, "triggers", "triggers[0].type"),
        ({"revision": {"canary_percent": 150, "canary": "r"}}, "revision", "revision.canary_percent"),
        (
            {"volumes": [{"name": "v", "mount_path": "rel", "type": "ephemeral", "size_mb": 1}]},
            "volumes",
            "mount_path",
        ),
        ({"labels": {OWNER_LABEL: "x"}}, "labels", "reserved"),
        ({"deployment_timeout": 0}, "deployment_timeout", "deployment_timeout"),
        ({"display_name": "d" * 64}, "display_name", "display_name"),
    ],
)
def test_check_names_the_field_and_the_fix(
    provider: BlaxelJobProvider, api: Api, props: dict[str, Any], prop: str, needle: str
) -> None:
    result = provider.check({}, {"auto_name": "job-abc1234", **props})
    assert result.failures, "expected a failure"
    # No property: the engine would print the whole top-level value beside the failure; the reason starts
    # with the field's path instead.
    assert all(f.property == "" for f in result.failures)
    assert any(f.reason.startswith(prop) and needle in f.reason for f in result.failures), [
        f.reason for f in result.failures
    ]
    assert api.requests() == []


@pytest.mark.parametrize(
    ("props", "field"),
    [
        ({"runtime": {"image": "i", "memory": -5}}, "runtime.memory"),
        ({"runtime": {"image": "i", "memory": 0}}, "runtime.memory"),
        ({"runtime": {"image": "i", "max_concurrent_tasks": -10}}, "runtime.max_concurrent_tasks"),
        ({"runtime": {"image": "i", "max_concurrent_tasks": 0}}, "runtime.max_concurrent_tasks"),
        ({"runtime": {"image": "i", "max_retries": -1}}, "runtime.max_retries"),
        ({"runtime": {"image": "i", "timeout": 0}}, "runtime.timeout"),
        (
            {"volumes": [{"name": "v", "mount_path": "/v", "type": "ephemeral", "size_mb": 0}]},
            "volumes[0].size_mb",
        ),
        ({"revision": {"sticky_session_ttl": -1}}, "revision.sticky_session_ttl"),
        (
            {"triggers": [{"type": "http-async", "configuration": {"timeout": 0}}]},
            "triggers[0].configuration.timeout",
        ),
        ({"triggers": [{"type": "http", "configuration": {"retry": -1}}]}, "triggers[0].configuration.retry"),
    ],
)
def test_check_rejects_values_that_cannot_be_right_and_says_why(
    provider: BlaxelJobProvider, api: Api, props: dict[str, Any], field: str
) -> None:
    """Sizes that are not positive, negative counts and durations (issue 25): the reason names the field, the
    least value, and why (the rule is blaxel-pulumi's own: it says so)."""
    result = provider.check({}, {"auto_name": "job-abc1234", **props})
    [failure] = result.failures
    assert failure.reason.startswith(f"{field}: Input should be greater than or equal to "), failure.reason
    assert "(source: " in failure.reason and "rule" in failure.reason, failure.reason
    assert api.requests() == []


def test_check_leaves_values_that_can_be_right_to_blaxel(provider: BlaxelJobProvider) -> None:
    """A small but positive memory, no retries, a sticky session disabled with 0: Blaxel decides."""
    runtime = {"image": "i", "memory": 64, "max_retries": 0, "max_concurrent_tasks": 1, "timeout": 1}
    result = provider.check(
        {}, {"auto_name": "job-abc1234", "runtime": runtime, "revision": {"sticky_session_ttl": 0}}
    )
    assert result.failures == []


def test_check_never_quotes_a_secret_value(provider: BlaxelJobProvider) -> None:
    result = provider.check(
        {},
        {
            "auto_name": "job-abc1234",
            "runtime": {"envs": [{"name": "TOKEN", "secret": True}]},
            "secret_env_values": {"TOKEN": 40000123456789},  # not a string: a failure about the value
        },
    )
    assert result.failures
    assert all(
        "40000123456789" not in f.reason and f.property != "secret_env_values" for f in result.failures
    )


@pytest.mark.parametrize(
    ("value", "needle"),
    [(None, "is secret but has no value"), ("***", "the mask Blaxel shows in place of secret values")],
)
def test_check_refuses_a_secret_env_var_with_no_value_or_the_mask(
    provider: BlaxelJobProvider, value: str | None, needle: str
) -> None:
    """A secret env var moved out of `runtime` with no value (the native face's check moves whatever the
    program has, None too), or with the mask Blaxel answers for it: sent, either would replace the secret
    the job has."""
    result = provider.check(
        {},
        {
            "auto_name": "job-abc1234",
            "runtime": {"image": "i", "envs": [{"name": "AWS_SECRET", "secret": True}]},
            "secret_env_values": {"AWS_SECRET": value},
        },
    )
    assert [f.reason for f in result.failures if needle in f.reason and "`AWS_SECRET`" in f.reason], [
        f.reason for f in result.failures
    ]


def test_check_tolerates_unknowns(provider: BlaxelJobProvider) -> None:
    news = {
        "auto_name": "job-abc1234",
        "name": UNKNOWN,
        "runtime": {"image": UNKNOWN, "memory": 2048, "envs": UNKNOWN},
        "triggers": [{"type": "cron", "configuration": UNKNOWN}, UNKNOWN],
        "labels": UNKNOWN,
    }
    result = provider.check({}, news)
    assert result.failures == []
    assert result.inputs["name"] is UNKNOWN


def test_check_reports_missing_credentials_without_a_request(provider: BlaxelJobProvider, api: Api) -> None:
    bare = configured(api, **{"blaxel:apiKey": "", "blaxel:workspace": ""})

    result = bare.check({}, {"auto_name": "job-abc1234", "runtime": {"image": "a:1"}})

    [failure] = result.failures
    assert failure.property == ""  # the engine prints "resource 'x' has a problem: ..." and no value
    for needle in (
        "No Blaxel API key found",
        "pulumi config set --secret blaxel:apiKey <key>",
        "export BL_API_KEY",
        "run `bl login`",
        "No Blaxel workspace found",
        "pulumi config set blaxel:workspace <name>",
        "blaxel:skipCredentialsCheck true",
    ):
        assert needle in failure.reason
    assert "argument" not in failure.reason
    assert api.requests() == []


def test_check_uses_the_resource_workspace_and_reports_bad_settings(
    provider: BlaxelJobProvider, api: Api
) -> None:
    no_workspace = configured(api, **{"blaxel:workspace": ""})
    assert no_workspace.check({}, {"auto_name": "job-abc1234", "workspace": "other"}).failures == []
    assert no_workspace.check({}, {"auto_name": "job-abc1234", "workspace": UNKNOWN}).failures == []
    bad_url = configured(api, **{"blaxel:apiUrl": "ftp://x"})
    [failure] = bad_url.check({}, {"auto_name": "job-abc1234"}).failures
    assert "is not an http(s) URL" in failure.reason


def test_skip_credentials_check_lets_check_pass(provider: BlaxelJobProvider, api: Api) -> None:
    bare = configured(
        api, **{"blaxel:apiKey": "", "blaxel:workspace": "", "blaxel:skipCredentialsCheck": "true"}
    )
    assert bare.check({}, {"auto_name": "job-abc1234"}).failures == []
    with pytest.raises(BlaxelConfigError, match="No Blaxel API key found"):
        bare.create(inputs(provider, runtime={"image": "a:1"}))
    assert api.requests() == []


# -- create --------------------------------------------------------------------------------------------


def test_create_posts_once_and_echoes_every_input(provider: BlaxelJobProvider, api: Api) -> None:
    props = full(provider)
    result = provider.create(copy.deepcopy(props))
    assert result.id == "full-job"
    assert api.methods() == ["POST /v0/jobs"]  # the response already says DEPLOYED: no poll
    outs = dict(outputs_of(result))
    assert outs["status"] == "DEPLOYED"
    assert outs["workspace"] == "local"
    assert outs["secret_env_values"] == {"TOKEN": SECRET}
    assert set(outs["trigger_callback_secrets"]) == {"hook"}
    assert outs["runtime"]["image"] == "blaxel/etl:1"
    assert all("value" not in env for env in outs["runtime"]["envs"] if env["name"] == "TOKEN")
    assert provider.diff("full-job", outs, props).changes is False
    server = api.job("full-job")
    assert server is not None
    labels = server["metadata"]["labels"]
    assert labels == {"team": "data", OWNER_LABEL: f"owner-1.{outs['claim']}"}
    assert re.fullmatch(r"[0-9a-f]{8}", outs["claim"])  # the claim of this create
    token = next(e for e in server["spec"]["runtime"]["envs"] if e["name"] == "TOKEN")
    assert token == {"name": "TOKEN", "value": SECRET, "secret": True}


def test_create_waits_for_deployment_with_polls(provider: BlaxelJobProvider, api: Api) -> None:
    api.settings(deploy_seconds=0.6)
    result = provider.create(inputs(provider, name="slow", runtime={"image": "x"}))
    assert outputs_of(result)["status"] == "DEPLOYED"
    assert api.methods()[0] == "POST /v0/jobs"
    assert len(api.requests(method="GET")) >= 1


def test_create_failed_deployment_is_rolled_back(provider: BlaxelJobProvider, api: Api) -> None:
    with pytest.raises(DeploymentFailed) as caught:
        provider.create(inputs(provider, name="broken", runtime={"image": "registry/fail-on-purpose:1"}))
    assert "broken" in str(caught.value)
    assert "deleted again" in str(caught.value)
    assert api.job("broken") is None
    assert [m.split()[0] for m in api.methods()][:2] == ["POST", "DELETE"]


def test_create_timeout_is_rolled_back(provider: BlaxelJobProvider, api: Api) -> None:
    api.settings(deploy_seconds=30)
    with pytest.raises(DeploymentTimeout) as caught:
        provider.create(inputs(provider, name="late", runtime={"image": "x"}, deployment_timeout=1))
    assert "late" in str(caught.value)
    assert caught.value.last_status in ("UPLOADING", "BUILDING", "DEPLOYING")
    assert api.job("late") is None


def test_create_without_waiting(provider: BlaxelJobProvider, api: Api) -> None:
    api.settings(deploy_seconds=30)
    result = provider.create(
        inputs(provider, name="nowait", runtime={"image": "x"}, wait_for_deployment=False)
    )
    assert outputs_of(result)["status"] != "DEPLOYED"
    assert api.methods() == ["POST /v0/jobs"]


def test_create_refuses_a_job_it_does_not_own(provider: BlaxelJobProvider, api: Api) -> None:
    api.post({"metadata": {"name": "taken"}, "spec": {"runtime": {"image": "theirs"}}})
    api.clear()
    with pytest.raises(Conflict) as caught:
        provider.create(inputs(provider, name="taken", runtime={"image": "ours"}))
    message = str(caught.value)
    assert "taken" in message and "local" in message and "adopt=True" in message
    job = api.job("taken")
    assert job is not None and job["spec"]["runtime"]["image"] == "theirs"
    assert "PUT /v0/jobs/taken" not in api.methods()


def test_create_refuses_a_job_marked_by_another_stack(provider: BlaxelJobProvider, api: Api) -> None:
    """The marker must be this stack's own: another stack's marker is someone else's job."""
    api.post(
        {
            "metadata": {"name": "shared", "labels": {OWNER_LABEL: "another-stack"}},
            "spec": {"runtime": {"image": "theirs"}},
        }
    )
    api.clear()
    with pytest.raises(Conflict, match="no resource of this stack holds it"):
        provider.create(inputs(provider, name="shared", runtime={"image": "ours"}))
    job = api.job("shared")
    assert job is not None and job["spec"]["runtime"]["image"] == "theirs"
    assert job["metadata"]["labels"] == {OWNER_LABEL: "another-stack"}
    assert "PUT /v0/jobs/shared" not in api.methods()


def test_create_takes_over_its_own_job_left_by_an_interrupted_run(
    provider: BlaxelJobProvider, api: Api
) -> None:
    api.post(
        {
            "metadata": {"name": "mine", "labels": {OWNER_LABEL: "owner-1"}},
            "spec": {"runtime": {"image": "old"}},
        }
    )
    api.clear()
    result = provider.create(inputs(provider, name="mine", runtime={"image": "new"}))
    assert outputs_of(result)["runtime"]["image"] == "new"
    assert api.methods() == ["POST /v0/jobs", "GET /v0/jobs/mine", "PUT /v0/jobs/mine"]


def test_create_with_adopt_takes_over_any_job(provider: BlaxelJobProvider, api: Api) -> None:
    api.post({"metadata": {"name": "legacy"}, "spec": {"runtime": {"image": "old"}}})
    api.clear()
    props = inputs(provider, name="legacy", adopt=True, runtime={"image": "new"})
    assert api.methods() == ["GET /v0/jobs/legacy"]  # check announces the adoption (preview)
    assert props["adopt_name"] == "legacy"
    api.clear()
    result = provider.create(props)
    assert outputs_of(result)["runtime"]["image"] == "new"
    assert api.methods() == ["GET /v0/jobs/legacy", "PUT /v0/jobs/legacy"]
    job = api.job("legacy")
    claim = outputs_of(result)["claim"]
    assert job is not None and job["metadata"]["labels"] == {OWNER_LABEL: f"owner-1.{claim}"}


def test_adopt_of_a_missing_job_creates_it(provider: BlaxelJobProvider, api: Api) -> None:
    props = inputs(provider, name="fresh", adopt=True, runtime={"image": "x"})
    api.clear()
    provider.create(props)
    assert api.methods() == ["GET /v0/jobs/fresh", "POST /v0/jobs"]


def test_an_existing_resource_never_adopts(provider: BlaxelJobProvider, api: Api) -> None:
    """Only the first create of a resource may adopt: `check` with old inputs clears `adopt_name`, and a
    create without it treats an existing job as someone else's."""
    api.post({"metadata": {"name": "theirs"}, "spec": {"runtime": {"image": "old"}}})
    olds = inputs(provider, name="mine", adopt=True, runtime={"image": "x"})
    props = inputs(provider, olds, name="theirs", adopt=True, runtime={"image": "x"})
    assert props["adopt_name"] is None
    api.clear()
    with pytest.raises(Conflict, match="was not created by blaxel-pulumi"):
        provider.create(props)
    assert api.methods() == ["POST /v0/jobs", "GET /v0/jobs/theirs"]
    job = api.job("theirs")
    assert job is not None and job["spec"]["runtime"]["image"] == "old"


def test_a_replacement_with_adopt_still_set_is_refused_at_preview(provider: BlaxelJobProvider) -> None:
    olds = created(provider, inputs(provider, name="first", runtime={"image": "x"}))
    news = inputs(provider, olds, name="second", adopt=True, runtime={"image": "x"})
    with pytest.raises(BlaxelConfigError, match="Remove `adopt=True`"):
        provider.diff("first", olds, news)


# -- diff ----------------------------------------------------------------------------------------------


def created(provider: BlaxelJobProvider, props: dict[str, Any]) -> dict[str, Any]:
    return outputs_of(provider.create(copy.deepcopy(props)))


def test_diff_sees_no_change_for_an_unchanged_program(provider: BlaxelJobProvider, api: Api) -> None:
    props = full(provider)
    outs = created(provider, props)
    api.clear()
    reordered = copy.deepcopy(props)
    reordered["policies"].reverse()
    reordered["triggers"].reverse()
    reordered["runtime"]["envs"].reverse()
    for news in (props, reordered):
        result = provider.diff("full-job", outs, news)
        assert result.changes is False
        assert result.replaces == []
    assert api.requests() == []


def test_diff_reports_updates_and_replacements(provider: BlaxelJobProvider) -> None:
    props = full(provider)
    outs = created(provider, props)
    bigger = copy.deepcopy(props)
    bigger["runtime"]["memory"] = 4096
    assert provider.diff("full-job", outs, bigger).changes is True
    assert provider.diff("full-job", outs, bigger).replaces == []
    secret = {**props, "secret_env_values": {"TOKEN": "rotated"}}
    assert provider.diff("full-job", outs, secret).changes is True
    renamed = {**props, "name": "other-job"}
    assert provider.diff("full-job", outs, renamed).replaces == ["name"]
    moved = {**props, "workspace": "elsewhere"}
    assert provider.diff("full-job", outs, moved).replaces == ["workspace"]
    removed = {k: v for k, v in props.items() if k != "labels"}
    assert provider.diff("full-job", outs, removed).changes is True


def test_diff_counts_unknowns_as_changes(provider: BlaxelJobProvider) -> None:
    props = full(provider)
    outs = created(provider, props)
    unknown_image = copy.deepcopy(props)
    unknown_image["runtime"]["image"] = UNKNOWN
    assert provider.diff("full-job", outs, unknown_image).changes is True
    assert provider.diff("full-job", outs, {**props, "name": UNKNOWN}).replaces == ["name"]


def test_a_change_of_the_configured_workspace_replaces(api: Api, provider: BlaxelJobProvider) -> None:
    props = full(provider)
    outs = created(provider, props)
    other = configured(api, **{"blaxel:workspace": "other"})
    assert other.diff("full-job", outs, props).replaces == ["workspace"]


def test_replace_on_changes_replaces_when_a_covered_path_changes(provider: BlaxelJobProvider) -> None:
    props = full(provider)
    outs = created(provider, props)
    for paths, replaced in (
        (["runtime.image"], ["runtime"]),
        (["runtime"], ["runtime"]),
        (["runtime.*"], ["runtime"]),
        (["*"], ["runtime"]),
        (["runtime.memory"], []),
        (["display_name"], []),
    ):
        news = copy.deepcopy({**props, "replace_paths": paths})
        news["runtime"]["image"] = "blaxel/etl:2"
        result = provider.diff("full-job", outs, news)
        assert (result.changes, result.replaces) == (True, replaced), paths
        # the job keeps its name: the old one must go first, or the new one could not be created
        assert result.delete_before_replace is True
    relabelled = {**props, "labels": {"team": "ml"}, "replace_paths": ["labels.team"]}
    assert provider.diff("full-job", outs, relabelled).replaces == ["labels"]
    env = copy.deepcopy({**props, "replace_paths": ["runtime.envs[*].value"]})
    env["runtime"]["envs"][0]["value"] = "w"
    assert provider.diff("full-job", outs, env).replaces == ["runtime"]
    secret = {**props, "secret_env_values": {"TOKEN": "rotated"}, "replace_paths": ["runtime.envs[1].value"]}
    assert provider.diff("full-job", outs, secret).replaces == ["runtime"]
    unchanged = {**props, "replace_paths": ["*"]}  # the option alone is no change
    assert provider.diff("full-job", outs, unchanged).changes is False
    # a new custom timeout alone is an update that sends nothing (the next delete reads it from the outputs)
    timed = {**props, "replace_paths": ["*"], "timeouts": {"delete": "2s"}}
    assert (
        provider.diff("full-job", outs, timed).changes,
        provider.diff("full-job", outs, timed).replaces,
    ) == (
        True,
        [],
    )
    updated = provider.update("full-job", outs, timed)
    assert (updated.outs or {})["timeouts"] == {"delete": "2s"}


def test_a_replacement_under_a_new_name_creates_before_it_deletes(provider: BlaxelJobProvider) -> None:
    props = full(provider)
    outs = created(provider, props)
    renamed = {**props, "name": "other-job"}
    assert provider.diff("full-job", outs, renamed).delete_before_replace is False
    assert provider.diff("full-job", outs, {**props, "name": UNKNOWN}).delete_before_replace is False


def test_an_invalid_replace_on_changes_path_or_timeout_fails_check(provider: BlaxelJobProvider) -> None:
    news = {"auto_name": "job-abc1234", "owner": "o", "runtime": {"image": "x"}}
    bad_path = provider.check({}, {**news, "replace_paths": ["runtime[x]"]})
    assert [f.reason for f in bad_path.failures] == [
        "replace_paths[0]: Value error, `runtime[x]`: an index is a number, `*` or a quoted key in brackets. "
        "Expected: Set by `BlaxelJob` from the resource option `replace_on_changes`: a change of a property "
        "these paths cover replaces the job (the dynamic provider applies it in its diff)."
    ]
    bad_timeout = provider.check({}, {**news, "timeouts": {"create": "3 seconds"}})
    assert len(bad_timeout.failures) == 1
    assert bad_timeout.failures[0].reason.startswith("timeouts.create: Value error, `3 seconds` is not a Go")
    good = provider.check({}, {**news, "timeouts": {"create": "1h30m"}, "replace_paths": ['labels["a.b"]']})
    assert good.failures == []


def test_custom_timeouts_bound_the_waits(provider: BlaxelJobProvider, api: Api) -> None:
    api.settings(deploy_seconds=30)
    with pytest.raises(DeploymentTimeout) as caught:
        provider.create(inputs(provider, name="hurried", runtime={"image": "x"}, timeouts={"create": "1s"}))
    assert caught.value.waited < 3
    assert "customTimeouts (create: 1s)" in str(caught.value)
    assert api.job("hurried") is None  # rolled back as after any failed create
    api.settings(deploy_seconds=0)
    props = inputs(provider, name="bounded", runtime={"image": "x"}, timeouts={"update": "500ms"})
    outs = created(provider, props)
    api.settings(deploy_seconds=30)
    news = copy.deepcopy(props)
    news["runtime"]["image"] = "y"
    with pytest.raises(DeploymentTimeout) as late:
        provider.update("bounded", outs, news)
    assert late.value.waited < 3
    assert "customTimeouts (update: 500ms)" in str(late.value)
    assert "previous settings were sent back" in str(late.value)
    # the longer of the two never extends the wait: deployment_timeout stays the bound when shorter
    longer = inputs(
        provider, name="long", runtime={"image": "x"}, timeouts={"create": "1h"}, deployment_timeout=1
    )
    with pytest.raises(DeploymentTimeout) as bounded:
        provider.create(longer)
    assert "customTimeouts" not in str(bounded.value)


# -- update --------------------------------------------------------------------------------------------


def test_update_sends_one_put(provider: BlaxelJobProvider, api: Api) -> None:
    props = full(provider)
    outs = created(provider, props)
    api.clear()
    news = copy.deepcopy(props)
    news["runtime"]["memory"] = 4096
    result = provider.update("full-job", outs, news)
    assert api.methods() == ["GET /v0/jobs/full-job", "PUT /v0/jobs/full-job"]  # from the job as it is
    assert outputs_of(result)["runtime"]["memory"] == 4096
    assert outputs_of(result)["secret_env_values"] == {"TOKEN": SECRET}
    assert provider.diff("full-job", outputs_of(result), news).changes is False


def through_engine(value: Any) -> Any:
    """``value`` as the Pulumi engine hands it to a provider: every number a float (``3`` is ``3.0``)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, dict):
        return {k: through_engine(v) for k, v in value.items()}
    if isinstance(value, list):
        return [through_engine(v) for v in value]
    return value


def exact(value: Any) -> str:
    """``value`` as JSON text, where ``1`` and ``1.0`` differ."""
    return json.dumps(value, sort_keys=True)


def test_whole_numbers_that_went_through_the_engine_reach_blaxel_as_integers(
    provider: BlaxelJobProvider, api: Api
) -> None:
    """Issue 25: a field the program leaves out, set out of band (kept in `server_fields`), and a cron
    trigger's tasks come back from the engine as floats; the PUT must carry integers (Blaxel rejects 3.0)."""
    tasks = [{"shard": 1, "ratio": 0.5, "nested": {"ids": [1, 2, {"n": 3}]}}]
    trigger = {"id": "c", "type": "cron", "configuration": {"schedule": "0 * * * *", "tasks": tasks}}
    program = {"name": "numbers", "runtime": {"image": "i", "memory": 2048}, "triggers": [trigger]}
    outs = created(provider, inputs(provider, **through_engine(program)))
    job = api.job("numbers")
    assert job is not None
    assert exact(job["spec"]["triggers"][0]["configuration"]["tasks"]) == exact(tasks)  # the POST's
    job["spec"]["runtime"]["maxConcurrentTasks"] = 3
    api.put(
        "numbers", {"metadata": {"name": "numbers", "labels": job["metadata"]["labels"]}, "spec": job["spec"]}
    )
    read = provider.read("numbers", through_engine(outs))
    assert read.outs is not None and read.outs["server_fields"]["spec"]["runtime"] == {
        "maxConcurrentTasks": 3
    }
    news = inputs(
        provider, through_engine(dict(read.outs)), **through_engine({**program, "display_name": "N"})
    )
    provider.update("numbers", through_engine(dict(read.outs)), through_engine(news))
    stored = api.job("numbers")
    assert stored is not None and stored["metadata"]["displayName"] == "N"
    assert exact(stored["spec"]["runtime"]["maxConcurrentTasks"]) == "3"
    assert exact(stored["spec"]["triggers"][0]["configuration"]["tasks"]) == exact(tasks)


def test_update_of_options_only_sends_no_write(provider: BlaxelJobProvider, api: Api) -> None:
    props = full(provider)
    outs = created(provider, props)
    api.clear()
    result = provider.update("full-job", outs, {**props, "deployment_timeout": 60})
    assert api.methods() == []
    assert outputs_of(result)["deployment_timeout"] == 60


def test_a_failed_update_puts_the_previous_settings_back(provider: BlaxelJobProvider, api: Api) -> None:
    props = inputs(provider, name="upd", runtime={"image": "good", "memory": 2048})
    outs = created(provider, props)
    api.clear()
    with pytest.raises(DeploymentFailed) as caught:
        provider.update("upd", outs, inputs(provider, name="upd", runtime={"image": "fail", "memory": 2048}))
    assert "previous settings were put back" in str(caught.value)
    assert [m.split()[0] for m in api.methods()] == ["GET", "PUT", "PUT"]
    job = api.job("upd")  # an update never deletes the job; it is back to what the state says
    assert job is not None
    assert job["spec"]["runtime"]["image"] == "good"
    assert job["status"] == "DEPLOYED"
    fixed = inputs(provider, name="upd", runtime={"image": "better", "memory": 2048})
    assert provider.diff("upd", outs, fixed).changes is True


def test_the_deployment_wait_outlives_failed_status_polls(provider: BlaxelJobProvider, api: Api) -> None:
    api.settings(deploy_seconds=1.0)
    api.faults({"method": "GET", "path": "/v0/jobs/patient$", "kind": "status", "status": 503, "count": 7})
    result = provider.create(inputs(provider, name="patient", runtime={"image": "x"}))
    assert outputs_of(result)["status"] == "DEPLOYED"
    faulted = [e for e in api.requests(method="GET") if e["fault"]]
    assert len(faulted) == 7


# -- read ----------------------------------------------------------------------------------------------


def test_read_shows_drift_and_keeps_masked_secrets(provider: BlaxelJobProvider, api: Api) -> None:
    props = full(provider)
    outs = created(provider, props)
    job = api.job("full-job")
    assert job is not None
    job["spec"]["runtime"]["memory"] = 8192
    job["metadata"]["labels"]["extra"] = "added"
    api.put("full-job", job)
    api.clear()
    read = provider.read("full-job", outs)
    assert api.methods() == ["GET /v0/jobs/full-job"]
    assert read.id == "full-job"
    assert outputs_of(read)["runtime"]["memory"] == 8192
    # A label added outside the program is not the program's: shown apart, kept for the next PUT.
    assert outputs_of(read)["labels"] == {"team": "data"}
    assert outputs_of(read)["effective_labels"] == {"team": "data", "extra": "added"}
    assert outputs_of(read)["server_fields"]["metadata"]["labels"] == {"extra": "added"}
    assert outputs_of(read)["secret_env_values"] == {"TOKEN": SECRET}
    assert provider.diff("full-job", outputs_of(read), props).changes is True
    assert (
        provider.diff("full-job", outputs_of(provider.read("full-job", outs)), outputs_of(read)).changes
        is False
    )


def test_read_of_an_unchanged_job_shows_no_drift(provider: BlaxelJobProvider) -> None:
    props = full(provider)
    outs = created(provider, props)
    read = provider.read("full-job", outs)
    assert provider.diff("full-job", outputs_of(read), props).changes is False
    assert read.inputs is not None and SECRET not in str(
        {k: v for k, v in read.inputs.items() if k != "secret_env_values"}
    )


def test_read_of_a_deleted_job_drops_it(provider: BlaxelJobProvider, api: Api) -> None:
    outs = created(provider, inputs(provider, name="gone", runtime={"image": "x"}))
    provider.delete("gone", outs)
    read = provider.read("gone", outs)
    assert read.id is None


# -- delete --------------------------------------------------------------------------------------------


def test_delete_waits_until_gone(provider: BlaxelJobProvider, api: Api) -> None:
    outs = created(provider, inputs(provider, name="bye", runtime={"image": "x"}))
    api.settings(delete_seconds=0.5)
    api.clear()
    provider.delete("bye", outs)
    assert api.job("bye") is None
    methods = api.methods()
    assert methods[:2] == ["GET /v0/jobs/bye", "DELETE /v0/jobs/bye"]  # whose it is, then the delete
    assert methods.count("GET /v0/jobs/bye") >= 2


def test_delete_of_a_missing_job_succeeds(provider: BlaxelJobProvider, api: Api) -> None:
    provider.delete("never-existed", {"name": "never-existed"})
    assert api.methods() == ["GET /v0/jobs/never-existed"]


# -- credentials and pickling --------------------------------------------------------------------------


def test_missing_credentials_name_every_place(
    api: Api, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    for var in ("BL_API_KEY", "BL_WORKSPACE"):
        monkeypatch.delenv(var, raising=False)
    provider = BlaxelJobProvider()
    with pytest.raises(BlaxelConfigError) as caught:
        provider.create({"name": "x", "runtime": {"image": "x"}})
    for place in ("blaxel:apiKey", "BL_API_KEY", "config.yaml"):
        assert place in str(caught.value)
    assert api.requests() == []


def test_the_pickled_provider_is_small_by_reference_and_holds_no_secret(provider: BlaxelJobProvider) -> None:
    payload = dill.dumps(provider, protocol=5, recurse=True)
    encoded = base64.b64encode(payload)
    assert len(encoded) < 200, len(encoded)
    assert b"blaxel_pulumi.provider.provider" in payload and b"BlaxelJobProvider" in payload
    assert API_KEY.encode() not in payload and b"127.0.0.1" not in payload
    clone = dill.loads(payload)
    assert isinstance(clone, BlaxelJobProvider)


def test_the_configured_request_timeout_applies(api: Api, provider: BlaxelJobProvider) -> None:
    settings = resolve_settings(
        config={
            "blaxel:apiUrl": api.server.api_url,
            "blaxel:workspace": "local",
            "blaxel:apiKey": API_KEY,
            "blaxel:requestTimeout": "1",
        }
    )
    api.faults({"method": "GET", "path": "/v0/jobs/slow$", "kind": "slow", "delay": 3, "count": 1})
    with (
        BlaxelClient(settings, retry=RetryPolicy.none()) as client,
        pytest.raises(BlaxelTimeoutError) as caught,
    ):
        client.get_job("slow")
    assert "did not answer GET /jobs/slow within 1 s" in str(caught.value)


def test_every_setting_reaches_the_provider_from_stack_config(api: Api) -> None:
    provider = configured(api, **{"blaxel:requestTimeout": "12", "blaxel:env": "dev"})
    settings = provider.settings("other-ws")
    assert settings.request_timeout == 12.0
    assert settings.workspace == "other-ws"
    assert settings.api_url == api.server.api_url  # blaxel:apiUrl wins over blaxel:env
