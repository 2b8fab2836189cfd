"""A killed `pulumi up` on the native provider: the recovery of `BlaxelJob` works the same.

The native face has no `StackIdentity` resource: the ownership markers and auto-names derive from the
provider's own `stackIdentity` input, drawn once and kept in the provider resource's state, which the engine
writes before any job is created. So after SIGKILL the recovery (`pulumi cancel`, `pulumi refresh
--clear-pending-creates`, `pulumi up`) recognises the jobs the killed run created (same auto-names, same
markers) and takes them over, with no job created twice.
"""

from __future__ import annotations

import signal

import pytest

from tests.reliability.conftest import MakeApi, MakeProject
from tests.reliability.support import PROGRAMS, successful_writes
from tests.reliability.test_interruptions import interrupt_up, recover

pytestmark = pytest.mark.e2e

NATIVE_FLEET = PROGRAMS / "native_fleet"
JOB = "blaxel:index:Job"
COUNT = 4


@pytest.mark.parametrize(
    "auto_named", [False, pytest.param(True, marks=pytest.mark.heavy)], ids=["named", "auto-named"]
)
def test_killed_up_then_recovery_takes_the_jobs_over(
    local_api: MakeApi, make_project: MakeProject, auto_named: bool
) -> None:
    api = local_api(deploy_seconds=2.5)
    project = make_project(NATIVE_FLEET, api.env())
    project.config_set("count", str(COUNT))
    if auto_named:
        project.config_set("autoNamed", "true")

    code, output = interrupt_up(project, api, [signal.SIGKILL])
    assert code != 0, output[-3000:]
    assert [r["type"] for r in project.export_stack()["deployment"].get("resources") or []][:2] == [
        "pulumi:pulumi:Stack",
        "pulumi:providers:blaxel",
    ], "the provider (and its identity) must be in the state before any job is created"
    created_before = sorted(api.names())
    assert created_before, "the kill came before any create"

    recover(project)

    names = sorted(api.names())
    assert len(names) == COUNT, names
    assert set(created_before) <= set(names), "a job of the killed run was not recognised"
    assert sorted(r["id"] for r in project.resources(JOB)) == names
    stored = api.by_name()
    assert {n: j["revisions"] for n, j in stored.items()} == dict.fromkeys(names, 1), "a job was re-created"
    creates = [e for e in successful_writes(api.requests()) if e["method"] == "POST"]
    assert len(creates) == COUNT
