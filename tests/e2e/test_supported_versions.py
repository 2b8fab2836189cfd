"""One whole lifecycle on the real CLI: the test `make floors` runs on the oldest supported dependencies.

Create, no-op preview, update in place, refresh (the provider's `read`, which needs `ReadResult.inputs`),
destroy: every provider method the engine calls, through the pulumi SDK of the virtualenv running the test;
for the dynamic resource and for the native provider.
The main suite runs it on the newest releases; `make floors` on those of `constraints/floors.txt`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.e2e.blaxel_api import JOB, BlaxelApi, ExampleProject, count
from tests.e2e.pulumi_cli import PulumiProject, ops

pytestmark = pytest.mark.e2e

NATIVE_PROGRAM = Path(__file__).parent / "programs" / "native_yaml"
"""A YAML program: what is under test is the plugin on this virtualenv's pulumi SDK; a Python program would
also need the generated SDK `pulumi_blaxel`, whose own floor is pulumi 3.269."""
NATIVE_JOB = "blaxel:index:Job"


def test_quickstart_lifecycle_on_the_installed_sdk(
    example_project: ExampleProject, blaxel: BlaxelApi
) -> None:
    project = example_project("quickstart", blaxel)
    context = f"pulumi {version('pulumi')}, httpx {version('httpx')}, pydantic {version('pydantic')}"

    assert ops(project.preview(), JOB) == {"create": 1}, context
    up = project.up()
    assert ops(up, JOB) == {"create": 1}, context
    assert count(up.requests, "POST") == 1
    assert project.preview("--expect-no-changes").requests == []

    project.config_set("memory", "4096")
    update = project.up()
    assert ops(update, JOB) == {"update": 1}, context
    assert count(update.requests, "PUT") == 1
    [stored] = blaxel.stored_jobs().values()
    assert stored["job"]["spec"]["runtime"]["memory"] == 4096

    refresh = project.refresh()
    assert refresh.returncode == 0 and count(refresh.requests, "GET") == 1, context
    assert project.preview("--expect-no-changes").requests == []

    project.destroy()
    assert blaxel.stored_jobs() == {}
    assert project.resources(JOB) == []


def test_native_provider_lifecycle_on_the_installed_sdk(
    make_project: Callable[..., PulumiProject], blaxel: BlaxelApi, tmp_path: Path
) -> None:
    """The native face too: `pulumi-resource-blaxel` of this virtualenv serves it on the installed SDK
    (`pulumi.provider.experimental`, present from 3.216)."""
    home = tmp_path / "user-home"
    home.mkdir()
    project = make_project(NATIVE_PROGRAM, env={**blaxel.env, "HOME": str(home)})
    project.request_log = blaxel
    context = f"pulumi {version('pulumi')}"
    plugin = Path(sys.executable).parent / "pulumi-resource-blaxel"

    preview = project.preview()
    assert f"using pulumi-resource-blaxel from $PATH at {plugin}" in preview.stdout + preview.stderr, context
    assert ops(preview, NATIVE_JOB) == {"create": 1}, context
    assert ops(project.up(), NATIVE_JOB) == {"create": 1}, context
    project.config_set("memory", "4096")
    update = project.up()
    assert ops(update, NATIVE_JOB) == {"update": 1} and count(update.requests, "PUT") == 1, context
    assert count(project.refresh().requests, "GET") == 1, context
    assert project.preview("--expect-no-changes").requests == []
    project.destroy()
    assert blaxel.stored_jobs() == {}
