"""Diffs a reviewer can read: `pulumi preview --diff` shows what changed, not the whole job.

Sizes are counted as the engine's change-marked lines (`~`, `+`, `-`) of the console output. A job with 100
env vars and a secret one (programs/envs).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.blaxel_api import JOB, BlaxelApi
from tests.e2e.pulumi_cli import EXAMPLES, CommandResult, PulumiProject, _documents, ops

pytestmark = pytest.mark.e2e

ENVS = Path(__file__).parent / "programs" / "envs"
FACES = {
    "dynamic": (EXAMPLES / "quickstart", JOB),
    "native": (Path(__file__).parent / "programs" / "native_python", "blaxel:index:Job"),
}
"""Per face: a program with one job whose memory follows the stack config `memory` (default 2048), and the
job's type."""
BOOKKEEPING = (
    "_state_version",
    "owner",
    "owner_stack",
    "auto_name",
    "claim",
    "api_url",
    "float_paths",
    "server_fields",
    "effective_labels",
    "replace_paths",
    "timeouts",
    "adopt_name",
)
"""What a job stores for the provider's own use: never part of a diff the user reads."""
SECRET = "canary-diff-secret-5e1b"
_CHANGE = re.compile(r"^\s*[-+~]\s*\S")


def changed_lines(result: CommandResult) -> list[str]:
    """The change-marked lines of a `--diff` console output (summary lines like `~ 1 to update` included)."""
    return [line for line in result.stdout.splitlines() if _CHANGE.match(line)]


def _preview(project: PulumiProject) -> list[str]:
    return changed_lines(project.run("preview", "--diff"))


def test_diffs_show_what_changed_and_nothing_else(bin_dir: Path, tmp_path: Path, blaxel: BlaxelApi) -> None:
    project = PulumiProject.from_dir(ENVS, tmp_path, bin_dir, blaxel.env)
    project.request_log = blaxel
    project.up()

    # One env var changed among 100: one change, not a reordering of the list.
    project.config_set("changed", "5")
    lines = _preview(project)
    assert len(lines) <= 10, lines
    assert any('~ value: "value-5" => "changed"' in line for line in lines), lines
    project.run("config", "rm", "changed")

    # One field changed.
    project.config_set("memory", "4096")
    lines = _preview(project)
    assert len(lines) <= 15, lines
    assert any("~ memory: 2048 => 4096" in line for line in lines), lines
    project.run("config", "rm", "memory")

    # One field changed outside Pulumi: the refresh shows that field (and when the job last changed).
    blaxel.edit_job("envs-job", {"runtime.memory": 8192})
    refresh = project.run("refresh", "--diff")
    lines = changed_lines(refresh)
    assert len(lines) <= 15, lines
    assert any("~ memory: 2048 => 8192" in line for line in lines), lines
    assert not any("events" in line for line in lines), lines

    # Right after that refresh: the drift, and no phantom workspace (which would read as a replacement).
    lines = _preview(project)
    assert len(lines) <= 15, lines
    assert not any("workspace" in line for line in lines), lines
    assert any("~ memory: 8192 => 2048" in line for line in lines), lines
    project.config_set("changed", "7")
    lines = _preview(project)
    assert len(lines) <= 10, lines
    assert not any('=> "V' in line for line in lines), f"false renames: {lines}"

    up = project.up()
    assert ops(up, JOB) == {"update": 1}
    assert ops(project.preview(), JOB).keys() <= {"same"}

    # A change of a secret value alone is shown, without the value (as on the native face).
    project.config_set("secretValue", SECRET, secret=True)
    preview = project.run("preview", "--diff")
    lines = changed_lines(preview)
    assert any("~ secret_env_values: [secret] => [secret]" in line for line in lines), lines
    assert SECRET not in preview.output
    project.up()
    assert ops(project.preview(), JOB).keys() <= {"same"}


def _job_block(result: CommandResult, job_type: str) -> list[str]:
    """The lines the engine prints under the job's `(update)` line of a `--diff` preview, stripped, without
    its `[id=...]`, `[urn=...]` and `[provider=...]` (printed for the default provider of an SDK that names
    the plugin's version and download URL, as the generated `pulumi_blaxel` does)."""
    lines = result.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == f"~ {job_type}: (update)")
    block: list[str] = []
    for line in lines[start + 1 :]:
        if not line.startswith("      ") or line.strip() == "Resources:":
            break
        if not line.strip().startswith(("[id=", "[urn=", "[provider=")):
            block.append(line.strip())
    return block


@pytest.mark.parametrize("face", sorted(FACES))
def test_a_one_field_change_shows_that_field_alone_on_both_faces(
    face: str, make_project: Callable[..., PulumiProject], blaxel: BlaxelApi
) -> None:
    source, job_type = FACES[face]
    project = make_project(source, env=blaxel.env)
    project.up()
    project.config_set("memory", "3072")

    preview = project.run("preview", "--diff")

    assert _job_block(preview, job_type) == ["~ runtime: {", "~ memory: 2048 => 3072", "}"], preview.stdout
    shown = [key for key in BOOKKEEPING if re.search(rf"\b{key}\b", preview.stdout)]
    assert shown == [], preview.stdout
    whole, _ = _documents(project.run("preview", "--json"))
    assert whole is not None
    [step] = [s for s in whole["steps"] if (s.get("newState") or {}).get("type") == job_type]
    assert step["op"] == "update"
    assert step["detailedDiff"] == {"runtime.memory": {"kind": "update", "inputDiff": False}}
