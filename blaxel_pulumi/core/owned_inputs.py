"""The first step of every kind's ``check``: who the resource is, and the name of its object.

A resource that exists (``olds`` is not empty) keeps the ownership marker and auto-name it was created with:
they are never recomputed, so a new way of computing them never renames or disowns an object (a resource
moved into another stack takes that stack's marker: see :func:`blaxel_pulumi.core.ownership.kept_owner`).
An object without a ``name`` gets the auto-name (the one an earlier run chose, while the auto-name is the
same). Only the first create of a resource may adopt: ``adopt_name`` is set again by each kind's check.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi.output import Unknown

from blaxel_pulumi.core import ownership
from blaxel_pulumi.core.field_checks import InputProblem

__all__ = ["owned_inputs"]


def _auto_name(olds: Mapping[str, Any], news: Mapping[str, Any]) -> str | Unknown | None:
    """Keep the name an earlier run chose; else the resource's auto-name (a stable, valid name; unknown in
    the first preview of a stack, whose identity is not drawn yet)."""
    auto = news.get("auto_name")
    if isinstance(olds.get("name"), str) and olds.get("auto_name") == auto and olds.get("name"):
        return str(olds["name"])
    return auto if isinstance(auto, str | Unknown) else None


def owned_inputs(
    olds: Mapping[str, Any], news: Mapping[str, Any], no_name: str
) -> tuple[dict[str, Any], list[InputProblem]]:
    """``news`` with the owner marker and auto-name an existing resource keeps, and the name filled in; the
    failure ``no_name`` (on ``name``) when there is neither a name nor an auto-name."""
    inputs = {k: v for k, v in news.items() if k != "__provider"}
    inputs.pop("adopt_name", None)
    if any(k != "__provider" for k in olds):
        for key in ("owner", "auto_name"):
            if olds.get(key) is not None:
                inputs[key] = olds[key]
        inputs["owner"], inputs["owner_stack"] = ownership.kept_owner(
            inputs.get("owner"), olds.get("owner_stack"), news.get("owner"), news.get("owner_stack")
        )
    if inputs.get("name") is None:
        inputs["name"] = _auto_name(olds, inputs)
        if inputs["name"] is None:
            return inputs, [InputProblem("name", no_name)]
    return inputs, []
