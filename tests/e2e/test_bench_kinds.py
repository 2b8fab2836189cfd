"""The 10-kind benchmark's programs run (`bench/programs/kinds` and its no-op twin, `bench/programs/noop`
with config `kinds`; `bench/kinds.py`): on the real CLI against the local Blaxel API, one copy creates one
object of each kind, a second `up` writes nothing, destroy leaves nothing; the twin declares the same
resources with the same property names, and sends nothing."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from typing import Any

import pytest

from bench.kind_program import KINDS
from bench.state import kind_title
from tests.e2e.blaxel_api import BlaxelApi, writes
from tests.e2e.pulumi_cli import REPO_ROOT, PulumiProject

pytestmark = pytest.mark.e2e

PROGRAMS = REPO_ROOT / "bench" / "programs"


def _kind_keys() -> dict[str, tuple[str, ...]]:
    """``KIND_KEYS`` of the twin's ``noop_kinds.py`` (a module of the program's directory)."""
    sys.path.insert(0, str(PROGRAMS / "noop"))
    try:
        keys: dict[str, tuple[str, ...]] = importlib.import_module("noop_kinds").KIND_KEYS
    finally:
        sys.path.pop(0)
    return keys


def _shape(project: PulumiProject) -> dict[str, list[str]]:
    """Each resource of the program's provider by kind (``Policy``), with its property names."""
    resources: list[dict[str, Any]] = project.export_stack()["deployment"]["resources"]
    return {
        kind_title(r["type"]): sorted(r["outputs"])
        for r in resources
        if r["type"].startswith("pulumi-python:dynamic/") and kind_title(r["type"]) != "StackIdentity"
    }


def test_the_ten_kind_program_and_its_no_op_twin_run(
    make_project: Callable[..., PulumiProject], blaxel: BlaxelApi
) -> None:
    ours = make_project(PROGRAMS / "kinds", env=blaxel.env, stack="k")
    ours.request_log = blaxel
    ours.config_set("count", "1")
    noop = make_project(PROGRAMS / "noop", env=blaxel.env, stack="k")
    noop.request_log = blaxel
    noop.write_config({"count": "1", "kinds": "true"})

    created = ours.up()
    assert sorted(writes(created.requests)) == sorted(f"POST /v0{c}" for _word, c, _title in KINDS)
    twin = noop.up()
    assert twin.requests == []
    shapes = {"ours": _shape(ours), "noop": _shape(noop)}
    assert sorted(shapes["ours"]) == sorted(shapes["noop"]) == sorted(title for _w, _c, title in KINDS)
    for title, keys in _kind_keys().items():  # the twin fills nothing the kind does not have
        assert set(shapes["noop"][title]) - {"__provider"} <= set(keys), title

    assert writes(ours.up().requests) == []

    ours.destroy()
    noop.destroy()
    assert blaxel.stored_jobs() == {}
    for _word, collection, _title in KINDS:
        if collection != "/jobs":
            assert blaxel.stored_objects(collection) == {}, collection
