"""`BlaxelJobExecution`'s provider called directly, against the local Blaxel API over HTTP: check at preview,
diff, the id chosen before the POST, waits, failures, refresh after expiry, cancel on delete, pickling."""

from __future__ import annotations

import time
from typing import Any

import dill
import pytest
from pulumi.dynamic import Config, ConfigureRequest
from pulumi.output import Unknown

from blaxel_pulumi.core import execution_operations as execution_ops
from blaxel_pulumi.core.execution_operations import execution_id
from blaxel_pulumi.errors import ExecutionFailed, ExecutionTimeout
from blaxel_pulumi.provider import BlaxelJobProvider
from blaxel_pulumi.provider.execution import JobExecutionProvider
from tests.provider.conftest import API_KEY, WORKSPACE, Api

SECRET = "env-secret-value-5150"
UNKNOWN: Any = Unknown()  # type: ignore[no-untyped-call]  # a value the engine does not know yet (preview)


def run_provider(api: Api) -> JobExecutionProvider:
    provider = JobExecutionProvider()
    config = {"blaxel:apiUrl": api.server.api_url, "blaxel:workspace": WORKSPACE, "blaxel:apiKey": API_KEY}
    provider.configure(ConfigureRequest(Config(config, "test")))
    return provider


@pytest.fixture
def job(provider: BlaxelJobProvider) -> str:
    checked = provider.check(
        {}, {"name": "migrate", "runtime": {"image": "img", "memory": 2048}, "owner": "o"}
    )
    provider.create(dict(checked.inputs))
    return "migrate"


def inputs(**extra: Any) -> dict[str, Any]:
    return {"job": "migrate", "owner": "owner-1", "run_key": "v1", "env": {"DB": SECRET}, **extra}


def posts(api: Api) -> int:
    return len([e for e in api.requests(method="POST") if e["path"].endswith("/executions")])


def test_check_names_each_bad_field_and_sends_nothing(api: Api) -> None:
    provider = run_provider(api)
    bad = {
        "job": "Not_A_Name",
        "tasks": [{"a": 1}, "x"],
        "env": {"1BAD": SECRET},
        "memory": 0,
        "run_key": 5,
        "timeout": 0,
        "wait": "yes",
        "allow_queue": 1,
    }
    found = provider.check({}, bad).failures
    assert {f.property for f in found} == {""}  # the message names the field: no "property p value {0}"
    failures = {f.reason.split(" ", 1)[0]: f.reason for f in found}
    assert set(failures) == set(bad)
    assert all(SECRET not in reason for reason in failures.values())
    assert "lowercase" in failures["job"] and "between 1 and" in failures["timeout"]
    assert failures["wait"] == 'wait is "yes", not a boolean: use true or false.'
    assert failures["allow_queue"] == "allow_queue is 1, not a boolean: use true or false."
    unknown = provider.check({}, {"job": UNKNOWN, "tasks": [UNKNOWN], "env": {"A": UNKNOWN}})
    assert unknown.failures == []
    assert api.requests() == []


def test_diff_replaces_on_run_inputs_only(api: Api) -> None:
    provider = run_provider(api)
    olds = {**inputs(wait=True, timeout=60), "execution_id": "x", "status": "succeeded"}
    same = provider.diff("x", olds, inputs(wait=True, timeout=60))
    assert not same.changes and same.replaces == []
    for key, value in [("run_key", "v2"), ("tasks", [{"n": 1}]), ("env", {"DB": "other"}), ("memory", 512)]:
        changed = provider.diff("x", olds, inputs(wait=True, timeout=60, **{key: value}))
        assert changed.replaces == [key]
    waited = provider.diff("x", olds, inputs(wait=False, timeout=90))
    assert waited.changes and waited.replaces == []
    late = provider.diff("x", olds, inputs(wait=True, timeout=60, job=UNKNOWN))  # preview of a job update
    assert late.changes and late.replaces == []
    assert provider.diff("x", olds, inputs(tasks=[UNKNOWN])).replaces == ["tasks"]


def test_the_id_depends_on_owner_and_run_inputs_only() -> None:
    base = execution_id("o", inputs(wait=True))
    assert base == execution_id("o", inputs(wait=False, timeout=5))
    assert base != execution_id("o2", inputs())
    assert base != execution_id("o", inputs(env={"DB": "other"}))
    assert base != execution_id("o", inputs(tasks=[{}]))
    assert SECRET not in base


def test_create_waits_then_a_second_create_follows_the_same_execution(api: Api, job: str) -> None:
    api.settings(execution_seconds=0.3)
    provider = run_provider(api)
    first = provider.create(inputs(tasks=[{"n": 1.0}, {"n": 2}]))  # the engine sends numbers as floats
    outs = first.outs or {}
    assert outs["status"] == "succeeded"
    assert outs["stats"]["total"] == 2 and outs["stats"]["success"] == 2
    assert outs["env"] == {"DB": SECRET}  # kept under its own (secret) key only
    assert SECRET not in str({k: v for k, v in outs.items() if k != "env"})
    sent = next(e for e in api.requests(method="POST") if e["path"].endswith("/executions"))
    assert sent["status"] == 200
    stored = api.http.get(
        f"/v0/jobs/migrate/executions/{first.id}", headers={"Authorization": f"Bearer {API_KEY}"}
    )
    assert [t["spec"]["parameters"] for t in stored.json()["tasks"]] == [{"n": 1}, {"n": 2}]
    # Whole numbers stay integers (not 1.0): checked on the parsed values, since timestamps in the body
    # can contain the text "1.0" (e.g. ":31.0") and made a text search flaky.
    assert [type(t["spec"]["parameters"]["n"]) for t in stored.json()["tasks"]] == [int, int]
    again = provider.create(inputs(tasks=[{"n": 1.0}, {"n": 2}]))  # e.g. after an interrupted `up`
    assert again.id == first.id
    assert posts(api) == 1


def test_a_failed_task_fails_create_with_counts(api: Api, job: str) -> None:
    api.settings(execution_seconds=0.2)
    with pytest.raises(ExecutionFailed) as caught:
        run_provider(api).create(inputs(tasks=[{"n": 1}, {"n": 2, "fail": True}]))
    text = str(caught.value)
    assert "2 task(s): 1 succeeded, 1 failed" in text and "task-1" in text and "run_key" in text
    assert SECRET not in text


def test_a_run_longer_than_the_timeout_fails_and_is_not_cancelled(api: Api, job: str) -> None:
    api.settings(execution_seconds=30)
    provider = run_provider(api)
    with pytest.raises(ExecutionTimeout) as caught:
        provider.create(inputs(timeout=1))
    assert "did not end within" in str(caught.value)
    assert api.requests(method="DELETE") == []


def test_refresh_keeps_an_expired_execution_and_delete_cancels_a_running_one(api: Api, job: str) -> None:
    api.settings(execution_seconds=0)
    provider = run_provider(api)
    done = provider.create(inputs())
    api.settings(execution_retention_seconds=0)
    read = provider.read(done.id or "", dict(done.outs or {}))
    assert read.outs is not None and read.outs["status"] == "succeeded"
    assert read.id == done.id
    provider.delete(done.id or "", dict(done.outs or {}))  # expired: nothing to cancel
    assert api.requests(method="DELETE") == []

    api.settings(execution_seconds=30, execution_retention_seconds=3600)
    running = provider.create(inputs(run_key="v2", wait=False))
    assert (running.outs or {})["status"] in ("pending", "running")
    provider.delete(running.id or "", dict(running.outs or {}))
    assert len(api.requests(method="DELETE")) == 1
    assert posts(api) == 2


def test_the_provider_pickles_by_reference_without_configuration(api: Api) -> None:
    pickled = dill.dumps(run_provider(api), recurse=True)
    assert len(pickled) < 200
    assert API_KEY.encode() not in pickled
    assert b"blaxel_pulumi.provider.execution" in pickled


def test_a_replacement_starts_the_next_generation_and_a_resumed_create_follows_it(api: Api, job: str) -> None:
    """The delete of the replaced resource runs first (delete-before-replace) and its replacement's create
    starts a new run with the next id; a create that no delete preceded (the next `up` after an interrupted
    one) follows the newest run instead of starting another."""
    api.settings(execution_seconds=30)
    provider = run_provider(api)
    props = inputs(wait=False, owner="owner-replaced")
    first = provider.create(dict(props))
    provider.delete(first.id or "", dict(first.outs or {}))  # cancels the old run
    second = provider.create(dict(props))
    base = execution_id("owner-replaced", props)
    assert (first.id, second.id) == (base, f"{base}-1")
    assert posts(api) == 2
    resumed = provider.create(dict(props))
    assert resumed.id == second.id and posts(api) == 2
    execution_ops._TRACKED.clear()  # the next deployment: a new provider process
    provider.delete(resumed.id or "", dict(resumed.outs or {}))
    third = provider.create(dict(props))
    assert third.id == f"{base}-2" and posts(api) == 3


def test_what_failed_tasks_say_of_the_env_values_is_redacted(api: Api, job: str) -> None:
    api.settings(execution_seconds=0.2)
    quoting = {"n": 2, "fail_message": 'no db at ${DB}; {"db": "${DB:json}"}'}
    secret = 'pw-"quoted"\\-5150'
    with pytest.raises(ExecutionFailed) as caught:
        run_provider(api).create(inputs(env={"DB": secret}, tasks=[{"n": 1}, quoting]))
    assert "no db at [redacted]" in str(caught.value)
    assert "pw-" not in str(caught.value)

    started = run_provider(api).create(inputs(env={"DB": secret}, tasks=[quoting], run_key="v2", wait=False))
    time.sleep(0.5)
    read = run_provider(api).read(started.id or "", dict(started.outs or {}))
    [said] = (read.outs or {})["failed_tasks"]
    assert said == 'task-0: Task task-0 failed (no db at [redacted]; {"db": "[redacted]"}).'


def test_a_create_before_delete_replacement_never_cancels_the_run_it_recorded(api: Api, job: str) -> None:
    """With `delete_before_replace=False` (a program's choice), the replacement is created first and, with
    the same run inputs, records the old run; the delete of the replaced resource then leaves it running."""
    api.settings(execution_seconds=30)
    provider = run_provider(api)
    props = inputs(wait=False, owner="owner-create-first")
    old = provider.create(dict(props))
    execution_ops._TRACKED.clear()  # the next deployment: a new provider process
    new = provider.create(dict(props))
    provider.delete(old.id or "", dict(old.outs or {}))
    assert new.id == old.id and posts(api) == 1
    assert [e for e in api.requests(method="DELETE") if "/executions/" in e["path"]] == []
