"""Pulumi's resource options and CLI flags on both faces, on the real CLI against the local Blaxel API.

The program (`tests/e2e/programs/options`) declares one job `nightly`, as a `BlaxelJob` (face `dynamic`) or a
`blaxel:index:Job` (face `native`), with `replace_on_changes` and `custom_timeouts` from stack config.

* `replace_on_changes`: the engine applies it to the changed properties a provider's diff names; the dynamic
  provider protocol names none, so `BlaxelJob` passes the paths to its provider, which applies them. A
  replacement keeps the job's name, so the old job is deleted first (one job left, with the new settings).
* `custom_timeouts`: the engine passes them to a native provider's create, update and delete, never to a
  dynamic provider; `BlaxelJob` passes them to its provider. Either way they bound the waits.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.blaxel_api import JOB, BlaxelApi, writes
from tests.e2e.pulumi_cli import CommandResult, PulumiProject, diagnostics, ops

pytestmark = pytest.mark.e2e

PROGRAM = Path(__file__).parent / "programs" / "options"
TYPES = {"dynamic": JOB, "native": "blaxel:index:Job"}
"""The job's type token on each face."""
IDENTITY_URN = (
    "urn:pulumi:dev::blaxel-options::pulumi-python:dynamic/blaxel:StackIdentity::blaxel-stack-identity"
)
"""The dynamic face's stack identity in the test's stack."""


@pytest.fixture(params=sorted(TYPES))
def face(request: pytest.FixtureRequest) -> str:
    """The face under test."""
    return str(request.param)


@pytest.fixture
def project(
    face: str, make_project: Callable[..., PulumiProject], blaxel: BlaxelApi, tmp_path: Path
) -> PulumiProject:
    """The options program on ``face`` against the local API, with the request log attached."""
    home = tmp_path / "user-home"  # no ~/.blaxel/config.yaml of the machine can leak in
    home.mkdir()
    project = make_project(PROGRAM, env={**blaxel.env, "HOME": str(home)})
    project.request_log = blaxel
    project.write_config({"face": face})
    return project


def _waited(result: CommandResult, option: str) -> float:
    """Seconds the failed wait of ``result`` took, from its error, which must name ``option``."""
    message = " ".join(diagnostics(result, "error"))
    assert f"customTimeouts ({option})" in message, message
    found = re.search(r"after waiting ([0-9.]+) s", message) or re.search(r"within ([0-9.]+)s", message)
    if found is None:
        found = re.search(r"still there ([0-9.]+)s after", message)
    assert found is not None, message
    return float(found.group(1))


def _in_state(project: PulumiProject, face: str) -> list[dict[str, Any]]:
    return project.resources(TYPES[face])


def _job_in_state(project: PulumiProject, face: str) -> dict[str, object]:
    [resource] = project.resources(TYPES[face])
    outputs: dict[str, object] = resource["outputs"]
    return outputs


def test_replace_on_changes_replaces_the_job_and_leaves_one_with_the_new_settings(
    face: str, project: PulumiProject, blaxel: BlaxelApi
) -> None:
    project.write_config({"replaceOnChanges": "runtime.image"})
    project.up()
    name = project.outputs()["jobName"]
    assert list(blaxel.stored_jobs()) == [name]

    # a change of a property the option does not cover is an update in place
    project.write_config({"memory": "4096"})
    assert ops(project.preview(), TYPES[face]) == {"update": 1}

    project.write_config({"image": "registry.example.com/etl:2"})
    preview = project.preview()
    assert ops(preview, TYPES[face]) == {"replace": 1}
    assert preview.requests == []
    up = project.up()
    # the replacement keeps the job's name: the old job is deleted first, then the new one created
    assert writes(up.requests) == [f"DELETE /v0/jobs/{name}", "POST /v0/jobs"], up.requests
    assert list(blaxel.stored_jobs()) == [name]
    runtime = blaxel.job(name)["spec"]["runtime"]
    assert (runtime["image"], runtime["memory"]) == ("registry.example.com/etl:2", 4096)
    outputs = _job_in_state(project, face)
    assert outputs["name"] == name
    assert isinstance(outputs["runtime"], dict)
    assert outputs["runtime"]["image"] == "registry.example.com/etl:2"
    assert project.outputs()["image"] == "registry.example.com/etl:2"

    # converged: nothing planned, nothing sent
    again = project.up()
    assert ops(again, TYPES[face]).keys() <= {"same"}
    assert writes(again.requests) == []


def test_custom_timeouts_bound_the_waits_of_create_update_and_delete(
    face: str, project: PulumiProject, blaxel: BlaxelApi
) -> None:
    blaxel.control.post("/settings", json={"deploy_seconds": 12.0}).raise_for_status()
    project.write_config({"createTimeout": "2s"})
    failed = project.up(check=False)
    assert failed.returncode != 0
    assert _waited(failed, "create: 2s") < 4  # not the 12 s of the rollout
    if face == "dynamic":
        assert blaxel.stored_jobs() == {}  # rolled back, as after any failed create
    else:  # a partial create: the job is kept, and in the state (tests/e2e/test_native_timeouts.py)
        [kept] = _in_state(project, face)
        assert list(blaxel.stored_jobs()) == [kept["id"]]
        project.destroy()  # its rollout has 12 s to go: start again from an empty stack

    blaxel.control.post("/settings", json={"deploy_seconds": 0.0}).raise_for_status()
    project.write_config({"createTimeout": "5m", "updateTimeout": "2s"})
    project.up()
    name = project.outputs()["jobName"]

    blaxel.control.post("/settings", json={"deploy_seconds": 12.0}).raise_for_status()
    project.write_config({"memory": "4096"})
    late = project.up(check=False)
    assert late.returncode != 0
    assert _waited(late, "update: 2s") < 4

    blaxel.control.post("/settings", json={"deploy_seconds": 0.0, "delete_seconds": 12.0}).raise_for_status()
    project.write_config({"memory": "2048", "deleteTimeout": "2s"})
    project.up()  # records the delete timeout (the dynamic face reads it from the stored outputs)
    gone = project.destroy(check=False)
    assert gone.returncode != 0
    assert _waited(gone, "delete: 2s") < 4
    assert name in blaxel.stored_jobs()  # still being deleted


def test_up_with_target_creates_the_targeted_job_of_a_new_stack(
    face: str, project: PulumiProject, blaxel: BlaxelApi
) -> None:
    project.write_config({"jobName": "targeted"})
    urn = f"urn:pulumi:dev::blaxel-options::{TYPES[face]}::nightly"
    if face == "dynamic":
        # The job's ownership marker and auto-name derive from the stack identity, a resource of the
        # stack that `--target` leaves out (the native face keeps it in its provider, which the engine
        # always includes): the first targeted run must name it, and the warning says how.
        identity = IDENTITY_URN
        failed = project.up("--target", urn, check=False)
        assert failed.returncode != 0
        assert blaxel.stored_jobs() == {}
        warning = " ".join(diagnostics(failed, "warning"))
        assert f"--target '{identity}'" in warning, diagnostics(failed)
        assert "--target '**::blaxel-stack-identity'" in warning
        project.up("--target", urn, "--target", "**::blaxel-stack-identity")
    else:
        project.up("--target", urn)
    assert list(blaxel.stored_jobs()) == ["targeted"]

    # later targeted runs need only the job
    project.write_config({"memory": "4096"})
    updated = project.up("--target", urn)
    assert ops(updated, TYPES[face]) == {"update": 1}
    assert blaxel.job("targeted")["spec"]["runtime"]["memory"] == 4096


@pytest.mark.parametrize("face", ["dynamic"])  # the native face keeps its identity in its provider
def test_up_with_target_of_an_auto_named_job_of_a_new_stack_names_the_identity_not_name(
    project: PulumiProject, blaxel: BlaxelApi
) -> None:
    urn = f"urn:pulumi:dev::blaxel-options::{JOB}::nightly"  # no jobName: an auto-name

    failed = project.run("up", "--yes", "--skip-preview", "--target", urn, check=False)

    assert failed.returncode != 0
    assert blaxel.stored_jobs() == {}
    job_errors = [line.strip() for line in failed.stdout.split("Diagnostics:", 1)[1].splitlines()]
    start = job_errors.index(f"{JOB} (nightly):")
    assert job_errors[start + 1] == (
        f"error: {JOB} resource 'nightly' has a problem: name is not set, and the auto-name is not known: "
        "it derives from the stack identity `blaxel-stack-identity`, which this run does not create "
        "(`pulumi up --target` left it out). On the stack's first targeted run, target the identity too "
        "(`--target '**::blaxel-stack-identity'`), or set `name`."
    ), failed.stdout
    assert f"--target '{IDENTITY_URN}'" in failed.stdout  # the identity's own warning

    project.run("up", "--yes", "--skip-preview", "--target", urn, "--target", "**::blaxel-stack-identity")
    [name] = blaxel.stored_jobs()
    assert name.startswith("nightly-")
