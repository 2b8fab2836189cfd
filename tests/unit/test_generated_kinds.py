"""The resource classes of every kind but jobs are exactly what the generator writes from their
declarations, and each declares every input its kind's check accepts."""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path

import pytest

import blaxel_pulumi as blaxel
from blaxel_pulumi.core.object_kinds import OBJECT_RESOURCE_KINDS

ROOT = Path(__file__).resolve().parents[2]


def test_kinds_py_and_the_kinds_tables_are_generated_from_the_declarations() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_kinds.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("word", sorted(OBJECT_RESOURCE_KINDS))
def test_each_kind_has_a_class_taking_its_fields_and_options(word: str) -> None:
    kind = OBJECT_RESOURCE_KINDS[word]
    cls = getattr(blaxel, f"Blaxel{kind.api.model.__name__}")
    parameters = set(inspect.signature(cls.__init__).parameters) - {"self", "resource_name", "opts"}
    assert parameters == {*kind.declared_keys, *kind.option_keys}
    assert ("wait_for_deployment" in parameters) is kind.rolls_out
