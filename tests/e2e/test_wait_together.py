"""`BlaxelJobsReady` on the real CLI: jobs that do not wait for themselves, one resource waiting for all."""

from __future__ import annotations

import time

import pytest

from tests.e2e.blaxel_api import JOB, BlaxelApi, ExampleProject
from tests.e2e.pulumi_cli import change_summary, ops

pytestmark = pytest.mark.e2e

READY = "pulumi-python:dynamic/blaxel:JobsReady"


def test_one_resource_waits_for_the_whole_fleet(example_project: ExampleProject, blaxel: BlaxelApi) -> None:
    blaxel.control.post("/settings", json={"deploy_seconds": 1.5}).raise_for_status()
    project = example_project("many-jobs", blaxel, config={"count": "8", "waitTogether": "true"})

    started = time.monotonic()
    up = project.up()
    seconds = time.monotonic() - started
    print(f"up of 8 jobs with 1.5 s rollouts, waited together: {seconds:.1f}s")  # measured, not asserted

    assert ops(up, JOB) == {"create": 8}
    assert ops(up, READY) == {"create": 1}
    statuses = project.outputs()["statuses"]
    assert statuses == {f"job-{i}": "DEPLOYED" for i in range(8)}
    assert {job["status"] for job in blaxel.stored_jobs().values()} == {"DEPLOYED"}
    assert change_summary(project.preview()) == {"same": 11}  # with the stack identity

    project.config_set("image", "blaxel/worker:2.0")  # every job changes: the fleet is waited for again
    again = project.up()
    assert ops(again, JOB) == {"update": 8}
    assert ops(again, READY) == {"update": 1}

    project.config_set("image", "registry/fail-worker:3")  # a failing rollout fails the wait, with its events
    failed = project.up(check=False)
    assert failed.returncode != 0
    assert "failed to deploy" in failed.output
