"""The wire models against the seed page's example bodies: nothing lost, read-only fields never sent."""

from __future__ import annotations

import copy
import re
from typing import Any

from pydantic import BaseModel

from blaxel_pulumi.api.execution_models import CreateJobExecutionRequest
from blaxel_pulumi.api.models import Job
from blaxel_pulumi.api.wire import request_body, submodel
from tests.unit._jobs import full_job, seed_request, seed_response

READ_ONLY_METADATA = ("createdAt", "updatedAt", "createdBy", "updatedBy", "plan", "url", "workspace")


def _without_read_only(body: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(body)
    for key in READ_ONLY_METADATA:
        out["metadata"].pop(key, None)
    out.pop("events", None)
    out.pop("status", None)
    for trigger in out["spec"].get("triggers", []):
        trigger.get("configuration", {}).pop("callbackSecret", None)
    return out


def test_seed_request_round_trips() -> None:
    body = seed_request()
    job = Job.model_validate(body)
    assert job.model_dump(by_alias=True, exclude_none=True) == body
    assert request_body(job) == body


def test_seed_response_round_trips() -> None:
    body = seed_response()
    job = Job.model_validate(body)
    assert job.model_dump(by_alias=True, exclude_none=True) == body
    assert job.status == "DELETING"
    assert job.events is not None
    assert job.events[0].message == "Deployment successful"


def test_request_body_of_the_seed_response_is_the_seed_request() -> None:
    body = request_body(Job.model_validate(seed_response()))
    assert body == _without_read_only(seed_response())
    assert body == seed_request()


def test_request_body_drops_every_read_only_field() -> None:
    job = full_job()
    dumped = job.model_dump(by_alias=True, exclude_none=True)
    body = request_body(job)
    for key in READ_ONLY_METADATA:
        assert key in dumped["metadata"]
        assert key not in body["metadata"]
    assert "events" in dumped
    assert "status" in dumped
    assert "events" not in body
    assert "status" not in body
    assert "callbackSecret" in dumped["spec"]["triggers"][0]["configuration"]
    assert "callbackSecret" not in body["spec"]["triggers"][0]["configuration"]
    assert body == _without_read_only(dumped)


def test_unknown_server_fields_are_ignored_and_never_sent_back() -> None:
    body = seed_response()
    body["metadata"]["newServerField"] = "x"
    body["spec"]["runtime"]["somethingNew"] = 1
    job = Job.model_validate(body)
    sent = request_body(job)
    assert "newServerField" not in sent["metadata"]
    assert "somethingNew" not in sent["spec"]["runtime"]


def _constrained_fields(model: type[BaseModel], seen: set[type[BaseModel]]) -> list[tuple[str, Any]]:
    if model in seen:
        return []
    seen.add(model)
    found = []
    for name, info in model.model_fields.items():
        bounds = ("ge", "gt", "le", "lt", "min_length", "max_length", "pattern")
        if any(getattr(item, attr, None) is not None for item in info.metadata for attr in bounds):
            found.append((f"{model.__name__}.{name}", info))
        sub, _ = submodel(info.annotation)
        if sub is not None:
            found += _constrained_fields(sub, seen)
    return found


def test_every_constraint_says_whose_rule_it_is() -> None:
    """A constraint is the spec's (or a standard's) or blaxel-pulumi's own, and its description says which
    (``(source: ...)``); a rule of ours gives its reason, so nobody mistakes it for Blaxel's."""
    fields = _constrained_fields(Job, set()) + _constrained_fields(CreateJobExecutionRequest, set())
    assert len(fields) >= 15
    for where, info in fields:
        description = info.description or ""
        assert "source: " in description, f"{where}: say where its constraint comes from"
        if "blaxel-pulumi's rule" in description:
            assert re.search(r"blaxel-pulumi's rule[^:]*: \w", description), f"{where}: give the reason"
