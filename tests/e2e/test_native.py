"""The native provider (`pulumi-resource-blaxel`, `blaxel:index:Job`) on the real CLI: the shared scenarios of
`BlaxelJob` (preview sends nothing, create, no-op, update with one PUT, replace on rename, drift after
refresh, secrets never in plaintext, bad input named at preview, destroy), for each program face.

A face is a program in `tests/e2e/programs/` that declares one job `nightly` of type `blaxel:index:Job`
and honours the same stack config: `jobName` (the job's `name`; unset: an auto-name), `memory` (default
2048), `mode` (value of env MODE, default `full`), `token` (secret: env TOKEN, marked secret), `schedule`
(the cron trigger's, default `0 2 * * *`); it exports `jobName` and `url`. Add a face to `FACES`.

The plugin the engine runs is the one of this checkout's virtualenv: its `bin` is first on `PATH` (an
ambient plugin), `PULUMI_HOME` is empty (no cached plugin can win), and each test asserts the path the
engine reports for it. The face `yaml-standalone` is the YAML program served by the standalone plugin
instead (`make plugin-standalone`: one executable, no Python needed), installed with `pulumi plugin install
resource blaxel <version> --file <archive>` into the test's `PULUMI_HOME`, the commands run with a `PATH` of
two directories: the pulumi CLI's and one whose `python3` has neither pulumi nor blaxel-pulumi
(`tests/e2e/standalone_plugin.py`; the archive is built once per change of the sources or the lock).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from blaxel_pulumi._version import __version__
from blaxel_pulumi.emulator import ApiKey
from blaxel_pulumi.native.schema import load_schema
from tests.e2e.blaxel_api import BlaxelApi, StartBlaxel, summary
from tests.e2e.pulumi_cli import CommandResult, PulumiProject, is_secret, ops
from tests.e2e.standalone_plugin import CleanPath, clean_path, install, standalone_archive

pytestmark = pytest.mark.e2e

PROGRAMS = Path(__file__).parent / "programs"
STANDALONE = "yaml-standalone"
"""The face served by the standalone plugin archive, with a clean `PATH`."""
FACES: dict[str, Path] = {
    "python": PROGRAMS / "native_python",
    "yaml": PROGRAMS / "native_yaml",
    STANDALONE: PROGRAMS / "native_yaml",
}
"""Program faces of the native provider: each honours the config contract of the module docstring."""
JOB = "blaxel:index:Job"
PLUGIN = Path(sys.executable).parent / "pulumi-resource-blaxel"
"""The plugin the tests must run: this virtualenv's console script."""
TOKEN = "native-canary-token-5f1d"
"""The secret env value, searched for everywhere."""


@pytest.fixture(params=sorted(FACES))
def face(request: pytest.FixtureRequest) -> str:
    """The program face under test."""
    return str(request.param)


@pytest.fixture(scope="module")
def standalone(bin_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, CleanPath]:
    """The standalone plugin's archive (built, or from the build cache) and the clean `PATH` it runs with."""
    return standalone_archive(), clean_path(bin_dir, tmp_path_factory.mktemp("clean-path"))


@pytest.fixture
def native(
    face: str,
    make_project: Callable[..., PulumiProject],
    blaxel: BlaxelApi,
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> PulumiProject:
    """The face's program against the local API, with the request log attached (and for the standalone
    face, its plugin installed and the clean `PATH`)."""
    home = tmp_path / "user-home"  # no ~/.blaxel/config.yaml of the machine can leak in
    home.mkdir()
    env = {**blaxel.env, "HOME": str(home)}
    if face == STANDALONE:
        archive, path = request.getfixturevalue("standalone")
        env["PATH"] = path.value
        env["TMPDIR"] = str(tmp_path / "tmp")  # where the executable unpacks itself at each start
        (tmp_path / "tmp").mkdir()
    project = make_project(FACES[face], env=env)
    project.request_log = blaxel
    if face == STANDALONE:
        install(project.bin_dir / "pulumi", archive, project.env)
    return project


def _plugin(native: PulumiProject, face: str) -> Path:
    """The executable the engine must run for ``face``."""
    if face != STANDALONE:
        return PLUGIN
    home = Path(native.env["PULUMI_HOME"])
    return home / "plugins" / f"resource-blaxel-v{__version__}" / "pulumi-resource-blaxel"


def _assert_this_plugin(result: CommandResult, face: str) -> None:
    text = result.stdout + result.stderr
    if face == STANDALONE:  # nothing on the clean PATH: the installed plugin, or the command fails
        assert "pulumi-resource-blaxel from $PATH" not in text, text[-3000:]
        return
    assert f"using pulumi-resource-blaxel from $PATH at {PLUGIN}" in text, text[-3000:]


def _no_traceback(result: CommandResult) -> None:
    text = result.stdout + result.stderr
    assert "Traceback" not in text and 'File "' not in text, text[-3000:]


def _job_name(project: PulumiProject) -> str:
    [resource] = project.resources(JOB)
    return str(resource["id"])


def _steps(preview: CommandResult) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = preview.json()["steps"]
    return [s for s in steps if (s.get("newState") or s.get("oldState") or {}).get("type") == JOB]


def test_lifecycle_preview_create_noop_update_replace_destroy(
    native: PulumiProject, blaxel: BlaxelApi, face: str
) -> None:
    preview = native.preview()
    _assert_this_plugin(preview, face)
    assert ops(preview, JOB) == {"create": 1}
    assert preview.requests == []  # preview sends nothing

    created = native.up()
    assert ops(created, JOB) == {"create": 1}
    name = _job_name(native)
    assert summary(created.requests) == ["POST /v0/jobs -> 200"]
    assert blaxel.job(name)["spec"]["runtime"]["memory"] == 2048
    assert native.outputs()["jobName"] == name
    [resource] = native.resources(JOB)
    owner, claim = resource["inputs"]["owner"], resource["outputs"]["claim"]
    assert len(owner) == 32 and len(claim) == 8
    assert blaxel.job(name)["metadata"]["labels"] == {"blaxel-pulumi.owner": f"{owner}.{claim}"}

    noop = native.up()
    assert ops(noop, JOB) == {"same": 1}
    assert [r for r in noop.requests if r["method"] != "GET"] == []

    native.config_set("memory", "4096")
    preview = native.preview("--diff")
    [step] = _steps(preview)
    assert step["op"] == "update"
    assert step["detailedDiff"] == {"runtime.memory": {"kind": "update", "inputDiff": False}}
    assert preview.requests == []
    updated = native.up()
    assert ops(updated, JOB) == {"update": 1}
    assert summary(updated.requests) == [
        f"GET /v0/jobs/{name} -> 200",
        f"PUT /v0/jobs/{name} -> 200",
    ]  # exactly one PUT
    assert blaxel.job(name)["spec"]["runtime"]["memory"] == 4096

    native.config_set("jobName", "renamed-etl")
    preview = native.preview()
    [step] = _steps(preview)
    assert step["op"] == "replace" or step["op"] == "create-replacement", step["op"]
    replaced = native.up()
    assert ops(replaced, JOB).get("replace") == 1 or ops(replaced, JOB).get("create-replacement") == 1
    assert sorted(blaxel.stored_jobs()) == ["renamed-etl"]
    assert [r["method"] for r in replaced.requests if r["method"] != "GET"] == ["POST", "DELETE"]

    destroyed = native.destroy()
    assert ops(destroyed, JOB) == {"delete": 1}
    assert blaxel.stored_jobs() == {}
    for result in native.history:
        _no_traceback(result)
    if face == STANDALONE:  # each start unpacked itself, and each stop removed what it unpacked
        assert _unpacked_left(Path(native.env["TMPDIR"])) == []


def _unpacked_left(tmpdir: Path, wait: float = 10.0) -> list[str]:
    """The directories PyInstaller's executable unpacked into ``tmpdir`` (`_MEI...`) still there after
    ``wait`` seconds (the engine stops its plugins as it exits, but need not wait for them)."""
    deadline = time.monotonic() + wait
    while True:
        left = sorted(path.name for path in tmpdir.glob("_MEI*"))
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.2)


def test_drift_after_refresh_is_put_back(native: PulumiProject, blaxel: BlaxelApi) -> None:
    native.up()
    name = _job_name(native)
    blaxel.edit_job(name, {"runtime.memory": 8192})

    refresh = native.refresh()
    assert ops(refresh, JOB, outcome=True) == {"update": 1}
    assert summary(refresh.requests) == [f"GET /v0/jobs/{name} -> 200"]
    [resource] = native.resources(JOB)
    assert resource["outputs"]["runtime"]["memory"] == 8192

    preview = native.preview()
    [step] = _steps(preview)
    assert step["op"] == "update"
    assert "runtime.memory" in step["detailedDiff"]
    up = native.up()
    assert summary(up.requests) == [f"GET /v0/jobs/{name} -> 200", f"PUT /v0/jobs/{name} -> 200"]
    assert blaxel.job(name)["spec"]["runtime"]["memory"] == 2048
    assert ops(native.refresh(), JOB, outcome=True) == {"same": 1}


def test_secrets_never_in_plaintext(native: PulumiProject, blaxel: BlaxelApi, tmp_path: Path) -> None:
    native.config_set("token", TOKEN, secret=True)
    native.preview()
    native.up()
    name = _job_name(native)
    env = {e["name"]: e for e in blaxel.job(name)["spec"]["runtime"]["envs"]}
    assert env["TOKEN"]["value"] == TOKEN and env["TOKEN"]["secret"] is True  # sent, marked secret
    native.config_set("mode", "partial")
    verbose = native.up("--logtostderr", "-v=9")  # the engine's and the plugin's own logs
    assert "pulumi-resource-blaxel" in verbose.stderr  # the plugin's launch and its own log were captured
    assert TOKEN not in verbose.stderr and TOKEN not in verbose.stdout
    native.refresh()

    [resource] = native.resources(JOB)
    assert is_secret(resource["outputs"]["secretEnvValues"])
    assert is_secret(resource["inputs"]["secretEnvValues"])
    text = native.export_stack_text()
    assert TOKEN not in text
    assert TOKEN not in native.all_output()
    for path in tmp_path.rglob("*"):  # the backend, PULUMI_HOME (logs), the project copy; not the API's DB
        if path.is_file() and "blaxel-api-" not in str(path) and path.stat().st_size < 5_000_000:
            assert TOKEN.encode() not in path.read_bytes(), path
    native.destroy()


def test_bad_input_is_named_at_preview_and_nothing_is_sent(native: PulumiProject, blaxel: BlaxelApi) -> None:
    native.config_set("schedule", "every night")
    preview = native.preview(check=False)
    assert preview.returncode != 0
    text = preview.stdout + preview.stderr
    assert "triggers[0].configuration.schedule is not a valid cron expression" in text, text[-3000:]
    _no_traceback(preview)
    up = native.up(check=False)
    assert up.returncode != 0
    assert preview.requests == [] and up.requests == []
    assert blaxel.stored_jobs() == {}


def test_explicit_providers_two_workspaces_two_keys(
    make_project: Callable[..., PulumiProject], start_blaxel: StartBlaxel, tmp_path: Path
) -> None:
    api = start_blaxel(
        extra_keys=[
            ApiKey(key="key-team-a", workspace="team-a"),
            ApiKey(key="key-team-b", workspace="team-b"),
        ]
    )
    home = tmp_path / "user-home"
    home.mkdir()
    env = {k: v for k, v in api.env.items() if k != "BL_API_KEY" and k != "BL_WORKSPACE"}
    project = make_project(PROGRAMS / "native_python_providers", env={**env, "HOME": str(home)})
    project.request_log = api
    project.config_set("apiUrl", api.env["BL_API_URL"])
    project.config_set("workspaceA", "team-a")
    project.config_set("workspaceB", "team-b")
    project.config_set("keyA", "key-team-a", secret=True)
    project.config_set("keyB", "key-team-b", secret=True)

    up = project.up()
    assert ops(up, JOB) == {"create": 2}
    for workspace in ("team-a", "team-b"):
        jobs = api.control.get("/jobs", params={"workspace": workspace}).json()
        assert [j["name"] for j in jobs] == ["etl"], workspace
    outputs = project.outputs()
    assert outputs["urlA"].endswith("/team-a/jobs/etl") and outputs["urlB"].endswith("/team-b/jobs/etl")
    assert "key-team-a" not in project.export_stack_text()
    assert ops(project.up(), JOB) == {"same": 2}
    project.destroy()
    for workspace in ("team-a", "team-b"):
        assert api.control.get("/jobs", params={"workspace": workspace}).json() == []


MOVED = "nightly-etl"
"""The job of the `native_move` program, declared by either face."""
DYNAMIC_JOB = "pulumi-python:dynamic/blaxel:Job"


def _move_project(
    make_project: Callable[..., PulumiProject], blaxel: BlaxelApi, tmp_path: Path
) -> PulumiProject:
    home = tmp_path / "user-home"
    home.mkdir()
    project = make_project(PROGRAMS / "native_move", env={**blaxel.env, "HOME": str(home)})
    project.request_log = blaxel
    return project


def _writes(result: CommandResult) -> list[str]:
    return [f"{r['method']} {r['path']}" for r in result.requests if r["method"] != "GET"]


def test_move_a_dynamic_stack_to_the_native_face_with_an_alias(
    make_project: Callable[..., PulumiProject], blaxel: BlaxelApi, tmp_path: Path
) -> None:
    project = _move_project(make_project, blaxel, tmp_path)
    project.config_set("token", TOKEN, secret=True)
    project.up()
    created_at = blaxel.job(MOVED)["metadata"]["createdAt"]

    project.config_set("face", "native")
    project.config_set("alias", "true")
    moved = project.up()
    assert ops(moved, JOB) == {"same": 1}
    assert _writes(moved) == []  # nothing sent: the job is the same one, not recreated
    refreshed = project.refresh()  # rewrites the stored outputs in the native form
    assert [r["method"] for r in refreshed.requests] == ["GET"]
    [resource] = project.resources(JOB)
    assert "__provider" not in resource["outputs"] and resource["outputs"]["createdAt"] == created_at
    assert project.resources(DYNAMIC_JOB) == []
    assert is_secret(resource["outputs"]["secretEnvValues"]) and is_secret(
        resource["inputs"]["secretEnvValues"]
    )
    assert TOKEN not in project.export_stack_text() and TOKEN not in project.all_output()
    assert project.preview("--expect-no-changes").requests == []
    project.destroy()
    assert blaxel.stored_jobs() == {}


def test_move_between_faces_with_state_delete_and_import_or_adopt(
    make_project: Callable[..., PulumiProject], blaxel: BlaxelApi, tmp_path: Path
) -> None:
    project = _move_project(make_project, blaxel, tmp_path)
    project.up()
    created_at = blaxel.job(MOVED)["metadata"]["createdAt"]
    [dynamic] = project.resources(DYNAMIC_JOB)

    project.run("state", "delete", dynamic["urn"], "--yes")
    assert blaxel.job(MOVED)["metadata"]["createdAt"] == created_at  # state only: the job stays
    imported = project.run("import", JOB, "nightly", MOVED, "--yes", "--generate-code=false")
    assert imported.requests and _writes(imported) == []  # reads only
    project.config_set("face", "native")
    moved = project.up()
    assert ops(moved, JOB) == {"same": 1}, moved.stdout[-3000:]
    assert _writes(moved) == []
    assert project.preview("--expect-no-changes").requests == []

    [native] = project.resources(JOB)
    project.run("state", "delete", native["urn"], "--yes", "--force")  # imported resources are protected
    project.config_set("face", "dynamic")
    project.config_set("adopt", "true")
    back = project.up()
    assert ops(back, DYNAMIC_JOB) == {"create": 1}
    assert _writes(back) == [f"PUT /v0/jobs/{MOVED}"]  # adopted in place, never recreated
    assert blaxel.job(MOVED)["metadata"]["createdAt"] == created_at
    project.destroy()
    assert blaxel.stored_jobs() == {}


def test_pulumi_package_get_schema_prints_the_generated_schema(native: PulumiProject, face: str) -> None:
    proc = subprocess.run(
        [str(native.bin_dir / "pulumi"), "package", "get-schema", str(_plugin(native, face))],
        cwd=native.workdir,
        env=native.env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    schema = json.loads(proc.stdout)
    assert schema["version"] == __version__
    assert schema["resources"] == json.loads(load_schema(__version__))["resources"]
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("face", ["python"])  # the YAML face names its job
def test_the_first_preview_of_a_new_stack_shows_no_auto_name_that_up_will_not_use(
    native: PulumiProject, blaxel: BlaxelApi
) -> None:
    """The provider's stack identity (from which the auto-name derives) is drawn when the provider is new,
    and a preview does not keep it: the name it would show is not the one `up` creates, so it is unknown."""
    preview = native.run("preview", "--diff")

    shown = [line.strip() for line in preview.stdout.splitlines() if "nightly-" in line]
    assert shown == [], preview.stdout
    assert "jobName: [unknown]" in preview.stdout, preview.stdout
    [step] = _steps(native.preview())
    assert step["op"] == "create"

    up = native.run("up", "--yes")  # its own preview first, as a person runs it
    name = _job_name(native)
    assert name.startswith("nightly-") and list(blaxel.stored_jobs()) == [name]
    planned = up.stdout.split("Updating (dev)", 1)[0]
    assert "jobName: [unknown]" in planned and "nightly-" not in planned, up.stdout
    # Once the provider is in the state, its identity is kept: a preview shows the name in use.
    native.config_set("memory", "3072")
    [step] = _steps(native.preview())
    assert step["op"] == "update" and step["newState"]["inputs"]["name"] == name
