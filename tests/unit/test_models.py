"""The wire models against the seed page's example bodies: nothing lost, read-only fields never sent."""

from __future__ import annotations

import copy
from typing import Any

from blaxel_pulumi.models import Job
from blaxel_pulumi.wire import request_body
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
