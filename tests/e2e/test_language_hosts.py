"""The language hosts beside the CLI: YAML (and Node.js) programs run on the real `pulumi`.

`scripts/install-pulumi.sh` builds `pulumi-language-yaml` (module github.com/pulumi/pulumi-yaml) and
`pulumi-language-nodejs` (sdk/v3 v3.68.0) into the CLI's directory; an official Pulumi install ships both.
Without them these tests fail (never skip): the YAML and TypeScript faces of the native provider need them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.pulumi_cli import PulumiProject, change_summary

pytestmark = pytest.mark.e2e

PROGRAMS = Path(__file__).parent / "programs"
HOSTS = ("pulumi-language-yaml", "pulumi-language-nodejs")


def language_host(bin_dir: Path, name: str) -> Path:
    """Where the engine finds the language host ``name``: the CLI's directory, then PATH (as the tests' PATH
    is built); fail the test, with what to do, when it is nowhere."""
    found = shutil.which(name, path=os.pathsep.join([str(bin_dir), os.environ.get("PATH", "")]))
    if found is None:
        pytest.fail(
            f"{name} is neither in {bin_dir} nor on PATH: run `make pulumi` (scripts/install-pulumi.sh "
            "builds it from Go modules) or install the official Pulumi CLI, which ships it",
            pytrace=False,
        )
    return Path(found)


@pytest.mark.parametrize("host", HOSTS)
def test_the_language_host_is_beside_the_cli(bin_dir: Path, host: str) -> None:
    assert os.access(language_host(bin_dir, host), os.X_OK)


def test_a_yaml_program_runs_on_the_yaml_language_host(
    bin_dir: Path, make_project: Callable[..., PulumiProject]
) -> None:
    language_host(bin_dir, "pulumi-language-yaml")
    project = make_project(PROGRAMS / "yaml-hello")
    project.config_set("greeting", "hi from yaml")

    up = project.up()

    assert change_summary(up) == {"create": 1}
    assert project.outputs() == {"greeting": "hi from yaml"}
