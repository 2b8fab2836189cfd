"""The examples on the real pulumi CLI against the local Blaxel API: preview, create, no-op, update, replace,
destroy; asserted on the engine's JSON, the exported state and the API's request log."""

from __future__ import annotations

import pytest

from tests.e2e.blaxel_api import JOB, BlaxelApi, ExampleProject, count, summary, writes
from tests.e2e.pulumi_cli import EXAMPLES, PulumiProject, change_summary, is_secret, ops

pytestmark = pytest.mark.e2e


API_TOKEN = "canary-api-token-3b8e"
"""Value of full-spec's secret `apiToken` (distinctive, to be searched for)."""

OWNER_LABEL = "blaxel-pulumi.owner"
"""The label marking a job as this stack's (README: "`blaxel-pulumi.owner` is reserved")."""

ADOPTED = "legacy-etl"
"""Name of the job the adopt example takes over."""

EXAMPLE_SETUP: dict[str, tuple[dict[str, str], dict[str, str], int]] = {
    "quickstart": ({}, {}, 1),
    "full-spec": ({}, {"apiToken": API_TOKEN}, 1),
    "canary": ({}, {}, 1),
    "scheduled": ({}, {}, 1),
    "secrets": ({}, {"dbPassword": "db-pw-e2e", "apiKey": "api-key-e2e"}, 1),
    "many-jobs": ({}, {}, 3),
    "adopt": ({"name": ADOPTED, "adopt": "true"}, {}, 1),
    "migrate-then-serve": ({}, {}, 1),
    "agent-platform": ({}, {"openaiKey": "sk-local-example"}, 1),
}
"""Per example: the stack config and secrets it needs, and how many jobs it declares."""

OTHER_RESOURCES = {"migrate-then-serve": 1, "agent-platform": 7}
"""Per example: its resources besides the jobs, the stack and its identity (a job execution, the objects of
the other kinds)."""


def _example(
    example_project: ExampleProject, blaxel: BlaxelApi, example: str, **config: str
) -> PulumiProject:
    settings, secrets, _ = EXAMPLE_SETUP[example]
    return example_project(example, blaxel, config={**settings, **config}, secrets=secrets)


def _create_job_to_adopt(blaxel: BlaxelApi) -> None:
    """A job made by another tool, as the adopt example expects to find."""
    blaxel.create_job(
        {
            "metadata": {"name": ADOPTED, "labels": {"made-by": "console"}},
            "spec": {"runtime": {"image": "blaxel/legacy:0.9", "memory": 1024}},
        }
    )
    blaxel.clear_requests()


PYTHON_EXAMPLES = sorted(p.parent.name for p in EXAMPLES.glob("*/__main__.py"))
"""The Python examples on ``BlaxelJob``; the others (YAML, TypeScript) use the native provider and are run by
tests/e2e/test_native_faces.py."""


def test_every_example_is_covered() -> None:
    assert sorted(EXAMPLE_SETUP) == PYTHON_EXAMPLES


def test_preview_of_a_new_stack_plans_creates_and_sends_no_request(
    example_project: ExampleProject, blaxel: BlaxelApi
) -> None:
    project = _example(example_project, blaxel, "many-jobs")

    preview = project.preview()

    assert ops(preview, JOB) == {"create": 3}
    assert change_summary(preview) == {"create": 5}  # the stack and its identity too
    assert preview.requests == []
    assert blaxel.requests() == []
    assert blaxel.stored_jobs() == {}


FULL_SPEC_METADATA = {
    "name": "full-spec-job",
    "displayName": "Full spec job",
    "labels": {"team": "data", "tier": "batch"},
    "externalId": "ext-full-spec-1",
}
"""The metadata examples/full-spec declares, in Blaxel's wire form."""

FULL_SPEC_SPEC = {
    "enabled": True,
    "policies": ["eu-only"],
    "region": "us-was-1",
    "revision": {
        "active": "rev-abc123",
        "canary": "rev-def456",
        "canaryPercent": 10,
        "stickySessionTtl": 0,
        "traffic": 100,
    },
    "runtime": {
        "envs": [
            {"name": "MY_ENV_VAR", "value": "my-value"},
            {"name": "API_TOKEN", "value": API_TOKEN, "secret": True},
        ],
        "generation": "mk3",
        "image": "blaxel/full-spec:1.0",
        "maxConcurrentTasks": 10,
        "maxRetries": 3,
        "memory": 2048,
        "ports": [{"target": 8080, "name": "http", "protocol": "HTTP"}],
        "timeout": 3600,
        "diskPercent": 50,
    },
    "triggers": [
        {
            "id": "hourly",
            "type": "cron",
            "enabled": True,
            "configuration": {
                "schedule": "0 * * * *",
                "tasks": [{"dataset": "daily"}, {"dataset": "weekly"}],
            },
        },
        {
            "id": "trigger-1",
            "type": "http-async",
            "enabled": True,
            "configuration": {
                "authenticationType": "blaxel",
                "callbackUrl": "https://myapp.com/webhook",
                "path": "/invoke",
                "retry": 3,
                "timeout": 300,
            },
        },
    ],
    "volumes": [{"name": "scratch", "mountPath": "/mnt/scratch", "type": "ephemeral", "sizeMb": 1024}],
    "githubRunner": {"repositories": ["my-org/repo-a"]},
}
"""The spec examples/full-spec declares, in wire form (written from the program, not from the provider)."""


def test_up_creates_the_full_spec_job_on_the_server_exactly_as_declared(
    example_project: ExampleProject, blaxel: BlaxelApi
) -> None:
    project = _example(example_project, blaxel, "full-spec")

    up = project.up()

    assert ops(up, JOB) == {"create": 1}
    assert summary(up.requests) == ["POST /v0/jobs -> 200"]  # settled at once: no status poll
    stored = blaxel.stored_jobs()
    assert list(stored) == ["full-spec-job"]
    assert stored["full-spec-job"]["status"] == "DEPLOYED"
    job = stored["full-spec-job"]["job"]

    metadata = {k: v for k, v in job["metadata"].items() if k in FULL_SPEC_METADATA}
    labels = dict(metadata["labels"])
    owner = labels.pop(OWNER_LABEL)
    assert {**metadata, "labels": labels} == FULL_SPEC_METADATA
    assert job["metadata"]["workspace"] == "local"

    spec = job["spec"]
    callback_secret = spec["triggers"][1]["configuration"].pop("callbackSecret")
    assert isinstance(callback_secret, str) and len(callback_secret) >= 16
    assert spec == FULL_SPEC_SPEC

    [resource] = project.resources(JOB)
    outputs = resource["outputs"]
    assert resource["id"] == "full-spec-job"
    assert outputs["name"] == "full-spec-job"
    assert outputs["workspace"] == "local"
    assert outputs["status"] == "DEPLOYED"
    assert owner == f"{outputs['owner']}.{outputs['claim']}"  # the holder: owner marker and claim
    assert outputs["runtime"]["image"] == "blaxel/full-spec:1.0"  # readable
    assert {e["name"]: e.get("value") for e in outputs["runtime"]["envs"]} == {
        "MY_ENV_VAR": "my-value",
        "API_TOKEN": None,
    }
    assert is_secret(outputs["secret_env_values"])
    assert is_secret(outputs["trigger_callback_secrets"])
    assert is_secret(resource["inputs"]["secret_env_values"])
    state_text = project.export_stack_text()
    for secret in (API_TOKEN, callback_secret):
        assert secret not in state_text
        assert secret not in project.all_output()
    # the state holds the right value: decrypted on demand (after the search, which must not see it)
    assert project.outputs()["trigger_callback_secrets"] == {"trigger-1": callback_secret}


@pytest.mark.parametrize("example", sorted(EXAMPLE_SETUP))
def test_second_preview_and_up_of_an_unchanged_example_change_nothing_and_send_nothing(
    example_project: ExampleProject, blaxel: BlaxelApi, example: str
) -> None:
    if example == "adopt":
        _create_job_to_adopt(blaxel)
    project = _example(example_project, blaxel, example)
    jobs = EXAMPLE_SETUP[example][2]
    first = project.up()
    assert ops(first, JOB) == {"create": jobs}
    revisions = {name: entry["revisions"] for name, entry in blaxel.stored_jobs().items()}
    assert len(revisions) == jobs

    preview = project.preview()
    assert ops(preview, JOB).keys() <= {"same"}, ops(preview, JOB)
    others = 2 + OTHER_RESOURCES.get(example, 0)  # the stack and its identity, and any execution
    assert change_summary(preview) == {"same": jobs + others}
    assert preview.requests == []

    again = project.up()
    assert ops(again, JOB) == {"same": jobs}
    assert change_summary(again) == {"same": jobs + others}
    assert summary(again.requests) == []  # diffs are local: not even a GET
    assert {name: entry["revisions"] for name, entry in blaxel.stored_jobs().items()} == revisions


def test_changing_memory_updates_the_job_in_place_with_one_put(
    example_project: ExampleProject, blaxel: BlaxelApi
) -> None:
    project = _example(example_project, blaxel, "quickstart")
    project.up()
    [name] = blaxel.stored_jobs()
    created_at = blaxel.job(name)["metadata"]["createdAt"]

    project.config_set("memory", "4096")
    preview = project.preview()
    assert ops(preview, JOB) == {"update": 1}
    assert preview.requests == []
    up = project.up()

    assert ops(up, JOB) == {"update": 1}
    assert summary(up.requests) == [f"GET /v0/jobs/{name} -> 200", f"PUT /v0/jobs/{name} -> 200"]
    job = blaxel.job(name)
    assert job["spec"]["runtime"] == {"image": "blaxel/hello-world:latest", "memory": 4096, "timeout": 600}
    assert job["metadata"]["createdAt"] == created_at  # the same job, not a new one
    assert blaxel.stored_jobs()[name]["revisions"] == 2
    [resource] = project.resources(JOB)
    assert resource["outputs"]["runtime"]["memory"] == 4096


def test_changing_the_image_of_three_jobs_sends_three_puts_and_nothing_else(
    example_project: ExampleProject, blaxel: BlaxelApi
) -> None:
    project = _example(example_project, blaxel, "many-jobs", count="3")
    project.up()
    assert sorted(blaxel.stored_jobs()) == ["job-0", "job-1", "job-2"]

    project.config_set("image", "blaxel/worker:2.0")
    up = project.up()

    assert ops(up, JOB) == {"update": 3}
    assert count(up.requests, "PUT", r"/v0/jobs/job-[0-2]") == 3
    assert count(up.requests, "POST") == count(up.requests, "DELETE") == 0
    assert sorted(writes(up.requests)) == [f"PUT /v0/jobs/job-{i}" for i in range(3)]
    stored = blaxel.stored_jobs()
    assert {name: e["job"]["spec"]["runtime"]["image"] for name, e in stored.items()} == {
        f"job-{i}": "blaxel/worker:2.0" for i in range(3)
    }


def test_renaming_the_job_replaces_it_creating_the_new_one_before_deleting_the_old(
    example_project: ExampleProject, blaxel: BlaxelApi
) -> None:
    project = _example(example_project, blaxel, "quickstart")
    project.up()
    [old] = blaxel.stored_jobs()
    assert old.startswith("hello-job-")  # derived from the resource name

    project.config_set("name", "renamed-hello-job")
    preview = project.preview()
    assert ops(preview, JOB) == {"replace": 1}
    assert preview.requests == []
    up = project.up()

    assert ops(up, JOB) == {"create-replacement": 1, "replace": 1, "delete-replaced": 1}
    assert writes(up.requests) == ["POST /v0/jobs", f"DELETE /v0/jobs/{old}"]
    assert blaxel.listed_names() == ["renamed-hello-job"]
    # the POST made the new job: it was created after the POST arrived and before the DELETE did
    [post] = [r for r in up.requests if r["method"] == "POST"]
    [delete] = [r for r in up.requests if r["method"] == "DELETE"]
    assert post["time"] <= blaxel.job("renamed-hello-job")["metadata"]["createdAt"] <= delete["time"]
    [resource] = project.resources(JOB)
    assert resource["id"] == resource["outputs"]["name"] == "renamed-hello-job"


@pytest.mark.parametrize(("example", "jobs"), [("many-jobs", 3), ("full-spec", 1)])
def test_destroy_deletes_every_job_and_leaves_the_workspace_empty(
    example_project: ExampleProject, blaxel: BlaxelApi, example: str, jobs: int
) -> None:
    project = _example(example_project, blaxel, example)
    project.up()
    assert len(blaxel.listed_names()) == jobs

    destroy = project.destroy()

    assert ops(destroy, JOB) == {"delete": jobs}
    assert count(destroy.requests, "DELETE", r"/v0/jobs/[a-z0-9-]+") == jobs
    assert count(destroy.requests, "POST") == count(destroy.requests, "PUT") == 0
    assert blaxel.listed_names() == []
    assert blaxel.stored_jobs() == {}
    assert project.resources(JOB) == []
