"""Safe at the boundary: an API that evolves, other stacks in the same workspace, adoption, failures after a
create, jobs deleted outside Pulumi. Each scenario runs the real pulumi CLI against the local Blaxel API.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.pulumi_cli import PulumiProject, diagnostics, ops
from tests.reliability.conftest import MakeApi, MakeProject
from tests.reliability.support import (
    FLEET,
    JOB,
    record,
    spawn_pulumi,
    state_jobs,
    successful_writes,
    transient_fault_mix,
)

pytestmark = pytest.mark.e2e

ADOPTER = Path(__file__).parent / "programs" / "adopter"

NEWER_BLAXEL: dict[str, Any] = {
    "metadata": {"labels": {"blaxel.ai/managed-by": "platform"}, "resourceVersion": "r-1"},
    "spec": {
        "runtime": {
            "generation": "mk4",
            "gpu": "none",
            "envs": [{"name": "BL_SYSTEM_REGION", "value": "eu"}],
            "ports": [],
        },
        "sandbox": {"tier": "standard"},
    },
}
"""What a newer Blaxel adds to every job it creates: a system label, a system env var, an enum value this
package does not know (mk4), fields it does not know at two depths."""


def _job(api_job: Mapping[str, Any]) -> dict[str, Any]:
    job: dict[str, Any] = api_job["job"]
    return job


def _outputs(project: PulumiProject, name: str) -> dict[str, Any]:
    [resource] = [r for r in project.resources(JOB) if r["id"] == name]
    outputs: dict[str, Any] = resource["outputs"]
    return outputs


def _writes(entries: list[dict[str, Any]]) -> list[str]:
    """The writes (POST/PUT/DELETE) that changed something."""
    return [f"{e['method']} {e['path']}" for e in successful_writes(entries)]


# --- 1 and 2: an API that evolves ----------------------------------------------------------------------


def test_a_newer_api_never_wedges_the_stack_and_nothing_it_adds_is_lost(
    local_api: MakeApi, make_project: MakeProject
) -> None:
    """Before: the create was applied but `up` failed ("not a job"), the job was orphaned, every rerun failed.
    Now: create, preview, refresh, update and destroy all work; what Blaxel added survives a PUT; no diff."""
    started = time.monotonic()
    api = local_api(server_additions=NEWER_BLAXEL)
    project = make_project(FLEET, api.env())
    project.config_set("count", "2")

    project.up()
    outputs = _outputs(project, "rel-0")
    assert outputs["labels"] == {"suite": "reliability"}
    assert outputs["effective_labels"] == {"suite": "reliability", "blaxel.ai/managed-by": "platform"}
    kept = outputs["server_fields"]
    assert kept["metadata"] == {"labels": {"blaxel.ai/managed-by": "platform"}, "resourceVersion": "r-1"}
    assert kept["spec"]["runtime"]["generation"] == "mk4"
    assert kept["spec"]["runtime"]["gpu"] == "none"
    assert kept["spec"]["runtime"]["envs"] == [{"name": "BL_SYSTEM_REGION", "value": "eu"}]
    assert kept["spec"]["sandbox"] == {"tier": "standard"}

    # No perpetual diff: what the server added is not the program's.
    assert ops(project.preview(), JOB).keys() <= {"same"}
    refresh = project.refresh()
    assert ops(refresh, JOB, outcome=True) == {"same": 2}, "refresh saw drift in server-added fields"
    api.clear_requests()
    project.up()
    assert _writes(api.requests()) == [], "a no-op up sent a write"

    # An update sends one PUT per job, and the PUT keeps everything the program does not manage.
    project.config_set("memory", "4096")
    project.up()
    assert sorted(_writes(api.requests())) == ["PUT /v0/jobs/rel-0", "PUT /v0/jobs/rel-1"]
    stored = _job(api.by_name()["rel-0"])
    assert stored["spec"]["runtime"]["memory"] == 4096
    assert stored["spec"]["runtime"]["generation"] == "mk4"
    assert stored["spec"]["runtime"]["gpu"] == "none"
    assert stored["spec"]["sandbox"] == {"tier": "standard"}
    assert stored["metadata"]["labels"]["blaxel.ai/managed-by"] == "platform"
    assert stored["metadata"]["resourceVersion"] == "r-1"
    assert {e["name"] for e in stored["spec"]["runtime"]["envs"]} == {"INDEX", "BL_SYSTEM_REGION"}
    assert ops(project.preview(), JOB).keys() <= {"same"}

    project.destroy()
    assert api.names() == []
    record(
        "11.1 a newer Blaxel (mk4, unknown fields, system label and env)",
        runs="up, preview, refresh, up, up (update), preview, destroy",
        outcome="no failure, no diff, one PUT per job, server-added fields kept by the PUT",
        seconds=time.monotonic() - started,
    )


# --- 3: two stacks with the same names --------------------------------------------------------------------


def test_a_same_named_stack_elsewhere_never_touches_this_stacks_jobs(
    local_api: MakeApi, make_project: MakeProject
) -> None:
    """Before: the ownership marker was a hash of project, stack and resource names, so a second backend's
    `dev` stack of the same project took over, overwrote and then deleted the first one's jobs.
    Now: each stack instance has its own identity: the second is refused, the first's jobs are untouched."""
    started = time.monotonic()
    api = local_api()
    mine = make_project(FLEET, api.env())
    theirs = make_project(FLEET, api.env())  # same project and stack names, another backend
    for project in (mine, theirs):
        project.config_set("count", "2")
    mine.up()
    before = {name: _job(job) for name, job in api.by_name().items()}
    api.clear_requests()

    up = theirs.up(check=False)

    assert up.returncode != 0
    errors = " ".join(diagnostics(up, "error"))
    assert "already exists in workspace 'local' and no resource of this stack holds it" in errors
    assert "adopt=True" in errors
    assert _writes(api.requests()) == []
    assert {name: _job(job) for name, job in api.by_name().items()} == before
    theirs.destroy()
    assert api.names() == ["rel-0", "rel-1"], "the other stack's destroy deleted this stack's jobs"
    assert ops(mine.preview(), JOB).keys() <= {"same"}
    record(
        "11.3 a same-named stack in another backend",
        runs="up (A), up (B, fails), destroy (B), preview (A)",
        outcome="B refused, naming adopt; no write to A's jobs; A unchanged",
        seconds=time.monotonic() - started,
    )


def test_auto_named_jobs_of_same_named_stacks_do_not_collide(
    local_api: MakeApi, make_project: MakeProject
) -> None:
    """Auto-names come from the stack's identity too: two developers' `dev` stacks of one project get
    distinct jobs instead of fighting over the same names."""
    api = local_api()
    first = make_project(FLEET, api.env())
    second = make_project(FLEET, api.env())
    for project in (first, second):
        project.config_set("count", "2")
        project.config_set("autoNamed", "true")
        project.up()
    names_first = set(state_jobs(first))
    names_second = set(state_jobs(second))
    assert len(names_first) == len(names_second) == 2
    assert not names_first & names_second
    assert sorted(api.names()) == sorted(names_first | names_second)
    first.destroy()
    assert sorted(api.names()) == sorted(names_second)


# --- 4: adopt is a one-time act -----------------------------------------------------------------------


def test_adopt_takes_over_only_the_job_named_at_the_first_create(
    local_api: MakeApi, make_project: MakeProject
) -> None:
    """Before: with `adopt=True` left in place, renaming the job to another team's job overwrote that job
    and deleted the original, while preview said only "create replacement".
    Now: preview announces the adoption; after it, a replacement with `adopt=True` still set is refused
    before any request, naming the fix; without `adopt` the rename cannot take the other job either."""
    started = time.monotonic()
    api = local_api()
    for name, image in (("legacy-job", "team/legacy:1"), ("other-team-job", "other/precious:7")):
        api.create_directly(
            {"metadata": {"name": name}, "spec": {"runtime": {"image": image, "memory": 1024}}}
        )
    project = make_project(ADOPTER, api.env())
    project.config_set("name", "legacy-job")

    preview = project.preview()
    said = " ".join(diagnostics(preview))
    assert "legacy-job" in said and "exists" in said and "adopt" in said, said

    project.up()
    assert _job(api.by_name()["legacy-job"])["spec"]["runtime"]["image"] == "blaxel/adopter:1"

    other_before = _job(api.by_name()["other-team-job"])
    api.clear_requests()
    project.config_set("name", "other-team-job")
    up = project.up(check=False)

    assert up.returncode != 0
    assert "and `adopt=True` is still set: the replacement would take over" in " ".join(
        diagnostics(up, "error")
    )
    assert _writes(api.requests()) == []
    assert _job(api.by_name()["other-team-job"]) == other_before
    assert "legacy-job" in api.names(), "the adopted job was deleted by a failed replacement"

    project.config_set("adopt", "false")
    up = project.up(check=False)
    assert up.returncode != 0
    assert "already exists in workspace 'local' and was not created by blaxel-pulumi" in " ".join(
        diagnostics(up, "error")
    )
    assert _writes(api.requests()) == []
    assert _job(api.by_name()["other-team-job"]) == other_before
    record(
        "11.4 adopt is one-time",
        runs="preview (announces), up (adopts), up (rename, adopt still set: refused), up (rename: 409)",
        outcome="other team's job untouched; adopted job kept",
        seconds=time.monotonic() - started,
    )


# --- 5: no failure leaves an untracked job ------------------------------------------------------------------


def test_a_non_transient_error_during_the_wait_deletes_the_job_again(
    local_api: MakeApi, make_project: MakeProject
) -> None:
    """Before: a 401 (or a protocol error) during the deployment wait skipped the rollback: the job stayed
    on Blaxel, untracked and billed. Now: it is deleted again, and the error says so."""
    api = local_api(deploy_seconds=1.0)
    project = make_project(FLEET, api.env())
    project.config_set("count", "1")
    api.add_faults([{"method": "GET", "path": "/jobs/rel-0$", "kind": "status", "status": 401, "count": 1}])

    up = project.up(check=False)

    assert up.returncode != 0
    errors = " ".join(diagnostics(up, "error"))
    assert "401" in errors
    assert "deleted again so that nothing is left behind" in errors
    assert api.names() == []
    assert state_jobs(project) == []


def test_when_the_clean_up_fails_too_the_error_names_the_job_left(
    local_api: MakeApi, make_project: MakeProject
) -> None:
    """If the job can be neither kept in the state nor deleted, the error names it and how to remove it,
    and the next `up` takes it over (its ownership label is this stack's): still one job."""
    api = local_api(deploy_seconds=1.0)
    project = make_project(FLEET, api.env())
    project.config_set("count", "1")
    api.add_faults(
        [
            {"method": "GET", "path": "/jobs/rel-0$", "kind": "status", "status": 401, "count": 1},
            {"method": "DELETE", "path": "/jobs/rel-0$", "kind": "status", "status": 403, "count": 1},
        ]
    )

    up = project.up(check=False)

    errors = " ".join(diagnostics(up, "error"))
    assert "The job 'rel-0' is left in workspace 'local' and is not in the Pulumi state" in errors
    assert "bl delete job rel-0" in errors
    assert api.names() == ["rel-0"]

    project.up()
    assert api.names() == ["rel-0"]
    assert state_jobs(project) == ["rel-0"]


# --- 8: a job deleted outside Pulumi -----------------------------------------------------------------------


def test_an_update_of_a_job_deleted_outside_pulumi_creates_it_again(
    local_api: MakeApi, make_project: MakeProject
) -> None:
    """Before: a bare 404 on PUT, with no hint. Now: the job is created again, and the console says why."""
    api = local_api()
    project = make_project(FLEET, api.env())
    project.config_set("count", "1")
    project.up()
    httpx.delete(
        f"{api.api_url}/jobs/rel-0",
        headers={"Authorization": f"Bearer {api.key}", "X-Blaxel-Workspace": api.workspace},
        timeout=30,
    ).raise_for_status()
    project.config_set("memory", "4096")
    api.clear_requests()

    up = project.up()

    assert "no longer exists (deleted outside Pulumi); creating it again" in up.output
    # The update reads the job first (404: gone), so it creates it again without a PUT.
    assert [r["method"] for r in api.requests() if r["method"] != "GET"] == ["POST"]
    assert _job(api.by_name()["rel-0"])["spec"]["runtime"]["memory"] == 4096
    assert ops(project.preview(), JOB).keys() <= {"same"}


# --- 9: pipelines share workspaces ------------------------------------------------------------------


def test_two_stacks_deploying_at_once_into_one_workspace_under_faults(
    local_api: MakeApi, make_project: MakeProject
) -> None:
    """Two pipelines run `pulumi up` at the same time against one workspace, 10 jobs each, with transient
    faults: each converges, and neither sends a single write to the other's jobs."""
    started = time.monotonic()
    api = local_api()
    stacks = {}
    for prefix in ("alpha", "beta"):
        project = make_project(FLEET, api.env())
        project.config_set("count", "10")
        project.config_set("prefix", prefix)
        project.config_set("blaxel:requestTimeout", "5")
        stacks[prefix] = project
    api.add_faults(transient_fault_mix(0.2, seed=11, post_lost_response=0.1, slow=False, slow_delay=0))

    processes = {p: spawn_pulumi(project, "up", "--yes", "--skip-preview") for p, project in stacks.items()}
    outputs = {p: proc.communicate(timeout=600)[0] for p, proc in processes.items()}
    for prefix, proc in processes.items():
        if proc.returncode != 0:  # allowed: one more `up`, faults still on
            stacks[prefix].up()
    api.clear_faults()

    log = api.requests()
    for prefix in ("alpha", "beta"):
        expected = sorted(f"{prefix}-{i}" for i in range(10))
        assert state_jobs(stacks[prefix]) == expected, outputs[prefix][-2000:]
        assert ops(stacks[prefix].preview(), JOB).keys() <= {"same"}
        owners = {
            _job(j)["metadata"]["labels"]["blaxel-pulumi.owner"]
            for name, j in api.by_name().items()
            if name.startswith(prefix)
        }
        assert len(owners) == 10
    all_owners = {_job(j)["metadata"]["labels"]["blaxel-pulumi.owner"] for j in api.stored()}
    assert len(all_owners) == 20, "two jobs share an ownership marker"
    names = api.names()
    assert names == sorted([f"alpha-{i}" for i in range(10)] + [f"beta-{i}" for i in range(10)])
    creates = [e for e in successful_writes(log) if e["method"] == "POST"]
    assert len(creates) == 20, f"{len(creates)} POSTs created a job, expected one per job"
    stacks["alpha"].destroy()
    assert api.names() == sorted(f"beta-{i}" for i in range(10))
    record(
        "11.9 two stacks, one workspace, at once, 20% faults",
        runs="up x2 concurrently (+ one retry each if needed), preview x2, destroy (alpha)",
        faults=json.dumps({"rate": 0.2, "lost POST responses": 0.1}),
        outcome="each converges with its own 10 jobs; 20 distinct owners; destroy of one leaves the other",
        seconds=time.monotonic() - started,
    )
