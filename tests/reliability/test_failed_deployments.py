"""Failed deployments: the server's events reach the user, nothing is orphaned, fixing the input converges.

The local Blaxel API fails the rollout of any image matching its failure pattern (default: last path
component or tag starting with `fail`), with the event `Deployment failed: image ... (simulated failure)`.
"""

from __future__ import annotations

import json
import time

import pytest

from tests.e2e.pulumi_cli import PulumiProject, diagnostics, ops
from tests.reliability.conftest import MakeApi, MakeProject
from tests.reliability.support import FLEET, JOB, LocalApi, record, state_jobs

pytestmark = pytest.mark.e2e

FAILING = "blaxel/fail-worker:1"
GOOD = "blaxel/worker:1.0"
EVENT = "matches the emulator's failure pattern"


def images(project: PulumiProject) -> dict[str, str]:
    """Image of each job as the state records it."""
    return {r["id"]: r["outputs"]["runtime"]["image"] for r in project.resources(JOB)}


def served(api: LocalApi) -> dict[str, tuple[str, str]]:
    """(status, image) of each job on the server."""
    return {n: (j["status"], j["job"]["spec"]["runtime"]["image"]) for n, j in api.by_name().items()}


def test_a_failed_create_leaves_nothing_and_fixing_the_input_converges(
    local_api: MakeApi, make_project: MakeProject
) -> None:
    started = time.monotonic()
    api = local_api(deploy_seconds=0.5)
    project = make_project(FLEET, api.env())
    project.config_set("count", "3")
    project.config_set("images", json.dumps({"1": FAILING}))

    up = project.up(check=False)

    assert up.returncode != 0
    errors = "\n".join(diagnostics(up, "error"))
    assert "Job 'rel-1' in workspace 'local' failed to deploy (last status FAILED)" in errors
    assert f"Deployment failed: image '{FAILING}' {EVENT}" in errors  # the server's event message
    assert "The job was deleted again so that nothing is left behind" in errors
    assert "rel-1" not in api.names(), "the failed job was left on the server"
    assert "rel-1" not in state_jobs(project)
    assert api.names() == state_jobs(project) == ["rel-0", "rel-2"]

    project.run("config", "rm", "images", "--stack", project.stack)
    fixed = project.up()

    assert ops(fixed, JOB) == {"create": 1, "same": 2}
    assert served(api) == dict.fromkeys(["rel-0", "rel-1", "rel-2"], ("DEPLOYED", GOOD))
    assert state_jobs(project) == ["rel-0", "rel-1", "rel-2"]
    record(
        "3. create with a failing image",
        runs="up (fails), fix config, up",
        outcome="events shown, failed job rolled back, fix converges",
        seconds=time.monotonic() - started,
    )


def test_a_failed_update_keeps_the_job_and_fixing_the_input_converges(
    local_api: MakeApi, make_project: MakeProject
) -> None:
    """After an update whose rollout FAILED the state keeps the old outputs (a dynamic provider cannot
    record a partial update), so `update` puts the previous settings back before it fails: the server
    matches the state again, and fixing the input is enough to converge (no refresh needed)."""
    started = time.monotonic()
    api = local_api(deploy_seconds=0.5)
    project = make_project(FLEET, api.env())
    project.config_set("count", "2")
    project.up()
    project.config_set("images", json.dumps({"1": FAILING}))

    up = project.up(check=False)

    assert up.returncode != 0
    errors = "\n".join(diagnostics(up, "error"))
    assert "Job 'rel-1' in workspace 'local' failed to deploy (last status FAILED)" in errors
    assert f"Deployment failed: image '{FAILING}' {EVENT}" in errors
    assert "previous settings were put back" in errors
    assert api.names() == state_jobs(project) == ["rel-0", "rel-1"], "an update must never delete"
    assert served(api)["rel-1"] == ("DEPLOYED", GOOD), "the previous settings were not put back"

    project.run("config", "rm", "images", "--stack", project.stack)
    fixed = project.up(check=False)

    outcome = f"after the fix: up {ops(fixed, JOB)}, server rel-1 {served(api)['rel-1']}"
    record(
        "3. update to a failing image",
        runs="up, up (fails), fix config, up",
        outcome=outcome,
        seconds=time.monotonic() - started,
    )
    assert fixed.returncode == 0
    assert served(api) == dict.fromkeys(["rel-0", "rel-1"], ("DEPLOYED", GOOD)), (
        "fixing the input did not converge (" + outcome + ")"
    )
    assert images(project) == dict.fromkeys(["rel-0", "rel-1"], GOOD)
