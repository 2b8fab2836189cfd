"""BlaxelClient over real HTTP: headers, paths, parsing, retries, give-up, and safe creates."""

from __future__ import annotations

import logging
import re
import socket
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from blaxel_pulumi import __version__
from blaxel_pulumi.api.client import (
    DEFAULT_TIMEOUT,
    USER_AGENT,
    BlaxelClient,
)
from blaxel_pulumi.api.models import Job
from blaxel_pulumi.api.retry import RetryPolicy
from blaxel_pulumi.api.settings import Settings
from blaxel_pulumi.api.unmanaged import merge_unmanaged
from blaxel_pulumi.api.wire import request_body, wire_dump
from blaxel_pulumi.core.ownership import OWNER_LABEL, found_after_create
from blaxel_pulumi.errors import (
    BlaxelAPIError,
    BlaxelConfigError,
    BlaxelConnectionError,
    BlaxelProtocolError,
    BlaxelTimeoutError,
    Conflict,
    Forbidden,
    InvalidRequest,
    MethodNotAllowed,
    NotFound,
    RateLimited,
    ServerError,
    Unauthorized,
)
from tests.unit._jobs import SECRET_ENV_VALUE, full_job, minimal_job
from tests.unit._scripted_server import Reply, ScriptedServer
from tests.unit.conftest import WORKSPACE

MakeClient = Callable[..., BlaxelClient]
FAST_READ = httpx.Timeout(connect=1.0, read=0.2, write=1.0, pool=1.0)


def create(client: BlaxelClient, job: Job) -> Job:
    """``client.create_job(job)`` judging a job found after a failed request as the resources do: by its
    owner label (:func:`~blaxel_pulumi.core.ownership.found_after_create`)."""
    return client.create_job(job, judge=found_after_create(job.metadata.labels, job.metadata.name, WORKSPACE))


def stored(
    name: str = "nightly-report", owner: str | None = None, status: str = "DEPLOYING"
) -> dict[str, Any]:
    """A job as the server returns it: the request plus read-only fields."""
    body = request_body(minimal_job(name, owner=owner))
    body["metadata"].update({"workspace": WORKSPACE, "createdAt": "2026-04-28T00:00:00Z"})
    body["status"] = status
    body["events"] = []
    return body


def calls(server: ScriptedServer) -> list[str]:
    return [f"{r.method} {r.path}" for r in server.requests]


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


# --- requests on the wire ----------------------------------------------------------------------------


def test_every_request_carries_the_headers(server: ScriptedServer, make_client: MakeClient) -> None:
    server.script(Reply.json(stored()))
    client = make_client()
    job = client.get_job("nightly-report")
    assert job.metadata.name == "nightly-report"
    assert job.status == "DEPLOYING"
    (request,) = server.requests
    assert request.method == "GET"
    assert request.target == "/v0/jobs/nightly-report"
    assert request.headers["authorization"] == "Bearer bl-canary-key-5f3a9c2e71"
    assert request.headers["x-blaxel-workspace"] == WORKSPACE
    assert request.headers["blaxel-version"] == "2026-04-28"
    assert request.headers["accept"] == "application/json"
    assert request.headers["user-agent"] == USER_AGENT
    assert re.fullmatch(r"blaxel-pulumi/\S+ \(python-httpx/\S+\)", USER_AGENT)
    assert f"blaxel-pulumi/{__version__} (python-httpx/{httpx.__version__})" == USER_AGENT


def test_show_secrets_is_sent_only_when_asked(server: ScriptedServer, make_client: MakeClient) -> None:
    server.script(Reply.json(stored()), Reply.json(stored()))
    client = make_client()
    client.get_job("nightly-report")
    client.get_job("nightly-report", show_secrets=True)
    assert server.requests[0].query == {}
    assert server.requests[1].query == {"show_secrets": ["true"]}


def test_job_names_are_url_quoted(server: ScriptedServer, make_client: MakeClient) -> None:
    server.script(Reply.error(404, "Not Found"))
    with pytest.raises(NotFound) as info:
        make_client().get_job("a/b c?d")
    assert server.requests[0].target == "/v0/jobs/a%2Fb%20c%3Fd"
    assert "job 'a/b c?d' does not exist" in str(info.value)


def test_an_empty_name_is_refused_before_any_request(make_client: MakeClient) -> None:
    client = make_client()
    with pytest.raises(ValueError, match="job name is required"):
        client.get_job("")
    assert client.request_count == 0


def test_create_posts_the_request_body(server: ScriptedServer, make_client: MakeClient) -> None:
    job = full_job()
    server.script(Reply.json(job.model_dump(by_alias=True, exclude_none=True)))
    created = create(make_client(), job)
    assert created == job
    (request,) = server.requests
    assert (request.method, request.target) == ("POST", "/v0/jobs")
    assert request.headers["content-type"] == "application/json"
    assert request.json() == request_body(job)
    assert "status" not in request.json()


def test_update_puts_and_delete_deletes(server: ScriptedServer, make_client: MakeClient) -> None:
    server.script(Reply.json(stored()), Reply.json(stored(status="DELETING")))
    client = make_client()
    job = minimal_job()
    assert client.update_job("nightly-report", job).status == "DEPLOYING"
    assert client.delete_job("nightly-report").status == "DELETING"
    assert calls(server) == ["PUT /v0/jobs/nightly-report", "DELETE /v0/jobs/nightly-report"]
    assert server.requests[0].json() == request_body(job)
    assert server.requests[1].body == b""


def test_update_refuses_a_rename(make_client: MakeClient) -> None:
    client = make_client()
    with pytest.raises(ValueError, match="names are immutable"):
        client.update_job("old-name", minimal_job("new-name"))
    assert client.request_count == 0


def test_one_connection_serves_many_requests(server: ScriptedServer, make_client: MakeClient) -> None:
    server.script(*[Reply.json(stored()) for _ in range(4)])
    with make_client() as client:
        for _ in range(4):
            client.get_job("nightly-report")
    assert len({r.client_port for r in server.requests}) == 1


def test_default_timeouts_are_explicit() -> None:
    assert (DEFAULT_TIMEOUT.connect, DEFAULT_TIMEOUT.read, DEFAULT_TIMEOUT.write, DEFAULT_TIMEOUT.pool) == (
        5.0,
        30.0,
        30.0,
        10.0,
    )


# --- listing -------------------------------------------------------------------------------------------


def test_list_follows_the_cursor(server: ScriptedServer, make_client: MakeClient) -> None:
    server.script(
        Reply.json(
            {"data": [stored("a"), stored("b")], "meta": {"hasMore": True, "nextCursor": "c1", "total": 3}}
        ),
        Reply.json({"data": [stored("c")], "meta": {"hasMore": False, "nextCursor": "", "total": 3}}),
    )
    client = make_client()
    jobs = client.list_jobs(limit=2, query="nightly")
    assert client.request_count == 0  # lazy
    assert [j.metadata.name for j in jobs] == ["a", "b", "c"]
    assert server.requests[0].query == {"limit": ["2"], "q": ["nightly"]}
    assert server.requests[1].query == {"limit": ["2"], "q": ["nightly"], "cursor": ["c1"]}


def test_list_accepts_a_bare_list(server: ScriptedServer, make_client: MakeClient) -> None:
    server.script(Reply.json([stored("a"), stored("b")]))
    assert [j.metadata.name for j in make_client().list_jobs()] == ["a", "b"]
    assert server.requests[0].query == {"limit": ["100"]}


def test_list_stops_on_a_repeated_cursor(server: ScriptedServer, make_client: MakeClient) -> None:
    page = {"data": [stored("a")], "meta": {"hasMore": True, "nextCursor": "same"}}
    server.script(Reply.json(page), Reply.json(page))
    with pytest.raises(BlaxelProtocolError, match="repeats a cursor"):
        list(make_client().list_jobs())


@pytest.mark.parametrize("payload", [{"items": []}, "a string", 42])
def test_list_rejects_other_bodies(server: ScriptedServer, make_client: MakeClient, payload: Any) -> None:
    server.script(Reply.json(payload))
    with pytest.raises(BlaxelProtocolError, match="not a job listing"):
        list(make_client().list_jobs())


def test_list_rejects_a_malformed_job(server: ScriptedServer, make_client: MakeClient) -> None:
    server.script(Reply.json([{"metadata": {}}]))
    with pytest.raises(BlaxelProtocolError, match=r"a listed item is not a job \(metadata\.name is missing"):
        list(make_client().list_jobs())


@pytest.mark.parametrize("limit", [0, 201, -1])
def test_list_limit_is_checked(make_client: MakeClient, limit: int) -> None:
    with pytest.raises(ValueError, match="between 1 and 200"):
        make_client().list_jobs(limit=limit)


# --- unusable bodies -----------------------------------------------------------------------------------


def test_a_non_json_body_is_a_protocol_error(server: ScriptedServer, make_client: MakeClient) -> None:
    server.script(Reply(status=200, body="<html>login page</html>", headers={"x-request-id": "rid-9"}))
    with pytest.raises(BlaxelProtocolError) as info:
        make_client().get_job("nightly-report")
    message = str(info.value)
    assert "200 from Blaxel on GET /jobs/nightly-report, but the body is not JSON (text/plain" in message
    assert "blaxel:apiUrl" in message
    assert info.value.request_id == "rid-9"


def test_json_that_is_not_a_job_is_a_protocol_error(server: ScriptedServer, make_client: MakeClient) -> None:
    server.script(Reply.json({"metadata": {"displayName": "x"}, "spec": {}}))
    with pytest.raises(BlaxelProtocolError) as info:
        make_client().get_job("x")
    assert "the body is not a job (metadata.name is missing or not a string)" in str(info.value)


def test_a_response_is_read_leniently_and_nothing_it_says_is_lost(
    server: ScriptedServer, make_client: MakeClient
) -> None:
    """Responses are not inputs: values the models do not allow and fields they do not know are kept."""
    body = {
        "metadata": {"name": "x", "labels": {"a": "b"}, "resourceVersion": 7},
        "spec": {
            "runtime": {
                "generation": "mk4",
                "memory": "lots",
                "gpu": "h100",
                "ports": [{"target": 80, "protocol": "QUIC", "appProtocol": "h3"}],
            },
            "triggers": [{"id": "t", "type": "webhook", "configuration": {"jitter": 3}}],
            "sandbox": {"enabled": True},
        },
        "status": "HIBERNATING",
        "events": [{"type": "deployment", "status": "HIBERNATING", "shard": 2}],
        "billing": {"tier": "gold"},
    }
    server.script(Reply.json(body))
    job = make_client().get_job("x")
    assert job.status == "HIBERNATING"
    assert job.spec.runtime is not None
    assert str(job.spec.runtime.generation) == "mk4"
    assert job.spec.runtime.model_extra == {"gpu": "h100"}
    assert wire_dump(job) == body


# --- status codes ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, InvalidRequest),
        (401, Unauthorized),
        (403, Forbidden),
        (404, NotFound),
        (405, MethodNotAllowed),
        (409, Conflict),
        (410, BlaxelAPIError),
        (422, InvalidRequest),
    ],
)
def test_4xx_are_never_retried(
    server: ScriptedServer, make_client: MakeClient, sleeps: list[float], status: int, cls: type[Exception]
) -> None:
    server.script(Reply.error(status, "Nope", "no", headers={"x-cf-request-id": "req-1"}))
    client = make_client()
    with pytest.raises(cls) as info:
        client.get_job("nightly-report")
    assert type(info.value) is cls
    assert client.request_count == 1
    assert sleeps == []
    assert isinstance(info.value, BlaxelAPIError)
    assert info.value.request_id == "req-1"
    assert "Gave up" not in str(info.value)


def test_messages_name_the_workspace_and_the_fix(server: ScriptedServer, make_client: MakeClient) -> None:
    server.script(Reply.error(403, "Forbidden"), Reply.error(401, "Unauthorized"), Reply.error(409, "exists"))
    client = make_client()
    with pytest.raises(
        Forbidden, match="no access to workspace 'test-ws'; check blaxel:workspace or BL_WORKSPACE"
    ):
        client.get_job("x")
    with pytest.raises(Unauthorized, match=r"set blaxel:apiKey \(pulumi config set --secret\) or BL_API_KEY"):
        client.get_job("x")
    with pytest.raises(Conflict, match="job 'nightly-report' already exists in workspace 'test-ws'"):
        create(client, minimal_job())


def test_redirects_are_not_followed(server: ScriptedServer, make_client: MakeClient) -> None:
    server.script(Reply(status=308, headers={"Location": "https://elsewhere.test/v0/jobs/x"}))
    client = make_client()
    with pytest.raises(BlaxelAPIError, match=r"unexpected redirect to https://elsewhere\.test/v0/jobs/x"):
        client.get_job("x")
    assert client.request_count == 1


# --- retries of idempotent calls ------------------------------------------------------------------------


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504, 507])
def test_retryable_statuses_are_retried(
    server: ScriptedServer, make_client: MakeClient, sleeps: list[float], status: int
) -> None:
    server.script(Reply.error(status, "busy"), Reply.error(status, "busy"), Reply.json(stored()))
    client = make_client()
    assert client.get_job("nightly-report").metadata.name == "nightly-report"
    assert client.request_count == 3
    assert sleeps == [0.375, 0.75]  # equal jitter at its midpoint: 0.75 * 0.5, 0.75 * 1.0


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
def test_put_and_delete_are_retried(server: ScriptedServer, make_client: MakeClient, method: str) -> None:
    server.script(Reply.error(502, "bad gateway"), Reply.drop(), Reply.json(stored()))
    client = make_client()
    if method == "PUT":
        client.update_job("nightly-report", minimal_job())
    else:
        client.delete_job("nightly-report")
    assert calls(server) == [f"{method} /v0/jobs/nightly-report"] * 3


def test_retry_after_is_honoured(
    server: ScriptedServer, make_client: MakeClient, sleeps: list[float]
) -> None:
    server.script(
        Reply.error(429, "slow down", headers={"Retry-After": "2"}),
        Reply.error(503, "maintenance", headers={"Retry-After": "0.25"}),
        Reply.json(stored()),
    )
    make_client().get_job("nightly-report")
    assert sleeps == [2.0, 0.25]


def test_a_retry_after_beyond_the_cap_gives_up_at_once(
    server: ScriptedServer, make_client: MakeClient, sleeps: list[float]
) -> None:
    server.script(Reply.error(429, "slow down", headers={"Retry-After": "120"}))
    client = make_client()
    with pytest.raises(RateLimited) as info:
        client.get_job("nightly-report")
    assert info.value.retry_after == 120.0
    assert client.request_count == 1
    assert sleeps == []
    assert "Blaxel asked to wait 120 s, more than the 30 s this client waits" in str(info.value)


def test_exhaustion_raises_the_last_error_with_attempts_and_time(
    server: ScriptedServer, make_client: MakeClient, sleeps: list[float]
) -> None:
    server.script(*[Reply.error(500, "boom")] * 4, Reply.error(503, "down", headers={"cf-ray": "ray-5"}))
    client = make_client()
    with pytest.raises(ServerError) as info:
        client.get_job("nightly-report")
    assert info.value.status == 503
    assert info.value.request_id == "ray-5"
    assert client.request_count == 5
    assert len(sleeps) == 4
    assert re.search(r"Gave up after 5 attempts over \d+\.\d s \(at most 5 attempts\)\.$", str(info.value))


def test_the_total_time_budget_bounds_retries(server: ScriptedServer, make_client: MakeClient) -> None:
    now = [100.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    policy = RetryPolicy(max_attempts=10, max_total=3.0, jitter=False, sleep=sleep, clock=lambda: now[0])
    server.script(*[Reply.error(503, "down")] * 10)
    client = make_client(retry=policy)
    with pytest.raises(ServerError) as info:
        client.get_job("nightly-report")
    # Delays 0.5 and 1.0 fit in 3 s; the next one (2.0) would end at 3.5 s.
    assert client.request_count == 3
    assert now[0] == 101.5
    assert (
        "Gave up after 3 attempts over 1.5 s (the next attempt would start after the 3 s retry budget)"
        in str(info.value)
    )


def test_retries_can_be_disabled(
    server: ScriptedServer, make_client: MakeClient, sleeps: list[float]
) -> None:
    server.script(Reply.error(503, "down"))
    client = make_client(retry=RetryPolicy.none())
    with pytest.raises(ServerError, match=r"Gave up after 1 attempt over \d+\.\d s \(retries are disabled\)"):
        client.get_job("nightly-report")
    assert client.request_count == 1


@pytest.mark.parametrize("reply", [Reply.drop(), Reply.reset()], ids=["closed", "reset"])
def test_a_broken_connection_is_retried(
    server: ScriptedServer, make_client: MakeClient, reply: Reply
) -> None:
    server.script(reply, Reply.json(stored()))
    client = make_client()
    assert client.get_job("nightly-report").metadata.name == "nightly-report"
    assert client.request_count == 2


def test_a_broken_connection_gives_a_connection_error(
    server: ScriptedServer, make_client: MakeClient
) -> None:
    server.script(Reply.drop(), Reply.drop())
    client = make_client(retry=RetryPolicy(max_attempts=2, sleep=lambda _: None))
    with pytest.raises(BlaxelConnectionError) as info:
        client.get_job("nightly-report")
    assert not isinstance(info.value, BlaxelTimeoutError)
    assert f"The connection to Blaxel at {server.url} broke during GET /jobs/nightly-report" in str(
        info.value
    )
    assert "Gave up after 2 attempts" in str(info.value)
    assert (info.value.method, info.value.path, info.value.url) == ("GET", "/jobs/nightly-report", server.url)


def test_a_read_timeout_is_retried_then_reported(server: ScriptedServer, make_client: MakeClient) -> None:
    server.script(Reply(delay=0.6), Reply.json(stored()), Reply(delay=0.6), Reply(delay=0.6))
    client = make_client(timeout=FAST_READ)
    assert client.get_job("nightly-report").metadata.name == "nightly-report"
    client2 = make_client(timeout=FAST_READ, retry=RetryPolicy(max_attempts=2, sleep=lambda _: None))
    with pytest.raises(BlaxelTimeoutError) as info:
        client2.get_job("nightly-report")
    assert f"Blaxel at {server.url} did not answer GET /jobs/nightly-report within 0.2 s" in str(info.value)
    assert client2.request_count == 2


def test_connection_refused_is_retried_and_explained(make_client: MakeClient, sleeps: list[float]) -> None:
    url = f"http://127.0.0.1:{closed_port()}/v0"
    client = make_client(settings=Settings(api_key="k", workspace="w", api_url=url))
    with pytest.raises(BlaxelConnectionError) as info:
        client.get_job("nightly-report")
    message = str(info.value)
    assert message.startswith(f"Could not connect to Blaxel at {url} (GET /jobs/nightly-report): ")
    assert "blaxel:apiUrl or BL_API_URL (or BL_ENV)" in message
    assert "Gave up after 5 attempts" in message
    assert len(sleeps) == 4
    assert client.request_count == 0  # nothing ever reached a server


# --- safe creates -----------------------------------------------------------------------------------------


def test_post_5xx_then_not_found_posts_again(
    server: ScriptedServer, make_client: MakeClient, sleeps: list[float]
) -> None:
    server.script(Reply.error(500, "boom"), Reply.error(404, "Not Found"), Reply.json(stored(owner="me")))
    job = create(make_client(), minimal_job(owner="me"))
    assert job.metadata.name == "nightly-report"
    assert calls(server) == ["POST /v0/jobs", "GET /v0/jobs/nightly-report", "POST /v0/jobs"]
    assert len(sleeps) == 1


@pytest.mark.parametrize("reply", [Reply.drop(), Reply.reset(), Reply.error(502, "bad gateway")])
def test_post_lost_but_applied_returns_our_job(
    server: ScriptedServer, make_client: MakeClient, reply: Reply
) -> None:
    server.script(reply, Reply.json(stored(owner="stack-a/urn-1")))
    client = make_client()
    job = create(client, minimal_job(owner="stack-a/urn-1"))
    assert job.metadata.labels == {OWNER_LABEL: "stack-a/urn-1"}
    assert job.metadata.workspace == WORKSPACE
    assert calls(server) == ["POST /v0/jobs", "GET /v0/jobs/nightly-report"]
    assert client.request_count == 2


def test_post_timeout_and_someone_elses_job_is_a_conflict(
    server: ScriptedServer, make_client: MakeClient
) -> None:
    server.script(Reply(delay=0.6), Reply.json(stored(owner="stack-b/urn-9")))
    client = make_client(timeout=FAST_READ)
    with pytest.raises(Conflict) as info:
        create(client, minimal_job(owner="stack-a/urn-1"))
    assert info.value.status == 409
    assert "Job 'nightly-report' exists in workspace 'test-ws' and belongs to someone else" in str(info.value)
    assert calls(server) == ["POST /v0/jobs", "GET /v0/jobs/nightly-report"]


def test_without_an_owner_label_a_found_job_is_a_conflict(
    server: ScriptedServer, make_client: MakeClient
) -> None:
    server.script(Reply.error(500, "boom"), Reply.json(stored()))
    with pytest.raises(Conflict, match=r"create request failed \(500\).*there is no telling"):
        create(make_client(), minimal_job())
    assert len(server.requests) == 2


def test_a_job_being_deleted_is_never_adopted(server: ScriptedServer, make_client: MakeClient) -> None:
    server.script(Reply.error(500, "boom"), Reply.json(stored(owner="me", status="DELETING")))
    with pytest.raises(Conflict, match="is being deleted"):
        create(make_client(), minimal_job(owner="me"))


UNREADABLE = {
    "empty": Reply(status=200, body=b""),
    "html": Reply(
        status=200,
        body=b"<html><body>Request accepted by the proxy</body></html>",
        headers={"Content-Type": "text/html"},
    ),
    "not-a-job": Reply.json(["not", "a", "job"]),
}


@pytest.mark.parametrize("unreadable", UNREADABLE.values(), ids=UNREADABLE.keys())
def test_post_whose_success_cannot_be_read_returns_our_job(
    server: ScriptedServer, make_client: MakeClient, sleeps: list[float], unreadable: Reply
) -> None:
    """Issue 25 point 7. Before: the create failed with "the body is not JSON" and the job it made was
    left behind, in no state. Now the job is looked up and, being this create's own, returned."""
    server.script(unreadable, Reply.json(stored(owner="stack-a/urn-1")))
    job = create(make_client(), minimal_job(owner="stack-a/urn-1"))
    assert job.metadata.labels == {OWNER_LABEL: "stack-a/urn-1"}
    assert calls(server) == ["POST /v0/jobs", "GET /v0/jobs/nightly-report"]
    assert sleeps == []


def test_post_whose_success_cannot_be_read_and_someone_elses_job_is_a_conflict(
    server: ScriptedServer, make_client: MakeClient
) -> None:
    server.script(UNREADABLE["html"], Reply.json(stored(owner="stack-b/urn-9")))
    with pytest.raises(Conflict, match="belongs to someone else"):
        create(make_client(), minimal_job(owner="stack-a/urn-1"))
    assert calls(server) == ["POST /v0/jobs", "GET /v0/jobs/nightly-report"]


def test_post_whose_success_cannot_be_read_and_no_job_is_not_posted_again(
    server: ScriptedServer, make_client: MakeClient
) -> None:
    server.script(UNREADABLE["html"], Reply.error(404, "Not Found"))
    with pytest.raises(BlaxelProtocolError) as info:
        create(make_client(), minimal_job(owner="me"))
    text = str(info.value)
    assert "200 from Blaxel on POST /jobs, but the body is not JSON (text/html)" in text
    assert "Job 'nightly-report' does not exist in workspace 'test-ws'" in text
    assert calls(server) == ["POST /v0/jobs", "GET /v0/jobs/nightly-report"]


def test_post_whose_success_cannot_be_read_nor_checked_names_the_job(
    server: ScriptedServer, make_client: MakeClient
) -> None:
    server.script(UNREADABLE["empty"], *[Reply.error(503, "down")] * 10)
    client = make_client(retry=RetryPolicy(max_attempts=2, sleep=lambda _: None))
    with pytest.raises(BlaxelProtocolError) as info:
        create(client, minimal_job(owner="me"))
    assert "Could not check whether job 'nightly-report' was created anyway" in str(info.value)


@pytest.mark.parametrize("unreadable", UNREADABLE.values(), ids=UNREADABLE.keys())
def test_put_whose_success_cannot_be_read_reads_the_job_back(
    server: ScriptedServer, make_client: MakeClient, unreadable: Reply
) -> None:
    server.script(unreadable, Reply.json(stored(status="DEPLOYED")))
    job = make_client().update_job("nightly-report", minimal_job())
    assert job.status == "DEPLOYED"
    assert calls(server) == ["PUT /v0/jobs/nightly-report", "GET /v0/jobs/nightly-report"]


def test_put_whose_success_cannot_be_read_nor_read_back_says_it_was_carried_out(
    server: ScriptedServer, make_client: MakeClient
) -> None:
    server.script(UNREADABLE["html"], Reply.error(403, "Forbidden"))
    with pytest.raises(BlaxelProtocolError, match="carried out the PUT, but job 'nightly-report' could not"):
        make_client().update_job("nightly-report", minimal_job())


@pytest.mark.parametrize(
    ("after", "expected"),
    [(Reply.json(stored(status="DELETING")), "DELETING"), (Reply.error(404, "Not Found"), None)],
    ids=["deleting", "gone"],
)
def test_delete_whose_success_cannot_be_read_reads_the_job_back(
    server: ScriptedServer, make_client: MakeClient, after: Reply, expected: str | None
) -> None:
    """The job being deleted, or NotFound (gone): what a delete's caller waits on, or treats as done."""
    server.script(UNREADABLE["html"], after)
    client = make_client()
    if expected is None:
        with pytest.raises(NotFound):
            client.delete_job("nightly-report")
    else:
        assert client.delete_job("nightly-report").status == expected
    assert calls(server) == ["DELETE /v0/jobs/nightly-report", "GET /v0/jobs/nightly-report"]


@pytest.mark.parametrize(
    "declined",
    [
        Reply.error(429, "slow down"),
        Reply.error(408, "request timeout"),
        Reply.error(503, "maintenance", headers={"Retry-After": "1"}),
    ],
    ids=["429", "408", "503+Retry-After"],
)
def test_post_declined_by_the_server_is_retried_directly(
    server: ScriptedServer, make_client: MakeClient, declined: Reply
) -> None:
    server.script(declined, Reply.json(stored()))
    create(make_client(), minimal_job())
    assert calls(server) == ["POST /v0/jobs", "POST /v0/jobs"]


class _RefuseFirstConnects(httpx.HTTPTransport):
    """A real transport whose first ``n`` requests fail to connect (as a refused connection would)."""

    def __init__(self, n: int) -> None:
        super().__init__()
        self.refusals = n

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.refusals:
            self.refusals -= 1
            raise httpx.ConnectError("[Errno 111] Connection refused", request=request)
        return super().handle_request(request)


def test_post_that_never_connected_is_retried_directly(
    server: ScriptedServer, make_client: MakeClient
) -> None:
    server.script(Reply.json(stored()))
    client = make_client(transport=_RefuseFirstConnects(2))
    assert create(client, minimal_job()).metadata.name == "nightly-report"
    assert calls(server) == ["POST /v0/jobs"]
    assert client.request_count == 1


def test_post_409_is_never_retried(
    server: ScriptedServer, make_client: MakeClient, sleeps: list[float]
) -> None:
    server.script(Reply.error(409, "Resource already exists"))
    client = make_client()
    with pytest.raises(Conflict):
        create(client, minimal_job(owner="me"))
    assert client.request_count == 1
    assert sleeps == []


def test_post_400_is_never_retried(server: ScriptedServer, make_client: MakeClient) -> None:
    server.script(Reply.error(400, "Bad Request", "memory too low"))
    with pytest.raises(InvalidRequest, match="memory too low"):
        create(make_client(), minimal_job())
    assert len(server.requests) == 1


def test_late_create_then_409_adopts_our_job(server: ScriptedServer, make_client: MakeClient) -> None:
    """The first POST lands after the check said 404: the second POST gets 409, and a new check finds ours."""
    server.script(
        Reply.error(504, "gateway timeout"),
        Reply.error(404, "Not Found"),
        Reply.error(409, "Resource already exists"),
        Reply.json(stored(owner="me")),
    )
    job = create(make_client(), minimal_job(owner="me"))
    assert job.metadata.name == "nightly-report"
    assert calls(server) == [
        "POST /v0/jobs",
        "GET /v0/jobs/nightly-report",
        "POST /v0/jobs",
        "GET /v0/jobs/nightly-report",
    ]


def test_late_409_with_the_job_gone_is_a_conflict(server: ScriptedServer, make_client: MakeClient) -> None:
    server.script(
        Reply.error(500, "boom"),
        Reply.error(404, "Not Found"),
        Reply.error(409, "Resource already exists"),
        Reply.error(404, "Not Found"),
    )
    with pytest.raises(Conflict, match="already exists"):
        create(make_client(), minimal_job(owner="me"))


def test_post_exhaustion_reports_the_post_error(
    server: ScriptedServer, make_client: MakeClient, sleeps: list[float]
) -> None:
    # A clock that stands still: the message's time is then 0.0 s however loaded the machine is.
    policy = RetryPolicy(max_attempts=2, sleep=sleeps.append, random=lambda: 0.5, clock=lambda: 100.0)
    server.script(
        Reply.error(500, "boom"), Reply.error(404, "nf"), Reply.error(500, "boom"), Reply.error(404, "nf")
    )
    client = make_client(retry=policy)
    with pytest.raises(ServerError) as info:
        create(client, minimal_job(owner="me"))
    assert info.value.method == "POST"
    # Two creates, each followed by its check; only the creates count as attempts.
    assert "Gave up after 2 attempts over 0.0 s (at most 2 attempts)." in str(info.value)
    assert client.request_count == 4
    assert len(sleeps) == 1
    assert server.pending == 0


def test_post_whose_check_fails_reports_both(server: ScriptedServer, make_client: MakeClient) -> None:
    server.script(Reply.error(500, "boom"), Reply.error(403, "Forbidden"))
    with pytest.raises(ServerError) as info:
        create(make_client(), minimal_job(owner="me"))
    message = str(info.value)
    assert message.startswith("500 from Blaxel on POST /jobs")
    assert (
        "Could not check whether job 'nightly-report' was created anyway: 403 from Blaxel on GET" in message
    )
    assert isinstance(info.value.__cause__, Forbidden)


# --- secrets and logs -------------------------------------------------------------------------------------


def test_the_key_never_shows(
    server: ScriptedServer, make_client: MakeClient, canary_key: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    server.script(
        Reply.error(503, "down"),
        Reply.error(401, f"Unauthorized: {canary_key}", f"token {canary_key} expired"),
        Reply.error(400, "Bad Request", f"TOKEN={SECRET_ENV_VALUE} is invalid"),
    )
    client = make_client()
    with pytest.raises(Unauthorized) as unauthorized:
        client.get_job("nightly-report")
    with pytest.raises(InvalidRequest) as invalid:
        create(client, full_job())
    texts = [repr(client), str(unauthorized.value), repr(unauthorized.value), str(invalid.value), caplog.text]
    texts += [str(vars(unauthorized.value)), str(vars(invalid.value))]
    for text in texts:
        assert canary_key not in text
        assert SECRET_ENV_VALUE not in text
        assert "Bearer" not in text
    assert "[redacted]" in str(unauthorized.value)
    assert repr(client) == f"BlaxelClient(api_url='{server.url}', workspace='test-ws')"


def test_retries_are_logged_without_headers_or_bodies(
    server: ScriptedServer, make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="blaxel_pulumi")
    server.script(Reply.error(502, "bad gateway"), Reply.json(stored()))
    make_client().update_job("nightly-report", minimal_job())
    records = [r for r in caplog.records if r.name == "blaxel_pulumi"]
    assert [r.getMessage() for r in records] == [
        "Retrying PUT /jobs/nightly-report: attempt 1 of 5 failed (502); waiting 0.38 s"
    ]
    assert records[0].levelno == logging.DEBUG


def test_context_manager_closes(server: ScriptedServer, make_client: MakeClient) -> None:
    client = make_client()
    with client as same:
        assert same is client
    with pytest.raises(RuntimeError):
        client.get_job("x")


def test_accessors(make_client: MakeClient, policy: RetryPolicy) -> None:
    client = make_client()
    assert client.retry_policy is policy
    assert client.settings.workspace == WORKSPACE
    assert isinstance(Job, type)


# --- failures a real server cannot stage reliably ----------------------------------------------------------


def raising_transport(exc: type[httpx.TransportError], then: list[httpx.Response]) -> httpx.MockTransport:
    """Raise ``exc`` on the first request, then answer with ``then`` in order."""
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.method} {request.url.path}")
        if len(seen) == 1:
            raise exc("simulated", request=request)
        return then[len(seen) - 2]

    transport = httpx.MockTransport(handler)
    transport.seen = seen  # type: ignore[attr-defined]
    return transport


@pytest.mark.parametrize(
    ("exc", "cls", "text", "post_checks"),
    [
        (httpx.ConnectTimeout, BlaxelTimeoutError, "Timed out after 5 s connecting to Blaxel", False),
        (httpx.PoolTimeout, BlaxelTimeoutError, "Timed out after 10 s waiting for a free connection", False),
        (httpx.WriteTimeout, BlaxelTimeoutError, "Timed out after 30 s sending POST /jobs", True),
        (httpx.ReadTimeout, BlaxelTimeoutError, "did not answer POST /jobs within 30 s", True),
        (httpx.ProxyError, BlaxelConnectionError, "Could not connect to Blaxel", False),
        (httpx.ReadError, BlaxelConnectionError, "broke during POST /jobs", True),
        (httpx.WriteError, BlaxelConnectionError, "broke during POST /jobs", True),
    ],
)
def test_transport_failures_of_a_create(
    make_client: MakeClient,
    exc: type[httpx.TransportError],
    cls: type[BlaxelConnectionError],
    text: str,
    post_checks: bool,
) -> None:
    created = httpx.Response(200, json=stored(owner="me"))
    not_found = httpx.Response(404, json={"error": "Not Found"})
    transport = raising_transport(exc, [not_found, created] if post_checks else [created])
    client = make_client(transport=transport)
    assert create(client, minimal_job(owner="me")).metadata.name == "nightly-report"
    expected = (
        ["POST /v0/jobs", "GET /v0/jobs/nightly-report", "POST /v0/jobs"]
        if post_checks
        else ["POST /v0/jobs"] * 2
    )
    assert transport.seen == expected  # type: ignore[attr-defined]
    assert client.request_count == len(expected) - (0 if post_checks else 1)

    failing = make_client(transport=raising_transport(exc, []), retry=RetryPolicy.none())
    with pytest.raises(cls) as info:
        failing.get_job("nightly-report")
    assert type(info.value) is cls
    assert text.replace("POST /jobs", "GET /jobs/nightly-report") in str(info.value)


def test_an_unsupported_scheme_is_not_retried(make_client: MakeClient, sleeps: list[float]) -> None:
    client = make_client(settings=Settings(api_key="k", workspace="w", api_url="ftp://example.test/v0"))
    with pytest.raises(
        BlaxelConnectionError, match=r"Could not send GET /jobs/x to Blaxel at ftp://example\.test/v0"
    ):
        client.get_job("x")
    assert sleeps == []
    assert client.request_count == 0


def test_a_corrupt_encoding_is_not_retried(server: ScriptedServer, make_client: MakeClient) -> None:
    server.script(Reply(body=b"not gzip at all", headers={"Content-Encoding": "gzip"}))
    client = make_client()
    with pytest.raises(BlaxelConnectionError, match="Could not decode the response of Blaxel"):
        client.get_job("x")
    assert client.request_count == 1


def test_a_failing_check_is_retried_within_the_create_budget(
    server: ScriptedServer, make_client: MakeClient, sleeps: list[float]
) -> None:
    server.script(Reply.error(500, "boom"), Reply.error(503, "down"), Reply.json(stored(owner="me")))
    job = create(make_client(), minimal_job(owner="me"))
    assert job.metadata.labels == {OWNER_LABEL: "me"}
    assert calls(server) == ["POST /v0/jobs", "GET /v0/jobs/nightly-report", "GET /v0/jobs/nightly-report"]
    assert sleeps == [0.375]


def test_a_body_with_a_masked_secret_value_is_never_sent(make_client: MakeClient) -> None:
    """The last line of defence: whatever built it, a body that would send `***` (the mask Blaxel answers
    for secret values) as a secret env var's value is refused before any request, naming the env var."""
    client = make_client()
    masked = Job.model_validate(
        {
            "metadata": {"name": "nightly-report"},
            "spec": {"runtime": {"image": "i", "envs": [{"name": "TOKEN", "value": "***", "secret": True}]}},
        }
    )
    with pytest.raises(BlaxelConfigError, match="`TOKEN` would be sent with the value `\\*\\*\\*`"):
        create(client, masked)
    unmanaged = {"spec": {"runtime": {"envs": [{"name": "KEY", "value": "***", "secret": True}]}}}
    with pytest.raises(BlaxelConfigError, match="`KEY`"):
        client.update_job(
            "nightly-report", minimal_job(), body=merge_unmanaged(request_body(minimal_job()), unmanaged)
        )
    assert client.request_count == 0
