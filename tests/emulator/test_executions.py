"""Job executions in the local Blaxel API: lifecycle, failing tasks, cancellation, expiry, ids, capacity,
masked env overrides, listings and persistence."""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx

from blaxel_pulumi.emulator import EmulatorServer

from .support import PAGINATED, auth, job_body, wait_for

RUN = 0.4


def start(client: httpx.Client, job: str = "etl", **body: object) -> httpx.Response:
    return client.post(f"/jobs/{job}/executions", json=body)


def status(client: httpx.Client, execution_id: str, job: str = "etl") -> str:
    value: str = client.get(f"/jobs/{job}/executions/{execution_id}").json()["status"]
    return value


def test_an_execution_runs_then_succeeds(client: httpx.Client, control: httpx.Client) -> None:
    control.post("/settings", json={"execution_seconds": RUN})
    client.post("/jobs", json=job_body("etl"))
    created = start(client, executionId="run-1", tasks=[{"n": 1}, {"n": 2}])
    assert created.status_code == 200
    assert created.json() == {
        "executionId": "run-1",
        "id": "run-1",
        "jobId": "etl",
        "workspaceId": "local",
        "tasks": [{"n": 1}, {"n": 2}],
    }
    assert status(client, "run-1") in ("pending", "running")
    seen: list[str] = []

    def ended() -> bool:
        seen.append(status(client, "run-1"))
        return seen[-1] == "succeeded"

    wait_for(ended)
    assert "running" in seen
    done = client.get("/jobs/etl/executions/run-1").json()
    assert done["stats"] == {
        "total": 2,
        "success": 2,
        "failure": 0,
        "running": 0,
        "cancelled": 0,
        "retried": 0,
    }
    assert done["metadata"]["completedAt"] >= done["metadata"]["startedAt"] >= done["metadata"]["createdAt"]
    assert [t["status"] for t in done["tasks"]] == ["succeeded", "succeeded"]


def test_a_task_with_fail_true_fails_the_execution(client: httpx.Client, control: httpx.Client) -> None:
    control.post("/settings", json={"execution_seconds": 0})
    client.post("/jobs", json=job_body("etl"))
    start(client, executionId="run-1", tasks=[{"n": 1}, {"n": 2, "fail": True}, {"fail": "no"}])
    done = client.get("/jobs/etl/executions/run-1").json()
    assert done["status"] == "failed"
    assert done["stats"]["failure"] == 1 and done["stats"]["success"] == 2
    failed = [t for t in done["tasks"] if t["status"] == "failed"]
    assert [t["metadata"]["name"] for t in failed] == ["task-1"]
    assert '"fail": true' in failed[0]["conditions"][0]["message"]


def test_a_task_with_a_fail_message_fails_quoting_its_env(
    client: httpx.Client, control: httpx.Client
) -> None:
    control.post("/settings", json={"execution_seconds": 0})
    client.post("/jobs", json=job_body("etl"))
    quoting = {"fail_message": 'no db at ${URL}; {"url": "${URL:json}"}'}
    start(client, executionId="run-1", tasks=[{"n": 1}, quoting], env={"URL": 'p"w'})
    done = client.get("/jobs/etl/executions/run-1").json()
    assert done["status"] == "failed"
    [failed] = [t for t in done["tasks"] if t["status"] == "failed"]
    assert failed["conditions"][0]["message"] == 'Task task-1 failed (no db at p"w; {"url": "p\\"w"}).'


def test_the_jobs_timeout_ends_an_execution(client: httpx.Client, control: httpx.Client) -> None:
    control.post("/settings", json={"execution_seconds": 5})
    body = job_body("etl")
    body["spec"]["runtime"]["timeout"] = 1
    client.post("/jobs", json=body)
    start(client, executionId="run-1")
    wait_for(lambda: status(client, "run-1") == "timeout")


def test_cancel_goes_through_cancelling(client: httpx.Client, control: httpx.Client) -> None:
    control.post("/settings", json={"execution_seconds": 3})
    client.post("/jobs", json=job_body("etl"))
    start(client, executionId="run-1", tasks=[{}, {}])
    cancelled = client.delete("/jobs/etl/executions/run-1").json()
    assert cancelled["status"] == "cancelling"
    wait_for(lambda: status(client, "run-1") == "cancelled")
    assert client.get("/jobs/etl/executions/run-1").json()["stats"]["cancelled"] == 2


def test_deleting_the_job_cancels_its_unfinished_executions(
    client: httpx.Client, control: httpx.Client
) -> None:
    control.post("/settings", json={"execution_seconds": 0, "delete_seconds": 5})
    client.post("/jobs", json=job_body("etl"))
    start(client, executionId="ended")
    control.post("/settings", json={"execution_seconds": 5})
    start(client, executionId="running")
    client.delete("/jobs/etl")
    assert status(client, "running") in ("cancelling", "cancelled")
    assert status(client, "ended") == "succeeded"


def test_cancelling_an_ended_execution_changes_nothing(client: httpx.Client, control: httpx.Client) -> None:
    control.post("/settings", json={"execution_seconds": 0})
    client.post("/jobs", json=job_body("etl"))
    start(client, executionId="run-1")
    assert client.delete("/jobs/etl/executions/run-1").json()["status"] == "succeeded"
    assert status(client, "run-1") == "succeeded"


def test_a_known_execution_id_is_a_conflict_and_starts_nothing(client: httpx.Client) -> None:
    client.post("/jobs", json=job_body("etl"))
    assert start(client, executionId="run-1").status_code == 200
    again = start(client, executionId="run-1", tasks=[{}, {}])
    assert again.status_code == 409
    assert "already exists" in again.json()["message"]
    assert len(client.get("/jobs/etl/executions", headers=PAGINATED).json()["data"]) == 1


def test_ended_executions_expire_from_the_history(client: httpx.Client, control: httpx.Client) -> None:
    control.post("/settings", json={"execution_seconds": 0, "execution_retention_seconds": 0.3})
    client.post("/jobs", json=job_body("etl"))
    start(client, executionId="run-1")
    assert status(client, "run-1") == "succeeded"
    time.sleep(0.4)
    gone = client.get("/jobs/etl/executions/run-1")
    assert gone.status_code == 404
    assert "expired" in gone.json()["message"]
    assert start(client, executionId="run-1").status_code == 200  # the id is free again


def test_allow_queue_false_is_refused_when_the_job_is_busy(
    client: httpx.Client, control: httpx.Client
) -> None:
    control.post("/settings", json={"execution_seconds": 5})
    client.post("/jobs", json=job_body("etl"))
    assert start(client, executionId="run-1", allowQueue=False).status_code == 200
    busy = start(client, executionId="run-2", allowQueue=False)
    assert busy.status_code == 429
    assert busy.headers["retry-after"] == "1"
    assert client.get("/jobs/etl/executions/run-2").status_code == 404
    assert start(client, executionId="run-3").status_code == 200  # allowQueue defaults to true
    limited = job_body("other")
    limited["spec"]["runtime"]["maxConcurrentTasks"] = 3
    client.post("/jobs", json=limited)
    assert start(client, "other", tasks=[{}, {}], allowQueue=False).status_code == 200
    assert start(client, "other", tasks=[{}, {}], allowQueue=False).status_code == 429
    assert start(client, "other", tasks=[{}], allowQueue=False).status_code == 200


def test_env_overrides_are_masked_and_memory_is_bounded(client: httpx.Client) -> None:
    client.post("/jobs", json=job_body("etl"))
    start(client, executionId="run-1", env={"TOKEN": "s3cr3t-value"}, memory=1024)
    seen = client.get("/jobs/etl/executions/run-1")
    assert seen.json()["spec"]["envOverride"] == {"TOKEN": "***"}
    assert seen.json()["spec"]["memoryOverride"] == 1024
    assert "s3cr3t-value" not in seen.text
    too_much = start(client, memory=4096)
    assert too_much.status_code == 400
    assert "memory" in too_much.json()["message"]


def test_bad_requests_name_the_field(client: httpx.Client) -> None:
    client.post("/jobs", json=job_body("etl"))
    for body, field in [
        ({"tasks": "x"}, "tasks"),
        ({"env": {"1X": "v"}}, "env"),
        ({"executionId": "no spaces"}, "executionId"),
        ({"allowQueue": "yes"}, "allowQueue"),
    ]:
        answer = client.post("/jobs/etl/executions", json=body)
        assert answer.status_code == 400, body
        assert answer.json()["message"].startswith(field)
    assert start(client, "missing").status_code == 404
    assert client.get("/jobs/etl/executions/nope").status_code == 404


def test_listing_is_cursor_paginated_from_2026_04_28(client: httpx.Client) -> None:
    client.post("/jobs", json=job_body("etl"))
    for index in range(5):
        start(client, executionId=f"run-{index}")
    ids: list[str] = []
    params: dict[str, str] = {"limit": "2"}
    while True:
        page = client.get("/jobs/etl/executions", params=params, headers=PAGINATED).json()
        ids += [e["metadata"]["id"] for e in page["data"]]
        assert page["meta"]["total"] == 5
        if not page["meta"]["hasMore"]:
            break
        params["cursor"] = page["meta"]["nextCursor"]
    assert ids == [f"run-{i}" for i in reversed(range(5))]
    legacy = client.get("/jobs/etl/executions", params={"offset": "1", "limit": "2"}).json()
    assert [e["metadata"]["id"] for e in legacy] == ["run-3", "run-2"]
    assert client.get("/jobs/etl/executions", params={"limit": "101"}, headers=PAGINATED).status_code == 400


def test_tasks_are_listed_by_page(client: httpx.Client) -> None:
    client.post("/jobs", json=job_body("etl"))
    start(client, executionId="run-1", tasks=[{"i": i} for i in range(3)])
    first = client.get("/jobs/etl/executions/run-1/tasks", params={"limit": "2"}).json()
    assert [t["metadata"]["name"] for t in first["data"]] == ["task-0", "task-1"]
    rest = client.get(
        "/jobs/etl/executions/run-1/tasks", params={"limit": "2", "cursor": first["meta"]["nextCursor"]}
    ).json()
    assert [t["metadata"]["name"] for t in rest["data"]] == ["task-2"]
    assert rest["meta"]["hasMore"] is False


def test_executions_survive_a_restart(make_server: Callable[..., EmulatorServer]) -> None:
    first = make_server(execution_seconds=0.2)
    with httpx.Client(base_url=first.api_url, headers=auth(), timeout=10) as client:
        client.post("/jobs", json=job_body("etl"))
        start(client, executionId="run-1")
    first.stop()
    time.sleep(0.3)
    second = make_server()
    with httpx.Client(base_url=second.api_url, headers=auth(), timeout=10) as client:
        assert status(client, "run-1") == "succeeded"
