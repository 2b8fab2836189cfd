"""The wire form: request bodies, lenient reads of responses, markers of the field table."""

from __future__ import annotations

import enum
from typing import Any

import pytest

from blaxel_pulumi.api.models import (
    Env,
    GithubRunner,
    Job,
    JobRuntime,
    JobSpec,
    Metadata,
    Port,
    Trigger,
    TriggerConfiguration,
)
from blaxel_pulumi.api.wire import marker, paths_marked, read_job, request_body, submodel, wire_dump


def test_the_field_tables_markers() -> None:
    assert paths_marked(JobSpec, "keyed_by") == {
        ("runtime", "envs"): "name",
        ("runtime", "ports"): "target",
        ("triggers",): "id",
        ("volumes",): "name",
    }
    assert set(paths_marked(JobSpec, "unordered")) == {("policies",), ("github_runner", "repositories")}
    assert paths_marked(Job, "secret") == {("spec", "triggers", "configuration", "callback_secret"): True}
    assert paths_marked(Job, "replace_on_change") == {("metadata", "name"): True}
    assert marker(Metadata.model_fields["created_at"], "read_only") is True
    assert marker(Metadata.model_fields["labels"], "read_only") is None
    assert marker(Env.model_fields["name"], "keyed_by") is None


def test_submodel_finds_the_model_and_whether_it_is_a_list() -> None:
    assert submodel(JobRuntime) == (JobRuntime, False)
    assert submodel(JobRuntime | None) == (JobRuntime, False)
    assert submodel(list[Env] | None) == (Env, True)
    assert submodel(list[str] | None) == (None, False)
    assert submodel(int) == (None, False)


def test_request_body_is_camel_case_without_none_read_only_or_unknown_fields() -> None:
    job = Job.model_validate(
        {
            "metadata": {"name": "etl", "displayName": "ETL", "createdAt": "2026-01-01", "extra": 1},
            "spec": {
                "runtime": {"maxRetries": 0, "envs": [{"name": "A", "value": "1"}], "unknownKnob": 2},
                "triggers": [{"id": "t", "type": "http-async", "configuration": {"callbackSecret": "s"}}],
                "enabled": False,
            },
            "status": "DEPLOYED",
        }
    )
    assert request_body(job) == {
        "metadata": {"name": "etl", "displayName": "ETL"},
        "spec": {
            "enabled": False,
            "runtime": {"envs": [{"name": "A", "value": "1"}], "maxRetries": 0},
            "triggers": [{"id": "t", "type": "http-async", "configuration": {}}],
        },
    }


def test_wire_dump_keeps_read_only_and_unknown_fields_unless_told() -> None:
    class Colour(enum.Enum):
        RED = "red"

    job = read_job(
        {
            "metadata": {"name": "etl", "createdAt": "now", "future": {"x": None, "y": 1}},
            "spec": {"runtime": {"ports": [{"target": 80, "protocol": "QUIC"}]}},
            "status": "SLEEPING",
        }
    )
    assert wire_dump(job) == {
        "metadata": {"name": "etl", "createdAt": "now", "future": {"x": None, "y": 1}},
        "spec": {"runtime": {"ports": [{"target": 80, "protocol": "QUIC"}]}},
        "status": "SLEEPING",
    }
    assert wire_dump(job, read_only=False) == {
        "metadata": {"name": "etl", "future": {"x": None, "y": 1}},
        "spec": {"runtime": {"ports": [{"target": 80, "protocol": "QUIC"}]}},
    }
    assert wire_dump(job, extras=False) == {
        "metadata": {"name": "etl", "createdAt": "now"},
        "spec": {"runtime": {"ports": [{"target": 80, "protocol": "QUIC"}]}},
        "status": "SLEEPING",
    }
    assert wire_dump([Colour.RED, {"k": Colour.RED}]) == ["red", {"k": "red"}]


def test_read_job_is_lenient_and_keeps_what_it_does_not_know() -> None:
    job = read_job(
        {
            "metadata": {"name": "etl", "labels": {"a": "b"}},
            "spec": {
                "runtime": {"memory": "lots", "envs": [{"name": "A", "surprise": 1}, "not-an-object"]},
                "triggers": [{"id": "t", "configuration": {"timeout": 5000}}],
                "newThing": [1],
            },
            "status": 7,
            "events": [{"type": "deployment", "status": "DEPLOYED"}, "noise"],
        }
    )
    assert isinstance(job.spec.runtime, JobRuntime)
    memory: Any = job.spec.runtime.memory
    assert memory == "lots"
    envs: list[Any] = job.spec.runtime.envs or []
    assert isinstance(envs[0], Env) and envs[0].name == "A" and envs[0].model_extra == {"surprise": 1}
    assert envs[1] == "not-an-object"
    trigger = (job.spec.triggers or [])[0]
    assert isinstance(trigger, Trigger) and isinstance(trigger.configuration, TriggerConfiguration)
    assert trigger.configuration.timeout == 5000
    assert job.spec.model_extra == {"newThing": [1]}
    assert job.status == "7"
    assert [e.status for e in job.events or []] == ["DEPLOYED"]
    assert job.metadata.labels == {"a": "b"}
    assert job.spec.volumes is None


def test_read_job_accepts_python_names_and_odd_shapes() -> None:
    job = read_job({"metadata": {"name": "etl", "display_name": "ETL"}, "spec": None, "events": "x"})
    assert job.metadata.display_name == "ETL"
    runner = read_job({"metadata": {"name": "r"}, "spec": {"github_runner": {"repositories": ["o/r"]}}})
    assert isinstance(runner.spec.github_runner, GithubRunner)
    assert runner.spec.github_runner.repositories == ["o/r"]
    assert job.spec == JobSpec.model_construct(**dict.fromkeys(JobSpec.model_fields))
    assert job.events is None
    assert job.status is None
    port = read_job({"metadata": {"name": "p"}, "spec": {"runtime": {"ports": "none"}}}).spec.runtime
    ports: Any = port.ports if isinstance(port, JobRuntime) else None
    assert ports == "none"
    assert isinstance(Port, type)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "^the body is not a JSON object$"),
        ({}, "metadata.name is missing"),
        ({"metadata": {"name": 3}}, "^metadata.name is missing or not a string$"),
        ({"metadata": "etl"}, "metadata.name"),
    ],
)
def test_read_job_refuses_what_is_not_a_job(data: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        read_job(data)
