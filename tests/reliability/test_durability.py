"""Durability of the local Blaxel API: restarts on the same SQLite file lose nothing, concurrent clients lose
no update.

The API runs as a subprocess (`python -m blaxel_pulumi.emulator`) and is restarted on the same port, so the
pulumi stack keeps its `BL_API_URL`. Plain concurrency of the API (50 concurrent POSTs of distinct names,
50 read-modify-write loops with PUT, 50 writers of one job) is covered by tests/emulator/test_persistence.py
and not repeated here; this file adds the package's own client (with its retries) under faults and a
crash of the API in the middle.
"""

from __future__ import annotations

import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from blaxel_pulumi.api.client import BlaxelClient
from blaxel_pulumi.api.models import Job
from blaxel_pulumi.api.retry import RetryPolicy
from blaxel_pulumi.api.settings import resolve_settings
from blaxel_pulumi.core.ownership import found_after_create
from tests.e2e.pulumi_cli import change_summary, ops
from tests.reliability.conftest import MakeProcess, MakeProject
from tests.reliability.support import (
    FLEET,
    JOB,
    LocalApi,
    describe_faults,
    faulted,
    kill_session,
    record,
    spawn_pulumi,
    state_jobs,
    transient_fault_mix,
    wait_until,
)

pytestmark = pytest.mark.e2e

CLIENTS = 50
ROUNDS = 3


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "sigkill"])
def test_a_restart_between_commands_loses_nothing(
    emulator_process: MakeProcess, make_project: MakeProject, stop: signal.Signals
) -> None:
    started = time.monotonic()
    emulator = emulator_process("--deploy-seconds", "0.3")
    api = emulator.start()
    project = make_project(FLEET, api.env())
    project.config_set("count", "3")
    project.config_set("asyncTrigger", "true")
    project.config_set("secretEnv", "kept-across-restarts", secret=True)
    project.up()
    before = api.stored(show_secrets=True)

    emulator.stop(stop)
    port = emulator.port
    api = emulator.start()
    assert emulator.port == port

    assert api.stored(show_secrets=True) == before, "the restart changed the stored jobs"
    refresh = project.refresh()
    assert change_summary(refresh) == {"same": 5}, "refresh found drift after the restart"
    assert change_summary(project.preview()) == {"same": 5}
    project.config_set("memory", "4096")
    update = project.up()
    assert ops(update, JOB) == {"update": 3}
    stored = api.by_name()
    assert sorted(stored) == state_jobs(project) == ["rel-0", "rel-1", "rel-2"]
    assert {n: (j["status"], j["revisions"]) for n, j in stored.items()} == dict.fromkeys(
        stored, ("DEPLOYED", 2)
    )
    assert all(j["job"]["spec"]["runtime"]["memory"] == 4096 for j in stored.values())
    record(
        f"7. API restart ({stop.name}) between up and refresh/preview/up",
        runs="up, restart same port, refresh, preview, up",
        outcome="jobs, secrets, callback secrets identical; no drift; updates land",
        seconds=time.monotonic() - started,
    )


@pytest.mark.heavy
def test_a_crash_of_the_api_during_up_loses_nothing(
    emulator_process: MakeProcess, make_project: MakeProject
) -> None:
    """The API is killed while creates and deployment waits are in flight and is back 1 s later: the
    client's retries (connection refused, broken connections, unknown POST outcomes) carry the `up`."""
    started = time.monotonic()
    emulator = emulator_process("--deploy-seconds", "2")
    api = emulator.start()
    project = make_project(FLEET, api.env())
    project.config_set("count", "6")

    process = spawn_pulumi(project, "up", "--yes", "--skip-preview")
    try:
        wait_until(lambda: len(api.requests(method="POST")) >= 2, 60, "two POST /jobs")
        emulator.stop(signal.SIGKILL)
        time.sleep(1.0)
        api = emulator.start()
        output, _ = process.communicate(timeout=300)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
        kill_session(process.pid)
    ups = 1
    if process.returncode != 0:  # allowed: one more `up`
        ups += 1
        project.up()
    names = [f"rel-{i}" for i in range(6)]
    stored = api.by_name()
    assert sorted(stored) == state_jobs(project) == names, output[-3000:]
    assert {n: (j["status"], j["revisions"]) for n, j in stored.items()} == dict.fromkeys(
        names, ("DEPLOYED", 1)
    )
    assert change_summary(project.refresh()) == {"same": 8}
    record(
        "7. API killed and restarted during up (heavy)",
        runs=f"up (rc {process.returncode}){' + up' if ups > 1 else ''}, refresh",
        outcome="6 jobs, 1 each, in state, no drift",
        seconds=time.monotonic() - started,
    )


def test_concurrent_clients_under_faults_and_a_crash_lose_no_update(emulator_process: MakeProcess) -> None:
    """50 threads, each with its own `BlaxelClient`: create a job, then read-modify-write a counter label
    on it 3 times with PUT, while 30 % of requests fault; the API is then killed and restarted. Every
    job exists once, with one revision, and every counter reached 3."""
    started = time.monotonic()
    emulator = emulator_process()
    api = emulator.start()
    lost_put = {"method": "PUT", "path": "^/v0/jobs/", "kind": "drop", "after": True, "probability": 0.1}
    api.add_faults([{**lost_put, "seed": 49}, *transient_fault_mix(0.30, seed=50, post_lost_response=0.1)])
    patient = RetryPolicy(max_attempts=12, initial_backoff=0.05, max_backoff=0.5)
    barrier = threading.Barrier(CLIENTS)

    def client_work(index: int, target: LocalApi) -> None:
        settings = resolve_settings(api_key=target.key, workspace=target.workspace, api_url=target.api_url)
        name = f"conc-{index}"
        job = Job.model_validate(
            {
                "metadata": {"name": name, "labels": {"blaxel-pulumi.owner": f"owner-{index}", "n": "0"}},
                "spec": {"runtime": {"image": "blaxel/worker:1.0", "memory": 2048}},
            }
        )
        with BlaxelClient(settings, retry=patient) as client:
            barrier.wait(timeout=30)
            client.create_job(job, judge=found_after_create(job.metadata.labels, name, settings.workspace))
            for _ in range(ROUNDS):
                current = client.get_job(name)
                labels = dict(current.metadata.labels or {})
                labels["n"] = str(int(labels["n"]) + 1)
                current.metadata.labels = labels
                client.update_job(name, current)

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        for future in [pool.submit(client_work, i, api) for i in range(CLIENTS)]:
            future.result()
    log = api.requests()
    assert faulted(log), "no fault was injected"

    emulator.stop(signal.SIGKILL)
    api = emulator.start()

    stored = api.by_name()
    assert sorted(stored) == sorted(f"conc-{i}" for i in range(CLIENTS))
    counters = {n: j["job"]["metadata"]["labels"]["n"] for n, j in stored.items()}
    assert counters == dict.fromkeys(stored, str(ROUNDS)), "an update was lost"
    assert {j["revisions"] for j in stored.values()} == {1}, "a job was re-created or re-deployed"
    record(
        f"7. {CLIENTS} concurrent BlaxelClients, RMW x{ROUNDS}, faults, then kill -9",
        runs=f"{CLIENTS} threads",
        faults=describe_faults(log),
        outcome=f"{CLIENTS} jobs once each, all counters = {ROUNDS} after restart",
        seconds=time.monotonic() - started,
    )
