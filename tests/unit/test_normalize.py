"""Normal forms of properties: two values compare equal exactly when they mean the same job."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.output import UNKNOWN

from blaxel_pulumi.core.normalize import contains_unknown, normalize, project

ENV_A = {"name": "A", "value": "1"}
ENV_B = {"name": "B", "value": "2"}


def runtime(*envs: Any) -> dict[str, Any]:
    return {"runtime": {"envs": list(envs)}}


def test_keyed_lists_are_sets_of_items() -> None:
    assert normalize(runtime(ENV_A, ENV_B)) == normalize(runtime(ENV_B, ENV_A))
    assert normalize(runtime(ENV_A, ENV_B)) == {"runtime": {"envs": [ENV_A, ENV_B]}}
    assert normalize(runtime(ENV_A, ENV_B)) != normalize(runtime(ENV_A, {"name": "B", "value": "3"}))
    # Items without their key sort after nothing else by content, deterministically.
    anonymous = [{"value": "z"}, {"value": "y"}, {"name": "C"}]
    assert normalize(runtime(*anonymous)) == {
        "runtime": {"envs": [{"value": "y"}, {"value": "z"}, {"name": "C"}]}
    }
    ports = {"runtime": {"ports": [{"target": 9000}, {"target": 80}, {"target": 443}]}}
    assert normalize(ports) == {"runtime": {"ports": [{"target": 443}, {"target": 80}, {"target": 9000}]}}


def test_set_lists_are_sorted_and_other_lists_keep_their_order() -> None:
    assert normalize({"policies": ["b", "a"]}) == {"policies": ["a", "b"]}
    assert normalize({"github_runner": {"repositories": ["o/b", "o/a"]}}) == {
        "github_runner": {"repositories": ["o/a", "o/b"]}
    }
    tasks = [{"n": 2}, {"n": 1}]
    assert normalize({"x": tasks}) == {"x": tasks}


def test_ordered_keeps_the_programs_order_everywhere() -> None:
    assert normalize(runtime(ENV_B, ENV_A), ordered=True) == {"runtime": {"envs": [ENV_B, ENV_A]}}
    assert normalize({"policies": ["b", "a"]}, ordered=True) == {"policies": ["b", "a"]}
    assert normalize({"policies": []}, ordered=True) is None


@pytest.mark.parametrize("empty", [None, [], {}, {"a": None}, {"a": []}, [None]])
def test_empty_values_are_absent(empty: Any) -> None:
    assert normalize({"runtime": {"image": "x", "envs": empty}}) == {"runtime": {"image": "x"}}
    assert normalize({"x": empty}) is None


def test_leaf_maps_keep_every_key_sorted() -> None:
    assert normalize({"labels": {"b": "", "a": None}}) == {"labels": {"a": None, "b": ""}}
    assert list(normalize({"labels": {"b": "1", "a": "2"}})["labels"]) == ["a", "b"]
    assert normalize({"labels": {}}) is None
    assert normalize({"secret_env_values": {2: "x"}}) == {"secret_env_values": {"2": "x"}}


def test_scalars_are_themselves() -> None:
    assert normalize(0) == 0
    assert normalize(False) is False
    assert normalize("") == ""


def test_contains_unknown_looks_everywhere() -> None:
    assert contains_unknown(UNKNOWN)
    assert contains_unknown({"a": [1, {"b": UNKNOWN}]})
    assert contains_unknown((1, UNKNOWN))
    assert not contains_unknown({"a": [1, {"b": None}], "c": (2,)})
    assert not contains_unknown("UNKNOWN")


def test_project_keeps_only_what_the_program_declares() -> None:
    server = {
        "labels": {"team": "data", "added": "x"},
        "runtime": {
            "image": "i",
            "memory": 4096,
            "envs": [ENV_B, {"name": "EXTRA"}, {**ENV_A, "secret": False}],
        },
        "policies": ["q", "p"],
        "enabled": True,
    }
    template = {
        "labels": {"team": "ml"},
        "runtime": {"image": "j", "envs": [{"name": "A"}, {"name": "B"}, {"name": "GONE"}]},
        "policies": ["p", "r"],
    }
    assert project(server, template) == {
        "labels": {"team": "data"},
        "runtime": {"image": "i", "envs": [{"name": "A"}, {"name": "B"}]},
        "policies": ["p", "q"],
    }


def test_project_of_absent_or_mismatched_values() -> None:
    assert project(None, {"a": 1}) is None
    assert project({"a": 1}, None) is None
    assert project("text", {"a": 1}) == "text"
    assert project("text", {"team": "x"}, ("labels",)) == "text"
    assert project({"k": "v"}, {"k": "w"}, ("secret_env_values",)) == {"k": "v"}
    assert project([1, 2], [2], ("other",)) == [1, 2]
    assert project({"runtime": {"envs": "x"}}, {"runtime": {"envs": [{"name": "A"}]}}) == {
        "runtime": {"envs": "x"}
    }


def test_keyed_lists_sort_by_key_first_and_tolerate_stray_items() -> None:
    # By id, not by the item's text (which would put `b` first: its configuration sorts lower).
    triggers = [{"id": "b", "configuration": {"path": "/a"}}, {"id": "a", "configuration": {"path": "/z"}}]
    assert [t["id"] for t in normalize({"triggers": triggers})["triggers"]] == ["a", "b"]
    assert normalize(runtime("stray", ENV_A)) == {"runtime": {"envs": ["stray", ENV_A]}}


def test_project_takes_the_servers_value_of_a_declared_item() -> None:
    server = {"runtime": {"envs": [{"name": "A", "value": "server"}]}}
    template = {"runtime": {"envs": [{"name": "A", "value": "program"}]}}
    assert project(server, template) == server
