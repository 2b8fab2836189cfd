"""Numbers stay numbers: whole numbers that went through the engine (which makes every number a float) are
sent to Blaxel as integers, on both faces.

A field the program leaves out and Blaxel holds (here `runtime.maxConcurrentTasks`, set out of band) is kept
in `server_fields` and sent back with every `PUT`; a cron trigger's `configuration.tasks` are free-form
JSON. The local API validates integers strictly, as Blaxel does (`3.0` is a 400, "Input should be a valid
integer"), and stores what a request sends, so the stored job shows the types of the request's numbers.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.blaxel_api import BlaxelApi, summary
from tests.e2e.pulumi_cli import PulumiProject

pytestmark = pytest.mark.e2e

PROGRAM = Path(__file__).parent / "programs" / "numbers"
FACES = ("dynamic", "native")


def tasks(shard: int, weight: float | int) -> list[dict[str, Any]]:
    """The program's tasks as they must reach Blaxel (``weight`` is declared ``1.0``)."""
    return [
        {"shard": shard, "ratio": 0.5, "weight": weight, "nested": {"ids": [1, 2, {"n": 3}]}},
        {"shard": 2},
    ]


def exact(value: Any) -> str:
    """``value`` as JSON text, where ``1`` and ``1.0`` differ."""
    return json.dumps(value, sort_keys=True)


@pytest.mark.parametrize("face", FACES)
def test_whole_numbers_reach_blaxel_as_integers_after_an_out_of_band_change_and_a_refresh(
    face: str, make_project: Callable[..., PulumiProject], blaxel: BlaxelApi, tmp_path: Path
) -> None:
    home = tmp_path / "user-home"
    home.mkdir()
    project = make_project(PROGRAM, env={**blaxel.env, "HOME": str(home)})
    project.request_log = blaxel
    project.write_config({"face": face})
    name = f"numbers-{face}"
    # A Python program's `1.0` is a float to BlaxelJob; the native face gets the engine's numbers only, and a
    # whole number is then an integer (what JSON encoders write for it).
    weight: float | int = 1.0 if face == "dynamic" else 1

    project.up()
    trigger = blaxel.job(name)["spec"]["triggers"][0]
    assert exact(trigger["configuration"]["tasks"]) == exact(tasks(1, weight))

    blaxel.edit_job(name, {"runtime.maxConcurrentTasks": 3})  # a field the program does not declare
    project.refresh()

    project.write_config({"displayName": "Numbers, renamed"})
    up = project.up()
    assert summary(up.requests) == [f"GET /v0/jobs/{name} -> 200", f"PUT /v0/jobs/{name} -> 200"]
    job = blaxel.job(name)
    assert job["metadata"]["displayName"] == "Numbers, renamed"
    assert exact(job["spec"]["runtime"]["maxConcurrentTasks"]) == "3"
    assert exact(job["spec"]["triggers"][0]["configuration"]["tasks"]) == exact(tasks(1, weight))

    project.write_config({"shard": "5"})  # the tasks themselves change
    up = project.up()
    assert summary(up.requests) == [f"GET /v0/jobs/{name} -> 200", f"PUT /v0/jobs/{name} -> 200"]
    job = blaxel.job(name)
    assert exact(job["spec"]["runtime"]["maxConcurrentTasks"]) == "3"
    assert exact(job["spec"]["triggers"][0]["configuration"]["tasks"]) == exact(tasks(5, weight))
