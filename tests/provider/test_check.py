"""What ``check`` stores and reports beyond validation: values in the types Blaxel reports, the name an
existing resource keeps, the version of each secret env value, failures next to unknown values."""

from __future__ import annotations

from typing import Any

from pulumi.output import UNKNOWN, Unknown

from blaxel_pulumi.provider import BlaxelJobProvider

AUTO = "job-abc1234"


def check(
    provider: BlaxelJobProvider, news: dict[str, Any], olds: dict[str, Any] | None = None
) -> tuple[dict[str, Any], list[str]]:
    """The stored inputs and the failure reasons of a ``check`` as the engine runs it."""
    result = provider.check(olds or {}, {"auto_name": AUTO, "owner": "owner-1", **news})
    return dict(result.inputs), [f.reason for f in result.failures]


def test_values_given_as_text_are_stored_in_the_type_blaxel_reports(provider: BlaxelJobProvider) -> None:
    """Stack config gives text: stored as text, `"2048"` would differ from Blaxel's 2048 at every refresh."""
    inputs, failures = check(
        provider,
        {
            "enabled": "true",
            "runtime": {"image": "img:1", "memory": "2048", "ports": [{"target": "8080"}]},
            "revision": {"canary_percent": "10", "canary": "rev-2"},
        },
    )
    assert failures == []
    assert inputs["enabled"] is True
    assert inputs["runtime"] == {"image": "img:1", "memory": 2048, "ports": [{"target": 8080}]}
    assert inputs["revision"] == {"canary_percent": 10, "canary": "rev-2"}


def test_an_existing_resource_keeps_its_name_when_the_program_stops_giving_one(
    provider: BlaxelJobProvider,
) -> None:
    """Dropping `name=` must not rename (so replace) the job: the name it has stays."""
    first, _ = check(provider, {"name": "chosen", "runtime": {"image": "img:1"}})
    assert first["name"] == "chosen" and first["auto_name"] == AUTO

    again, failures = check(provider, {"runtime": {"image": "img:2"}}, olds=first)

    assert failures == []
    assert again["name"] == "chosen"


def test_a_new_resource_without_a_name_gets_its_auto_name(provider: BlaxelJobProvider) -> None:
    inputs, failures = check(provider, {"runtime": {"image": "img:1"}})
    assert failures == [] and inputs["name"] == AUTO


def test_each_secret_env_value_has_a_version_raised_when_it_changes(provider: BlaxelJobProvider) -> None:
    """A changed secret shows in a diff as a new version (`~ secret_env_versions`), never by its value."""
    envs = [{"name": "TOKEN", "secret": True}, {"name": "PASSWORD", "secret": True}]
    runtime = {"image": "img:1", "envs": envs}
    first, _ = check(provider, {"runtime": runtime, "secret_env_values": {"TOKEN": "t1", "PASSWORD": "p1"}})
    assert first["secret_env_versions"] == {"TOKEN": 1, "PASSWORD": 1}

    rotated, failures = check(
        provider, {"runtime": runtime, "secret_env_values": {"TOKEN": "t2", "PASSWORD": "p1"}}, olds=first
    )
    assert failures == []
    assert rotated["secret_env_versions"] == {"TOKEN": 2, "PASSWORD": 1}

    again, _ = check(
        provider, {"runtime": runtime, "secret_env_values": {"TOKEN": "t2", "PASSWORD": "p1"}}, olds=rotated
    )
    assert again["secret_env_versions"] == {"TOKEN": 2, "PASSWORD": 1}

    # A secret dropped and given again starts after the version it had: it may hold another value now.
    back, _ = check(
        provider,
        {"runtime": runtime, "secret_env_values": {"TOKEN": "t2", "PASSWORD": "p1"}},
        olds={**again, "secret_env_values": {"TOKEN": "t2"}},
    )
    assert back["secret_env_versions"] == {"TOKEN": 2, "PASSWORD": 2}


def test_a_secret_value_not_known_yet_has_a_version_not_known_yet(provider: BlaxelJobProvider) -> None:
    runtime = {"image": "img:1", "envs": [{"name": "TOKEN", "secret": True}]}
    inputs, failures = check(provider, {"runtime": runtime, "secret_env_values": {"TOKEN": UNKNOWN}})
    assert failures == []
    assert isinstance(inputs["secret_env_versions"], Unknown)


def test_a_mistake_beside_a_value_not_known_yet_is_still_reported(provider: BlaxelJobProvider) -> None:
    """Unknown values (outputs of other resources in a preview) are not validated; the rest still is."""
    inputs, failures = check(
        provider,
        {
            "runtime": {"image": UNKNOWN, "memory": "lots"},
            "triggers": [{"type": "cron", "configuration": UNKNOWN}],
        },
    )
    assert len(failures) == 1 and failures[0].startswith("runtime.memory: Input should be a valid integer")
    assert inputs["runtime"]["image"] is UNKNOWN
