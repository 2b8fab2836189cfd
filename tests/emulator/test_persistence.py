"""SQLite persistence: restarts keep jobs, concurrent writes are neither lost nor corrupted."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from blaxel_pulumi.api.models import Job
from blaxel_pulumi.emulator import EmulatorServer
from blaxel_pulumi.emulator.store import Store, StoreError

from .support import ADMIN, OTHER, auth, job_body

CLIENTS = 50


def test_jobs_survive_a_restart(make_server: Callable[..., EmulatorServer], db_path: Path) -> None:
    first = make_server()
    secret = job_body("etl", triggers=[{"id": "hook", "type": "http-async"}])
    secret["spec"]["runtime"]["envs"] = [{"name": "TOKEN", "value": "kept", "secret": True}]
    created = httpx.post(f"{first.api_url}/jobs", json=secret, headers=auth(ADMIN)).json()
    httpx.post(f"{first.api_url}/jobs", json=job_body("etl"), headers=auth(OTHER))
    first.stop()

    second = make_server()
    assert second.port != 0
    fetched = httpx.get(
        f"{second.api_url}/jobs/etl", params={"show_secrets": "true"}, headers=auth(ADMIN)
    ).json()
    assert fetched["metadata"] == created["metadata"]
    assert fetched["spec"]["runtime"]["envs"][0]["value"] == "kept"
    assert fetched["spec"]["triggers"] == created["spec"]["triggers"]  # same callback secret
    assert fetched["events"] == created["events"]
    assert len(httpx.get(f"{second.api_url}/jobs", headers=auth(OTHER)).json()) == 1


def test_database_is_wal_with_the_documented_columns(server: EmulatorServer, client: httpx.Client) -> None:
    client.post("/jobs", json=job_body("etl"))
    assert server.state is not None
    with sqlite3.connect(server.state.store.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        row = conn.execute(
            "SELECT workspace, name, status, created_at, updated_at, body FROM jobs"
        ).fetchone()
    assert row[:3] == ("local", "etl", "DEPLOYED")
    assert row[3] == row[4]
    assert '"name":"etl"' in row[5]


def test_incompatible_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(StoreError, match="layout version 99"):
        Store(path)
    (tmp_path / "garbage.sqlite").write_bytes(b"not a database" * 100)
    with pytest.raises(StoreError, match="Could not open"):
        Store(tmp_path / "garbage.sqlite")


def run_concurrently(count: int, action: Callable[[int], None]) -> None:
    """Run ``action(i)`` for ``i < count`` in ``count`` threads released at once; re-raise failures."""
    barrier = threading.Barrier(count)

    def run(index: int) -> None:
        barrier.wait(timeout=10)
        action(index)

    with ThreadPoolExecutor(max_workers=count) as pool:
        for future in [pool.submit(run, i) for i in range(count)]:
            future.result()


@pytest.fixture
def pooled(server: EmulatorServer) -> httpx.Client:
    limits = httpx.Limits(max_connections=CLIENTS + 10, max_keepalive_connections=CLIENTS + 10)
    return httpx.Client(base_url=server.api_url, headers=auth(ADMIN), timeout=30, limits=limits)


def test_concurrent_posts_of_distinct_names_all_land(pooled: httpx.Client) -> None:
    statuses: list[int] = []

    def create(index: int) -> None:
        statuses.append(pooled.post("/jobs", json=job_body(f"job-{index}")).status_code)

    run_concurrently(CLIENTS, create)
    assert statuses == [200] * CLIENTS
    names = {j["metadata"]["name"] for j in pooled.get("/jobs").json()}
    assert names == {f"job-{i}" for i in range(CLIENTS)}


def test_concurrent_posts_of_one_name_create_it_once(pooled: httpx.Client) -> None:
    statuses: list[int] = []
    run_concurrently(
        CLIENTS, lambda _: statuses.append(pooled.post("/jobs", json=job_body("etl")).status_code)
    )
    assert sorted(statuses) == [200] + [409] * (CLIENTS - 1)
    assert len(pooled.get("/jobs/etl/revisions").json()) == 1


def test_concurrent_read_modify_write_of_own_jobs(pooled: httpx.Client) -> None:
    for index in range(CLIENTS):
        pooled.post("/jobs", json=job_body(f"job-{index}"))
    rounds = 3

    def bump(index: int) -> None:
        for _ in range(rounds):
            job = pooled.get(f"/jobs/job-{index}").json()
            labels = job["metadata"]["labels"]
            labels["counter"] = str(int(labels.get("counter", "0")) + 1)
            response = pooled.put(f"/jobs/job-{index}", json=job)
            assert response.status_code == 200, response.text

    run_concurrently(CLIENTS, bump)
    for job in pooled.get("/jobs").json():
        assert job["metadata"]["labels"] == {"team": "data", "counter": str(rounds)}


def test_concurrent_updates_of_one_job_are_all_recorded(pooled: httpx.Client) -> None:
    pooled.post("/jobs", json=job_body("etl"))

    def update(index: int) -> None:
        body = job_body("etl")
        body["spec"]["runtime"]["envs"] = [{"name": "WRITER", "value": str(index)}]
        assert pooled.put("/jobs/etl", json=body).status_code == 200

    run_concurrently(CLIENTS, update)
    job = pooled.get("/jobs/etl").json()
    Job.model_validate(job)
    writer = job["spec"]["runtime"]["envs"][0]["value"]
    assert writer in {str(i) for i in range(CLIENTS)}
    revisions = pooled.get("/jobs/etl/revisions").json()
    assert len(revisions) == CLIENTS + 1  # every write changed the spec: none was lost
    assert len({r["id"] for r in revisions}) == CLIENTS + 1
    assert revisions[0]["id"] == job["events"][-1]["revision"]
    created = [r["createdAt"] for r in revisions]
    assert created == sorted(created, reverse=True)  # timestamps follow the order of the writes
    assert {r["status"] for r in revisions} == {"DEPLOYED"}  # each rollout settled before the next
