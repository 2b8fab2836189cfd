"""What a newcomer relies on: the examples type-check, the README's quick start starts with `make demo` (which
installs no development tools) and its test command is `make test`, CI runs exactly that, and `pulumi preview`
works at the repository root."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.e2e.blaxel_api import JOB, BlaxelApi
from tests.e2e.pulumi_cli import EXAMPLES, REPO_ROOT, PulumiProject, ops

pytestmark = pytest.mark.e2e

EXAMPLE_PROGRAMS = sorted(p.parent.name for p in EXAMPLES.glob("*/__main__.py"))


@pytest.fixture(scope="module")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One mypy cache for the examples (the first run warms it), outside the repository."""
    return tmp_path_factory.mktemp("mypy-cache")


@pytest.mark.parametrize("example", EXAMPLE_PROGRAMS)
def test_example_program_passes_mypy_strict(example: str, mypy_cache: Path) -> None:
    program = EXAMPLES / example / "__main__.py"
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(mypy_cache), str(program)],
        cwd=REPO_ROOT,  # pyproject.toml's [tool.mypy]: strict
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Success: no issues found in 1 source file" in proc.stdout


def _commands(lines: list[str]) -> list[str]:
    """Shell commands of ``lines``: comments (whole-line and trailing) and blank lines removed."""
    commands = []
    for line in lines:
        command = re.sub(r"(^|\s)#.*$", "", line).strip()
        if command and not command.startswith("#!"):
            commands.append(command)
    return commands


def _section_blocks(readme: str, heading: str) -> list[list[str]]:
    """The commands of each fenced block under the README's ``## heading``."""
    section = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", readme, re.S | re.M)
    assert section, f"README.md has no `## {heading}` section"
    blocks = re.findall(r"^```[a-z]*\n(.*?)^```", section.group(1), re.S | re.M)
    return [_commands(block.splitlines()) for block in blocks]


def test_readme_quick_start_starts_with_make_demo_and_its_test_command_is_make_test() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert _section_blocks(readme, "Quick start, offline")[0] == ["make demo"]
    assert _section_blocks(readme, "Test") == [["make test"]]


def test_ci_runs_make_test_and_nothing_else_that_runs_tests() -> None:
    commands = _commands((REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines())
    assert commands.count("make test") == 1, commands
    others = [c for c in commands if c != "make test"]
    runners = re.compile(r"\b(make|pytest|py\.test|tox|nox|unittest|mypy|ruff|python[0-9.]*)\b")
    assert [c for c in others if runners.search(c)] == [], others


def test_makefile_defines_demo_and_test_and_test_runs_every_suite() -> None:
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("demo", "test"):
        assert re.search(rf"^{target}:", makefile, re.M), f"no `{target}:` target in the Makefile"
    # what the targets would run (`make -n` prints recipes without running them)
    dry = subprocess.run(
        ["make", "-n", "--always-make", "test", "demo"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert dry.returncode == 0, dry.stderr
    assert re.search(r"-m pytest .*tests", dry.stdout), dry.stdout
    assert "ruff check" in dry.stdout and "mypy" in dry.stdout
    assert "scripts/demo.py" in dry.stdout
    assert "mkdocs build --strict" in dry.stdout  # `make test` builds the documentation site


def test_make_demo_installs_neither_the_dev_nor_the_bench_tools() -> None:
    dry = subprocess.run(
        ["make", "-n", "--always-make", "demo"], cwd=REPO_ROOT, capture_output=True, text=True, check=False
    )
    assert dry.returncode == 0, dry.stderr
    installs = [line for line in dry.stdout.splitlines() if "pip install" in line]
    assert installs, dry.stdout
    assert not [line for line in installs if "--group" in line], installs


def test_root_pulumi_yaml_runs_the_quickstart_and_previews_without_writing_into_the_repo(
    bin_dir: Path, tmp_path: Path, blaxel: BlaxelApi
) -> None:
    settings = yaml.safe_load((REPO_ROOT / "Pulumi.yaml").read_text(encoding="utf-8"))
    assert settings["runtime"] == "python"
    assert Path(settings["main"]) == Path("examples/quickstart")
    before = sorted(p.name for p in REPO_ROOT.glob("Pulumi.*.yaml"))

    # the root project with the quickstart at its relative place, in a temporary directory
    project = PulumiProject.from_files(
        REPO_ROOT, ["Pulumi.yaml", "examples/quickstart"], tmp_path, bin_dir, blaxel.env
    )
    project.request_log = blaxel
    assert not project.workdir.is_relative_to(REPO_ROOT)
    preview = project.preview()

    assert ops(preview, JOB) == {"create": 1}
    [step] = [s for s in preview.json()["steps"] if s["newState"]["type"] == JOB]
    assert step["urn"].endswith("::blaxel-pulumi::pulumi-python:dynamic/blaxel:Job::hello-job")
    assert preview.requests == []
    assert sorted(p.name for p in REPO_ROOT.glob("Pulumi.*.yaml")) == before
