"""The native provider's waits bounded by `customTimeouts`, on the real CLI, from a YAML program.

The engine passes a resource's `customTimeouts` to the provider's create, update and delete
(`CreateRequest.timeout`, ...); the provider bounds its wait for the rollout by it. A create whose job does
not roll out in time fails, saying which option ended the wait, and keeps the job: the provider answers with
a partial create (`ErrorResourceInitFailed`), so the engine records the job in the state with the error
instead of leaving it on Blaxel untracked. The next `pulumi up` updates it, which waits for the rollout
again without sending anything; `pulumi destroy` deletes it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.blaxel_api import BlaxelApi, writes
from tests.e2e.pulumi_cli import CommandResult, PulumiProject, diagnostics, ops

pytestmark = pytest.mark.e2e

PROGRAM = Path(__file__).parent / "programs" / "native_timeouts"
JOB = "blaxel:index:Job"
NAME = "slow-etl"


@pytest.fixture
def project(make_project: Callable[..., PulumiProject], blaxel: BlaxelApi, tmp_path: Path) -> PulumiProject:
    """The YAML program (`customTimeouts: {create: 2s}`) against the local API, request log attached."""
    home = tmp_path / "user-home"  # no ~/.blaxel/config.yaml of the machine can leak in
    home.mkdir()
    project = make_project(PROGRAM, env={**blaxel.env, "HOME": str(home)})
    project.request_log = blaxel
    return project


def _timed_out(result: CommandResult) -> str:
    """The error of a create that ran out of time: it names the option and keeps the job."""
    assert result.returncode != 0, result.output[-3000:]
    message = " ".join(diagnostics(result, "error"))
    assert (
        "The wait was bounded by the resource option customTimeouts (create: 2s); raise it to wait longer."
        in message
    ), message
    assert f"The job '{NAME}' is kept in workspace 'local' and recorded in the Pulumi state" in message
    assert "Traceback" not in result.output
    waited = re.search(r"was still (?:UPLOADING|BUILDING|DEPLOYING) after waiting ([0-9.]+) s", message)
    assert waited is not None, message
    assert float(waited.group(1)) < 4  # the 2 s of the option, not the rollout's
    return message


def _in_state(project: PulumiProject) -> dict[str, object]:
    [resource] = project.resources(JOB)
    assert resource["id"] == NAME
    return resource


def test_a_create_that_never_rolls_out_fails_at_the_custom_timeout_and_keeps_the_job_in_state(
    project: PulumiProject, blaxel: BlaxelApi
) -> None:
    blaxel.control.post("/settings", json={"deploy_seconds": 3600.0}).raise_for_status()

    failed = project.up(check=False)

    _timed_out(failed)
    assert writes(failed.requests) == ["POST /v0/jobs"]  # nothing deleted: no rollback
    resource = _in_state(project)
    assert resource["outputs"]["status"] in ("UPLOADING", "BUILDING", "DEPLOYING")  # type: ignore[index]
    assert resource.get("initErrors"), resource  # the engine knows the create did not finish
    assert list(blaxel.stored_jobs()) == [NAME]

    gone = project.destroy()
    assert ops(gone, JOB) == {"delete": 1}
    assert blaxel.stored_jobs() == {}
    assert project.resources(JOB) == []


def test_the_next_up_waits_for_the_rollout_the_create_left_without_sending_anything(
    project: PulumiProject, blaxel: BlaxelApi
) -> None:
    blaxel.control.post("/settings", json={"deploy_seconds": 8.0}).raise_for_status()
    _timed_out(project.up(check=False))
    _in_state(project)

    resumed = project.up()

    assert ops(resumed, JOB) == {"update": 1}  # the engine updates a job whose create did not finish
    assert writes(resumed.requests) == []  # it only waits: no PUT
    resource = _in_state(project)
    assert resource["outputs"]["status"] == "DEPLOYED"  # type: ignore[index]
    assert not resource.get("initErrors"), resource
    assert project.outputs()["status"] == "DEPLOYED"
    assert ops(project.up(), JOB) == {"same": 1}
    project.destroy()
    assert blaxel.stored_jobs() == {}
