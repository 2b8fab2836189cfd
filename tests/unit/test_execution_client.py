"""The client's execution calls on a scripted server: the chosen id on every attempt, 409 read as "already
started", lenient reads, redaction of env values, the paginated listing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from blaxel_pulumi.api.client import BlaxelClient
from blaxel_pulumi.api.execution_models import CreateJobExecutionRequest
from blaxel_pulumi.errors import Conflict, ServerError
from tests.unit._scripted_server import Reply, ScriptedServer

MakeClient = Callable[..., BlaxelClient]
SECRET = "env-override-secret-42"


def execution(execution_id: str = "run-1", status: str = "running", **extra: Any) -> dict[str, Any]:
    return {
        "metadata": {"id": execution_id, "job": "etl", "createdAt": "2026-05-01T00:00:00Z"},
        "spec": {"envOverride": {"DB": "***"}},
        "status": status,
        "stats": {"total": 2, "success": 1, "running": 1},
        **extra,
    }


def request() -> CreateJobExecutionRequest:
    return CreateJobExecutionRequest(
        execution_id="run-1", tasks=[{"n": 1}], env={"DB": SECRET}, allow_queue=False
    )


def test_start_sends_the_chosen_id_and_retries_it_after_a_lost_response(
    server: ScriptedServer, make_client: MakeClient
) -> None:
    server.script(Reply.drop(), Reply.json({"executionId": "run-1", "jobId": "etl"}))
    started = make_client().start_execution("etl", request())
    assert started.execution_id == "run-1" and not started.already_started
    assert [r.json() for r in server.requests] == [
        {"executionId": "run-1", "tasks": [{"n": 1}], "env": {"DB": SECRET}, "allowQueue": False}
    ] * 2
    assert all(r.path == "/v0/jobs/etl/executions" for r in server.requests)


def test_a_409_for_an_existing_id_is_already_started(server: ScriptedServer, make_client: MakeClient) -> None:
    server.script(Reply.error(409, "Resource already exists"), Reply.json(execution()))
    started = make_client().start_execution("etl", request())
    assert started.already_started
    assert [f"{r.method} {r.path}" for r in server.requests] == [
        "POST /v0/jobs/etl/executions",
        "GET /v0/jobs/etl/executions/run-1",
    ]


def test_a_409_without_such_execution_is_a_conflict(server: ScriptedServer, make_client: MakeClient) -> None:
    server.script(Reply.error(409, "Resource is being deleted"), Reply.error(404, "Resource not found"))
    with pytest.raises(Conflict):
        make_client().start_execution("etl", request())


def test_env_values_are_never_quoted_in_errors(server: ScriptedServer, make_client: MakeClient) -> None:
    server.script(*[Reply.error(500, "boom", f"bad env DB={SECRET}")] * 5)
    with pytest.raises(ServerError) as caught:
        make_client().start_execution("etl", request())
    assert SECRET not in str(caught.value)


def test_an_id_is_required() -> None:
    with pytest.raises(ValueError, match="execution_id"):
        BlaxelClient.start_execution(
            object.__new__(BlaxelClient), "etl", CreateJobExecutionRequest(tasks=[{}])
        )


def test_reads_are_lenient(server: ScriptedServer, make_client: MakeClient) -> None:
    odd = execution(status="paused-by-operator", stats={"total": 1, "warp": True}, newField={"x": 1})
    server.script(Reply.json(odd), Reply.json({"metadata": "?", "spec": 3}))
    client = make_client()
    seen = client.get_execution("etl", "run-1")
    assert seen.status == "paused-by-operator"
    assert seen.stats_dict() == {"total": 1}
    assert (seen.model_extra or {})["newField"] == {"x": 1}
    assert client.get_execution("etl", "run-1").metadata is None


def test_cancel_deletes_and_list_follows_the_cursor(server: ScriptedServer, make_client: MakeClient) -> None:
    server.script(
        Reply.json(execution(status="cancelling")),
        Reply.json({"data": [execution("b"), execution("a")], "meta": {"hasMore": True, "nextCursor": "c"}}),
        Reply.json({"data": [execution("z")], "meta": {"hasMore": False, "nextCursor": ""}}),
    )
    client = make_client()
    assert client.cancel_execution("etl", "run/1").status == "cancelling"
    listed = [e.metadata.id for e in client.list_executions("etl", limit=2) if e.metadata]
    assert listed == ["b", "a", "z"]
    first = server.requests[0]
    assert (first.method, first.path) == ("DELETE", "/v0/jobs/etl/executions/run%2F1")
    assert server.requests[2].query == {"limit": ["2"], "cursor": ["c"]}
