"""Secret env values are masked unless an admin asks; callback secrets of http-async triggers."""

from __future__ import annotations

from typing import Any

import httpx

from blaxel_pulumi.emulator import SECRET_MASK, EmulatorServer

from .support import MEMBER, PAGINATED, auth, job_body


def secret_job(name: str = "etl") -> dict[str, Any]:
    body = job_body(name)
    body["spec"]["runtime"]["envs"] = [
        {"name": "API_TOKEN", "value": "s3cr3t-value", "secret": True},
        {"name": "LOG_LEVEL", "value": "debug"},
        {"name": "EMPTY_SECRET", "secret": True},
    ]
    return body


def envs(job: dict[str, Any]) -> dict[str, Any]:
    return {e["name"]: e.get("value") for e in job["spec"]["runtime"]["envs"]}


def test_every_response_masks_secrets(client: httpx.Client) -> None:
    expected = {"API_TOKEN": SECRET_MASK, "LOG_LEVEL": "debug", "EMPTY_SECRET": None}
    responses = [
        client.post("/jobs", json=secret_job()),
        client.get("/jobs/etl"),
        client.put("/jobs/etl", json=secret_job()),
        client.get("/jobs"),
        client.get("/jobs", headers=PAGINATED),
        client.delete("/jobs/etl"),
    ]
    for response in responses:
        assert "s3cr3t-value" not in response.text
        body = response.json()
        jobs = body if isinstance(body, list) else body.get("data", [body])
        assert jobs
        for job in jobs:
            assert envs(job) == expected
            assert job["spec"]["runtime"]["envs"][0]["secret"] is True


def test_admin_sees_secrets_with_show_secrets(client: httpx.Client) -> None:
    client.post("/jobs", json=secret_job())
    params = {"show_secrets": "true"}
    assert envs(client.get("/jobs/etl", params=params).json())["API_TOKEN"] == "s3cr3t-value"
    assert envs(client.get("/jobs", params=params).json()[0])["API_TOKEN"] == "s3cr3t-value"
    assert (
        envs(client.put("/jobs/etl", json=secret_job(), params=params).json())["API_TOKEN"] == "s3cr3t-value"
    )
    assert envs(client.get("/jobs/etl", params={"show_secrets": "false"}).json())["API_TOKEN"] == SECRET_MASK
    assert client.get("/jobs/etl", params={"show_secrets": "maybe"}).status_code == 400


def test_member_never_sees_secrets(client: httpx.Client) -> None:
    client.post("/jobs", json=secret_job())
    response = client.get("/jobs/etl", params={"show_secrets": "true"}, headers=auth(MEMBER))
    assert response.status_code == 200
    assert envs(response.json())["API_TOKEN"] == SECRET_MASK


def test_secrets_are_stored_as_sent(client: httpx.Client, control: httpx.Client) -> None:
    client.post("/jobs", json=secret_job())
    masked = control.get("/jobs", params={"workspace": "local"}).json()
    assert "s3cr3t-value" not in str(masked)
    shown = control.get("/jobs", params={"workspace": "local", "show_secrets": "true"}).json()
    assert envs(shown[0]["job"])["API_TOKEN"] == "s3cr3t-value"
    # A client that sends the mask back stores the mask: the emulator does not guess.
    client.put("/jobs/etl", json=client.get("/jobs/etl").json())
    shown = control.get("/jobs", params={"show_secrets": "true"}).json()
    assert envs(shown[0]["job"])["API_TOKEN"] == SECRET_MASK


def async_trigger_job(*triggers: dict[str, Any]) -> dict[str, Any]:
    return job_body("etl", triggers=list(triggers))


def callback_secrets(job: dict[str, Any]) -> dict[str, str | None]:
    return {t["id"]: (t.get("configuration") or {}).get("callbackSecret") for t in job["spec"]["triggers"]}


def test_callback_secret_is_generated_for_http_async_only(client: httpx.Client) -> None:
    job = client.post(
        "/jobs",
        json=async_trigger_job(
            {
                "id": "async",
                "type": "http-async",
                "configuration": {"path": "/run", "callbackSecret": "mine"},
            },
            {"id": "sync", "type": "http", "configuration": {"path": "/sync", "callbackSecret": "mine"}},
            {"id": "nightly", "type": "cron", "configuration": {"schedule": "0 3 * * *"}},
        ),
    ).json()
    secrets = callback_secrets(job)
    assert secrets["async"] is not None and secrets["async"] != "mine" and len(secrets["async"]) >= 32
    assert secrets["sync"] is None
    assert secrets["nightly"] is None
    assert (
        client.get("/jobs/etl").json()["spec"]["triggers"][0]["configuration"]["callbackSecret"]
        == secrets["async"]
    )


def test_callback_secret_is_stable_across_updates(client: httpx.Client) -> None:
    first = async_trigger_job({"id": "async", "type": "http-async", "configuration": {"path": "/run"}})
    secret = callback_secrets(client.post("/jobs", json=first).json())["async"]
    second = async_trigger_job(
        {"id": "other", "type": "http-async"},
        {"id": "async", "type": "http-async", "configuration": {"path": "/v2", "callbackSecret": "forged"}},
    )
    updated = callback_secrets(client.put("/jobs/etl", json=second).json())
    assert updated["async"] == secret
    assert updated["other"] not in (None, secret)
    # Changing the type drops the secret; switching back generates a new one.
    third = async_trigger_job({"id": "async", "type": "http", "configuration": {"path": "/v2"}})
    assert callback_secrets(client.put("/jobs/etl", json=third).json())["async"] is None
    fourth = async_trigger_job({"id": "async", "type": "http-async"})
    renewed = callback_secrets(client.put("/jobs/etl", json=fourth).json())["async"]
    assert renewed not in (None, secret)


def test_callback_secret_does_not_count_as_a_spec_change(client: httpx.Client) -> None:
    body = async_trigger_job({"id": "async", "type": "http-async"})
    client.post("/jobs", json=body)
    job = client.get("/jobs/etl").json()
    client.put("/jobs/etl", json=job)  # echoes the read-only secret back
    assert len(client.get("/jobs/etl/revisions").json()) == 1


def test_control_jobs_lists_every_workspace(server: EmulatorServer, client: httpx.Client) -> None:
    client.post("/jobs", json=secret_job("a"))
    rows = httpx.get(f"{server.url}/_emulator/jobs").json()
    assert [(r["workspace"], r["name"], r["status"], r["revisions"], r["deleting"]) for r in rows] == [
        ("local", "a", "DEPLOYED", 1, False)
    ]
    assert httpx.get(f"{server.url}/_emulator/jobs", params={"workspace": "other"}).json() == []
