"""The real pulumi CLI runs a trivial dynamic resource: preview, up, preview (no changes), destroy."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.pulumi_cli import PulumiProject, change_summary, ops

pytestmark = pytest.mark.e2e

SMOKE = Path(__file__).parent / "programs" / "smoke"
ECHO = "pulumi-python:dynamic/smoke:Echo"


def test_cli_lifecycle_of_a_trivial_dynamic_resource(make_project: Callable[..., PulumiProject]) -> None:
    project = make_project(SMOKE)

    assert ops(project.preview(), ECHO) == {"create": 1}

    up = project.up()
    assert ops(up, ECHO) == {"create": 1}
    assert change_summary(up) == {"create": 2}  # the stack and the resource
    [echo] = project.resources(ECHO)
    assert echo["outputs"]["value"] == "hello"
    assert echo["id"] == "echo-hello"

    again = project.preview()
    assert ops(again, ECHO).keys() <= {"same"}  # a --json preview may leave unchanged resources out
    assert change_summary(again) == {"same": 2}

    project.config_set("value", "changed")
    assert ops(project.preview(), ECHO) == {"update": 1}
    assert ops(project.up(), ECHO) == {"update": 1}
    assert project.resources(ECHO)[0]["outputs"]["value"] == "changed"

    destroy = project.destroy()
    assert ops(destroy, ECHO) == {"delete": 1}
    assert project.resources(ECHO) == []
