"""Generated jobs through the whole path: program inputs -> check -> request body -> local API -> outputs.

The jobs come from the spec's ``Job`` schema (:mod:`tests.contract.spec`), not from our models, so the field
table is checked against an independent oracle: every job valid under the spec (and under the provider's own
documented rules: unique keys, a schedule for cron triggers...) must pass ``check``, be sent as a body valid
under the spec, be created, read back, and then show no diff: no perpetual diff for any valid job.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import jsonschema  # type: ignore[import-untyped]  # no stubs
import pytest
from hypothesis import HealthCheck, Phase, given, settings

from blaxel_pulumi.emulator import EmulatorConfig, EmulatorServer
from blaxel_pulumi.provider import BlaxelJobProvider
from tests.provider.conftest import Api, configured

from .spec import request_schema
from .strategies import from_schema

EXAMPLES = 30
"""Generated jobs per run (fixed seed)."""
FREE_FORM = {"labels", "tasks"}
"""Wire keys whose values are user data: their keys are not field names and keep their spelling."""
KEYS = {"envs": "name", "ports": "target", "triggers": "id", "volumes": "name"}
"""The provider matches these lists' items by key, so it asks for unique keys (documented in the README)."""


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def program_inputs(value: Any, key: str = "") -> Any:
    """A wire value spelt as a user writes it in a program: snake_case keys, user data untouched."""
    if isinstance(value, dict) and key not in FREE_FORM:
        return {snake(k): program_inputs(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [program_inputs(v, key) for v in value]
    return value


def provider_valid(body: dict[str, Any]) -> dict[str, Any]:
    """``body`` within the provider's documented rules beyond the spec: unique list keys, port names and
    mount paths, a schedule for a cron trigger, a canary named when its percent is set, label keys 1-63."""
    body = copy.deepcopy(body)
    spec = body["spec"]
    runtime = spec.get("runtime") or {}
    for where, field in ((runtime, "envs"), (runtime, "ports"), (spec, "triggers"), (spec, "volumes")):
        items, seen, kept = where.get(field), set(), []
        for item in items or []:
            ident = item.get(KEYS[field])
            if ident is not None and ident in seen:
                continue
            seen.add(ident)
            kept.append(item)
        if items is not None:
            where[field] = kept
    ports = runtime.get("ports") or []
    runtime_ports, names = [], set()
    for port in ports:
        if port.get("name") in names:
            port = {k: v for k, v in port.items() if k != "name"}
        names.add(port.get("name"))
        runtime_ports.append(port)
    if "ports" in runtime:
        runtime["ports"] = runtime_ports
    mounts, volumes = set(), []
    for volume in spec.get("volumes") or []:
        if volume["mountPath"] not in mounts:
            mounts.add(volume["mountPath"])
            volumes.append(volume)
    if "volumes" in spec:
        spec["volumes"] = volumes
    for trigger in spec.get("triggers") or []:
        if trigger.get("type") == "cron":
            config = trigger.setdefault("configuration", {})
            config.setdefault("schedule", "0 * * * *")
    revision = spec.get("revision")
    if revision and revision.get("canaryPercent") and revision.get("canary") is None:
        revision["canary"] = "rev-canary"
    labels = body["metadata"].get("labels")
    if labels is not None:
        body["metadata"]["labels"] = {k: v for k, v in labels.items() if 1 <= len(k) <= 63}
    return body


def user_inputs(body: dict[str, Any]) -> dict[str, Any]:
    """The resource's inputs for ``body``: metadata fields and spec fields side by side."""
    props: dict[str, Any] = program_inputs({**body["metadata"], **body["spec"]})
    return {"auto_name": "job-abc1234", "owner": "owner-1", "__provider": "x", **props}


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    db: Path = tmp_path_factory.mktemp("generated") / "jobs.sqlite"
    with EmulatorServer(EmulatorConfig(db_path=db)) as server:
        client = Api(server)
        yield client
        client.http.close()


@pytest.fixture(scope="module")
def provider(api: Api) -> BlaxelJobProvider:
    return configured(api)


@pytest.fixture(scope="module")
def sent_bodies() -> Iterator[list[dict[str, Any]]]:
    """The JSON body of every POST/PUT the provider sends (recorded at the transport)."""
    bodies: list[dict[str, Any]] = []
    original = httpx.Client.send

    def send(self: httpx.Client, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        if request.method in ("POST", "PUT") and "/v0/jobs" in request.url.path:
            bodies.append(json.loads(request.read()))
        return original(self, request, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(httpx.Client, "send", send)
        yield bodies


def round_trip(
    provider: BlaxelJobProvider, api: Api, sent: list[dict[str, Any]], body: dict[str, Any]
) -> None:
    name = body["metadata"]["name"]
    api.http.delete("/_emulator/jobs").raise_for_status()
    sent.clear()
    checked = provider.check({}, user_inputs(body))
    assert checked.failures == [], [f.reason for f in checked.failures]
    created = provider.create(dict(checked.inputs))
    assert created.id == name
    assert len(sent) == 1
    jsonschema.Draft4Validator(request_schema()).validate(sent[0])
    outs = dict(created.outs or {})
    assert provider.diff(name, outs, dict(checked.inputs)).changes is False
    read = provider.read(name, outs)
    read_outs = dict(read.outs or {})
    again = provider.check(dict(checked.inputs), user_inputs(body))
    diff = provider.diff(name, read_outs, dict(again.inputs))
    assert diff.changes is False, (diff.replaces, diff.stables)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    phases=(Phase.explicit, Phase.generate),  # no shrinking: a failure shows its job at once
    suppress_health_check=list(HealthCheck),
)
@given(body=from_schema(request_schema()).map(provider_valid))
def test_every_valid_job_round_trips_without_a_diff(
    provider: BlaxelJobProvider, api: Api, sent_bodies: list[dict[str, Any]], body: dict[str, Any]
) -> None:
    round_trip(provider, api, sent_bodies, body)


def _enum_paths(schema: dict[str, Any], path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    if "enum" in schema and path[-1] != "schedule":
        for value in schema["enum"]:
            yield path, value
    for key, sub in (schema.get("properties") or {}).items():
        yield from _enum_paths(sub, (*path, key))
    if schema.get("type") == "array":
        yield from _enum_paths(schema["items"], (*path, "[]"))


MINIMAL_ITEMS = {
    "ports": {"target": 8080},
    "triggers": {"id": "t", "configuration": {"schedule": "0 * * * *"}},
    "volumes": {"name": "v", "mountPath": "/v", "type": "ephemeral", "sizeMb": 64},
}


def _job_with(path: tuple[str, ...], value: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"metadata": {"name": "enum-job"}, "spec": {}}
    node = body
    for index, key in enumerate(path[:-1]):
        if path[index + 1] == "[]":
            node[key] = [copy.deepcopy(MINIMAL_ITEMS[key])]
            node = node[key][0]
        elif key != "[]":
            node = node.setdefault(key, {})
    node[path[-1]] = value
    return body


ENUMS = list(_enum_paths(request_schema()))


def test_the_spec_has_the_enums_we_expect() -> None:
    paths = {".".join(p) for p, _ in ENUMS}
    assert paths == {
        "spec.runtime.generation",
        "spec.runtime.ports.[].protocol",
        "spec.triggers.[].type",
        "spec.volumes.[].type",
    }


@pytest.mark.parametrize(("path", "value"), ENUMS, ids=[f"{'.'.join(p)}={v}" for p, v in ENUMS])
def test_every_enum_value_of_the_spec_is_accepted(
    provider: BlaxelJobProvider,
    api: Api,
    sent_bodies: list[dict[str, Any]],
    path: tuple[str, ...],
    value: Any,
) -> None:
    body = _job_with(path, value)
    round_trip(provider, api, sent_bodies, body)
    stored = api.job("enum-job")
    assert stored is not None
    node: Any = stored
    for key in path:
        node = node[0] if key == "[]" else node[key]
    assert node == value
