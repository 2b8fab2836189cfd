"""Numbers stay numbers: the engine's floats back to the types the program or Blaxel gave, at any depth."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, strategies as st

from blaxel_pulumi.api.models import Job
from blaxel_pulumi.api.wire import request_body
from blaxel_pulumi.core.job_mapping import to_wire
from blaxel_pulumi.core.numbers import FLOAT_PATHS_KEY, float_paths, pointer, restore_numbers
from blaxel_pulumi.core.schema import JobInputs


def through_engine(value: Any) -> Any:
    """``value`` as the Pulumi engine gives it back: every number a float."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, dict):
        return {k: through_engine(v) for k, v in value.items()}
    return [through_engine(v) for v in value]


def exact(value: Any) -> str:
    """``value`` as JSON text, where ``1`` and ``1.0`` differ."""
    return json.dumps(value, sort_keys=True)


def test_pointers_escape_slashes_and_tildes_and_name_list_items() -> None:
    assert pointer(["a/b", "c~d", 0]) == "/a~1b/c~0d/0"
    value = {"a": [1.0, {"b/c": 2.0, "d": 1, "e": 0.5, "f": True}], "g": 3.0}
    assert float_paths(value) == ["/a/0", "/a/1/b~1c", "/g"]
    assert float_paths({"a": 1.0, "b": object()}, skip=(object,)) == []


def test_declared_integers_are_integers_at_every_depth_of_the_wire_job() -> None:
    server_fields = through_engine(
        {
            "metadata": {"labels": {"team": "data"}},
            "spec": {
                "runtime": {"maxConcurrentTasks": 3, "timeout": 900, "ports": [{"target": 8080}]},
                "revision": {"canaryPercent": 10, "stickySessionTtl": 0},
                "volumes": [{"name": "v", "sizeMb": 1024}],
                "triggers": [{"id": "c", "configuration": {"timeout": 60, "retry": 2}}],
            },
        }
    )
    restored = restore_numbers(server_fields, Job)
    assert exact(restored) == exact(
        {
            "metadata": {"labels": {"team": "data"}},
            "spec": {
                "runtime": {"maxConcurrentTasks": 3, "timeout": 900, "ports": [{"target": 8080}]},
                "revision": {"canaryPercent": 10, "stickySessionTtl": 0},
                "volumes": [{"name": "v", "sizeMb": 1024}],
                "triggers": [{"id": "c", "configuration": {"timeout": 60, "retry": 2}}],
            },
        }
    )


def test_a_declared_integer_wins_over_a_float_record_and_property_names_work_too() -> None:
    props = {"runtime": {"max_concurrent_tasks": 3.0, "memory": 2048.0}, "revision": {"canary_percent": 5.0}}
    restored = restore_numbers(props, JobInputs, {"/runtime/memory"})
    assert exact(restored) == exact(
        {"runtime": {"max_concurrent_tasks": 3, "memory": 2048}, "revision": {"canary_percent": 5}}
    )


def test_free_form_whole_numbers_are_integers_unless_recorded_as_floats_at_any_depth() -> None:
    tasks = [
        {"shard": 1, "ratio": 0.5, "weight": 1.0, "deep": {"ids": [1, 2, {"n": 3, "w": 2.0}], "ok": True}}
    ]
    job = {
        "spec": {
            "triggers": [{"id": "c", "configuration": {"tasks": tasks}}],
            "runtime": {"gpu": {"count": 1}},
        }
    }
    recorded = float_paths(job)
    assert recorded == [
        "/spec/triggers/0/configuration/tasks/0/weight",
        "/spec/triggers/0/configuration/tasks/0/deep/ids/2/w",
    ]
    assert exact(restore_numbers(through_engine(job), Job, recorded)) == exact(job)
    unrecorded = restore_numbers(through_engine(job), Job)
    assert exact(unrecorded["spec"]["triggers"][0]["configuration"]["tasks"][0]["weight"]) == "1"
    assert exact(unrecorded["spec"]["runtime"]["gpu"]) == exact({"count": 1})


_json = st.recursive(
    st.none()
    | st.booleans()
    | st.text(max_size=3)
    | st.integers(-(2**40), 2**40)
    | st.floats(allow_nan=False, allow_infinity=False, width=32),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=12,
)


@given(_json)
def test_any_free_form_value_survives_the_engine_with_its_record(value: Any) -> None:
    assert exact(restore_numbers(through_engine(value), Any, float_paths(value))) == exact(value)


@given(_json)
def test_unknown_fields_of_the_wire_job_survive_the_engine_with_their_record(value: Any) -> None:
    job = {"spec": {"runtime": {"newField": value}, "brandNew": [value, {"x": value}]}}
    assert exact(restore_numbers(through_engine(job), Job, float_paths(job))) == exact(job)


def test_the_request_body_built_from_properties_has_the_programs_types() -> None:
    tasks = [{"shard": 1, "weight": 1.0, "ratio": 0.25}]
    props = {
        "name": "a",
        "runtime": {"image": "i", "memory": 2048, "max_retries": 0},
        "triggers": [{"id": "c", "type": "cron", "configuration": {"schedule": "* * * * *", "tasks": tasks}}],
        FLOAT_PATHS_KEY: ["/triggers/0/configuration/tasks/0/weight"],
    }
    body = request_body(to_wire(through_engine(props) | {FLOAT_PATHS_KEY: props[FLOAT_PATHS_KEY]}))
    assert exact(body["spec"]["runtime"]) == exact({"image": "i", "maxRetries": 0, "memory": 2048})
    assert exact(body["spec"]["triggers"][0]["configuration"]["tasks"]) == exact(tasks)
    without_record = request_body(to_wire({**through_engine(props), FLOAT_PATHS_KEY: None}))
    assert exact(without_record["spec"]["triggers"][0]["configuration"]["tasks"]) == exact(
        [{"shard": 1, "weight": 1, "ratio": 0.25}]
    )
