"""Transient faults: `pulumi up` of 20 jobs converges while about 30 % of Blaxel requests fail.

The faults are a seeded mix of 429 with a small `Retry-After`, 500, 502, 503 and dropped connections (25 %
of all requests), plus `POST /jobs` whose job is created but whose response is lost (10 % of the POSTs
and the first two): 30-40 % of the requests fault in practice; the session summary prints the figures.
Both variants add responses slower than the client's read timeout: the fast one sets
`blaxel:requestTimeout` to 2 s (so a slow response costs 2 s), the heavy one keeps the default 30 s and runs
concurrently with deployment waits.

The run must converge in one `up` or at most one more, leave exactly one job per resource on the server
(each created by exactly one POST, never re-created), find no drift on `refresh`, and `destroy` (under
faults again, with lost DELETE responses) must leave nothing.
"""

from __future__ import annotations

import time

import pytest

from blaxel_pulumi.api.client import DEFAULT_READ_TIMEOUT
from tests.e2e.pulumi_cli import CommandResult, change_summary, diagnostics, ops
from tests.reliability.conftest import MakeApi, MakeProject
from tests.reliability.support import (
    FLEET,
    JOB,
    describe_faults,
    faulted,
    pending_operations,
    record,
    state_jobs,
    successful_writes,
    transient_fault_mix,
    wait_until,
)

pytestmark = pytest.mark.e2e

COUNT = 20
RATE = 0.25


def first_error(result: CommandResult) -> str:
    """The exception line of the first error of a failed command."""
    for message in diagnostics(result, "error"):
        lines = [line for line in message.splitlines() if line.startswith("blaxel_pulumi.errors.")]
        if lines:
            return lines[-1][:300]
    return "?"


def converge_under_faults(
    local_api: MakeApi,
    make_project: MakeProject,
    *,
    slow: bool,
    seed: int,
    scenario: str,
    deploy_seconds: float,
    parallel: int | None,
    request_timeout: float | None = None,
) -> None:
    started = time.monotonic()
    api = local_api(deploy_seconds=deploy_seconds)
    project = make_project(FLEET, api.env())
    project.config_set("count", str(COUNT))
    if request_timeout is not None:
        project.config_set("blaxel:requestTimeout", str(request_timeout))
    slow_delay = (request_timeout or DEFAULT_READ_TIMEOUT) + 1
    api.add_faults(
        transient_fault_mix(RATE, seed=seed, post_lost_response=0.1, slow=slow, slow_delay=slow_delay)
    )
    extra = ("--parallel", str(parallel)) if parallel else ()

    first = project.up(*extra, check=False)
    ups = [first]
    if first.returncode != 0:  # allowed: one more `up`, faults still on
        ups.append(project.up(*extra, check=False))
    last = ups[-1]
    assert last.returncode == 0, (
        f"`pulumi up` did not converge in {len(ups)} runs under {RATE:.0%} faults:\n"
        + "\n".join(diagnostics(last, "error"))[-6000:]
    )
    # A slow request may still hang on the server after the client gave up on it: wait for the log.
    wait_until(lambda: all(e["duration_ms"] is not None for e in api.requests()), 40, "requests in flight")
    log = api.requests()
    injected = faulted(log)
    fired = {(r["kind"], r["after"]): r["fired"] for r in api.fault_rules() if r["kind"] == "slow"}
    api.clear_faults()
    assert len(injected) > 0, "no fault was injected: the test proves nothing"
    kinds = {(e["fault"]["kind"], e["fault"]["after"], e["status"]) for e in injected}
    assert ("drop", True, None) in kinds, "no POST lost its response"
    if slow:
        assert fired == {("slow", False): 1, ("slow", True): 1}, "no response outlasted the read timeout"
    assert len(kinds) >= 3, f"too few kinds of faults fired to call it a mix: {kinds}"

    expected = sorted(f"rel-{i}" for i in range(COUNT))
    stored = api.by_name()
    assert sorted(stored) == expected
    assert {name: job["status"] for name, job in stored.items()} == dict.fromkeys(expected, "DEPLOYED")
    # One revision each: no job was deleted and re-created, or re-deployed by a second write of its spec.
    assert {name: job["revisions"] for name, job in stored.items()} == dict.fromkeys(expected, 1)
    creates = [e for e in successful_writes(log) if e["method"] == "POST"]
    assert len(creates) == COUNT, f"{len(creates)} POSTs created a job, expected one per job"
    assert state_jobs(project) == expected
    assert pending_operations(project) == []

    refresh = project.refresh()
    assert ops(refresh, JOB) == {"refresh": COUNT}
    assert change_summary(refresh) == {"same": COUNT + 2}, "refresh found drift"
    preview = project.preview()
    assert change_summary(preview) == {"same": COUNT + 2}
    assert state_jobs(project) == expected

    # Tear down under the same faults, plus DELETEs whose job is deleted but whose response is lost.
    api.clear_requests()
    lost_delete = {"method": "DELETE", "path": "^/v0/jobs/", "kind": "drop", "after": True, "count": 2}
    api.add_faults([lost_delete, *transient_fault_mix(RATE, seed=seed + 100, post_lost_response=0.1)])
    destroys = [project.destroy(*extra, check=False)]
    if destroys[0].returncode != 0:  # allowed: one more `destroy`
        destroys.append(project.destroy(*extra, check=False))
    assert destroys[-1].returncode == 0, "\n".join(diagnostics(destroys[-1], "error"))[-6000:]
    wait_until(lambda: all(e["duration_ms"] is not None for e in api.requests()), 40, "requests in flight")
    teardown_log = api.requests()
    api.clear_faults()
    assert faulted(teardown_log), "no fault was injected during destroy"
    assert api.stored() == [] and state_jobs(project) == []

    runs = (
        f"up x{len(ups)} ({'/'.join(str(u.returncode) for u in ups)}), refresh, preview, "
        f"destroy x{len(destroys)} ({'/'.join(str(d.returncode) for d in destroys)})"
    )
    record(
        scenario,
        runs=runs,
        faults=f"up: {describe_faults(log)}; destroy: {describe_faults(teardown_log)}",
        outcome=f"{COUNT} jobs, 1 each, no drift; all destroyed"
        + (f"; 1st up failed: {first_error(first)}" if len(ups) > 1 else ""),
        seconds=time.monotonic() - started,
    )


def test_up_of_20_jobs_converges_under_30_percent_transient_faults(
    local_api: MakeApi, make_project: MakeProject
) -> None:
    """Reproducible: one operation at a time and no deployment wait, so the seeded draws always fall on
    the same requests (the heavy variant below runs concurrently, with deployment waits)."""
    converge_under_faults(
        local_api,
        make_project,
        slow=True,
        seed=8,
        scenario="1. transient faults + slow>2s (blaxel:requestTimeout=2), --parallel 1 (fast)",
        deploy_seconds=0,
        parallel=1,
        request_timeout=2,
    )


@pytest.mark.heavy
def test_up_converges_when_responses_outlast_the_read_timeout(
    local_api: MakeApi, make_project: MakeProject
) -> None:
    assert DEFAULT_READ_TIMEOUT < 31, "the slow faults below must outlast the client's read timeout"
    converge_under_faults(
        local_api,
        make_project,
        slow=True,
        seed=18,
        scenario="1. transient faults + slow>30s, concurrent (heavy)",
        deploy_seconds=0.3,
        parallel=None,
    )
