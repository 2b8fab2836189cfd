"""Owner markers, auto-names and execution ids of existing stacks, pinned byte for byte.

Every job a stack holds carries its owner marker in a label, a job without ``name`` is named by its
auto-name, and an execution is found again by its id: a change in any of them would make the next ``pulumi
up`` fail to recognise what an earlier one made. ``data/golden_ownership.json`` holds the values computed by
the package as it stood before its modules moved (main at 651049c, the code that wrote existing stacks);
the current code must give exactly the same for the same stack identity, types, parents and names.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from blaxel_pulumi.core import ownership
from blaxel_pulumi.core.execution_operations import execution_id, generation_id

GOLDEN: dict[str, str] = json.loads((Path(__file__).parent / "data" / "golden_ownership.json").read_text())
IDENTITY = "0123456789abcdef0123456789abcdef"
JOB = "pulumi-python:dynamic/blaxel:Job"
PARENTS = [
    None,
    "urn:pulumi:dev::proj::my:index:Component::comp",
    "urn:pulumi:dev::proj::my:index:Outer$my:index:Inner::inner",
]
NAMES = ["nightly", "a" * 60, "Nightly_Report.v2"]
NATIVE_URNS = [
    "urn:pulumi:dev::proj::blaxel:index:Job::nightly",
    "urn:pulumi:prod::proj::my:index:C$blaxel:index:Job::etl-job",
]
RUNS: list[dict[str, Any]] = [
    {"job": "nightly", "tasks": [{"a": 1}], "env": {"TOKEN": "s3cret", "MODE": "x"}, "memory": 2048},
    {"job": "nightly", "tasks": None, "env": {}},
    {"job": "other", "tasks": [{"a": 1}, {"b": [1, 2]}], "env": {"A": "1"}, "timeout": 600},
]


def test_the_golden_file_covers_every_case() -> None:
    expected = len(PARENTS) * (1 + 2 * len(NAMES)) + 2 * len(NATIVE_URNS) + 2 * len(RUNS)
    assert len(GOLDEN) == expected


@pytest.mark.parametrize("parent", PARENTS)
@pytest.mark.parametrize("name", NAMES)
def test_dynamic_markers_and_auto_names_are_unchanged(parent: str | None, name: str) -> None:
    qualified = ownership.qualified_type(JOB, parent)
    assert qualified == GOLDEN[f"qualified|{JOB}|{parent}"]
    assert ownership.owner_marker(IDENTITY, qualified, name) == GOLDEN[f"marker|{qualified}|{name}"]
    assert ownership.auto_name(name, IDENTITY, qualified) == GOLDEN[f"auto|{qualified}|{name}"]


@pytest.mark.parametrize("urn", NATIVE_URNS)
def test_native_markers_and_auto_names_are_unchanged(urn: str) -> None:
    assert ownership.owner_of(IDENTITY, urn) == GOLDEN[f"native-owner|{urn}"]
    assert ownership.auto_name_of(IDENTITY, urn) == GOLDEN[f"native-auto|{urn}"]


@pytest.mark.parametrize("index", range(len(RUNS)))
def test_execution_ids_are_unchanged(index: int) -> None:
    owner = ownership.owner_marker(IDENTITY, "pulumi-python:dynamic/blaxel:JobExecution", f"run{index}")
    base = execution_id(owner, RUNS[index])
    assert base == GOLDEN[f"execution|{index}"]
    assert generation_id(base, 2) == GOLDEN[f"execution|{index}|gen2"]
