"""CRUD endpoints of /v0/jobs: bodies, status codes, error shape, server-filled fields, revisions."""

from __future__ import annotations

import re
from collections.abc import Callable

import httpx
import pytest

from blaxel_pulumi.api.models import Job
from blaxel_pulumi.emulator import EmulatorServer

from .support import MEMBER, auth, job_body

RFC3339_MS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")


def assert_error(response: httpx.Response, status: int, error: str | None = None) -> dict[str, object]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error", "code", "message"}
    assert body["code"] == status
    assert response.headers["x-blaxel-error-code"] == str(status)
    assert response.headers["x-request-id"].startswith("req-")
    if error is not None:
        assert body["error"] == error
    return dict(body)


def test_create_fills_read_only_metadata_and_parses_as_job(client: httpx.Client) -> None:
    response = client.post("/jobs", json=job_body("etl"))
    assert response.status_code == 200
    body = response.json()
    Job.model_validate(body)
    metadata = body["metadata"]
    assert metadata["name"] == "etl"
    assert metadata["labels"] == {"team": "data"}
    assert metadata["workspace"] == "local"
    assert metadata["url"] == "https://run.blaxel.ai/local/jobs/etl"
    assert metadata["plan"] == "free"
    assert metadata["createdBy"] == metadata["updatedBy"] == "alice@example.com"
    assert RFC3339_MS.match(metadata["createdAt"])
    assert metadata["createdAt"] == metadata["updatedAt"]
    assert body["status"] == "DEPLOYED"
    assert [e["status"] for e in body["events"]] == ["UPLOADING", "BUILDING", "DEPLOYING", "DEPLOYED"]
    assert {e["type"] for e in body["events"]} == {"deployment"}
    assert response.headers["x-request-id"].startswith("req-")


def test_get_returns_what_create_returned(client: httpx.Client) -> None:
    created = client.post("/jobs", json=job_body("etl")).json()
    fetched = client.get("/jobs/etl")
    assert fetched.status_code == 200
    assert fetched.json() == created


def test_read_only_and_unknown_fields_are_ignored(client: httpx.Client, server: EmulatorServer) -> None:
    body = job_body("etl")
    body["metadata"].update(
        createdAt="1999-01-01T00:00:00Z", createdBy="mallory", workspace="other", url="x", plan="gold", foo=1
    )
    body["spec"]["runtime"]["unknownKnob"] = True
    body["spec"]["runtime"]["max_retries"] = 3  # snake_case is not the wire name: ignored
    body["status"] = 42  # wrong type, but read-only: ignored rather than rejected
    body["events"] = [{"status": "FAILED"}]
    body["extra"] = {"a": 1}
    response = client.post("/jobs", json=body)
    assert response.status_code == 200, response.text
    job = response.json()
    assert job["metadata"]["createdBy"] == "alice@example.com"
    assert job["metadata"]["workspace"] == "local"
    assert job["metadata"]["plan"] == "free"
    assert "foo" not in job["metadata"]
    assert job["spec"]["runtime"] == {"image": "registry.example.com/jobs/etl:1.0", "memory": 2048}
    assert "extra" not in job
    stored = httpx.get(f"{server.url}/_emulator/jobs").json()[0]["job"]
    assert "unknownKnob" not in stored["spec"]["runtime"]


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        (
            {"runtime": {"diskPercent": 5}},
            "spec.runtime.diskPercent: Input should be greater than or equal to 10",
        ),
        ({"runtime": {"memory": "2048"}}, "spec.runtime.memory: Input should be a valid integer"),
        ({"runtime": {"ports": [{"target": 0}]}}, "spec.runtime.ports[0].target: Input should be greater"),
        (
            {"runtime": {"envs": [{"name": "OK"}, {"value": "x"}]}},
            "spec.runtime.envs[1].name: Field required",
        ),
        ({"runtime": {"generation": "mk9"}}, "spec.runtime.generation: Input should be 'mk2' or 'mk3'"),
        ({"triggers": [{"type": "webhook"}]}, "spec.triggers[0].type: Input should be"),
        ({"revision": {"canaryPercent": 101}}, "spec.revision.canaryPercent: Input should be less than"),
    ],
)
def test_invalid_bodies_name_the_field(client: httpx.Client, patch: dict[str, object], message: str) -> None:
    body = job_body("etl")
    body["spec"] = patch
    response = client.post("/jobs", json=body)
    error = assert_error(response, 400, "Invalid request body")
    assert message in str(error["message"])


def test_rules_the_spec_does_not_state_are_not_enforced(client: httpx.Client) -> None:
    """Blaxel's spec sets no bound on these, and they can be right: the local API must not invent one."""
    body = job_body("etl")
    body["spec"] = {
        "region": "Mars",
        "runtime": {"memory": 100, "maxRetries": 0, "envs": [{"name": "1-not-an-identifier", "value": "v"}]},
    }
    assert client.post("/jobs", json=body).status_code == 200


@pytest.mark.parametrize(
    ("spec", "field"),
    [
        ({"runtime": {"memory": -5}}, "spec.runtime.memory"),
        ({"runtime": {"memory": 0}}, "spec.runtime.memory"),
        ({"runtime": {"maxConcurrentTasks": -10}}, "spec.runtime.maxConcurrentTasks"),
        ({"runtime": {"maxRetries": -1}}, "spec.runtime.maxRetries"),
        ({"runtime": {"timeout": 0}}, "spec.runtime.timeout"),
        ({"volumes": [{"name": "v", "mountPath": "/v", "type": "ephemeral", "sizeMb": 0}]}, "sizeMb"),
        ({"revision": {"stickySessionTtl": -1}}, "spec.revision.stickySessionTtl"),
        ({"triggers": [{"type": "http-async", "configuration": {"timeout": 0}}]}, "configuration.timeout"),
        ({"triggers": [{"type": "cron", "configuration": {"retry": -1}}]}, "configuration.retry"),
    ],
)
def test_values_that_cannot_be_right_are_rejected(
    client: httpx.Client, spec: dict[str, object], field: str
) -> None:
    """No job runs with a size that is not positive, a negative count or a duration that is not: Blaxel cannot
    deploy them, and the local API says so at once (a 400 naming the field) instead of deploying them."""
    body = job_body("etl")
    body["spec"] = spec
    error = assert_error(client.post("/jobs", json=body), 400, "Invalid request body")
    assert field in str(error["message"])
    assert "greater than or equal to" in str(error["message"])


def test_duplicate_trigger_ids_are_disambiguated(client: httpx.Client) -> None:
    """The spec: the server "disambiguates duplicates within a resource" (the suffix is ours)."""
    triggers = [{"id": "t", "type": "cron"}, {"id": "t", "type": "http"}, {"id": "t-2"}, {"id": "t"}]
    response = client.post("/jobs", json=job_body("etl", triggers=triggers))
    assert response.status_code == 200, response.text
    assert [t["id"] for t in response.json()["spec"]["triggers"]] == ["t", "t-3", "t-2", "t-4"]


def test_invalid_name_and_missing_parts(client: httpx.Client) -> None:
    error = assert_error(client.post("/jobs", json={"metadata": {"name": "Bad_Name"}, "spec": {}}), 400)
    assert str(error["message"]).startswith("metadata.name: String should match pattern")
    error = assert_error(client.post("/jobs", json={"metadata": {"name": "a"}}), 400)
    assert error["message"] == "spec: Field required"
    assert_error(client.post("/jobs", json=[1, 2]), 400)
    assert_error(
        client.post("/jobs", content=b"{not json", headers={"content-type": "application/json"}), 400
    )
    assert_error(client.post("/jobs", content=b""), 400)


def test_validation_messages_never_echo_values(client: httpx.Client) -> None:
    body = job_body("etl")
    body["spec"]["runtime"]["envs"] = [{"name": "TOKEN", "value": 12345678, "secret": True}]
    error = assert_error(client.post("/jobs", json=body), 400)
    assert "12345678" not in str(error["message"])
    assert "spec.runtime.envs[0].value: Input should be a valid string" in str(error["message"])


def test_oversized_body_is_413(client: httpx.Client) -> None:
    body = job_body("etl")
    body["metadata"]["labels"] = {f"k{i}": "v" * 100 for i in range(11_000)}
    assert_error(client.post("/jobs", json=body), 413)


def test_post_existing_name_is_409(client: httpx.Client) -> None:
    assert client.post("/jobs", json=job_body("etl")).status_code == 200
    error = assert_error(client.post("/jobs", json=job_body("etl")), 409, "Resource already exists")
    assert "PUT /jobs/etl" in str(error["message"])


def test_put_updates_and_keeps_creation_fields(client: httpx.Client) -> None:
    created = client.post("/jobs", json=job_body("etl")).json()
    body = job_body("etl")
    body["metadata"]["displayName"] = "ETL"
    body["spec"]["runtime"]["memory"] = 4096
    member = auth(MEMBER)
    response = client.put("/jobs/etl", json=body, headers=member)
    assert response.status_code == 200, response.text
    updated = response.json()
    assert updated["metadata"]["displayName"] == "ETL"
    assert updated["spec"]["runtime"]["memory"] == 4096
    assert updated["metadata"]["createdAt"] == created["metadata"]["createdAt"]
    assert updated["metadata"]["createdBy"] == "alice@example.com"
    assert updated["metadata"]["updatedBy"] == "bob@example.com"
    assert updated["metadata"]["updatedAt"] >= created["metadata"]["updatedAt"]
    assert client.get("/jobs/etl").json()["spec"]["runtime"]["memory"] == 4096


def test_put_replaces_the_whole_spec(client: httpx.Client) -> None:
    client.post("/jobs", json=job_body("etl", region="us-pdx-1"))
    response = client.put("/jobs/etl", json=job_body("etl"))
    assert "region" not in response.json()["spec"]


def test_put_missing_job_is_404_and_name_mismatch_is_400(client: httpx.Client) -> None:
    error = assert_error(client.put("/jobs/ghost", json=job_body("ghost")), 404, "Resource not found")
    assert "ghost" in str(error["message"])
    assert "local" in str(error["message"])
    client.post("/jobs", json=job_body("etl"))
    error = assert_error(client.put("/jobs/etl", json=job_body("other")), 400)
    assert str(error["message"]).startswith("metadata.name: 'other' differs from the job in the path")


def test_get_and_delete_missing_job_are_404(client: httpx.Client) -> None:
    assert_error(client.get("/jobs/ghost"), 404)
    assert_error(client.delete("/jobs/ghost"), 404)
    assert_error(client.get("/jobs/ghost/revisions"), 404)


def test_delete_returns_deleting_then_404(client: httpx.Client) -> None:
    client.post("/jobs", json=job_body("etl"))
    response = client.delete("/jobs/etl")
    assert response.status_code == 200
    assert response.json()["status"] == "DELETING"
    assert response.json()["events"][-1]["status"] == "DELETING"
    assert_error(client.get("/jobs/etl"), 404)
    assert client.post("/jobs", json=job_body("etl")).status_code == 200


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("PATCH", "/jobs/etl", "DELETE, GET, HEAD, PUT"),
        ("DELETE", "/jobs", "GET, HEAD, POST"),
        ("PUT", "/jobs", "GET, HEAD, POST"),
        ("POST", "/jobs/etl", "DELETE, GET, HEAD, PUT"),
        ("POST", "/jobs/etl/revisions", "GET, HEAD"),
    ],
)
def test_other_methods_are_405(client: httpx.Client, method: str, path: str, allowed: str) -> None:
    response = client.request(method, path, json={})
    assert_error(response, 405, "Method not allowed")
    assert response.headers["allow"] == allowed


def test_unknown_route_is_404_json(client: httpx.Client) -> None:
    assert_error(client.get("/no-such-route"), 404)


def test_request_ids_differ(client: httpx.Client) -> None:
    first = client.get("/jobs").headers["x-request-id"]
    second = client.get("/jobs").headers["x-request-id"]
    assert first != second


def test_revisions_follow_spec_changes(client: httpx.Client) -> None:
    client.post("/jobs", json=job_body("etl"))
    relabeled = job_body("etl")
    relabeled["metadata"]["labels"] = {"team": "ml"}
    client.put("/jobs/etl", json=relabeled)  # metadata only: same revision
    assert len(client.get("/jobs/etl/revisions").json()) == 1
    changed = job_body("etl")
    changed["spec"]["runtime"]["memory"] = 4096
    job = client.put("/jobs/etl", json=changed).json()
    client.put("/jobs/etl", json=changed)  # no change: no revision
    revisions = client.get("/jobs/etl/revisions").json()
    assert len(revisions) == 2
    newest, oldest = revisions
    assert newest["id"] == job["events"][-1]["revision"]
    assert newest["id"].startswith("rev-") and newest["id"] != oldest["id"]
    assert newest["active"] is True and newest["trafficPercent"] == 100 and newest["status"] == "DEPLOYED"
    assert oldest["active"] is False and oldest["previousActive"] is True and oldest["trafficPercent"] == 0
    assert newest["createdBy"] == "alice@example.com"
    assert RFC3339_MS.match(newest["createdAt"])
    assert [e["revision"] for e in job["events"]] == [oldest["id"]] * 4 + [newest["id"]] * 4


def test_integers_are_strict_whole_floats_included_and_those_of_a_newer_server_too(
    make_server: Callable[..., EmulatorServer],
) -> None:
    """Blaxel validates integers strictly: `3.0` is not an integer (issue 25: the engine makes every number a
    float, and a client that sends them back as they come is refused). A field only a newer server knows
    (`server_additions`) is as strict where its value is an integer."""
    server = make_server(server_additions={"spec": {"runtime": {"gpu": 1}}})
    with httpx.Client(base_url=server.api_url, headers=auth(), timeout=10) as http:
        body = job_body("etl")
        body["spec"] = {"runtime": {"maxConcurrentTasks": 3.0}}
        error = assert_error(http.post("/jobs", json=body), 400, "Invalid request body")
        assert "spec.runtime.maxConcurrentTasks: Input should be a valid integer" in str(error["message"])
        body["spec"] = {"runtime": {"gpu": 1.0}}
        error = assert_error(http.post("/jobs", json=body), 400, "Invalid request body")
        assert "spec.runtime.gpu: Input should be a valid integer" in str(error["message"])
        body["spec"] = {"runtime": {"gpu": 2, "maxConcurrentTasks": 3}}
        assert http.post("/jobs", json=body).status_code == 200
