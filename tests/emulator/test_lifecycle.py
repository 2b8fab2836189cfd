"""Rollout statuses over time, the failure rule, deletion delay, conflicts while deleting."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from blaxel_pulumi.emulator import EmulatorServer

from .support import ADMIN, auth, job_body, wait_for

ROLLOUT = 0.4


def statuses_seen(client: httpx.Client, name: str, until: set[str]) -> list[str]:
    """Poll the job every 20 ms and return the distinct statuses seen, in order, until one of ``until``."""
    seen: list[str] = []

    def settled() -> bool:
        status = client.get(f"/jobs/{name}").json()["status"]
        if not seen or seen[-1] != status:
            seen.append(status)
        return status in until

    wait_for(settled, timeout=5)
    return seen


def test_rollout_moves_through_statuses(
    server: EmulatorServer, client: httpx.Client, control: httpx.Client
) -> None:
    control.post("/settings", json={"deploy_seconds": ROLLOUT})
    created = client.post("/jobs", json=job_body("etl")).json()
    assert created["status"] == "UPLOADING"
    assert [e["status"] for e in created["events"]] == ["UPLOADING"]
    seen = statuses_seen(client, "etl", {"DEPLOYED"})
    assert seen[0] in ("UPLOADING", "BUILDING")
    assert seen[-1] == "DEPLOYED"
    order = ["UPLOADING", "BUILDING", "DEPLOYING", "DEPLOYED"]
    assert seen == sorted(seen, key=order.index)
    assert len(seen) >= 3  # polled every 20 ms, at least one intermediate status is seen
    events = client.get("/jobs/etl").json()["events"]
    assert [e["status"] for e in events] == order
    assert events[-1]["message"] == "Deployment successful"
    times = [e["time"] for e in events]
    assert times == sorted(times) and times[0] < times[-1]


def test_update_starts_a_new_rollout(client: httpx.Client, control: httpx.Client) -> None:
    client.post("/jobs", json=job_body("etl"))
    control.post("/settings", json={"deploy_seconds": ROLLOUT})
    changed = job_body("etl")
    changed["spec"]["runtime"]["memory"] = 4096
    assert client.put("/jobs/etl", json=changed).json()["status"] == "UPLOADING"
    revisions = client.get("/jobs/etl/revisions").json()
    assert [r["active"] for r in revisions] == [
        False,
        True,
    ]  # the old revision serves until the new one is up
    assert statuses_seen(client, "etl", {"DEPLOYED"})[-1] == "DEPLOYED"
    assert [r["active"] for r in client.get("/jobs/etl/revisions").json()] == [True, False]


def test_superseded_rollout_is_terminated(client: httpx.Client, control: httpx.Client) -> None:
    control.post("/settings", json={"deploy_seconds": 30})
    client.post("/jobs", json=job_body("etl"))
    control.post("/settings", json={"deploy_seconds": 0})
    changed = job_body("etl")
    changed["spec"]["runtime"]["memory"] = 4096
    job = client.put("/jobs/etl", json=changed).json()
    assert job["status"] == "DEPLOYED"
    assert [r["status"] for r in client.get("/jobs/etl/revisions").json()] == ["DEPLOYED", "TERMINATED"]
    assert [e["status"] for e in job["events"]] == [
        "UPLOADING",
        "UPLOADING",
        "BUILDING",
        "DEPLOYING",
        "DEPLOYED",
    ]


def test_zero_duration_settles_in_the_response(client: httpx.Client) -> None:
    assert client.post("/jobs", json=job_body("etl")).json()["status"] == "DEPLOYED"


def test_failure_rule_default_pattern(client: httpx.Client) -> None:
    cases = {
        "registry.example.com/team/fail": "FAILED",
        "fail-fast:1": "FAILED",
        "registry.example.com/app:fail": "FAILED",
        "registry.example.com/app:failing-tag": "FAILED",
        "registry.example.com/failures/app:1": "DEPLOYED",
        "registry.example.com/app:1": "DEPLOYED",
    }
    for index, (image, expected) in enumerate(cases.items()):
        body = job_body(f"job-{index}")
        body["spec"]["runtime"]["image"] = image
        job = client.post("/jobs", json=body).json()
        assert job["status"] == expected, image
        if expected == "FAILED":
            assert image in job["events"][-1]["message"]
            assert "failure pattern" in job["events"][-1]["message"]


def test_failure_after_the_rollout_duration(client: httpx.Client, control: httpx.Client) -> None:
    control.post("/settings", json={"deploy_seconds": ROLLOUT})
    body = job_body("etl")
    body["spec"]["runtime"]["image"] = "fail"
    assert client.post("/jobs", json=body).json()["status"] == "UPLOADING"
    seen = statuses_seen(client, "etl", {"FAILED", "DEPLOYED"})
    assert seen[-1] == "FAILED"
    assert "DEPLOYED" not in seen


def test_put_after_failure_redeploys(client: httpx.Client, control: httpx.Client) -> None:
    body = job_body("etl")
    body["spec"]["runtime"]["image"] = "fail"
    assert client.post("/jobs", json=body).json()["status"] == "FAILED"
    control.post("/settings", json={"fail_image_pattern": "^never$"})
    retried = client.put("/jobs/etl", json=body).json()  # same spec, but the last rollout failed
    assert retried["status"] == "DEPLOYED"
    assert len(client.get("/jobs/etl/revisions").json()) == 2


def test_settings_change_pattern_and_validate(control: httpx.Client, client: httpx.Client) -> None:
    response = control.post("/settings", json={"fail_image_pattern": "-broken$"})
    assert response.json()["fail_image_pattern"] == "-broken$"
    body = job_body("etl")
    body["spec"]["runtime"]["image"] = "app-broken"
    assert client.post("/jobs", json=body).json()["status"] == "FAILED"
    assert control.get("/settings").json()["fail_image_pattern"] == "-broken$"
    for bad in (
        {"fail_image_pattern": "("},
        {"deploy_seconds": -1},
        {"deploy_seconds": "1"},
        {"nope": 1},
        [1],
    ):
        assert control.post("/settings", json=bad).status_code == 400, bad


def test_delete_delay_then_gone(client: httpx.Client, control: httpx.Client) -> None:
    client.post("/jobs", json=job_body("etl"))
    control.post("/settings", json={"delete_seconds": ROLLOUT})
    deleted = client.delete("/jobs/etl")
    assert deleted.status_code == 200
    assert deleted.json()["status"] == "DELETING"
    assert client.get("/jobs/etl").json()["status"] == "DELETING"
    assert client.delete("/jobs/etl").json()["status"] == "DELETING"  # idempotent while deleting
    put = client.put("/jobs/etl", json=job_body("etl"))
    assert put.status_code == 409
    assert put.json()["error"] == "Resource is being deleted"
    post = client.post("/jobs", json=job_body("etl"))
    assert post.status_code == 409
    assert "being deleted" in post.json()["message"]
    listed = client.get("/jobs").json()
    assert [j["status"] for j in listed] == ["DELETING"]
    wait_for(lambda: client.get("/jobs/etl").status_code == 404)
    assert client.get("/jobs").json() == []
    assert client.post("/jobs", json=job_body("etl")).status_code == 200
    assert len(client.get("/jobs/etl/revisions").json()) == 1  # a new job, not the old one's history


def test_restart_resumes_a_rollout(make_server: Callable[..., EmulatorServer]) -> None:
    first = make_server(deploy_seconds=1.0)
    url = first.api_url
    assert (
        httpx.post(f"{url}/jobs", json=job_body("etl"), headers=auth(ADMIN)).json()["status"] == "UPLOADING"
    )
    first.stop()
    second = make_server(deploy_seconds=0)  # the rollout keeps the duration it started with
    with httpx.Client(base_url=second.api_url, headers=auth(ADMIN)) as client:
        assert client.get("/jobs/etl").json()["status"] in ("UPLOADING", "BUILDING", "DEPLOYING")
        assert statuses_seen(client, "etl", {"DEPLOYED"})[-1] == "DEPLOYED"
