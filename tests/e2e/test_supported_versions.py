"""One whole lifecycle on the real CLI: the test `make floors` runs on the oldest supported dependencies.

Create, no-op preview, update in place, refresh (the provider's `read`, which needs `ReadResult.inputs`),
destroy: every provider method the engine calls, through the pulumi SDK of the virtualenv running the test.
The main suite runs it on the newest releases; `make floors` on those of `constraints/floors.txt`.
"""

from __future__ import annotations

from importlib.metadata import version

import pytest

from tests.e2e.blaxel_api import JOB, BlaxelApi, ExampleProject, count
from tests.e2e.pulumi_cli import ops

pytestmark = pytest.mark.e2e


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
