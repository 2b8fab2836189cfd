"""`BlaxelPolicy` on the real CLI against the local Blaxel API: the lifecycle every kind must pass (preview
sends nothing; create; a no-op `up` writes nothing; a one-field change is one PUT; drift shows on refresh
and `up` reverts it; bad input is named at preview; a rename replaces; destroy leaves nothing, in dependency
order), with a job that names the policy through its output."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.blaxel_api import JOB, BlaxelApi, summary, writes
from tests.e2e.pulumi_cli import PulumiProject, diagnostics, ops

pytestmark = pytest.mark.e2e

PROGRAM = Path(__file__).parent / "programs" / "policy"
POLICY = "pulumi-python:dynamic/blaxel:Policy"
OWNER_LABEL = "blaxel-pulumi.owner"


@pytest.fixture
def project(make_project: Callable[..., PulumiProject], blaxel: BlaxelApi, tmp_path: Path) -> PulumiProject:
    home = tmp_path / "user-home"
    home.mkdir()
    made = make_project(PROGRAM, env={**blaxel.env, "HOME": str(home)})
    made.request_log = blaxel
    return made


def test_a_policy_lives_its_whole_lifecycle_beside_the_job_that_names_it(
    project: PulumiProject, blaxel: BlaxelApi
) -> None:
    preview = project.preview()
    assert ops(preview, POLICY) == {"create": 1}
    assert preview.requests == []

    up = project.up()
    assert ops(up, POLICY) == {"create": 1}
    [name] = blaxel.stored_objects("/policies")
    [job_name] = blaxel.stored_jobs()
    assert name.startswith("residency-")
    # The job names the policy through its output: the policy is created first.
    assert writes(up.requests) == ["POST /v0/policies", "POST /v0/jobs"]
    policy = blaxel.stored_objects("/policies")[name]
    assert policy["spec"] == {
        "type": "location",
        "locations": [{"name": "EU", "type": "continent"}],
        "resourceTypes": ["agent", "model"],
    }
    assert policy["metadata"]["labels"]["team"] == "platform"
    assert policy["metadata"]["labels"][OWNER_LABEL]
    assert blaxel.job(job_name)["spec"]["policies"] == [name]
    [resource] = project.resources(POLICY)
    assert resource["outputs"]["labels"] == {"team": "platform"}
    assert resource["outputs"]["created_by"]

    noop = project.up()
    assert ops(noop, POLICY) == {"same": 1}
    assert writes(noop.requests) == []
    assert project.preview("--expect-no-changes").requests == []

    project.config_set("continent", "NA")
    changed = project.up()
    assert ops(changed, POLICY) == {"update": 1}
    assert summary(changed.requests) == [f"GET /v0/policies/{name} -> 200", f"PUT /v0/policies/{name} -> 200"]
    assert blaxel.stored_objects("/policies")[name]["spec"]["locations"] == [
        {"name": "NA", "type": "continent"}
    ]

    stored = blaxel.stored_objects("/policies")[name]
    drifted = {"metadata": stored["metadata"], "spec": {**stored["spec"], "resourceTypes": ["sandbox"]}}
    blaxel.public.put(f"/policies/{name}", json=drifted).raise_for_status()
    refresh = project.refresh()
    assert ops(refresh, POLICY, outcome=True) == {"update": 1}
    [resource] = project.resources(POLICY)
    assert resource["outputs"]["resource_types"] == ["sandbox"]
    reverted = project.up()
    assert ops(reverted, POLICY) == {"update": 1}
    assert blaxel.stored_objects("/policies")[name]["spec"]["resourceTypes"] == ["agent", "model"]
    assert ops(project.refresh(), POLICY, outcome=True) == {"same": 1}

    project.config_set("policyName", "residency-renamed")
    renamed = project.up()
    assert ops(renamed, POLICY) == {"replace": 1, "create-replacement": 1, "delete-replaced": 1}
    # Created first, the job moved onto it, then the old one deleted.
    assert writes(renamed.requests) == [
        "POST /v0/policies",
        f"PUT /v0/jobs/{job_name}",
        f"DELETE /v0/policies/{name}",
    ]
    assert sorted(blaxel.stored_objects("/policies")) == ["residency-renamed"]
    assert blaxel.job(job_name)["spec"]["policies"] == ["residency-renamed"]

    destroy = project.destroy()
    assert blaxel.stored_objects("/policies") == {}
    assert blaxel.stored_jobs() == {}
    # The job that names the policy goes first.
    deletes = [w for w in writes(destroy.requests) if w.startswith("DELETE")]
    assert deletes == [f"DELETE /v0/jobs/{job_name}", "DELETE /v0/policies/residency-renamed"]


def test_a_bad_policy_is_named_at_preview_and_nothing_is_sent(
    project: PulumiProject, blaxel: BlaxelApi
) -> None:
    project.config_set("bad", "true")
    preview = project.preview(check=False)
    assert preview.returncode != 0
    assert preview.requests == []
    assert any(
        "type: Input should be 'location', 'flavor' or 'maxToken'" in message
        for message in diagnostics(preview)
    ), project.all_output()
    assert ops(preview, JOB) == {}  # the engine stops at the failed check, before the job that names it
