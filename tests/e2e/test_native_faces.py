"""The native provider from other languages: `examples/yaml`, `examples/typescript` and `examples/go` on the
real CLI.

The shared scenarios of `BlaxelJob` (preview sends nothing, create, no-op, update with one `PUT`, drift after
refresh, replace on rename, secrets never in plaintext, bad input named at preview, destroy) on the
`blaxel:index:Job` resource, driven by a YAML program (language host `pulumi-language-yaml`), a TypeScript
program (`pulumi-language-nodejs` with `@pulumi/pulumi` from npm) and a Go program (`pulumi-language-go`,
which compiles it with `go build`), the last two on the SDKs Pulumi's code generators wrote (`sdk/`). The
provider plugin is the console script `pulumi-resource-blaxel` of the test's virtualenv (first on the
commands' PATH). A missing tool (npm, go, a language host) fails the test, never skips it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.e2e.blaxel_api import BlaxelApi, ExampleProject, summary, writes
from tests.e2e.pulumi_cli import (
    REPO_ROOT,
    PulumiProject,
    detailed_diff,
    diagnostics,
    is_secret,
    ops,
)
from tests.e2e.test_language_hosts import language_host

pytestmark = pytest.mark.e2e

NATIVE_JOB = "blaxel:index:Job"
"""Type token of the native provider's job resource."""
API_TOKEN = "native-face-token-7f3c91"
"""The examples' secret env value (distinctive, to be searched for)."""
FACES = {
    "yaml": ("pulumi-language-yaml", "yaml-nightly-export"),
    "typescript": ("pulumi-language-nodejs", "ts-nightly-export"),
    "go": ("pulumi-language-go", "go-nightly-export"),
}
"""Per example: its language host and the name of the job it declares."""
DECLARED_RUNTIME = {
    "image": "blaxel/nightly-export:1.0",
    "memory": 2048,
    "generation": "mk3",
    "timeout": 3600,
    "maxRetries": 2,
}
"""The examples' runtime, as declared (envs aside)."""


def npm_ci(workdir: Path) -> None:
    """Install the TypeScript example's locked dependencies in its copy (fails, never skips, without npm)
    and type-check it."""
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail(
            "npm (Node.js 20+) is required by the TypeScript example and is not on PATH", pytrace=False
        )
    shutil.rmtree(workdir / "node_modules", ignore_errors=True)
    proc = subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund"], cwd=workdir, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, f"npm ci failed in {workdir}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    # the program type-checks under `strict` with the locked TypeScript, as in an editor
    tsc = subprocess.run(
        [str(workdir / "node_modules" / ".bin" / "tsc"), "-p", "."],
        cwd=workdir,
        capture_output=True,
        text=True,
        check=False,
    )
    assert tsc.returncode == 0, f"tsc failed in {workdir}:\n{tsc.stdout[-3000:]}\n{tsc.stderr[-3000:]}"


GO_SDK_MODULE = "github.com/blaxel-pulumi/blaxel-pulumi/sdk/go"
"""The generated Go SDK's module, which the Go example's go.mod replaces with `../../sdk/go` of the clone."""


def go_tool() -> str:
    """The `go` the language host compiles programs with (fails, never skips, without it)."""
    go = shutil.which("go")
    if go is None:
        pytest.fail("go (1.26+) is required by the Go example and is not on PATH", pytrace=False)
    return go


def go_env() -> dict[str, str]:
    """The machine's Go caches for a project whose HOME is a temporary directory (else every test compiles
    the Pulumi Go SDK from nothing), the module cache writable, no toolchain download."""
    command = [go_tool(), "env", "-json", "GOCACHE", "GOMODCACHE", "GOPATH"]
    proc = subprocess.run(command, capture_output=True, text=True, check=True)
    found: dict[str, str] = json.loads(proc.stdout)
    return {**found, "GOFLAGS": "-modcacherw", "GOTOOLCHAIN": "local"}


def go_module(workdir: Path, env: dict[str, str]) -> None:
    """Point the Go example's copy at this clone's `sdk/go` (its relative `replace` leaves the clone with
    it) and build and vet it, as an editor would (a wrong field of the generated SDK fails here)."""
    go = go_tool()
    replace = f"-replace={GO_SDK_MODULE}={REPO_ROOT / 'sdk' / 'go'}"
    for command in (["mod", "edit", replace], ["build", "-o", os.devnull, "."], ["vet", "."]):
        environment = {**os.environ, **env}
        proc = subprocess.run(
            [go, *command], cwd=workdir, env=environment, capture_output=True, text=True, check=False
        )
        assert proc.returncode == 0, f"go {' '.join(command)} failed in {workdir}:\n{proc.stderr[-3000:]}"


def face_project(
    face: str, bin_dir: Path, example_project: ExampleProject, blaxel: BlaxelApi, **config: str
) -> PulumiProject:
    """A copy of ``examples/<face>`` pointed at ``blaxel``, its secret and ``config`` set, ready to run."""
    language_host(bin_dir, FACES[face][0])
    env = {**blaxel.env, **go_env()} if face == "go" else None
    project = example_project(face, blaxel, config=config, secrets={"apiToken": API_TOKEN}, env=env)
    if face == "typescript":
        npm_ci(project.workdir)
    if env is not None:
        go_module(project.workdir, env)
    return project


@pytest.mark.parametrize("face", sorted(FACES))
def test_the_shared_lifecycle_runs_on_the_native_provider_from_another_language(
    face: str, bin_dir: Path, example_project: ExampleProject, blaxel: BlaxelApi
) -> None:
    name = FACES[face][1]
    project = face_project(face, bin_dir, example_project, blaxel)

    # preview of a new stack: one create planned, nothing sent
    preview = project.preview()
    assert ops(preview, NATIVE_JOB) == {"create": 1}
    assert preview.requests == []

    # create: one POST (rollouts settle at once here), the job exactly as declared, the secret sent as one
    up = project.up()
    assert ops(up, NATIVE_JOB) == {"create": 1}
    assert writes(up.requests) == ["POST /v0/jobs"], summary(up.requests)
    job = blaxel.job(name)
    runtime = dict(job["spec"]["runtime"])
    envs = {e["name"]: e for e in runtime.pop("envs")}
    assert runtime == DECLARED_RUNTIME
    assert envs["LOG_LEVEL"]["value"] == "info"
    assert envs["API_TOKEN"].get("secret") is True
    assert blaxel.stored_jobs()[name]["job"]["spec"]["runtime"]["envs"][1]["value"] == API_TOKEN
    assert job["metadata"]["labels"]["team"] == "data"
    assert job["spec"]["triggers"][0]["configuration"]["schedule"] == "0 2 * * *"
    outputs = project.outputs()
    assert (outputs["name"], outputs["workspace"], outputs["status"]) == (name, "local", "DEPLOYED")
    [resource] = project.resources(NATIVE_JOB)
    assert resource["id"] == name

    # no-op: nothing planned, nothing sent (not even a GET)
    again = project.preview()
    assert ops(again, NATIVE_JOB).keys() <= {"same"}
    assert again.requests == []
    same = project.up()
    assert ops(same, NATIVE_JOB) == {"same": 1}
    assert summary(same.requests) == []

    # update in place: the detailed diff names the nested property; one PUT
    project.config_set("memory", "4096")
    planned = project.preview()
    assert ops(planned, NATIVE_JOB) == {"update": 1}
    assert detailed_diff(planned, NATIVE_JOB) == ["runtime.memory"]
    assert planned.requests == []
    updated = project.up()
    assert ops(updated, NATIVE_JOB) == {"update": 1}
    assert summary(updated.requests) == [f"GET /v0/jobs/{name} -> 200", f"PUT /v0/jobs/{name} -> 200"]
    assert blaxel.job(name)["spec"]["runtime"]["memory"] == 4096

    # drift: refresh sees an out-of-band change, up puts the declared job back with one PUT
    blaxel.edit_job(name, {"runtime.memory": 8192})
    refresh = project.refresh()
    assert ops(refresh, NATIVE_JOB, outcome=True) == {"update": 1}
    assert summary(refresh.requests) == [f"GET /v0/jobs/{name} -> 200"]
    restored = project.up()
    assert ops(restored, NATIVE_JOB) == {"update": 1}
    assert summary(restored.requests) == [f"GET /v0/jobs/{name} -> 200", f"PUT /v0/jobs/{name} -> 200"]
    assert blaxel.job(name)["spec"]["runtime"]["memory"] == 4096
    assert ops(project.refresh(), NATIVE_JOB, outcome=True) == {"same": 1}

    # replace on rename: the new job is created before the old one is deleted
    project.config_set("name", f"{name}-renamed")
    assert ops(project.preview(), NATIVE_JOB) == {"replace": 1}
    replaced = project.up()
    assert ops(replaced, NATIVE_JOB) == {"create-replacement": 1, "replace": 1, "delete-replaced": 1}
    assert writes(replaced.requests) == ["POST /v0/jobs", f"DELETE /v0/jobs/{name}"]
    assert blaxel.listed_names() == [f"{name}-renamed"]

    # the secret never in plaintext: not in any command's output, not in the state
    state = project.export_stack_text()
    assert API_TOKEN not in project.all_output()
    assert API_TOKEN not in state
    [resource] = project.resources(NATIVE_JOB)
    assert is_secret(resource["outputs"]["secretEnvValues"])

    # destroy: the job is deleted, the workspace left empty
    destroy = project.destroy()
    assert ops(destroy, NATIVE_JOB) == {"delete": 1}
    assert writes(destroy.requests) == [f"DELETE /v0/jobs/{name}-renamed"]
    assert blaxel.listed_names() == []
    assert project.resources(NATIVE_JOB) == []


@pytest.mark.parametrize(
    "face",
    ["yaml", pytest.param("typescript", marks=pytest.mark.heavy)],  # the check is the provider's
)
def test_bad_input_fails_at_preview_naming_the_field_without_a_traceback_or_a_request(
    face: str, bin_dir: Path, example_project: ExampleProject, blaxel: BlaxelApi
) -> None:
    project = face_project(face, bin_dir, example_project, blaxel, name="Bad_Name")

    preview = project.preview(check=False)

    assert preview.returncode != 0, preview.output[-3000:]
    errors = diagnostics(preview, "error")
    assert any("name" in message and "pattern" in message for message in errors), errors
    assert "Traceback" not in "\n".join(errors), errors
    up = project.run("up", "--yes", "--skip-preview", check=False)  # console text, as a person runs it
    assert up.returncode != 0
    assert "Traceback" not in up.output, up.output[-3000:]
    assert blaxel.requests() == []
    assert blaxel.stored_jobs() == {}


def test_a_secret_env_leaves_the_rest_of_the_runtime_readable(
    bin_dir: Path, example_project: ExampleProject, blaxel: BlaxelApi
) -> None:
    """As with `BlaxelJob` (examples/secrets: "`runtime` stays readable in diffs"): only the secret env's
    value is a secret; a memory change shows in the diff and the runtime's other fields in the state."""
    project = face_project("yaml", bin_dir, example_project, blaxel)
    project.up()
    [resource] = project.resources(NATIVE_JOB)
    assert is_secret(resource["outputs"]["secretEnvValues"])
    assert API_TOKEN not in project.export_stack_text()

    assert not is_secret(resource["outputs"]["runtime"]), "the whole runtime output is a secret"
    assert resource["outputs"]["runtime"]["memory"] == 2048
    project.config_set("memory", "4096")
    diff = project.run("preview", "--diff")
    assert "memory: 2048 => 4096" in diff.stdout, diff.stdout[-2000:]
