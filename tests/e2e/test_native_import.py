"""`pulumi import` of a job made outside Pulumi, on the native provider, with the real CLI.

The dynamic `BlaxelJob` cannot be imported (pulumi/pulumi#16175); the native resource can: the engine calls
the provider's `Read` with the job's name only, stores the job, and prints the program code to add. Here the
project is a YAML one: the generated code is pasted into its `Pulumi.yaml`, after which `pulumi preview` and
`pulumi up` show no change and send nothing. This CLI's `pulumi import` marks the imported resource
`protect: true` (in the state and in the generated code), so `pulumi destroy` refuses until the option is
removed; then the job, now adopted by the stack, is deleted like any other.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.e2e.blaxel_api import BlaxelApi, summary, writes
from tests.e2e.pulumi_cli import PulumiProject, diagnostics, ops

pytestmark = pytest.mark.e2e

NATIVE_JOB = "blaxel:index:Job"
LEGACY = "legacy-etl"
"""The job made outside Pulumi."""
LEGACY_JOB: dict[str, Any] = {
    "metadata": {"name": LEGACY, "displayName": "Legacy ETL", "labels": {"made-by": "console"}},
    "spec": {
        "runtime": {
            "image": "blaxel/legacy:0.9",
            "memory": 1024,
            "timeout": 900,
            "envs": [{"name": "MODE", "value": "full"}],
        },
        "triggers": [{"id": "nightly", "type": "cron", "configuration": {"schedule": "0 3 * * *"}}],
    },
}
EMPTY_YAML_PROJECT = "name: imported\nruntime: yaml\nresources: {}\n"


def _import(
    tmp_path: Path, bin_dir: Path, blaxel: BlaxelApi, *extra: str, job: dict[str, Any] = LEGACY_JOB
) -> tuple[PulumiProject, Any, dict[str, Any]]:
    """An empty YAML project that imports the legacy job: the project, the command, the generated code."""
    source = tmp_path / "src" / "imported"
    source.mkdir(parents=True)
    (source / "Pulumi.yaml").write_text(EMPTY_YAML_PROJECT, encoding="utf-8")
    user_home = tmp_path / "user-home"
    user_home.mkdir()
    project = PulumiProject.from_dir(source, tmp_path, bin_dir, {**blaxel.env, "HOME": str(user_home)})
    project.request_log = blaxel
    blaxel.create_job(job)
    blaxel.clear_requests()
    generated = tmp_path / "generated.yaml"
    result = project.run("import", NATIVE_JOB, "legacy", LEGACY, "--yes", "--out", str(generated), *extra)
    code: dict[str, Any] = yaml.safe_load(generated.read_text(encoding="utf-8"))
    return project, result, code


def _paste(project: PulumiProject, code: dict[str, Any]) -> None:
    """Add the generated resources to the project's program, as the CLI tells the user to."""
    path = project.workdir / "Pulumi.yaml"
    program = yaml.safe_load(path.read_text(encoding="utf-8"))
    program["resources"] = {**(program.get("resources") or {}), **code["resources"]}
    path.write_text(yaml.safe_dump(program, sort_keys=False), encoding="utf-8")


def test_import_of_a_job_made_outside_pulumi_round_trips_to_no_changes(
    tmp_path: Path, bin_dir: Path, blaxel: BlaxelApi
) -> None:
    project, imported, code = _import(tmp_path, bin_dir, blaxel)

    # the import reads the job (GETs only) and stores it under the stack, protected
    assert writes(imported.requests) == [], summary(imported.requests)
    assert f"GET /v0/jobs/{LEGACY} -> 200" in summary(imported.requests)
    [resource] = project.resources(NATIVE_JOB)
    assert resource["id"] == LEGACY
    assert resource["protect"] is True  # this CLI's default for `pulumi import`
    # the generated code declares the job as it is on the server
    [(logical, declared)] = code["resources"].items()
    assert logical == "legacy"
    assert declared["type"] in ("blaxel:Job", NATIVE_JOB)
    props = declared["properties"]
    assert props["name"] == LEGACY
    assert props["displayName"] == "Legacy ETL"
    assert props["runtime"]["image"] == "blaxel/legacy:0.9"
    assert props["runtime"]["memory"] == 1024
    assert props["runtime"]["envs"] == [{"name": "MODE", "value": "full"}]
    assert props["triggers"][0]["configuration"]["schedule"] == "0 3 * * *"
    assert declared["options"]["protect"] is True

    _paste(project, code)
    preview = project.preview()
    assert ops(preview, NATIVE_JOB).keys() <= {"same"}, ops(preview, NATIVE_JOB)
    assert preview.requests == []
    up = project.up()
    assert ops(up, NATIVE_JOB) == {"same": 1}
    assert summary(up.requests) == []

    # destroy refuses while the job is protected, and sends nothing
    refused = project.destroy(check=False)
    assert refused.returncode != 0
    assert "protected" in refused.output
    assert writes(refused.requests) == []
    assert blaxel.listed_names() == [LEGACY]

    # without `protect`, the adopted job is the stack's: destroy deletes it
    path = project.workdir / "Pulumi.yaml"
    program = yaml.safe_load(path.read_text(encoding="utf-8"))
    del program["resources"]["legacy"]["options"]["protect"]
    path.write_text(yaml.safe_dump(program, sort_keys=False), encoding="utf-8")
    unprotected = project.up()
    assert writes(unprotected.requests) == []
    destroy = project.destroy()
    assert ops(destroy, NATIVE_JOB) == {"delete": 1}
    assert writes(destroy.requests) == [f"DELETE /v0/jobs/{LEGACY}"]
    assert blaxel.listed_names() == []


def test_import_of_a_job_made_outside_pulumi_warns_of_nothing(
    tmp_path: Path, bin_dir: Path, blaxel: BlaxelApi
) -> None:
    """The engine checks the inputs `Read` returns against the schema: they must be valid inputs."""
    _project, imported, _code = _import(tmp_path, bin_dir, blaxel)

    warnings = [m for m in diagnostics(imported, "warning") if "pulumi-resource-blaxel from $PATH" not in m]
    assert "failed to validate" not in imported.output, warnings or imported.output[-3000:]
    assert "unknown field" not in imported.output, imported.output[-3000:]


SERVER_SECRET = "canary-aws-secret-5e0c"
"""The value the job's secret env var has on the server (made outside Pulumi)."""
PROGRAM_SECRET = "canary-aws-given-8d13"
"""The value the program then gives it."""
SECRET_JOB: dict[str, Any] = {
    "metadata": LEGACY_JOB["metadata"],
    "spec": {
        **LEGACY_JOB["spec"],
        "runtime": {
            **LEGACY_JOB["spec"]["runtime"],
            "envs": [
                {"name": "MODE", "value": "full"},
                {"name": "AWS_SECRET", "value": SERVER_SECRET, "secret": True},
            ],
        },
    },
}


def _files_containing(root: Path, needle: str, skip: Path) -> list[str]:
    return [
        str(path.relative_to(root))
        for path in root.rglob("*")
        if path.is_file() and not path.is_relative_to(skip) and needle.encode() in path.read_bytes()
    ]


def test_an_imported_secret_env_var_is_never_overwritten_with_the_mask(
    tmp_path: Path, bin_dir: Path, blaxel: BlaxelApi
) -> None:
    """Before: the generated code declares the secret env var without a value (Blaxel masks it); pasted,
    preview showed only `+ secretEnvValues` and `up` sent `***`, the mask, which replaced the job's secret.
    Now: preview fails naming the env var and how to give it a value, nothing is sent; with the value given
    (a secret config value), `up` sends it and it is a secret everywhere."""
    project, imported, code = _import(tmp_path, bin_dir, blaxel, job=SECRET_JOB)
    assert writes(imported.requests) == []
    [(_logical, declared)] = code["resources"].items()
    envs = declared["properties"]["runtime"]["envs"]
    assert {"name": "AWS_SECRET", "secret": True} in envs, envs  # Blaxel shows no value: none to write
    assert "AWS_SECRET" in imported.output and "no value" in imported.output  # the import says so

    _paste(project, code)
    for command in (project.preview, project.up):
        refused = command(check=False)
        assert refused.returncode != 0
        said = "\n".join(diagnostics(refused, "error"))
        assert "runtime.envs[1] (`AWS_SECRET`) is secret but has no value" in said, said
        assert "pulumi config set --secret" in said, said
        assert writes(refused.requests) == []
    assert _server_env(blaxel) == SERVER_SECRET

    # the user gives the value (a secret config value): `up` sends it, once
    path = project.workdir / "Pulumi.yaml"
    program = yaml.safe_load(path.read_text(encoding="utf-8"))
    program["config"] = {"awsSecret": {"type": "string", "secret": True}}
    envs = program["resources"]["legacy"]["properties"]["runtime"]["envs"]
    [secret_env] = [e for e in envs if e.get("secret")]
    secret_env["value"] = "${awsSecret}"
    path.write_text(yaml.safe_dump(program, sort_keys=False), encoding="utf-8")
    project.config_set("awsSecret", PROGRAM_SECRET, secret=True)
    preview = project.preview()
    assert ops(preview, NATIVE_JOB) == {"update": 1}, ops(preview, NATIVE_JOB)
    up = project.up()
    assert writes(up.requests) == [f"PUT /v0/jobs/{LEGACY}"]
    assert _server_env(blaxel) == PROGRAM_SECRET
    assert ops(project.preview(), NATIVE_JOB).keys() <= {"same"}

    state = project.export_stack_text()
    for canary in (SERVER_SECRET, PROGRAM_SECRET):
        assert canary not in state
        assert canary not in project.all_output()
        assert _files_containing(tmp_path, canary, skip=blaxel.db_path.parent) == []


def _server_env(blaxel: BlaxelApi) -> str | None:
    """The value of `AWS_SECRET` on the server, shown."""
    envs = blaxel.job(LEGACY)["spec"]["runtime"]["envs"]
    value: str | None = {e["name"]: e.get("value") for e in envs}["AWS_SECRET"]
    return value
