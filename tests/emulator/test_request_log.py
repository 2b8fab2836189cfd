"""The request log counts exactly what clients sent, and records nothing sensitive."""

from __future__ import annotations

import threading
import time

import httpx

from blaxel_pulumi.emulator import EmulatorServer

from .support import job_body, wait_for


def test_log_entries(client: httpx.Client, control: httpx.Client) -> None:
    client.post("/jobs", json=job_body("etl"), params={"show_secrets": "true"})
    client.get("/jobs/etl")
    client.get("/jobs/ghost")
    entries = control.get("/requests").json()
    assert [(e["method"], e["path"], e["status"]) for e in entries] == [
        ("POST", "/v0/jobs", 200),
        ("GET", "/v0/jobs/etl", 200),
        ("GET", "/v0/jobs/ghost", 404),
    ]
    first = entries[0]
    assert set(first) == {"seq", "time", "method", "path", "query", "status", "duration_ms", "fault"}
    assert first["query"] == "show_secrets=true"
    assert first["fault"] is None
    assert first["duration_ms"] >= 0
    assert [e["seq"] for e in entries] == list(range(first["seq"], first["seq"] + 3))


def test_log_never_records_keys_or_bodies(client: httpx.Client, control: httpx.Client) -> None:
    body = job_body("etl")
    body["spec"]["runtime"]["envs"] = [{"name": "TOKEN", "value": "top-secret-value", "secret": True}]
    client.post("/jobs", json=body)
    text = control.get("/requests").text
    assert "top-secret-value" not in text
    assert "admin-key" not in text
    assert "TOKEN" not in text


def test_faulted_and_unauthenticated_requests_are_counted(
    server: EmulatorServer, client: httpx.Client, control: httpx.Client
) -> None:
    control.post("/faults", json={"kind": "status", "status": 503, "count": 2})
    for _ in range(3):
        client.get("/jobs")
    httpx.get(f"{server.api_url}/jobs")  # no key
    entries = control.get("/requests").json()
    assert [e["status"] for e in entries] == [503, 503, 200, 401]
    assert [bool(e["fault"]) for e in entries] == [True, True, False, False]


def test_control_requests_are_not_logged(control: httpx.Client) -> None:
    control.get("/health")
    control.get("/faults")
    assert control.get("/requests").json() == []


def test_filters_and_clear(client: httpx.Client, control: httpx.Client) -> None:
    client.post("/jobs", json=job_body("a"))
    client.get("/jobs/a")
    client.get("/jobs")
    entries = control.get("/requests").json()
    since = entries[0]["seq"]
    assert len(control.get("/requests", params={"since": since}).json()) == 2
    assert len(control.get("/requests", params={"method": "get"}).json()) == 2
    assert len(control.get("/requests", params={"path": "/jobs/"}).json()) == 1
    assert control.get("/requests", params={"since": "x"}).status_code == 400
    assert control.delete("/requests").json() == {"cleared": 3}
    assert control.get("/requests").json() == []
    client.get("/jobs")
    assert control.get("/requests").json()[0]["seq"] == entries[-1]["seq"] + 1  # numbering continues


def test_in_flight_requests_are_visible(client: httpx.Client, control: httpx.Client) -> None:
    control.post("/faults", json={"kind": "latency", "delay": 0.4, "count": 1})
    thread = threading.Thread(target=client.get, args=("/jobs",))
    thread.start()
    wait_for(lambda: len(control.get("/requests").json()) == 1)
    entry = control.get("/requests").json()[0]
    assert entry["status"] is None and entry["duration_ms"] is None
    thread.join()
    time.sleep(0.05)
    entry = control.get("/requests").json()[0]
    assert entry["status"] == 200
    assert entry["duration_ms"] >= 400
    assert entry["fault"]["kind"] == "latency"


def test_health(control: httpx.Client, server: EmulatorServer) -> None:
    health = control.get("/health").json()
    assert health["status"] == "ok"
    assert health["workspaces"] == ["local", "other", "third"]
    assert health["db"].endswith("emulator.sqlite")
    assert set(health["settings"]) == {
        "deploy_seconds",
        "delete_seconds",
        "fail_image_pattern",
        "execution_seconds",
        "execution_retention_seconds",
    }
