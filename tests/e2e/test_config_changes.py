"""A change of the stack's Blaxel settings takes effect, on both faces, on the real CLI with two local APIs.

* A rotated API key (`blaxel:apiKey`) is the key the next `pulumi up` sends.
* A new API URL (`blaxel:apiUrl`) moves the jobs: the plan says they are replaced, `up` deletes each job from
  the API it lived on (with the settings it was created with) and creates it on the new one, so nothing is
  left behind on the old API, and `destroy` then leaves nothing anywhere.

The native face replaces its provider (the engine then replaces the provider's jobs, and deletes the old
ones with the old provider); the dynamic face records in each job the API it lives on, and replaces the
job, deleting it there first. Before these, the native provider answered "no change" to any new setting:
`up` sent the new job settings, with the old key, to the old API, recorded the new URL, and `destroy` asked
the new API, which had never heard of the job.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest

from blaxel_pulumi.emulator import ApiKey
from tests.e2e.blaxel_api import JOB as DYNAMIC_JOB, BlaxelApi, StartBlaxel
from tests.e2e.pulumi_cli import EXAMPLES, PulumiProject, ops

pytestmark = pytest.mark.e2e

PROGRAMS = Path(__file__).parent / "programs"
FIRST_KEY, ROTATED_KEY = "first-key-7c1e", "rotated-key-93ad"
FIRST, ROTATED = "first-key-holder", "rotated-key-holder"
"""The principal each key stands for: the API records it as a job's `updatedBy`."""
PROVIDER = "pulumi:providers:blaxel"


class Face(NamedTuple):
    """A program with one job whose memory follows the stack config `memory`."""

    source: Path
    job_type: str


FACES = {
    "native": Face(PROGRAMS / "native_python", "blaxel:index:Job"),
    "dynamic": Face(EXAMPLES / "quickstart", DYNAMIC_JOB),
}


@pytest.fixture(params=sorted(FACES))
def face(request: pytest.FixtureRequest) -> Face:
    """The face under test."""
    return FACES[str(request.param)]


def _replaced(count: dict[str, int]) -> bool:
    return bool({"replace", "create-replacement", "delete-replaced"} & count.keys())


def test_a_rotated_key_is_used_and_a_new_api_moves_the_jobs_and_destroy_leaves_nothing(
    face: Face, start_blaxel: StartBlaxel, make_project: Callable[..., PulumiProject], tmp_path: Path
) -> None:
    keys = [
        ApiKey(key=FIRST_KEY, workspace="local", principal=FIRST),
        ApiKey(key=ROTATED_KEY, workspace="local", principal=ROTATED),
    ]
    old_api: BlaxelApi = start_blaxel(extra_keys=keys)
    new_api: BlaxelApi = start_blaxel(extra_keys=keys[1:])
    home = tmp_path / "user-home"  # no ~/.blaxel/config.yaml and no BL_* variable: the stack config decides
    home.mkdir()
    project = make_project(face.source, env={"HOME": str(home)})
    project.config_set("blaxel:apiUrl", old_api.server.api_url)
    project.config_set("blaxel:workspace", "local")
    project.config_set("blaxel:apiKey", FIRST_KEY, secret=True)
    project.up()
    [name] = old_api.stored_jobs()
    assert old_api.job(name)["metadata"]["updatedBy"] == FIRST

    # the key is rotated (and a job field changed): the next up sends the new key
    project.config_set("blaxel:apiKey", ROTATED_KEY, secret=True)
    project.config_set("memory", "3072")
    project.up()
    job = old_api.job(name)
    assert job["spec"]["runtime"]["memory"] == 3072
    assert job["metadata"]["updatedBy"] == ROTATED, "the update was sent with the key set before"

    # another API: the plan replaces the job, up moves it, nothing is left on the old API
    project.config_set("blaxel:apiUrl", new_api.server.api_url)
    project.config_set("memory", "4096")
    preview = project.preview()
    assert _replaced(ops(preview, face.job_type)), ops(preview)
    providers = [r["id"] for r in project.resources(PROVIDER)]
    old_writes = old_api.mark()
    project.up()
    if face.job_type != DYNAMIC_JOB:  # the (default) provider was replaced: a new id
        [before], [after] = providers, [r["id"] for r in project.resources(PROVIDER)]
        assert after != before
    assert [f"{r['method']} {r['path']}" for r in old_api.since(old_writes) if r["method"] != "GET"] == [
        f"DELETE /v0/jobs/{name}"
    ]
    assert old_api.stored_jobs() == {}, "a job was left behind on the old API"
    # the state's job is the one on the new API (on the native face a replaced provider draws a new stack
    # identity, so an auto-named job gets a new name there, as any replaced resource does)
    [resource] = project.resources(face.job_type)
    assert list(new_api.stored_jobs()) == [resource["id"]]
    assert new_api.job(resource["id"])["spec"]["runtime"]["memory"] == 4096
    assert project.up().returncode == 0 and ops(project.history[-1], face.job_type) == {"same": 1}

    project.destroy()
    assert old_api.stored_jobs() == {} and new_api.stored_jobs() == {}
    assert project.resources(face.job_type) == []
