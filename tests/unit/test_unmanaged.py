"""What a job has beyond the program (unmanaged parts) and how it is merged back into a PUT body."""

from __future__ import annotations

from typing import Any

from blaxel_pulumi.api.models import Job
from blaxel_pulumi.api.unmanaged import merge_unmanaged, unmanaged
from blaxel_pulumi.api.wire import read_job


def job(**spec: Any) -> dict[str, Any]:
    return {"metadata": {"name": "etl", "labels": {"team": "data"}}, "spec": spec}


MANAGED = Job.model_validate(
    job(
        runtime={"image": "etl:1", "envs": [{"name": "A", "value": "1"}]},
        triggers=[{"id": "t", "type": "cron", "configuration": {"schedule": "0 * * * *"}}],
        policies=["p"],
    )
)


def test_what_the_server_adds_is_unmanaged_and_what_the_program_declares_is_not() -> None:
    server = read_job(
        {
            "metadata": {"name": "etl", "labels": {"team": "data", "added-by": "console"}, "createdAt": "x"},
            "spec": {
                "runtime": {
                    "image": "etl:2",
                    "memory": 4096,
                    "envs": [
                        {"name": "A", "value": "changed"},
                        {"name": "B", "value": "2"},
                        {"name": "S", "value": "****", "secret": True},
                    ],
                },
                "triggers": [
                    {"id": "t", "type": "cron", "enabled": True, "configuration": {"schedule": "5 * * * *"}},
                    {"id": "other", "type": "http"},
                ],
                "policies": ["p", "q"],
                "futureKnob": {"on": True},
            },
            "status": "DEPLOYED",
        }
    )
    assert unmanaged(server, MANAGED) == {
        "metadata": {"labels": {"added-by": "console"}},
        "spec": {
            "runtime": {"memory": 4096, "envs": [{"name": "B", "value": "2"}]},
            "triggers": [{"id": "t", "enabled": True}, {"id": "other", "type": "http"}],
            "futureKnob": {"on": True},
        },
    }


def test_a_job_exactly_as_declared_has_nothing_unmanaged() -> None:
    assert unmanaged(MANAGED, MANAGED) is None
    assert unmanaged(read_job({"metadata": {"name": "etl"}, "spec": {}}), MANAGED) is None


def test_merge_keeps_the_programs_values_and_adds_the_rest() -> None:
    body = {
        "metadata": {"name": "etl", "labels": {"team": "ml"}},
        "spec": {
            "runtime": {"image": "etl:3", "envs": [{"name": "A", "value": "1"}]},
            "triggers": [{"id": "t", "type": "cron"}],
            "policies": ["p"],
        },
    }
    rest = {
        "metadata": {"labels": {"team": "other", "added-by": "console"}},
        "spec": {
            "runtime": {
                "image": "ignored",
                "memory": 4096,
                "envs": [{"name": "A", "secret": True}, {"name": "B"}],
            },
            "triggers": [{"id": "t", "enabled": False}, {"id": "new", "type": "http"}],
            "policies": ["q"],
            "futureKnob": 1,
        },
    }
    assert merge_unmanaged(body, rest) == {
        "metadata": {"name": "etl", "labels": {"team": "ml", "added-by": "console"}},
        "spec": {
            "runtime": {
                "image": "etl:3",
                "memory": 4096,
                "envs": [{"name": "A", "value": "1", "secret": True}, {"name": "B"}],
            },
            "triggers": [{"id": "t", "type": "cron", "enabled": False}, {"id": "new", "type": "http"}],
            "policies": ["p"],
            "futureKnob": 1,
        },
    }
    assert body["metadata"] == {"name": "etl", "labels": {"team": "ml"}}, "the body itself is not changed"


def test_merge_without_anything_unmanaged_is_the_body() -> None:
    body = {"metadata": {"name": "etl"}, "spec": {"runtime": {"image": "x"}}}
    assert merge_unmanaged(body, None) == body
    assert merge_unmanaged(body, {"spec": {"runtime": None}}) == body


def test_merge_leaves_what_does_not_fit_the_bodys_shape() -> None:
    body = {"metadata": {"name": "etl"}, "spec": {"runtime": "odd", "triggers": [{"id": "t"}]}}
    rest = {"spec": {"runtime": {"memory": 1}, "triggers": ["stray", {"id": "u"}]}}
    assert merge_unmanaged(body, rest) == {
        "metadata": {"name": "etl"},
        "spec": {"runtime": "odd", "triggers": [{"id": "t"}, "stray", {"id": "u"}]},
    }


def test_the_masked_value_of_a_declared_secret_env_var_is_never_unmanaged() -> None:
    """A secret env var the program declares without a value (code written from what Blaxel shows, an
    import, an adoption): the server's masked value is not kept to be sent back, it would replace the
    secret."""
    managed = Job.model_validate(job(runtime={"image": "etl:1", "envs": [{"name": "S", "secret": True}]}))
    server = read_job(
        job(runtime={"image": "etl:1", "envs": [{"name": "S", "value": "***", "secret": True}]})
    )
    assert unmanaged(server, managed) is None
