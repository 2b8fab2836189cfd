"""``check_inputs`` reports each mistake on the top-level property the engine prints it under, with the
whole reason; these pin both, since the native face shows the property and the dynamic face the reason."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.output import Unknown

from blaxel_pulumi.core.check import check_inputs
from blaxel_pulumi.core.field_checks import InputProblem

AUTO = "job-abc1234"
UNKNOWN: Any = Unknown()  # type: ignore[no-untyped-call]
MOUNT = {"type": "ephemeral", "size_mb": 10}


def problems(news: dict[str, Any], olds: dict[str, Any] | None = None) -> list[InputProblem]:
    """The failures of a first ``check`` of ``news``."""
    return check_inputs(olds or {}, {"auto_name": AUTO, "owner": "owner-1", **news})[1]


def secret_without_value(index: int, name: str) -> InputProblem:
    """The one wording of a secret env var without a value (asserted whole)."""
    return InputProblem(
        "runtime",
        f"runtime.envs[{index}] (`{name}`) is secret but has no value; give it a value (e.g. from `pulumi "
        "config set --secret`). Blaxel never shows a secret value (it answers `***`), so the value the job "
        "has cannot be kept for you: a job imported or adopted with secret env vars needs each value in "
        "the program, or nothing is sent.",
    )


@pytest.mark.parametrize(
    ("news", "expected"),
    [
        pytest.param(
            {"runtime": {"imagee": "img:1"}},
            InputProblem("runtime", "runtime.imagee: unknown field. Did you mean `image`?"),
            id="nested unknown field",
        ),
        pytest.param(
            {"runtime": {"image": "img:1", "ports": [{"target": "http"}]}},
            InputProblem(
                "runtime",
                "runtime.ports[0].target: Input should be a valid integer, unable to parse string as an "
                "integer. Expected: Port number inside the container, 1-65535 (source: a TCP/UDP port "
                "number, RFC 6335).",
            ),
            id="invalid nested value",
        ),
        pytest.param(
            {
                "volumes": [
                    {"name": "a", "mount_path": "/m", **MOUNT},
                    {"name": "b", "mount_path": "/m", **MOUNT},
                ]
            },
            InputProblem(
                "volumes", "volumes: two volumes are mounted at `/m`; use distinct mount_path values."
            ),
            id="one mount path twice",
        ),
        pytest.param(
            {"triggers": [{"type": "cron"}]},
            InputProblem(
                "triggers",
                "triggers[0].configuration.schedule is required for a cron trigger, e.g. `0 * * * *` "
                "(every hour).",
            ),
            id="cron without schedule",
        ),
        pytest.param(
            {"labels": {"blaxel-pulumi.owner": "mine"}},
            InputProblem(
                "labels",
                "labels: `blaxel-pulumi.owner` is reserved for blaxel-pulumi's ownership marker; use another "
                "label key.",
            ),
            id="reserved label",
        ),
        pytest.param(
            {"labels": {"k" * 64: "v"}},
            InputProblem("labels", "labels: label keys must be 1-63 characters."),
            id="label key too long",
        ),
        pytest.param(
            {"runtime": {"image": "img:1", "envs": [{"name": "TOKEN", "secret": True}]}},
            secret_without_value(0, "TOKEN"),
            id="secret without value",
        ),
        pytest.param(
            {
                "runtime": {
                    "image": "img:1",
                    "envs": [{"name": "A", "value": "1"}, {"name": "A", "value": "2"}],
                }
            },
            InputProblem(
                "runtime",
                "runtime.envs[1].name: `A` is used twice (also at index 0); each name must be unique.",
            ),
            id="env name twice",
        ),
        pytest.param(
            {"runtime": {"image": "img:1", "envs": [{"name": UNKNOWN}, {"name": "A"}, {"name": "A"}]}},
            InputProblem(
                "runtime",
                "runtime.envs[2].name: `A` is used twice (also at index 1); each name must be unique.",
            ),
            id="env name twice after one not known yet",
        ),
        pytest.param(
            {"triggers": [{"id": "t", "type": "http"}, {"id": "t", "type": "http"}]},
            InputProblem(
                "triggers", "triggers[1].id: `t` is used twice (also at index 0); each id must be unique."
            ),
            id="trigger id twice, no runtime",
        ),
        pytest.param(
            {
                "runtime": {
                    "image": "img:1",
                    "ports": [{"target": 1, "name": "web"}, {"target": 2, "name": "web"}],
                }
            },
            InputProblem(
                "runtime", "runtime.ports: the port name `web` is used twice; names must be unique."
            ),
            id="port name twice",
        ),
        pytest.param(
            {
                "triggers": [
                    {"type": "cron", "configuration": UNKNOWN},
                    {"type": "cron", "configuration": {"schedule": "* * *"}},
                ]
            },
            InputProblem(
                "triggers",
                "triggers[1].configuration.schedule is not a valid cron expression: in `* * *`, there are 3 "
                "fields, not 5. Use five fields: minute (0-59) hour (0-23) day-of-month (1-31) month (1-12) "
                "day-of-week (0-7), e.g. `*/15 * * * *`.",
            ),
            id="invalid cron after a configuration not known yet",
        ),
        pytest.param(
            {"revision": {"canary_percent": 10}},
            InputProblem(
                "revision",
                "revision.canary_percent is set but revision.canary is not; name the canary revision or "
                "remove canary_percent.",
            ),
            id="canary percent without canary",
        ),
        pytest.param(
            {"labels": {"": "x"}},
            InputProblem("labels", "labels: label keys must be 1-63 characters."),
            id="empty label key",
        ),
        pytest.param(
            {"runtime": {"image": "img:1", "envs": [UNKNOWN, {"name": "T", "secret": True}]}},
            secret_without_value(1, "T"),
            id="secret without value after an env not known yet",
        ),
        pytest.param(
            {
                "runtime": {
                    "image": "img:1",
                    "envs": [{"name": "P", "value": "x"}, {"name": "T", "secret": True}],
                }
            },
            secret_without_value(1, "T"),
            id="secret without value after a plain env",
        ),
        pytest.param(
            {"runtime": {"image": "img:1", "envs": [{"name": "T", "secret": True, "value": "***"}]}},
            InputProblem(
                "runtime",
                "runtime.envs[0] (`T`) is secret and its value is the mask Blaxel shows in place of secret "
                "values (three asterisks): sent, it would replace the real value. Give it the real value "
                "(e.g. from `pulumi config set --secret`).",
            ),
            id="secret given the mask",
        ),
        pytest.param(
            {
                "runtime": {"image": "img:1", "envs": [{"name": "T", "secret": True}]},
                "secret_env_values": {"T": 5},
            },
            InputProblem(
                "runtime",
                "runtime.envs[0].value: Input should be a valid string. Expected: Value of the variable. "
                "Masked by the server when `secret` is true.",
            ),
            id="secret value not a string",
        ),
        pytest.param(
            {
                "runtime": {"image": "img:1", "envs": [{"name": "T", "secret": True}]},
                "secret_env_values": ["x"],
            },
            InputProblem("runtime", "runtime.envs: the secret values: Input should be a valid dictionary."),
            id="secret values not a map",
        ),
        pytest.param(
            {"runtime": {"image": "img:1", "envs": [{"name": "T", "secret": "yes", "value": "v"}]}},
            InputProblem("runtime", 'runtime.envs[0].secret is "yes", not a boolean: use true or false.'),
            id="word for a boolean in a list",
        ),
        pytest.param(
            {"enabled": "yes"},
            InputProblem("enabled", 'enabled is "yes", not a boolean: use true or false.'),
            id="word for a boolean",
        ),
    ],
)
def test_each_mistake_is_reported_once_on_its_top_level_property(
    news: dict[str, Any], expected: InputProblem
) -> None:
    assert problems(news) == [expected]


@pytest.mark.parametrize(
    "news",
    [
        pytest.param(
            {"runtime": {"image": "img:1", "envs": [{"name": UNKNOWN}, {"name": UNKNOWN}]}},
            id="env names unknown",
        ),
        pytest.param({"labels": {"k" * 63: "v"}}, id="label key of 63 characters"),
        pytest.param(
            {"runtime": {"image": "img:1", "envs": [{"name": "T", "secret": True, "value": "v"}]}},
            id="a secret value given in runtime.envs",
        ),
        pytest.param(
            {
                "runtime": {"image": "img:1", "envs": [{"name": "T", "secret": True}]},
                "secret_env_values": UNKNOWN,
            },
            id="secret values not known yet (checked when they are)",
        ),
        pytest.param(
            {"volumes": [UNKNOWN, {"name": "a", "mount_path": "/m", "type": "ephemeral", "size_mb": 1}]},
            id="a volume not known yet",
        ),
    ],
)
def test_what_may_be_right_is_not_reported(news: dict[str, Any]) -> None:
    assert problems(news) == []


def test_a_first_check_whose_olds_hold_only_the_provider_may_adopt() -> None:
    """The engine's olds of a resource not created yet can carry the dynamic provider alone: that is no
    existing resource, so ``adopt`` still names the job to adopt."""
    inputs, failures = check_inputs(
        {"__provider": "serialized"},
        {"auto_name": AUTO, "owner": "owner-1", "name": "etl", "adopt": True},
    )
    assert failures == []
    assert inputs["adopt_name"] == "etl"


def test_an_explicit_name_wins_over_the_auto_name() -> None:
    inputs, failures = check_inputs({}, {"auto_name": AUTO, "owner": "owner-1", "name": "etl"})
    assert failures == []
    assert inputs["name"] == "etl"
    assert inputs["auto_name"] == AUTO


@pytest.mark.parametrize(
    ("stored_stack", "current_stack", "owner", "owner_stack"),
    [
        pytest.param("org/dev", "org/dev", "owner-1", "org/dev", id="same stack: the stored marker stays"),
        pytest.param("org/dev", "org/prod", "owner-2", "org/prod", id="moved here: this stack's marker"),
        pytest.param(
            None, "org/prod", "owner-1", "org/prod", id="stack not recorded yet: recorded, marker kept"
        ),
    ],
)
def test_an_existing_resource_keeps_its_marker_unless_it_was_moved_from_another_stack(
    stored_stack: str | None, current_stack: str, owner: str, owner_stack: str
) -> None:
    olds = {"name": "etl", "auto_name": AUTO, "owner": "owner-1", "owner_stack": stored_stack}
    news = {"auto_name": AUTO, "owner": "owner-2", "owner_stack": current_stack, "name": "etl"}
    inputs, failures = check_inputs(olds, news)
    assert failures == []
    assert (inputs["owner"], inputs["owner_stack"]) == (owner, owner_stack)
