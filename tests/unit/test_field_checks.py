"""The checks every kind shares (core/field_checks), on a model of another kind than jobs: what a new kind
gets without writing a check of its own."""

from __future__ import annotations

from typing import Any

from pulumi.output import Unknown
from pydantic import BaseModel, Field, model_validator

from blaxel_pulumi.core.field_checks import InputProblem, check_fields

UNKNOWN: Any = Unknown()  # type: ignore[no-untyped-call]


class Limits(BaseModel):
    """A nested part of the kind."""

    max_tokens: int | None = Field(default=None, ge=1, description="Tokens per minute, at least 1.")


class Rule(BaseModel):
    """An item of a list of the kind, with a boolean and a required field without description."""

    model_config = {"extra": "forbid"}

    resource: str
    allow: bool | None = None
    strict: bool | None = None


class Window(BaseModel):
    """A nested part with a rule across its fields."""

    start: int | None = None
    end: int | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Window:
        if self.start is None or self.end is None or self.start > self.end:
            raise ValueError("start and end are both needed, start first")
        return self


class PolicyInputs(BaseModel):
    """The inputs of a kind that is not a job."""

    model_config = {"extra": "forbid"}

    name: str = Field(description="Name of the policy.")
    enabled: bool | None = Field(default=None, description="Whether it applies.")
    limits: Limits | None = Field(default=None, description="Its limits.")
    quotas: dict[str, int] | None = Field(default=None, description="Requests per region.")
    rules: list[Rule] | None = Field(default=None, description="Its rules.")
    window: Window | None = Field(default=None, description="When it applies.")


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
        InputProblem(
            "other", "other: unknown field. Known fields: enabled, limits, name, quotas, rules, window."
        )
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


def test_booleans_and_keys_are_checked_inside_lists_on_the_top_level_property() -> None:
    rules = [{"resource": "a", "allow": True}, {"resource": "b", "strict": None, "allow": "yes"}]
    _, failures = check_fields({"name": "p", "limits": None, "rules": rules, "enabled": 1}, PolicyInputs)
    assert failures == [
        InputProblem("rules", 'rules[1].allow is "yes", not a boolean: use true or false.'),
        InputProblem("enabled", "enabled is 1, not a boolean: use true or false."),
    ]
    _, failures = check_fields({"name": "p", "rules": [{"resource": "a", "alow": True}]}, PolicyInputs)
    assert failures == [InputProblem("rules", "rules[0].alow: unknown field. Did you mean `allow`?")]


def test_the_words_true_and_false_are_booleans_in_any_case() -> None:
    inputs, failures = check_fields(
        {"name": "p", "enabled": "FALSE", "rules": [{"resource": "a", "allow": "True"}]}, PolicyInputs
    )
    assert failures == []
    assert inputs == {"name": "p", "enabled": False, "rules": [{"resource": "a", "allow": True}]}


def test_a_required_field_without_description_is_named_alone() -> None:
    _, failures = check_fields({"name": "p", "rules": [{"allow": True}]}, PolicyInputs)
    assert failures == [InputProblem("rules", "rules[0].resource is required.")]


def test_a_rule_across_fields_waits_for_the_values_not_known_yet() -> None:
    _, failures = check_fields({"name": "p", "window": {"start": 1, "end": UNKNOWN}}, PolicyInputs)
    assert failures == []
    _, failures = check_fields({"name": "p", "window": {"start": 1}}, PolicyInputs)
    assert failures == [
        InputProblem(
            "window",
            "window: Value error, start and end are both needed, start first. Expected: When it applies.",
        )
    ]


def test_every_bad_boolean_is_reported_after_good_ones_and_in_every_item() -> None:
    rules = [{"resource": "a", "allow": "no"}, {"resource": "b", "allow": "off"}]
    _, failures = check_fields({"name": "p", "enabled": True, "rules": rules, "window": None}, PolicyInputs)
    assert failures == [
        InputProblem("rules", 'rules[0].allow is "no", not a boolean: use true or false.'),
        InputProblem("rules", 'rules[1].allow is "off", not a boolean: use true or false.'),
    ]
