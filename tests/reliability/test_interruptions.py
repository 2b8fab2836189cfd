"""Interrupted `pulumi up`: SIGINT (Ctrl+C) and SIGKILL while creates and deployment waits are in flight.

What pulumi 3.274 leaves behind, and the recovery that works non-interactively (asserted below):

* one SIGINT: the engine cancels gracefully, waits for the operations in flight, records them, releases
  the lock. Nothing to repair: the next `pulumi up` creates what is missing.
* two SIGINTs (heavy variant) or SIGKILL: the operations in flight stay in the state as pending creates
  ("interrupted while creating"); after SIGKILL the stack also stays locked ("the stack is currently
  locked by 1 lock(s)"). The provider processes of this package exit within seconds of the engine's death
  (see blaxel_pulumi.core.lifeline; a create they had sent is carried out by Blaxel all the same, one not yet
  sent is not). Recovery: `pulumi cancel --yes` (only when locked; with the file
  backend it deletes the lock file), `pulumi refresh --clear-pending-creates --yes` (without it the
  pending creates stay in the state even after a successful `up`, and every command warns), then
  `pulumi up`: the jobs an interrupted run created carry this stack's `blaxel-pulumi.owner` label and are
  taken over (one metadata-only PUT, no new revision), the others are created.

A job of the same name that this stack did not create is never taken over without `adopt=True`.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Sequence

import pytest

from tests.e2e.pulumi_cli import PulumiProject, diagnostics, ops
from tests.reliability.conftest import MakeApi, MakeProject
from tests.reliability.support import (
    FLEET,
    JOB,
    LocalApi,
    kill_session,
    pending_operations,
    record,
    session_processes,
    spawn_pulumi,
    state_jobs,
    successful_writes,
    wait_until,
)

pytestmark = pytest.mark.e2e

COUNT = 6
NAMES = [f"rel-{i}" for i in range(COUNT)]


def interrupt_up(project: PulumiProject, api: LocalApi, signals: Sequence[signal.Signals]) -> tuple[int, str]:
    """Start `pulumi up`, send ``signals`` (0.5 s apart) once the first POSTs reached Blaxel; return the exit
    code and output. Plugin processes it leaves running are left to finish, then killed by pid."""
    process = spawn_pulumi(project, "up", "--yes", "--skip-preview")
    try:
        wait_until(lambda: len(api.requests(method="POST")) >= 1, 60, "the first POST /jobs")
        time.sleep(0.2)
        for index, sig in enumerate(signals):
            if index:
                time.sleep(0.5)
            process.send_signal(sig)
        output, _ = process.communicate(timeout=120)
    except BaseException:
        process.kill()
        process.communicate()
        raise
    finally:
        # After SIGKILL some plugins may outlive pulumi for a moment (the provider processes exit within
        # seconds); let the creates that reached Blaxel settle, so the recovery meets the worst case.
        leftovers = session_processes(process.pid)
        if leftovers:
            try:
                wait_until(lambda: all(j["status"] == "DEPLOYED" for j in api.stored()), 30, "settled jobs")
            finally:
                kill_session(process.pid)
    return process.returncode, output


def locks(project: PulumiProject) -> list[str]:
    """Lock files of the stack in the file backend."""
    root = project.workdir.parent / "backend" / ".pulumi" / "locks"
    return sorted(str(p) for p in root.rglob("*.json")) if root.exists() else []


def recover(project: PulumiProject) -> list[str]:
    """The documented recovery; return the commands run."""
    run = []
    if locks(project):
        blocked = project.up(check=False)
        assert blocked.returncode != 0
        assert "the stack is currently locked" in blocked.output
        assert "pulumi cancel" in blocked.output  # the engine names the way out
        project.run("cancel", "--yes")
        run.append("cancel --yes")
        assert locks(project) == []
    if pending_operations(project):
        project.refresh("--clear-pending-creates")
        run.append("refresh --clear-pending-creates")
        assert pending_operations(project) == []
    up = project.up()
    run.append("up")
    assert "adopt" not in " ".join(diagnostics(up, "error"))
    return run


def check_interrupted_up(
    local_api: MakeApi, make_project: MakeProject, signals: Sequence[signal.Signals], scenario: str
) -> None:
    started = time.monotonic()
    api = local_api(deploy_seconds=2.5)
    project = make_project(FLEET, api.env())
    project.config_set("count", str(COUNT))

    code, output = interrupt_up(project, api, signals)
    assert code != 0, f"`pulumi up` was not interrupted:\n{output[-3000:]}"
    left = (
        f"server {len(api.names())}, state {len(state_jobs(project))}, "
        f"pending {len(pending_operations(project))}, lock {len(locks(project))}"
    )
    assert bool(locks(project)) == (signals[0] == signal.SIGKILL), "only a killed pulumi leaves its lock"

    steps = recover(project)

    assert api.names() == NAMES, "each job must exist exactly once"
    assert state_jobs(project) == NAMES, "each job must be managed by the stack"
    assert pending_operations(project) == []
    stored = api.by_name()
    assert {n: j["status"] for n, j in stored.items()} == dict.fromkeys(NAMES, "DEPLOYED")
    assert {n: j["revisions"] for n, j in stored.items()} == dict.fromkeys(NAMES, 1), "a job was re-created"
    creates = [e for e in successful_writes(api.requests()) if e["method"] == "POST"]
    assert len(creates) == COUNT, f"{len(creates)} successful POSTs for {COUNT} jobs"
    assert ops(project.preview(), JOB).keys() <= {"same"}
    record(
        scenario,
        runs=f"up + {'+'.join(s.name for s in signals)} (rc {code}); " + ", ".join(steps),
        outcome=f"left {left}; after recovery {COUNT} jobs, 1 each, in state",
        seconds=time.monotonic() - started,
    )


def test_ctrl_c_during_creates_and_waits(local_api: MakeApi, make_project: MakeProject) -> None:
    check_interrupted_up(local_api, make_project, [signal.SIGINT], "2. up interrupted by SIGINT")


def test_sigkill_during_creates_and_waits(local_api: MakeApi, make_project: MakeProject) -> None:
    check_interrupted_up(local_api, make_project, [signal.SIGKILL], "2. up killed by SIGKILL")


@pytest.mark.heavy
def test_double_ctrl_c_during_creates_and_waits(local_api: MakeApi, make_project: MakeProject) -> None:
    check_interrupted_up(
        local_api, make_project, [signal.SIGINT, signal.SIGINT], "2. up interrupted by SIGINT x2 (heavy)"
    )


@pytest.mark.parametrize(
    "labels",
    [
        pytest.param({"team": "data"}, id="no-owner-label"),
        pytest.param({"blaxel-pulumi.owner": "0123456789abcdef0123"}, id="another-stacks-label"),
    ],
)
def test_a_job_this_stack_did_not_create_is_never_taken_over(
    local_api: MakeApi, make_project: MakeProject, labels: dict[str, str]
) -> None:
    started = time.monotonic()
    api = local_api()
    foreign = api.create_directly(
        {"metadata": {"name": "rel-1", "labels": labels}, "spec": {"runtime": {"image": "theirs/app:7"}}}
    )
    project = make_project(FLEET, api.env())
    project.config_set("count", "2")
    api.clear_requests()

    up = project.up(check=False)

    assert up.returncode != 0
    errors = "\n".join(diagnostics(up, "error"))
    assert "rel-1" in errors
    assert "adopt=True" in errors
    after = api.by_name()["rel-1"]["job"]
    assert after["metadata"] == foreign["metadata"], "the foreign job was changed"
    assert after["spec"] == foreign["spec"], "the foreign job was changed"
    touched = [e for e in api.requests() if e["path"] == "/v0/jobs/rel-1" and e["method"] != "GET"]
    assert touched == [], f"requests that write the foreign job: {touched}"
    assert "rel-1" not in state_jobs(project)
    record(
        f"2. foreign job of the same name ({next(iter(labels))})",
        runs="up (fails)",
        outcome="up fails naming adopt=True; foreign job untouched",
        seconds=time.monotonic() - started,
    )
