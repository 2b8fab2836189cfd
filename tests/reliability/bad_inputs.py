"""The table of invalid `BlaxelJob` inputs of the reliability suite, and how to bundle them.

Each case is a plain dict of inputs (as a program would pass it) and the check failure expected for it:
the top-level property the engine reports, the start of the reason (the full path of the field), and a
fragment of the reason. Cases that touch disjoint fields can share one resource: `check` reports every
failure of a resource at once, while the engine stops at the first resource that fails its check.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

IMAGE = "blaxel/worker:1.0"


@dataclass(frozen=True)
class Case:
    """One invalid input."""

    id: str
    props: dict[str, Any]
    prop: str
    """Top-level property the failure is reported on."""
    path: str
    """The reason starts with this: the field's full path."""
    fragment: str = ""
    """The reason contains this."""
    touches: tuple[tuple[str, ...], ...] = field(default=())
    """Field paths the case sets (derived from ``props`` when empty)."""


def _vol(**overrides: Any) -> dict[str, Any]:
    return {"name": "scratch", "mount_path": "/scratch", "type": "ephemeral", "size_mb": 512, **overrides}


CRON = {"type": "cron", "configuration": {"schedule": "0 * * * *"}}

CASES: list[Case] = [
    # name
    Case("name-pattern", {"name": "Nightly_ETL"}, "name", "name:", "should match pattern"),
    Case("name-too-long", {"name": "a" * 50}, "name", "name:", "at most 49 characters"),
    Case("name-empty", {"name": ""}, "name", "name:", "at least 1 character"),
    Case("name-unicode", {"name": "tâche-été"}, "name", "name:", "should match pattern"),
    Case("name-type", {"name": 42}, "name", "name:", "valid string"),
    # display name, labels, external id
    Case("display-name-oversized", {"display_name": "x" * 64}, "display_name", "display_name:", "at most 63"),
    Case("display-name-type", {"display_name": ["a"]}, "display_name", "display_name:", "valid string"),
    Case("labels-type", {"labels": ["team", "data"]}, "labels", "labels:", "valid dictionary"),
    Case("labels-value-type", {"labels": {"team": 7}}, "labels", "labels.team:", "valid string"),
    Case(
        "labels-reserved-key",
        {"labels": {"blaxel-pulumi.owner": "me"}},
        "labels",
        "labels:",
        "`blaxel-pulumi.owner` is reserved",
    ),
    Case("labels-key-oversized", {"labels": {"k" * 64: "v"}}, "labels", "labels:", "1-63 characters"),
    Case("external-id-pattern", {"external_id": "has space"}, "external_id", "external_id:", "pattern"),
    Case("external-id-oversized", {"external_id": "a" * 65}, "external_id", "external_id:", "at most 64"),
    # spec scalars
    Case("enabled-type", {"enabled": "maybe"}, "enabled", "enabled:", "valid boolean"),
    Case("policies-type", {"policies": "one-policy"}, "policies", "policies:", "valid list"),
    # revision
    Case(
        "revision-canary-percent-range",
        {"revision": {"canary": "rev-1", "canary_percent": 101}},
        "revision",
        "revision.canary_percent:",
        "less than or equal to 100",
    ),
    Case(
        "revision-canary-percent-without-canary",
        {"revision": {"canary_percent": 10}},
        "revision",
        "revision.canary_percent is set but revision.canary is not",
    ),
    Case(
        "revision-traffic-negative",
        {"revision": {"traffic": -1}},
        "revision",
        "revision.traffic:",
        "greater than or equal to 0",
    ),
    # runtime
    Case("runtime-type", {"runtime": "blaxel/worker:1.0"}, "runtime", "runtime:", ""),
    Case("memory-type", {"runtime": {"memory": "lots"}}, "runtime", "runtime.memory:", "valid integer"),
    Case("memory-fraction", {"runtime": {"memory": 2048.5}}, "runtime", "runtime.memory:", "valid integer"),
    Case("generation-enum", {"runtime": {"generation": "mk9"}}, "runtime", "runtime.generation:", "mk2"),
    # values no job can run with (blaxel-pulumi's rules, issue 25)
    Case(
        "memory-negative", {"runtime": {"memory": -5}}, "runtime", "runtime.memory:", "blaxel-pulumi's rule"
    ),
    Case(
        "max-concurrent-tasks-negative",
        {"runtime": {"max_concurrent_tasks": -10}},
        "runtime",
        "runtime.max_concurrent_tasks:",
        "greater than or equal to 1",
    ),
    Case(
        "timeout-zero",
        {"runtime": {"timeout": 0}},
        "runtime",
        "runtime.timeout:",
        "greater than or equal to 1",
    ),
    Case("disk-percent-range", {"runtime": {"disk_percent": 5}}, "runtime", "runtime.disk_percent:", "10"),
    Case(
        "runtime-unknown-field",
        {"runtime": {"memroy": 2048}},
        "runtime",
        "runtime.memroy: unknown field",
        "Did you mean `memory`?",
    ),
    # envs
    Case(
        "env-name-empty",
        {"runtime": {"envs": [{"name": "", "value": "x"}]}},
        "runtime",
        "runtime.envs[0].name:",
        "at least 1 character",
    ),
    Case(
        "env-duplicate-names",
        {"runtime": {"envs": [{"name": "A", "value": "1"}, {"name": "A", "value": "2"}]}},
        "runtime",
        "runtime.envs[1].name:",
        "used twice",
    ),
    Case(
        "env-value-type",
        {"runtime": {"envs": [{"name": "N", "value": 5}]}},
        "runtime",
        "runtime.envs[0].value:",
        "valid string",
    ),
    Case(
        "env-secret-without-value",
        {"runtime": {"envs": [{"name": "TOKEN", "secret": True}]}},
        "runtime",
        "runtime.envs[0] (`TOKEN`) is secret but has no value",
    ),
    # ports
    Case(
        "port-above-range",
        {"runtime": {"ports": [{"target": 70000}]}},
        "runtime",
        "runtime.ports[0].target:",
        "65535",
    ),
    Case("port-zero", {"runtime": {"ports": [{"target": 0}]}}, "runtime", "runtime.ports[0].target:", "1"),
    Case(
        "port-protocol-enum",
        {"runtime": {"ports": [{"target": 80, "protocol": "SCTP"}]}},
        "runtime",
        "runtime.ports[0].protocol:",
        "HTTP",
    ),
    Case(
        "port-duplicate-targets",
        {"runtime": {"ports": [{"target": 80}, {"target": 80}]}},
        "runtime",
        "runtime.ports[1].target:",
        "used twice",
    ),
    Case(
        "port-duplicate-names",
        {"runtime": {"ports": [{"target": 80, "name": "web"}, {"target": 81, "name": "web"}]}},
        "runtime",
        "runtime.ports:",
        "`web` is used twice",
    ),
    # triggers
    Case("trigger-type-enum", {"triggers": [{"type": "webhook"}]}, "triggers", "triggers[0].type:", "cron"),
    Case(
        "cron-missing-schedule",
        {"triggers": [{"type": "cron", "configuration": {"tasks": [{"a": 1}]}}]},
        "triggers",
        "triggers[0].configuration.schedule is required for a cron trigger",
    ),
    Case(
        "cron-invalid",
        {"triggers": [{"type": "cron", "configuration": {"schedule": "every day at noon"}}]},
        "triggers",
        "triggers[0].configuration.schedule is not a valid cron expression",
    ),
    Case(
        "cron-six-fields",
        {"triggers": [{"type": "cron", "configuration": {"schedule": "0 0 * * * *"}}]},
        "triggers",
        "triggers[0].configuration.schedule is not a valid cron expression",
    ),
    Case(
        "cron-out-of-range",
        {"triggers": [{"type": "cron", "configuration": {"schedule": "61 * * * *"}}]},
        "triggers",
        "triggers[0].configuration.schedule is not a valid cron expression",
    ),
    Case(
        "trigger-timeout-range",
        {"triggers": [{"type": "http-async", "configuration": {"timeout": 901}}]},
        "triggers",
        "triggers[0].configuration.timeout:",
        "900",
    ),
    Case(
        "trigger-duplicate-ids",
        {"triggers": [{**CRON, "id": "tick"}, {**CRON, "id": "tick"}]},
        "triggers",
        "triggers[1].id:",
        "used twice",
    ),
    Case(
        "trigger-tasks-type",
        {"triggers": [{"type": "cron", "configuration": {"schedule": "0 * * * *", "tasks": "all"}}]},
        "triggers",
        "triggers[0].configuration.tasks:",
        "valid list",
    ),
    # volumes
    Case("volume-size-zero", {"volumes": [_vol(size_mb=0)]}, "volumes", "volumes[0].size_mb:", "positive"),
    Case(
        "volume-mount-path-relative",
        {"volumes": [_vol(mount_path="scratch")]},
        "volumes",
        "volumes[0].mount_path:",
        "pattern",
    ),
    Case(
        "volume-duplicate-mount-paths",
        {"volumes": [_vol(name="a"), _vol(name="b")]},
        "volumes",
        "volumes:",
        "two volumes are mounted at `/scratch`",
    ),
    Case(
        "volume-duplicate-names",
        {"volumes": [_vol(), _vol(mount_path="/other")]},
        "volumes",
        "volumes[1].name:",
        "used twice",
    ),
    Case(
        "volume-type-enum", {"volumes": [_vol(type="persistent")]}, "volumes", "volumes[0].type:", "ephemeral"
    ),
    Case(
        "volume-missing-size",
        {"volumes": [{"name": "a", "mount_path": "/a", "type": "ephemeral"}]},
        "volumes",
        "volumes[0].size_mb is required",
    ),
    # github runner
    Case(
        "github-repository-pattern",
        {"github_runner": {"repositories": ["just-a-name"]}},
        "github_runner",
        "github_runner.repositories[0]:",
        "pattern",
    ),
    # resource options
    Case("workspace-pattern", {"workspace": "My Workspace"}, "workspace", "workspace:", "pattern"),
    Case(
        "deployment-timeout-zero", {"deployment_timeout": 0}, "deployment_timeout", "deployment_timeout:", "1"
    ),
    Case("adopt-type", {"adopt": "sure"}, "adopt", "adopt:", "valid boolean"),
    Case(
        "wait-type",
        {"wait_for_deployment": "later"},
        "wait_for_deployment",
        "wait_for_deployment:",
        "boolean",
    ),
    # a typo in a plain dict
    Case("top-level-typo", {"runtim": {"image": IMAGE}}, "runtim", "runtim: unknown field", "`runtime`"),
    Case(
        "trigger-config-typo",
        {"triggers": [{"type": "cron", "configuration": {"schedule": "0 * * * *", "shedule": "x"}}]},
        "triggers",
        "triggers[0].configuration.shedule: unknown field",
        "`schedule`",
    ),
]
"""Every invalid input tried (see ``len(CASES)``)."""


def touched(case: Case) -> set[tuple[str, ...]]:
    """The field paths a case sets: nested dicts are followed, anything else (lists included) is a leaf."""
    if case.touches:
        return set(case.touches)
    found: set[tuple[str, ...]] = set()

    def walk(value: Any, path: tuple[str, ...]) -> None:
        if isinstance(value, Mapping) and path and value:
            for key, item in value.items():
                walk(item, (*path, str(key)))
        else:
            found.add(path)

    for key, value in case.props.items():
        walk(value, (key,))
    return found


def _overlap(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> bool:
    return any(x[: len(y)] == y or y[: len(x)] == x for x in a for y in b)


def _merge(into: dict[str, Any], props: Mapping[str, Any]) -> None:
    for key, value in props.items():
        if isinstance(value, Mapping) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


def bundle(cases: list[Case]) -> list[tuple[list[Case], dict[str, Any]]]:
    """Group cases that set disjoint fields; return each group with its merged inputs."""
    groups: list[tuple[list[Case], set[tuple[str, ...]], dict[str, Any]]] = []
    for case in cases:
        paths = touched(case)
        for members, used, merged in groups:
            if not _overlap(paths, used):
                members.append(case)
                used |= paths
                _merge(merged, copy.deepcopy(case.props))
                break
        else:
            merged = {}
            _merge(merged, copy.deepcopy(case.props))
            groups.append(([case], set(paths), merged))
    return [(members, merged) for members, _, merged in groups]
