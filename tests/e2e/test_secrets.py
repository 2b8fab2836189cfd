"""Secrets stay secret through a whole lifecycle: canary values are searched for in every byte the CLI
printed and every file it wrote (state, history, config), and must never be found in plaintext."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from blaxel_pulumi.emulator import ApiKey
from tests.e2e.blaxel_api import JOB, BlaxelApi, ExampleProject, StartBlaxel, summary, writes
from tests.e2e.pulumi_cli import PulumiProject, diagnostics, is_secret, ops

pytestmark = pytest.mark.e2e


DB_PASSWORD = "canary-db-pw-7f3a9"
DB_PASSWORD_ROTATED = "canary-db-pw-rotated-5d21"
API_KEY = "canary-api-key-c41d"
BLAXEL_KEY = "canary-blaxel-key-9e2b"
"""The API key of the local Blaxel API, given only as the secret stack config `blaxel:apiKey`."""
CANARIES = (DB_PASSWORD, DB_PASSWORD_ROTATED, API_KEY, BLAXEL_KEY)


def _files_with(root: Path, needle: str, skip: tuple[Path, ...]) -> list[str]:
    """Files under ``root`` (except under ``skip``) whose bytes contain ``needle``."""
    found = []
    for path in root.rglob("*"):
        skipped = any(path.is_relative_to(s) for s in skip)
        if not skipped and path.is_file() and needle.encode() in path.read_bytes():
            found.append(str(path.relative_to(root)))
    return found


def _server_envs(api: BlaxelApi) -> dict[str, str | None]:
    """The env values of the one job on the server, secret ones shown."""
    [name] = api.stored_jobs()
    envs = api.job(name)["spec"]["runtime"]["envs"]
    return {e["name"]: e.get("value") for e in envs}


def test_secret_values_and_the_api_key_never_appear_in_plaintext_in_output_or_state(
    start_blaxel: StartBlaxel, example_project: ExampleProject
) -> None:
    blaxel = start_blaxel(extra_keys=[ApiKey(key=BLAXEL_KEY, workspace="local", admin=True)])
    env = {k: v for k, v in blaxel.env.items() if k != "BL_API_KEY"}  # the key comes from stack config only
    project = example_project(
        "secrets",
        blaxel,
        secrets={"dbPassword": DB_PASSWORD, "apiKey": API_KEY, "blaxel:apiKey": BLAXEL_KEY},
        env=env,
    )

    assert ops(project.preview(), JOB) == {"create": 1}
    up = project.up()
    assert ops(up, JOB) == {"create": 1}
    # the values did reach Blaxel (so not finding them below means something)
    assert _server_envs(blaxel) == {
        "DB_HOST": "db.internal",
        "DB_PASSWORD": DB_PASSWORD,
        "API_KEY": API_KEY,
    }

    [resource] = project.resources(JOB)
    assert is_secret(resource["outputs"]["secret_env_values"])
    assert is_secret(resource["inputs"]["secret_env_values"])
    runtime = resource["outputs"]["runtime"]
    assert runtime["image"] == "blaxel/etl:2.0"  # non-secret fields stay readable
    assert {e["name"]: e.get("value") for e in runtime["envs"]} == {
        "DB_HOST": "db.internal",
        "DB_PASSWORD": None,
        "API_KEY": None,
    }

    project.config_set("dbPassword", DB_PASSWORD_ROTATED, secret=True)
    diff = project.run("preview", "--diff")
    assert "update" in diff.stdout and diff.requests == []
    refresh = project.refresh()
    assert ops(refresh, JOB, outcome=True) == {"same": 1}
    rotate = project.run("up", "--yes", "--skip-preview", "--diff")
    # One GET (whose the job is, and what it is now), then one PUT.
    assert [r["method"] for r in rotate.requests] == ["GET", "PUT"]
    assert _server_envs(blaxel)["DB_PASSWORD"] == DB_PASSWORD_ROTATED

    state = project.export_stack_text()
    project.run("stack", "output", "--stack", project.stack)
    project.run("stack", "output", "--json", "--stack", project.stack)
    destroy = project.destroy()
    assert ops(destroy, JOB) == {"delete": 1}
    assert blaxel.stored_jobs() == {}

    printed = project.all_output()
    tmp = project.workdir.parent
    for canary in CANARIES:
        assert canary not in printed, f"{canary} printed by a pulumi command"
        assert canary not in state, f"{canary} in the exported state"
        assert _files_with(tmp, canary, skip=(blaxel.db_path.parent,)) == []


ADOPT_SECRET = Path(__file__).parent / "programs" / "adopt_secret"
SERVER_SECRET = "canary-server-secret-31c7"
"""The value the existing job's secret env var has (made outside Pulumi)."""
GIVEN_SECRET = "canary-given-secret-a58e"


def test_adopting_a_job_never_overwrites_a_secret_the_program_gives_no_value(
    blaxel: BlaxelApi, make_project: Callable[..., PulumiProject], tmp_path: Path
) -> None:
    """A secret env var declared without a value is refused at preview (it was already on this face: the
    SDK drops a None value). Before: given the value Blaxel shows for it (`***`, copied from the console),
    `adopt=True` took the job over and sent the mask, which replaced the job's secret. Now: preview and up
    fail naming the env var, nothing is sent; with the real value given, it is sent."""
    blaxel.create_job(
        {
            "metadata": {"name": "legacy-etl"},
            "spec": {
                "runtime": {
                    "image": "blaxel/legacy:0.9",
                    "memory": 1024,
                    "envs": [
                        {"name": "MODE", "value": "full"},
                        {"name": "AWS_SECRET", "value": SERVER_SECRET, "secret": True},
                    ],
                }
            },
        }
    )
    home = tmp_path / "user-home"
    home.mkdir()
    project = make_project(ADOPT_SECRET, env={**blaxel.env, "HOME": str(home)})
    project.request_log = blaxel

    for command in (project.preview, project.up):
        refused = command(check=False)
        assert refused.returncode != 0
        said = "\n".join(diagnostics(refused, "error"))
        assert "runtime.envs[1] (`AWS_SECRET`) is secret but has no value" in said, said
        assert "pulumi config set --secret" in said, said
        assert writes(refused.requests) == [], summary(refused.requests)
    assert _server_envs(blaxel)["AWS_SECRET"] == SERVER_SECRET

    # the value as Blaxel shows it (`bl get job`, the console), copied into the program: the mask
    project.config_set("awsSecret", "***", secret=True)
    for command in (project.preview, project.up):
        refused = command(check=False)
        assert refused.returncode != 0
        said = "\n".join(diagnostics(refused, "error"))
        assert "runtime.envs[1] (`AWS_SECRET`) is secret and its value is the mask Blaxel shows" in said, said
        assert writes(refused.requests) == [], summary(refused.requests)
    assert _server_envs(blaxel)["AWS_SECRET"] == SERVER_SECRET

    project.config_set("awsSecret", GIVEN_SECRET, secret=True)
    up = project.up()
    assert ops(up, JOB) == {"create": 1}
    assert writes(up.requests) == ["PUT /v0/jobs/legacy-etl"], summary(up.requests)
    assert _server_envs(blaxel) == {"MODE": "full", "AWS_SECRET": GIVEN_SECRET}
    [resource] = project.resources(JOB)
    assert is_secret(resource["outputs"]["secret_env_values"])
    assert "***" not in project.export_stack_text()  # the mask is not kept (server_fields) either

    state = project.export_stack_text()
    project.destroy()
    for canary in (SERVER_SECRET, GIVEN_SECRET):
        assert canary not in state
        assert canary not in project.all_output()
        assert _files_with(tmp_path, canary, skip=(blaxel.db_path.parent,)) == []
