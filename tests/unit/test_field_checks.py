"""The checks every kind shares (core/field_checks), on a model of another kind than jobs: what a new kind
gets without writing a check of its own."""

from __future__ import annotations

from typing import Any

from pulumi.output import Unknown
from pydantic import BaseModel, Field

from blaxel_pulumi.core.field_checks import InputProblem, check_fields

UNKNOWN: Any = Unknown()  # type: ignore[no-untyped-call]


class Limits(BaseModel):
    """A nested part of the kind."""

    max_tokens: int | None = Field(default=None, ge=1, description="Tokens per minute, at least 1.")


class PolicyInputs(BaseModel):
    """The inputs of a kind that is not a job."""

    model_config = {"extra": "forbid"}

    name: str = Field(description="Name of the policy.")
    enabled: bool | None = Field(default=None, description="Whether it applies.")
    limits: Limits | None = Field(default=None, description="Its limits.")
    quotas: dict[str, int] | None = Field(default=None, description="Requests per region.")


def test_values_are_coerced_to_the_models_types_and_unknowns_left_alone() -> None:
    inputs, failures = check_fields(
        {"name": "p", "enabled": "true", "limits": {"max_tokens": "12"}}, PolicyInputs
    )
    assert failures == []
    assert inputs == {"name": "p", "enabled": True, "limits": {"max_tokens": 12}}
    inputs, failures = check_fields(
        {"name": "p", "enabled": "true", "limits": {"max_tokens": UNKNOWN}}, PolicyInputs
    )
    assert failures == []
    assert inputs["enabled"] is True
    assert isinstance(inputs["limits"]["max_tokens"], Unknown)


def test_the_values_of_a_map_are_coerced_by_key() -> None:
    inputs, failures = check_fields({"name": "p", "quotas": {"eu": "5", "us": 7}}, PolicyInputs)
    assert failures == []
    assert inputs["quotas"] == {"eu": 5, "us": 7}


def test_a_key_the_model_does_not_have_is_named_with_the_known_ones() -> None:
    _, failures = check_fields({"name": "p", "other": UNKNOWN}, PolicyInputs)
    assert failures == [
        InputProblem("other", "other: unknown field. Known fields: enabled, limits, name, quotas.")
    ]


def test_each_mistake_names_the_field_and_the_fix_on_its_top_level_property() -> None:
    _, failures = check_fields({"name": "p", "enabled": "yes", "limits": {"max_tokns": 3}}, PolicyInputs)
    assert failures == [
        InputProblem("limits", "limits.max_tokns: unknown field. Did you mean `max_tokens`?"),
        InputProblem("enabled", 'enabled is "yes", not a boolean: use true or false.'),
    ]
    _, failures = check_fields({"limits": {"max_tokens": 0}}, PolicyInputs)
    assert failures == [
        InputProblem("name", "name is required. Name of the policy."),
        InputProblem(
            "limits",
            "limits.max_tokens: Input should be greater than or equal to 1. Expected: Tokens per minute, at "
            "least 1.",
        ),
    ]


def test_prepare_shapes_what_the_model_validates_but_not_what_is_stored() -> None:
    inputs, failures = check_fields(
        {"enabled": True}, PolicyInputs, prepare=lambda data: {**data, "name": "p"}
    )
    assert failures == []
    assert inputs == {"enabled": True}
