"""Each example's README runs as written from a clone: its `## Run it` block, in a copy of the repository.

The block creates the example's own virtualenv from its `requirements.txt` (this clone's package), starts the
local Blaxel API, and runs `pulumi up` and `pulumi destroy` on a file backend. `make test` runs adopt's block
(the common commands and a step of its own, about 30 s); `make test-all` runs every example's. The
blocks of all examples are the same apart from their directory and their `pulumi config set` lines (and
adopt's `make_job.py`), which are the ones the lifecycle tests set.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.pulumi_cli import EXAMPLES, REPO_ROOT
from tests.e2e.test_lifecycle import EXAMPLE_SETUP

pytestmark = pytest.mark.e2e

OTHER_LANGUAGE_SETUP: dict[str, tuple[dict[str, str], dict[str, str], int]] = {
    "yaml": ({}, {"apiToken": "yaml-api-token"}, 1),
    "typescript": ({}, {"apiToken": "ts-api-token"}, 1),
    "go": ({}, {"apiToken": "go-api-token"}, 1),
    "yaml-platform": ({"volumeSize": "1024"}, {}, 0),
}
"""The examples on the native provider in another language, set up like EXAMPLE_SETUP's (the same block:
their virtualenv brings the provider plugin `pulumi-resource-blaxel`)."""
SETUP = {**EXAMPLE_SETUP, **OTHER_LANGUAGE_SETUP}
EXAMPLE_NAMES = sorted(SETUP)
REQUIREMENT = "-e ../..[emulator]"
"""The one requirement of every example: the package of the clone it is in, with the local Blaxel API."""
OWN_STEPS = {
    "adopt": ["python make_job.py legacy-etl", "pulumi preview", "pulumi config rm adopt"],
    "typescript": ["npm ci --no-audit --no-fund"],
}
"""Commands an example's block has besides the common ones and its `pulumi config set` lines."""


def run_block(example: str) -> str:
    """The shell commands of the `## Run it` section of ``examples/<example>/README.md``."""
    readme = (EXAMPLES / example / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^## Run it\n(.*?)(?=^## |\Z)", readme, re.S | re.M)
    assert section, f"examples/{example}/README.md has no `## Run it` section"
    blocks = re.findall(r"^```sh\n(.*?)^```", section.group(1), re.S | re.M)
    assert len(blocks) == 1, f"examples/{example}/README.md: expected one sh block under `## Run it`"
    return str(blocks[0])


def commands(block: str) -> list[str]:
    """The commands of ``block``, trailing comments and blank lines removed."""
    found = []
    for line in block.splitlines():
        command = re.sub(r"\s+#\s.*$", "", line).strip()
        if command:
            found.append(command)
    return found


def config_keys(block: str) -> set[str]:
    """Keys the block sets with `pulumi config set [--secret] KEY VALUE`."""
    return {m.group(1) for m in re.finditer(r"^pulumi config set (?:--secret )?(\S+)", block, re.M)}


def common(example: str) -> list[str]:
    """The block's commands minus its own: the directory, config lines and extra steps made generic."""
    own = OWN_STEPS.get(example, [])
    return [
        c.replace(f"examples/{example}", "examples/<name>")
        for c in commands(run_block(example))
        if not c.startswith("pulumi config set ") and c not in own
    ]


def test_every_example_has_its_readme_checked() -> None:
    assert sorted(p.name for p in EXAMPLES.iterdir() if (p / "Pulumi.yaml").is_file()) == EXAMPLE_NAMES


@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_example_readme_block_is_the_common_one_and_sets_what_the_program_needs(example: str) -> None:
    block = run_block(example)
    assert common(example) == common("quickstart"), "the `## Run it` blocks must differ only in config"
    assert commands(block)[0] == f"cd examples/{example}"
    for step in OWN_STEPS.get(example, []):
        assert step in commands(block)
    settings, secrets, _ = SETUP[example]
    required = set(settings) | set(secrets)
    assert required <= config_keys(block), f"the README must set {sorted(required)}"
    requirements = (EXAMPLES / example / "requirements.txt").read_text(encoding="utf-8")
    lines = [line.strip() for line in requirements.splitlines() if line.strip() and not line.startswith("#")]
    assert lines == [REQUIREMENT]


def _clone(target: Path) -> Path:
    """A copy of the repository's files (tracked, or new and not ignored) with their modes, as a `git clone`
    would have."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    for name in filter(None, listed):
        source = REPO_ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            (target / name).write_bytes(source.read_bytes())
            (target / name).chmod(source.stat().st_mode)  # scripts stay executable, as in a clone
    return target


def _stop(ready_file: Path) -> bool:
    """Stop the local Blaxel API the block started, if it still runs; return whether it did."""
    if not ready_file.is_file():
        return False
    pid = int(json.loads(ready_file.read_text(encoding="utf-8"))["pid"])
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        time.sleep(0.1)
    os.kill(pid, signal.SIGTERM)
    return True


@pytest.mark.parametrize(
    "example",
    [e if e == "adopt" else pytest.param(e, marks=pytest.mark.heavy) for e in EXAMPLE_NAMES],
)
def test_example_readme_runs_as_written_from_a_clone(example: str, bin_dir: Path, tmp_path: Path) -> None:
    clone = _clone(tmp_path / "blaxel-pulumi")
    venv_bin = str(Path(sys.executable).parent)
    path = [p for p in os.environ.get("PATH", "").split(os.pathsep) if p and p != venv_bin]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PULUMI_", "BL_", "VIRTUAL_ENV"))}
    env.update(
        {
            "PATH": os.pathsep.join([str(bin_dir), *path]),  # the pulumi CLI, and no virtualenv of ours
            "PULUMI_HOME": str(tmp_path / "pulumi-home"),
            "PULUMI_SKIP_UPDATE_CHECK": "true",
            "NO_COLOR": "1",
        }
    )
    ready_file = clone / "examples" / example / ".local" / "api.json"
    before = {p for p in clone.rglob("*") if p.is_file()}
    try:
        proc = subprocess.run(
            ["bash", "-e", "-c", run_block(example)],
            cwd=clone,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    finally:
        left_running = _stop(ready_file)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-5000:]
    assert re.search(r"\+ \d+ created", output), output[-3000:]
    assert re.search(r"- \d+ deleted", output), output[-3000:]
    assert not left_running, "the block's `kill %1` did not stop the local Blaxel API"
    if example == "adopt":
        assert "created job legacy-etl" in output
    # what the block wrote is ignored by git: running an example leaves the clone's `git status` clean
    written = sorted(str(p.relative_to(clone)) for p in clone.rglob("*") if p.is_file() and p not in before)
    assert written, "the block wrote nothing?"
    assert _not_ignored(written) == [], "running the example leaves files git does not ignore"


def _not_ignored(paths: list[str]) -> list[str]:
    """The ``paths`` (relative to the repository) that the repository's .gitignore files do not ignore."""
    proc = subprocess.run(
        ["git", "check-ignore", "--no-index", "--stdin"],
        cwd=REPO_ROOT,
        input="\n".join(paths),
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode in (0, 1), proc.stderr
    ignored = set(proc.stdout.splitlines())
    return [p for p in paths if p not in ignored]
