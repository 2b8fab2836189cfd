"""Every block of README.md and docs/ marked `<!-- test: run -->` runs as written, from a copy of the clone.

A user copies these blocks into a terminal: the README's `make demo` and its quick start by hand (a local
Blaxel API, a file backend, `pulumi up` and `pulumi destroy`). Each file's blocks run in order, each with
`bash -e`, from the root of a copy of the repository (tracked files and new ones that are not ignored, as a
clone has), with the real pulumi CLI on `PATH`, no virtualenv of the test's, an empty `PULUMI_HOME` and no
`PULUMI_*` or `BL_*` variables: what a fresh machine has. A block that another file already ran is not run
twice. The blocks must stop what they start: a process of the block's session still running afterwards
fails the test (and is stopped).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.pulumi_cli import REPO_ROOT
from tests.e2e.test_example_readmes import _clone

pytestmark = pytest.mark.e2e

MARKER = "<!-- test: run -->"
"""The line before a fenced block that a test runs."""


def documents() -> list[Path]:
    """README.md and every page of the documentation site."""
    return [REPO_ROOT / "README.md", *sorted((REPO_ROOT / "docs").rglob("*.md"))]


def runnable_blocks(path: Path) -> list[str]:
    """The shell blocks of ``path`` marked runnable, in order."""
    text = path.read_text(encoding="utf-8")
    blocks = re.findall(rf"^{re.escape(MARKER)}\n```(?:sh|bash)\n(.*?)^```$", text, re.S | re.M)
    assert len(blocks) == text.count(MARKER), f"{path}: every `{MARKER}` must be followed by a ```sh block"
    return [str(b) for b in blocks]


def _plan() -> list[tuple[str, list[str]]]:
    """``[(file, its blocks not run by an earlier file)]`` for the files that have any."""
    seen: set[str] = set()
    plan = []
    for path in documents():
        new = [b for b in runnable_blocks(path) if b not in seen]
        seen.update(new)
        if new:
            plan.append((str(path.relative_to(REPO_ROOT)), new))
    return plan


PLAN = _plan()


def _left_running(pgid: int) -> bool:
    """Whether a process of the session ``pgid`` still runs after a grace period; stop them if so."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return False
        time.sleep(0.1)
    os.killpg(pgid, signal.SIGTERM)
    return True


def test_the_readme_quick_start_is_run() -> None:
    readme = runnable_blocks(REPO_ROOT / "README.md")
    assert any(
        b.strip() == "make demo   # start a local Blaxel API, `pulumi up` the quickstart against it, "
        "show the job, clean up"
        for b in readme
    ), "README.md: `make demo` must be marked runnable"
    assert any("pulumi up --yes" in b and "pulumi stack init" in b for b in readme), (
        "README.md: the quick start by hand must be marked runnable"
    )


@pytest.mark.parametrize(("document", "blocks"), PLAN, ids=[name for name, _ in PLAN])
def test_marked_blocks_run_as_written_from_a_clone(
    document: str, blocks: list[str], bin_dir: Path, tmp_path: Path
) -> None:
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
    for number, block in enumerate(blocks, 1):
        proc = subprocess.Popen(
            ["bash", "-e", "-c", block],
            cwd=clone,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        try:
            output, _ = proc.communicate(timeout=900)
        finally:
            left_running = _left_running(proc.pid)
        where = f"{document}, runnable block {number}"
        assert proc.returncode == 0, f"{where} failed:\n{output[-5000:]}"
        assert "error:" not in output.lower(), f"{where} printed an error:\n{output[-5000:]}"
        if "pulumi up" in block or block.startswith("make demo"):
            assert re.search(r"\+ \d+ created", output), f"{where}:\n{output[-3000:]}"
        if "pulumi destroy" in block or block.startswith("make demo"):
            assert re.search(r"- \d+ deleted", output), f"{where}:\n{output[-3000:]}"
        assert not left_running, f"{where} left a process running (stop what the block starts)"
