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


def test_an_unknown_field_with_no_close_name_lists_the_known_ones(provider: BlaxelJobProvider) -> None:
    _, failures = check(provider, {"runtime": {"image": "img:1", "zzqqxx": 1}})
    assert failures == [
        "runtime.zzqqxx: unknown field. Known fields: disk_percent, envs, generation, image, "
        "max_concurrent_tasks, max_retries, memory, ports, timeout."
    ]


def test_every_misspelt_field_is_reported_at_once_with_its_path(provider: BlaxelJobProvider) -> None:
    volume = {"name": "a", "mount_path": "/a", "type": "ephemeral", "size_mb": 1}
    _, failures = check(
        provider,
        {
            "dispaly_name": "x",
            "runtime": {"image": "img:1", "ports": [{"target": 80}, {"targte": 81}]},
            "volumes": [volume, {**volume, "name": "b", "mount_path": None, "mount_pth": "/b"}],
        },
    )
    assert [f for f in failures if "unknown field" in f] == [
        "dispaly_name: unknown field. Did you mean `display_name`?",
        "runtime.ports[1].targte: unknown field. Did you mean `target`?",
        "volumes[1].mount_pth: unknown field. Did you mean `mount_path`?",
    ]


def test_a_missing_required_field_says_what_it_is(provider: BlaxelJobProvider) -> None:
    _, failures = check(provider, {"volumes": [{"mount_path": "/a", "type": "ephemeral", "size_mb": 1}]})
    assert failures == ["volumes[0].name is required. Name of the volume."]


def test_a_rule_of_ours_reads_as_one_sentence_and_says_what_is_expected(provider: BlaxelJobProvider) -> None:
    _, failures = check(provider, {"runtime": {"image": "img:1"}, "timeouts": {"create": "-1s"}})
    [reason] = failures
    assert reason.startswith(
        "timeouts.create: Value error, `-1s` is negative; a timeout is a positive Go duration such as `5m`. "
        "Expected: Set by `BlaxelJob` from the resource option `custom_timeouts`"
    )


def test_a_mistake_after_a_value_not_known_yet_in_the_same_list_is_reported(
    provider: BlaxelJobProvider,
) -> None:
    _, failures = check(
        provider, {"runtime": {"image": "img:1", "ports": [{"target": UNKNOWN}, {"target": 70000}]}}
    )
    assert failures == [
        "runtime.ports[1].target: Input should be less than or equal to 65535. Expected: Port number inside "
        "the container, 1-65535 (source: a TCP/UDP port number, RFC 6335)."
    ]


def test_a_bad_secret_value_is_reported_where_the_program_wrote_it_and_never_quoted(
    provider: BlaxelJobProvider,
) -> None:
    """Env vars not known yet (a preview): the secret value is checked on its own, and reported as the
    env var's value (the program's `runtime.envs`), never under the internal `secret_env_values`."""
    _, failures = check(
        provider,
        {"runtime": {"image": "img:1", "envs": UNKNOWN}, "secret_env_values": {"TOKEN": 40000123456789}},
    )
    assert failures == ["runtime.envs: the value of `TOKEN`: Input should be a valid string."]


def test_two_ports_of_one_name_and_a_canary_share_without_a_canary_are_refused(
    provider: BlaxelJobProvider,
) -> None:
    ports = [{"target": 80, "name": "http"}, {"target": 81, "name": "http"}]
    _, failures = check(
        provider,
        {"runtime": {"image": "img:1", "ports": ports}, "revision": {"canary_percent": 10}},
    )
    assert failures == [
        "runtime.ports: the port name `http` is used twice; names must be unique.",
        "revision.canary_percent is set but revision.canary is not; name the canary revision or remove "
        "canary_percent.",
    ]


def test_a_job_with_neither_a_name_nor_an_auto_name_asks_for_a_name(provider: BlaxelJobProvider) -> None:
    result = provider.check({}, {"owner": "owner-1", "runtime": {"image": "img:1"}})
    assert [f.reason for f in result.failures] == [
        "name is not set, and the auto-name is not known: it derives from the stack identity "
        "`blaxel-stack-identity`, which this run does not create (`pulumi up --target` left it out). On the "
        "stack's first targeted run, target the identity too (`--target '**::blaxel-stack-identity'`), or "
        "set `name`."
    ]
