"""What `BlaxelJob` hands the engine: props, secrets split out of `runtime`, auto-name and ownership marker.

These tests use Pulumi's mocks only to see the registration the resource makes; the provider itself is
tested against a real server (tests/provider) and through the real CLI (tests/e2e).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pulumi
import pytest

import blaxel_pulumi as blaxel
from blaxel_pulumi.dynamic.job import auto_name

SECRET = "canary-job-secret-31c7"
SECRET_SIG = "4dabf18193072939515e22adb298388d"  # how the engine protocol marks a secret value


def unwrap_secret(value: Any) -> Any:
    """The value inside a secret marker; fails if ``value`` is not marked secret."""
    assert isinstance(value, dict)
    assert SECRET_SIG in value, f"not a secret: {value!r}"
    return value["value"]


IDENTITY = "0123456789abcdef0123456789abcdef"
IDENTITY_TYPE = "pulumi-python:dynamic/blaxel:StackIdentity"


class Recorder(pulumi.runtime.Mocks):
    """Records every resource registration."""

    def __init__(self) -> None:
        self.registered: list[pulumi.runtime.MockResourceArgs] = []

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str | None, dict[str, Any]]:
        if args.typ == IDENTITY_TYPE:  # what the identity's provider draws on create
            return IDENTITY, {"value": IDENTITY}
        self.registered.append(args)
        return f"{args.name}-id", dict(args.inputs)

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        return {}, None


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    # Pulumi's mocks need a current event loop; earlier tests in the session (uvicorn servers, asyncio.run)
    # may have left the main thread without one.
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    mocks = Recorder()
    pulumi.runtime.set_mocks(mocks, project="proj", stack="dev", preview=False)
    yield mocks
    asyncio.set_event_loop(None)
    loop.close()


@pulumi.runtime.test  # type: ignore[untyped-decorator]
def test_secret_env_values_leave_runtime(recorder: Recorder) -> pulumi.Output[None]:
    job = blaxel.BlaxelJob(
        "etl",
        runtime=blaxel.JobRuntimeArgs(
            image="img",
            envs=[
                blaxel.EnvVarArgs(name="PLAIN", value="visible"),
                blaxel.EnvVarArgs(name="TOKEN", value=pulumi.Output.secret(SECRET), secret=True),
                {"name": "OTHER", "value": "also-secret", "secret": True},
            ],
        ),
    )

    def check(_: Any) -> None:
        [args] = recorder.registered
        inputs = args.inputs
        assert inputs["runtime"]["envs"] == [
            {"name": "PLAIN", "value": "visible"},
            {"name": "TOKEN", "secret": True},
            {"name": "OTHER", "secret": True},
        ]
        assert unwrap_secret(inputs["secret_env_values"]) == {"TOKEN": SECRET, "OTHER": "also-secret"}
        assert SECRET not in repr(inputs["runtime"])
        assert inputs["auto_name"] == auto_name("etl", IDENTITY)
        assert len(inputs["owner"]) == 32
        assert args.typ == "pulumi-python:dynamic/blaxel:Job"

    return pulumi.Output.all(job.urn, job.secret_env_values).apply(check)


@pulumi.runtime.test  # type: ignore[untyped-decorator]
def test_secret_env_values_are_pulumi_secrets(recorder: Recorder) -> pulumi.Output[None]:
    job = blaxel.BlaxelJob("etl", runtime={"envs": [{"name": "TOKEN", "value": SECRET, "secret": True}]})

    async def is_secret() -> bool:
        return await job.secret_env_values.is_secret()

    secret: pulumi.Output[bool] = pulumi.Output.from_input(is_secret())
    return secret.apply(lambda secret: None if secret else pytest.fail("not secret"))


@pulumi.runtime.test  # type: ignore[untyped-decorator]
def test_runtime_given_as_an_output_is_split_later(recorder: Recorder) -> pulumi.Output[None]:
    runtime: pulumi.Output[Any] = pulumi.Output.from_input(
        {"image": "img", "envs": [{"name": "TOKEN", "value": SECRET, "secret": True}]}
    )
    job = blaxel.BlaxelJob("later", name="later-job", runtime=runtime)

    def check(_: Any) -> None:
        inputs = recorder.registered[0].inputs
        assert inputs["runtime"] == {"image": "img", "envs": [{"name": "TOKEN", "secret": True}]}
        assert unwrap_secret(inputs["secret_env_values"]) == {"TOKEN": SECRET}
        assert inputs["name"] == "later-job"

    return job.urn.apply(check)


@pulumi.runtime.test  # type: ignore[untyped-decorator]
def test_args_object_and_keywords_merge(recorder: Recorder) -> pulumi.Output[None]:
    job = blaxel.BlaxelJob(
        "merged", blaxel.BlaxelJobArgs(name="from-args", region="us-was-1"), region="eu-lon-1"
    )

    def check(_: Any) -> None:
        inputs = recorder.registered[0].inputs
        assert inputs["name"] == "from-args"
        assert inputs["region"] == "eu-lon-1"

    return job.urn.apply(check)


@pytest.mark.parametrize(
    ("resource_name", "prefix"),
    [("etl", "etl-"), ("My ETL_job!", "my-etl-job-"), ("---", "job-"), ("x" * 80, "x" * 41 + "-")],
)
def test_auto_names_are_valid_and_stable(resource_name: str, prefix: str) -> None:
    name = auto_name(resource_name, IDENTITY)
    assert name.startswith(prefix)
    assert len(name) <= 49
    assert name == auto_name(resource_name, IDENTITY)
    assert name != auto_name(resource_name, IDENTITY[::-1])
    blaxel_name_rule = __import__("re").fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", name)
    assert blaxel_name_rule is not None


@pulumi.runtime.test  # type: ignore[untyped-decorator]
def test_a_secret_flag_given_as_text_still_splits_the_value(recorder: Recorder) -> pulumi.Output[None]:
    runtime: Any = {"envs": [{"name": "TOKEN", "value": SECRET, "secret": "true"}]}
    job = blaxel.BlaxelJob("texty", runtime=runtime)

    def check(_: Any) -> None:
        inputs = recorder.registered[0].inputs
        assert inputs["runtime"] == {"envs": [{"name": "TOKEN", "secret": "true"}]}
        assert unwrap_secret(inputs["secret_env_values"]) == {"TOKEN": SECRET}

    return job.urn.apply(check)


@pulumi.runtime.test  # type: ignore[untyped-decorator]
def test_a_secret_flag_known_only_later_waits_for_it(recorder: Recorder) -> pulumi.Output[None]:
    flag: pulumi.Output[bool] = pulumi.Output.from_input(True)
    job = blaxel.BlaxelJob("late", runtime={"envs": [{"name": "TOKEN", "value": SECRET, "secret": flag}]})

    def check(_: Any) -> None:
        inputs = recorder.registered[0].inputs
        assert inputs["runtime"] == {"envs": [{"name": "TOKEN", "secret": True}]}
        assert unwrap_secret(inputs["secret_env_values"]) == {"TOKEN": SECRET}

    return job.urn.apply(check)
