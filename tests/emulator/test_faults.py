"""Fault injection through /_emulator/faults, over real connections."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from blaxel_pulumi.emulator import EmulatorServer

from .support import job_body


def install(control: httpx.Client, *rules: dict[str, Any]) -> list[dict[str, Any]]:
    response = control.post("/faults", json=list(rules))
    assert response.status_code == 200, response.text
    return list(response.json()["rules"])


def test_status_fault_with_count_and_retry_after(client: httpx.Client, control: httpx.Client) -> None:
    install(
        control,
        {
            "method": "POST",
            "path": "^/v0/jobs$",
            "kind": "status",
            "status": 429,
            "retry_after": 2,
            "count": 2,
        },
    )
    for _ in range(2):
        response = client.post("/jobs", json=job_body("etl"))
        assert response.status_code == 429
        assert response.headers["retry-after"] == "2"
        assert response.headers["x-blaxel-error-code"] == "429"
        assert response.headers["x-request-id"].startswith("req-")
        assert response.json()["error"] == "Too many requests"
        assert client.get("/jobs/etl").status_code == 404  # not processed
    assert client.post("/jobs", json=job_body("etl")).status_code == 200
    rule = control.get("/faults").json()["rules"][0]
    assert (rule["remaining"], rule["matched"], rule["fired"]) == (0, 2, 2)


def test_default_status_is_503_and_fractional_retry_after(
    client: httpx.Client, control: httpx.Client
) -> None:
    install(control, {"kind": "status", "retry_after": 0.25, "count": 1})
    response = client.get("/jobs")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "0.25"
    assert client.get("/jobs").status_code == 200


def test_method_and_path_filters(client: httpx.Client, control: httpx.Client) -> None:
    client.post("/jobs", json=job_body("a"))
    client.post("/jobs", json=job_body("b"))
    install(control, {"method": "get", "path": "/jobs/a$", "kind": "status", "status": 500})
    assert client.get("/jobs/a").status_code == 500
    assert client.get("/jobs/b").status_code == 200
    assert client.put("/jobs/a", json=job_body("a")).status_code == 200
    assert client.get("/jobs").status_code == 200


def test_control_api_is_never_faulted(server: EmulatorServer, control: httpx.Client) -> None:
    install(control, {"kind": "status", "status": 500})
    assert control.get("/health").status_code == 200
    assert control.get("/requests").status_code == 200


def fired_pattern(client: httpx.Client, control: httpx.Client, seed: int) -> list[bool]:
    control.delete("/faults")
    install(control, {"kind": "status", "status": 502, "probability": 0.5, "seed": seed})
    return [client.get("/jobs").status_code == 502 for _ in range(40)]


def test_probability_with_seed_is_reproducible(client: httpx.Client, control: httpx.Client) -> None:
    first = fired_pattern(client, control, seed=7)
    assert first == fired_pattern(client, control, seed=7)
    assert 5 < sum(first) < 35
    assert first != fired_pattern(client, control, seed=8)


def test_drop_closes_the_connection_without_processing(client: httpx.Client, control: httpx.Client) -> None:
    install(control, {"method": "POST", "kind": "drop", "count": 1})
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        client.post("/jobs", json=job_body("etl"))
    assert client.get("/jobs/etl").status_code == 404
    assert client.post("/jobs", json=job_body("etl")).status_code == 200
    entries = control.get("/requests", params={"method": "POST"}).json()
    assert [(e["status"], (e["fault"] or {}).get("kind")) for e in entries] == [(None, "drop"), (200, None)]


def test_drop_after_processing_loses_the_response(client: httpx.Client, control: httpx.Client) -> None:
    install(control, {"method": "POST", "kind": "drop", "after": True, "count": 1})
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        client.post("/jobs", json=job_body("etl"))
    assert client.get("/jobs/etl").status_code == 200  # created although the client never heard
    assert client.post("/jobs", json=job_body("etl")).status_code == 409
    fault = control.get("/requests", params={"method": "POST"}).json()[0]["fault"]
    assert fault == {"rule": fault["rule"], "kind": "drop", "after": True, "processed_status": 200}


def test_status_after_processing(client: httpx.Client, control: httpx.Client) -> None:
    install(control, {"method": "PUT", "kind": "status", "status": 500, "after": True, "count": 1})
    client.post("/jobs", json=job_body("etl"))
    changed = job_body("etl")
    changed["spec"]["runtime"]["memory"] = 4096
    assert client.put("/jobs/etl", json=changed).status_code == 500
    assert client.get("/jobs/etl").json()["spec"]["runtime"]["memory"] == 4096


def test_latency_delays_then_processes(client: httpx.Client, control: httpx.Client) -> None:
    install(control, {"method": "POST", "kind": "latency", "delay": 0.3, "count": 1})
    started = time.monotonic()
    assert client.post("/jobs", json=job_body("etl")).status_code == 200
    assert time.monotonic() - started >= 0.3


def test_slow_outlasts_the_client_timeout_without_processing(
    server: EmulatorServer, client: httpx.Client, control: httpx.Client
) -> None:
    install(control, {"method": "POST", "kind": "slow", "delay": 0.6, "count": 1})
    with pytest.raises(httpx.ReadTimeout):
        client.post("/jobs", json=job_body("etl"), timeout=0.2)
    time.sleep(0.5)
    assert client.get("/jobs/etl").status_code == 404
    install(control, {"method": "POST", "kind": "slow", "delay": 0.2, "count": 1})
    response = client.post("/jobs", json=job_body("etl"))
    assert response.status_code == 504
    assert response.json()["error"] == "Gateway timeout"


def test_slow_after_processing(client: httpx.Client, control: httpx.Client) -> None:
    install(control, {"method": "POST", "kind": "slow", "delay": 0.5, "after": True, "count": 1})
    with pytest.raises(httpx.ReadTimeout):
        client.post("/jobs", json=job_body("etl"), timeout=0.2)
    assert client.get("/jobs/etl").status_code == 200


def test_body_after_processing_is_an_unreadable_success(client: httpx.Client, control: httpx.Client) -> None:
    """What a client sees when a proxy swallows Blaxel's answer: the job exists, the body is a page."""
    page = "<html><body>502 upstream hiccup, but here is a 200</body></html>"
    install(control, {"method": "POST", "kind": "body", "body": page, "after": True, "count": 1})
    response = client.post("/jobs", json=job_body("etl"))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.text == page
    assert client.get("/jobs/etl").status_code == 200
    install(control, {"method": "PUT", "kind": "body", "count": 1})
    response = client.put("/jobs/etl", json=job_body("etl"))
    assert (response.status_code, response.content) == (200, b"")


def test_invalid_rules_are_400(control: httpx.Client) -> None:
    for rule in (
        {"kind": "explode"},
        {"kind": "status", "status": 200},
        {"kind": "status", "probability": 2},
        {"kind": "status", "path": "("},
        {"kind": "drop", "delay": 1},
        {"kind": "slow", "status": 200},
        {"kind": "status", "body": "x"},
        {"kind": "status", "count": 0},
        {"kind": "status", "typo": 1},
        {"kind": "status", "method": "GET /"},
    ):
        response = control.post("/faults", json=rule)
        assert response.status_code == 400, rule
        assert response.json()["message"].startswith("Fault rule 0:")
    assert control.get("/faults").json() == {"rules": []}


def test_rules_apply_in_order_and_clear(client: httpx.Client, control: httpx.Client) -> None:
    rules = install(control, {"kind": "status", "status": 500, "count": 1}, {"kind": "status", "status": 502})
    assert [r["id"] for r in rules] == sorted(r["id"] for r in rules)
    assert client.get("/jobs").status_code == 500
    assert client.get("/jobs").status_code == 502
    assert control.delete("/faults").json() == {"rules": []}
    assert client.get("/jobs").status_code == 200
