"""Changes made outside Pulumi: `pulumi refresh` sees them, `pulumi up` puts the declared job back."""

from __future__ import annotations

import pytest

from tests.e2e.blaxel_api import JOB, BlaxelApi, ExampleProject, summary
from tests.e2e.pulumi_cli import ops

pytestmark = pytest.mark.e2e

DECLARED_RUNTIME = {"image": "blaxel/hello-world:latest", "memory": 2048, "timeout": 600}
"""The quickstart's runtime, as declared."""


def test_refresh_shows_an_out_of_band_change_and_up_restores_the_declared_job(
    example_project: ExampleProject, blaxel: BlaxelApi
) -> None:
    project = example_project("quickstart", blaxel)
    project.up()
    [name] = blaxel.stored_jobs()
    labels = blaxel.job(name)["metadata"]["labels"]
    blaxel.edit_job(name, {"runtime.memory": 8192}, labels={**labels, "team": "intruders"})

    refresh = project.refresh()

    assert ops(refresh, JOB, outcome=True) == {"update": 1}  # refresh found drift
    assert summary(refresh.requests) == [f"GET /v0/jobs/{name} -> 200"]
    [resource] = project.resources(JOB)
    assert resource["outputs"]["runtime"]["memory"] == 8192
    assert resource["outputs"]["labels"] == {"team": "intruders"}

    preview = project.preview()
    assert ops(preview, JOB) == {"update": 1}
    assert preview.requests == []

    up = project.up()
    assert ops(up, JOB) == {"update": 1}
    # The update reads the job first (whose it is, and what it is now), then sends one PUT.
    assert summary(up.requests) == [f"GET /v0/jobs/{name} -> 200", f"PUT /v0/jobs/{name} -> 200"]
    job = blaxel.job(name)
    assert job["spec"]["runtime"] == DECLARED_RUNTIME
    assert job["metadata"]["labels"]["team"] == "platform"
    [resource] = project.resources(JOB)
    assert resource["outputs"]["runtime"] == DECLARED_RUNTIME
    assert resource["outputs"]["labels"] == {"team": "platform"}

    settled = project.refresh()
    assert ops(settled, JOB, outcome=True) == {"same": 1}  # no drift left, and no perpetual diff


def test_refresh_drops_a_job_deleted_out_of_band_and_up_recreates_it(
    example_project: ExampleProject, blaxel: BlaxelApi
) -> None:
    project = example_project("quickstart", blaxel)
    project.up()
    [name] = blaxel.stored_jobs()
    blaxel.delete_job(name)

    refresh = project.refresh()

    assert ops(refresh, JOB, outcome=True) == {"delete": 1}
    assert summary(refresh.requests) == [f"GET /v0/jobs/{name} -> 404"]
    assert project.resources(JOB) == []

    up = project.up()
    assert ops(up, JOB) == {"create": 1}
    assert summary(up.requests) == ["POST /v0/jobs -> 200"]
    assert blaxel.listed_names() == [name]  # the same derived name
    assert blaxel.job(name)["spec"]["runtime"] == DECLARED_RUNTIME
    [resource] = project.resources(JOB)
    assert resource["id"] == name
