"""`BlaxelJobExecution` on the real pulumi CLI (examples/migrate-then-serve) against the local Blaxel API.

Executions last ~1 s (the local API's default `execution_seconds`). Every scenario counts the
`POST /v0/jobs/{job}/executions` the API received and how many of them started an execution (answered 200,
or processed before a fault dropped the response): exactly one start per intended run, asserted here and
printed in the session summary ("executions started per scenario").
"""

from __future__ import annotations

import signal
import time
from collections.abc import Mapping
from typing import Any

import pytest

from tests.e2e.blaxel_api import BlaxelApi, ExampleProject
from tests.e2e.pulumi_cli import EXECUTION_POSTS, PulumiProject, change_summary, diagnostics, is_secret, ops
from tests.reliability.support import (
    kill_session,
    pending_operations,
    session_processes,
    spawn_pulumi,
    wait_until,
)

pytestmark = pytest.mark.e2e

EXECUTION = "pulumi-python:dynamic/blaxel:JobExecution"
"""Type token of `BlaxelJobExecution` resources."""
POSTS = r"/v0/jobs/[^/]+/executions"
"""Path of the executions endpoint (the request log's `path` is matched in full)."""
DB_URL = "postgres://migrator:pw-e2e-77@db/app"
"""The example's secret env override (distinctive, to be searched for)."""


def _processed(entry: Mapping[str, Any]) -> bool:
    """Whether a logged request was acted on with success (its response may have been lost)."""
    fault = entry.get("fault")
    if fault:
        return bool(fault.get("after")) and fault.get("processed_status") == 200
    return entry.get("status") == 200


def starts(api: BlaxelApi) -> tuple[int, int]:
    """``(executions started, POST attempts)`` on the executions endpoint so far."""
    posts = api.requests("POST", POSTS)
    return sum(1 for e in posts if _processed(e)), len(posts)


def record(scenario: str, api: BlaxelApi, intended: int, started: float) -> None:
    """Assert exactly ``intended`` starts; keep the counts for the session summary."""
    done, attempts = starts(api)
    EXECUTION_POSTS.append((scenario, intended, done, attempts, time.monotonic() - started))
    assert done == intended, f"{scenario}: {done} executions started for {intended} intended runs"


def executions(api: BlaxelApi, job: str) -> list[dict[str, Any]]:
    response = api.public.get(f"/jobs/{job}/executions", headers={"Blaxel-Version": "2026-04-28"})
    response.raise_for_status()
    data: list[dict[str, Any]] = response.json()["data"]
    return data


def project_for(example_project: ExampleProject, blaxel: BlaxelApi, **config: str) -> PulumiProject:
    return example_project("migrate-then-serve", blaxel, config=config, secrets={"databaseUrl": DB_URL})


def test_runs_once_on_create_never_on_a_no_op_up_or_refresh_and_again_on_a_run_key_change(
    example_project: ExampleProject, blaxel: BlaxelApi
) -> None:
    started = time.monotonic()
    project = project_for(example_project, blaxel)
    preview = project.preview()
    assert ops(preview, EXECUTION) == {"create": 1}
    assert preview.requests == []

    first = project.up()
    assert ops(first, EXECUTION) == {"create": 1}
    out = project.outputs()
    assert out["status"] == "succeeded"
    assert out["stats"]["total"] == 2 and out["stats"]["success"] == 2
    assert out["run_key"] == "0001"
    [seen] = executions(blaxel, out["job"])
    assert seen["metadata"]["id"] == out["execution_id"]
    assert seen["spec"]["envOverride"] == {"DATABASE_URL": "***"}
    [state] = project.resources(EXECUTION)
    assert is_secret(state["outputs"]["env"]) and is_secret(state["inputs"]["env"])
    assert DB_URL not in project.export_stack_text() and DB_URL not in project.all_output()

    again = project.up()
    assert ops(again, EXECUTION) == {"same": 1}
    assert again.requests == []
    refreshed = project.refresh()
    assert ops(refreshed, EXECUTION, outcome=True) == {"same": 1}
    [state] = project.resources(EXECUTION)
    assert is_secret(state["outputs"]["env"]) and is_secret(state["inputs"]["env"])
    assert DB_URL not in project.export_stack_text()
    assert [r["method"] for r in refreshed.requests if "/executions" in r["path"]] == ["GET"]

    project.config_set("image", "blaxel/migrate:1.1")  # the job changes, the run inputs do not
    job_preview = project.preview()
    assert ops(job_preview, EXECUTION).keys() <= {"same", "update"}, ops(job_preview, EXECUTION)
    job_update = project.up()
    assert ops(job_update, EXECUTION) == {"same": 1}
    assert [r["method"] for r in job_update.requests if "/executions" in r["path"]] == []

    project.config_set("timeout", "120")  # not a run input: an update that sends nothing
    updated = project.up()
    assert ops(updated, EXECUTION) == {"update": 1}
    assert [r for r in updated.requests if "/executions" in r["path"]] == []

    blaxel.control.post("/settings", json={"execution_retention_seconds": 0}).raise_for_status()
    expired = project.refresh()  # Blaxel forgot the execution: the resource keeps its result
    assert ops(expired, EXECUTION, outcome=True) == {"same": 1}
    assert project.outputs()["status"] == "succeeded"
    assert change_summary(project.preview()) == {"same": 4}  # stack, identity, job, execution
    blaxel.control.post("/settings", json={"execution_retention_seconds": 3600}).raise_for_status()

    project.config_set("migrationVersion", "0002")
    rerun = project.up()
    assert ops(rerun, EXECUTION) == {"replace": 1, "create-replacement": 1, "delete-replaced": 1}
    rerun_out = project.outputs()
    assert rerun_out["run_key"] == "0002" and rerun_out["status"] == "succeeded"
    assert rerun_out["execution_id"] != out["execution_id"]

    destroyed = project.destroy()  # both executions ended: history is left alone
    assert [r for r in destroyed.requests if "/executions" in r["path"] and r["method"] == "DELETE"] == []
    record("run, no-op up, refresh, update, expired refresh, run_key change, destroy", blaxel, 2, started)


def test_a_failed_run_fails_up_with_the_task_counts_and_is_never_started_again(
    example_project: ExampleProject, blaxel: BlaxelApi
) -> None:
    started = time.monotonic()
    project = project_for(example_project, blaxel, shards="3", failShard="2")

    failed = project.up(check=False)
    assert failed.returncode != 0
    errors = "\n".join(diagnostics(failed, "error"))
    assert "ended with status 'failed'" in errors
    assert "3 task(s): 2 succeeded, 1 failed" in errors
    assert "task-1" in errors and "run_key" in errors
    assert DB_URL not in project.all_output()

    second = project.up(check=False)  # same inputs: the same execution is reported, not started again
    assert second.returncode != 0
    assert "ended with status 'failed'" in "\n".join(diagnostics(second, "error"))
    assert {r["method"] for r in second.requests if "/executions" in r["path"]} == {"GET"}
    record("failed run, then up again with the same inputs", blaxel, 1, started)


def test_destroy_cancels_a_running_execution(example_project: ExampleProject, blaxel: BlaxelApi) -> None:
    started = time.monotonic()
    blaxel.control.post("/settings", json={"execution_seconds": 60}).raise_for_status()
    project = project_for(example_project, blaxel, wait="false")
    up = project.up()
    assert up.seconds < 45
    out = project.outputs()
    assert out["status"] in ("pending", "running")

    project.destroy()
    path = f"/jobs/{out['job']}/executions/{out['execution_id']}"
    deletes = [r for r in blaxel.requests("DELETE") if r["path"] == f"/v0{path}"]
    assert len(deletes) == 1
    assert blaxel.public.get(path).json()["status"] in ("cancelling", "cancelled")
    record("wait=False, destroy while running", blaxel, 1, started)


def test_faults_on_the_executions_endpoint_still_start_exactly_one_execution(
    example_project: ExampleProject, blaxel: BlaxelApi
) -> None:
    started = time.monotonic()
    rules = [
        {"method": "POST", "path": "/executions$", "kind": "drop", "after": True, "count": 1},
        {"method": "POST", "path": "/executions$", "kind": "status", "status": 503, "count": 1},
        {"method": "GET", "path": "/executions/", "kind": "status", "status": 502, "count": 2},
    ]
    blaxel.control.post("/faults", json=rules).raise_for_status()
    project = project_for(example_project, blaxel)
    project.up()
    assert project.outputs()["status"] == "succeeded"
    fired = [r for r in blaxel.requests() if r.get("fault")]
    assert len(fired) == 4, fired
    assert len(executions(blaxel, project.outputs()["job"])) == 1
    record("lost POST response, 503 on POST, 502 on GET", blaxel, 1, started)


def test_an_up_killed_during_the_run_leaves_exactly_one_execution(
    example_project: ExampleProject, blaxel: BlaxelApi
) -> None:
    started = time.monotonic()
    blaxel.control.post("/settings", json={"execution_seconds": 3}).raise_for_status()
    project = project_for(example_project, blaxel)
    process = spawn_pulumi(project, "up", "--yes", "--skip-preview")
    try:
        wait_until(lambda: starts(blaxel)[0] >= 1, 90, "the POST of the execution")
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)
    finally:
        if session_processes(process.pid):
            kill_session(process.pid)
    assert process.returncode != 0

    lock_dir = project.workdir.parent / "backend" / ".pulumi" / "locks"
    if lock_dir.exists() and any(lock_dir.rglob("*.json")):
        project.run("cancel", "--yes")
    if pending_operations(project):
        project.refresh("--clear-pending-creates")
    recovered = project.up()
    assert ops(recovered, EXECUTION) == {"create": 1}
    assert project.outputs()["status"] == "succeeded"
    recovered_calls = [r["method"] for r in recovered.requests if "/executions" in r["path"]]
    assert recovered_calls[:1] == ["GET"] and "POST" not in recovered_calls  # found, followed, not started
    assert len(executions(blaxel, project.outputs()["job"])) == 1
    record("up killed (SIGKILL) during the run, recovery, up", blaxel, 1, started)


def _status(api: BlaxelApi, job: str, execution_id: str) -> str:
    response = api.public.get(f"/jobs/{job}/executions/{execution_id}")
    response.raise_for_status()
    status: str = response.json()["status"]
    return status


def test_up_replace_of_a_running_execution_starts_a_new_run_and_leaves_it_running(
    example_project: ExampleProject, blaxel: BlaxelApi
) -> None:
    """Before: the replacement derived the same id from the same run inputs, so it started nothing and
    recorded the old run, which the delete of the replaced resource then cancelled (`up` said "replaced", the
    state pointed at a cancelled run). Now: the old run is cancelled first (delete-before-replace), then a
    new run with a new id is started, recorded and left running."""
    started = time.monotonic()
    blaxel.control.post("/settings", json={"execution_seconds": 60}).raise_for_status()
    project = project_for(example_project, blaxel, wait="false")
    project.up()
    first = project.outputs()
    [resource] = project.resources(EXECUTION)

    replaced = project.up("--replace", resource["urn"])
    assert ops(replaced, EXECUTION) == {"replace": 1, "create-replacement": 1, "delete-replaced": 1}
    second = project.outputs()
    assert second["execution_id"] != first["execution_id"]
    assert _status(blaxel, first["job"], first["execution_id"]) in ("cancelling", "cancelled")
    assert _status(blaxel, second["job"], second["execution_id"]) in ("pending", "running")
    assert second["status"] in ("pending", "running")
    assert len(executions(blaxel, first["job"])) == 2

    again = project.up()
    assert ops(again, EXECUTION) == {"same": 1}
    assert [r for r in again.requests if "/executions" in r["path"]] == []
    record("wait=False, up --replace while running", blaxel, 2, started)
    project.destroy()
    assert _status(blaxel, second["job"], second["execution_id"]) in ("cancelling", "cancelled")


def test_up_replace_of_an_ended_execution_runs_the_job_again(
    example_project: ExampleProject, blaxel: BlaxelApi
) -> None:
    """Before: `up --replace` reported a replacement and nothing ran (the same id was found "already
    started"). Now: a new run, waited for like the first."""
    started = time.monotonic()
    project = project_for(example_project, blaxel)
    project.up()
    first = project.outputs()
    [resource] = project.resources(EXECUTION)

    replaced = project.up("--replace", resource["urn"])
    assert ops(replaced, EXECUTION) == {"replace": 1, "create-replacement": 1, "delete-replaced": 1}
    assert "found already started" not in replaced.output
    second = project.outputs()
    assert second["execution_id"] != first["execution_id"]
    assert second["status"] == "succeeded"
    assert len(executions(blaxel, first["job"])) == 2
    twice = project.up("--replace", resource["urn"])
    assert ops(twice, EXECUTION) == {"replace": 1, "create-replacement": 1, "delete-replaced": 1}
    third = project.outputs()
    assert len({first["execution_id"], second["execution_id"], third["execution_id"]}) == 3
    record("up --replace twice after the run ended", blaxel, 3, started)


def test_an_up_replace_killed_during_the_new_run_is_resumed_not_started_again(
    example_project: ExampleProject, blaxel: BlaxelApi
) -> None:
    """The next `up` after an interrupted replacement follows the run the replacement started."""
    started = time.monotonic()
    project = project_for(example_project, blaxel)
    project.up()
    [resource] = project.resources(EXECUTION)
    blaxel.control.post("/settings", json={"execution_seconds": 3}).raise_for_status()

    process = spawn_pulumi(project, "up", "--yes", "--skip-preview", "--replace", resource["urn"])
    try:
        wait_until(lambda: starts(blaxel)[0] >= 2, 90, "the POST of the replacement's execution")
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)
    finally:
        if session_processes(process.pid):
            kill_session(process.pid)
    lock_dir = project.workdir.parent / "backend" / ".pulumi" / "locks"
    if lock_dir.exists() and any(lock_dir.rglob("*.json")):
        project.run("cancel", "--yes")
    if pending_operations(project):
        project.refresh("--clear-pending-creates")

    recovered = project.up()
    assert project.outputs()["status"] == "succeeded"
    recovered_calls = [r["method"] for r in recovered.requests if "/executions" in r["path"]]
    assert "POST" not in recovered_calls, recovered_calls
    assert len(executions(blaxel, project.outputs()["job"])) == 2
    record("up --replace killed during the new run, recovery, up", blaxel, 2, started)
