"""No provider process outlives its engine (issue 25 point 8).

A `pulumi up` killed with SIGKILL (a CI runner's timeout, the OOM killer) cannot stop its plugins; the
engine started each in a process group of its own, so nothing else does either. Before, the provider
processes went on for minutes (a deployment wait polls for up to 20 minutes), polling Blaxel for nobody.
Now each provider process (the dynamic-provider host `python -m pulumi.dynamic`, the native plugin
`pulumi-resource-blaxel`) notices its engine is gone and exits within seconds.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from tests.reliability.conftest import MakeApi, MakeProject
from tests.reliability.support import (
    FLEET,
    PROGRAMS,
    kill_session,
    record,
    session_processes,
    spawn_pulumi,
    wait_until,
)

pytestmark = pytest.mark.e2e

PROVIDERS = ("pulumi.dynamic", "pulumi-resource-blaxel")
"""What the command line of a provider process of this package contains."""
LEFT_WITHIN = 15.0
"""Seconds the provider processes get to exit after the engine died (they take about one)."""


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def providers(session: int) -> dict[int, str]:
    """The live provider processes of a session, with their command lines."""
    found = {pid: command_line(pid) for pid in session_processes(session)}
    return {pid: line for pid, line in found.items() if any(p in line for p in PROVIDERS)}


@pytest.mark.parametrize("face", ["dynamic", "native"])
def test_killing_pulumi_during_a_wait_leaves_no_provider_process(
    local_api: MakeApi, make_project: MakeProject, face: str
) -> None:
    started = time.monotonic()
    api = local_api(deploy_seconds=300)  # the wait lasts until the kill
    project = make_project(FLEET if face == "dynamic" else PROGRAMS / "native_fleet", api.env())
    project.config_set("count", "2")
    process = spawn_pulumi(project, "up", "--yes", "--skip-preview")
    try:
        wait_until(lambda: len(api.requests(method="POST")) == 2, 120, "both creates")
        polls = len(api.requests(method="GET"))
        wait_until(lambda: len(api.requests(method="GET")) > polls + 1, 60, "deployment polls")
        before = providers(process.pid)
        assert before, f"no provider process found among {session_processes(process.pid)}"

        os.kill(process.pid, signal.SIGKILL)
        process.communicate(timeout=30)

        killed = time.monotonic()
        try:
            wait_until(lambda: not providers(process.pid), LEFT_WITHIN, "the provider processes to exit")
        except AssertionError:
            left = "\n".join(f"{pid}: {line}" for pid, line in providers(process.pid).items())
            raise AssertionError(
                f"provider processes still running {LEFT_WITHIN:g} s after pulumi was killed:\n{left}"
            ) from None
        took = time.monotonic() - killed
        polls = len(api.requests(method="GET"))
        time.sleep(2)
        assert len(api.requests(method="GET")) == polls, "something still polls Blaxel"
    finally:
        process.kill()
        process.communicate()
        kill_session(process.pid)
    record(
        f"8. pulumi killed during a wait ({face} provider)",
        runs="up + SIGKILL during the deployment wait",
        outcome=f"{len(before)} provider process(es) exited {took:.1f} s after the engine died",
        seconds=time.monotonic() - started,
    )
