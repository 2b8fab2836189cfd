"""The exception tree, the one status -> class mapping, and what the messages say."""

from __future__ import annotations

import json

import pytest

from blaxel_pulumi.api.messages import error_from_response, protocol_error, redact
from blaxel_pulumi.api.models import CoreEvent
from blaxel_pulumi.errors import (
    BlaxelAPIError,
    BlaxelConnectionError,
    BlaxelError,
    BlaxelProtocolError,
    BlaxelTimeoutError,
    Conflict,
    DeploymentError,
    DeploymentFailed,
    DeploymentTimeout,
    Forbidden,
    InvalidRequest,
    MethodNotAllowed,
    NotFound,
    RateLimited,
    ServerError,
    Unauthorized,
)


def body(error: str, message: str = "", code: int | None = None) -> bytes:
    return json.dumps({"error": error, "code": code, "message": message}).encode()


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, InvalidRequest),
        (422, InvalidRequest),
        (401, Unauthorized),
        (403, Forbidden),
        (404, NotFound),
        (405, MethodNotAllowed),
        (409, Conflict),
        (429, RateLimited),
        (500, ServerError),
        (502, ServerError),
        (503, ServerError),
        (504, ServerError),
        (599, ServerError),
        (408, BlaxelAPIError),
        (410, BlaxelAPIError),
        (301, BlaxelAPIError),
    ],
)
def test_each_status_maps_to_its_class(status: int, cls: type[BlaxelAPIError]) -> None:
    error = error_from_response("GET", "/jobs/x", status, {}, b"")
    assert type(error) is cls
    assert isinstance(error, BlaxelError)
    assert error.status == status
    assert (error.method, error.path) == ("GET", "/jobs/x")
    assert str(error).startswith(f"{status} from Blaxel on GET /jobs/x: ")


def test_hierarchy() -> None:
    assert issubclass(BlaxelTimeoutError, BlaxelConnectionError)
    assert issubclass(BlaxelProtocolError, BlaxelAPIError)
    assert issubclass(DeploymentFailed, DeploymentError)
    assert issubclass(DeploymentTimeout, DeploymentError)
    for cls in (BlaxelConnectionError, BlaxelAPIError, DeploymentError):
        assert issubclass(cls, BlaxelError)


def test_401_says_how_to_set_the_key() -> None:
    error = error_from_response("GET", "/jobs/x", 401, {}, body("Unauthorized", "invalid token"))
    assert str(error) == (
        "401 from Blaxel on GET /jobs/x: the API key was rejected; set blaxel:apiKey (pulumi config set "
        "--secret) or BL_API_KEY. (`pulumi refresh` and `pulumi destroy` use the configuration of the last "
        "update: after changing the key, run `pulumi up` or add `--run-program`.) Blaxel said: Unauthorized: "
        "invalid token."
    )
    assert (error.code, error.message) == ("Unauthorized", "invalid token")


def test_403_names_the_workspace() -> None:
    error = error_from_response("GET", "/jobs/x", 403, {}, b"", workspace="w")
    assert str(error) == (
        "403 from Blaxel on GET /jobs/x: the key has no access to workspace 'w'; "
        "check blaxel:workspace or BL_WORKSPACE."
    )


def test_403_names_where_the_key_and_the_workspace_came_from() -> None:
    sources = {"api_key": "stack config blaxel:apiKey", "workspace": "the provider's `workspace` argument"}
    error = error_from_response("GET", "/jobs/x", 403, {}, b"", workspace="w", sources=sources)
    assert str(error) == (
        "403 from Blaxel on GET /jobs/x: the key has no access to workspace 'w'. The key comes from stack "
        "config blaxel:apiKey, the workspace from the provider's `workspace` argument: set a key of that "
        "workspace, or the workspace of the key, there."
    )


def test_409_on_create_names_the_job_and_workspace() -> None:
    error = error_from_response(
        "POST", "/jobs", 409, {}, body("Resource already exists", code=409), workspace="w", job_name="x"
    )
    assert isinstance(error, Conflict)
    assert str(error) == (
        "409 from Blaxel on POST /jobs: job 'x' already exists in workspace 'w', and this request did not "
        "make it: it may be someone else's. Choose another name, or take the existing job over on purpose "
        "(adopt or import it). Blaxel said: Resource already exists."
    )
    assert "bl delete job" not in str(error)  # never advise deleting a job this stack did not make
    assert "Blaxel said: Resource already exists." in str(error)


def test_409_on_update_is_a_state_conflict() -> None:
    error = error_from_response("PUT", "/jobs/x", 409, {}, b"", workspace="w")
    assert "job 'x' in workspace 'w' conflicts with its current state" in str(error)


def test_404_on_a_job_names_it_and_on_other_paths_blames_the_url() -> None:
    job = error_from_response("GET", "/jobs/my%20job", 404, {}, b"", workspace="w")
    assert "job 'my job' does not exist in workspace 'w'." in str(job)
    listing = error_from_response("GET", "/jobs", 404, {}, b"<html>nope</html>")
    assert "the endpoint was not found; check that blaxel:apiUrl or BL_API_URL" in str(listing)
    assert "Blaxel said: <html>nope</html>." in str(listing)


def test_404_on_create_says_the_endpoint_was_not_found_never_that_the_job_does_not_exist() -> None:
    without = error_from_response(
        "POST", "/jobs", 404, {}, b"", workspace="w", job_name="x", api_url="https://api.blaxel.ai"
    )
    assert str(without) == (
        "404 from Blaxel on POST /jobs: the endpoint was not found: the API URL https://api.blaxel.ai does "
        "not end in /v0. Set blaxel:apiUrl or BL_API_URL to Blaxel's base URL, ending in /v0 (e.g. "
        "https://api.blaxel.ai/v0)."
    )
    with_v0 = error_from_response(
        "POST", "/jobs", 404, {}, b"", workspace="w", job_name="x", api_url="https://proxy.example/v0"
    )
    assert str(with_v0) == (
        "404 from Blaxel on POST /jobs: the endpoint was not found at https://proxy.example/v0; check that "
        "blaxel:apiUrl or BL_API_URL (or BL_ENV) points at the Blaxel API, including /v0."
    )


@pytest.mark.parametrize(
    "answer",
    [b"", body("Resource not found", "Job 'x' was not found in workspace 'w'.", 404)],
    ids=["empty", "blaxel-error-object"],
)
def test_a_404_that_can_be_blaxels_on_a_job_path_says_the_job_is_gone(answer: bytes) -> None:
    error = error_from_response(
        "GET", "/jobs/x", 404, {}, answer, workspace="w", api_url="https://api.blaxel.ai/v0/"
    )
    assert type(error) is NotFound
    assert str(error).startswith("404 from Blaxel on GET /jobs/x: job 'x' does not exist in workspace 'w'.")


def test_a_404_on_a_job_path_with_an_api_url_without_v0_never_says_the_job_is_gone() -> None:
    error = error_from_response(
        "GET",
        "/jobs/x",
        404,
        {},
        body("Resource not found", "no route"),
        workspace="w",
        api_url="https://api.blaxel.ai",
    )
    assert type(error) is BlaxelAPIError  # not a NotFound: a refresh or a delete must not take it as gone
    assert error.status == 404
    assert str(error) == (
        "404 from Blaxel on GET /jobs/x: the endpoint was not found: the API URL https://api.blaxel.ai does "
        "not end in /v0. Set blaxel:apiUrl or BL_API_URL to Blaxel's base URL, ending in /v0 (e.g. "
        "https://api.blaxel.ai/v0). Whether job 'x' exists is unknown until the URL is right. Blaxel said: "
        "Resource not found: no route."
    )


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        (b"<html><body>Not Found</body></html>", "<html><body>Not Found</body></html>"),
        (b"404 page not found", "404 page not found"),
        (
            json.dumps({"message": "no Route matched with those values"}).encode(),
            "no Route matched with those values",
        ),
    ],
    ids=["html", "text", "gateway-json"],
)
def test_a_404_on_a_job_path_that_is_not_blaxels_error_object_never_says_the_job_is_gone(
    answer: bytes, said: str
) -> None:
    error = error_from_response(
        "DELETE", "/jobs/x", 404, {}, answer, workspace="w", api_url="https://proxy.example/v0"
    )
    assert type(error) is BlaxelAPIError
    assert str(error) == (
        "404 from Blaxel on DELETE /jobs/x: the endpoint was not found at https://proxy.example/v0, and the "
        "answer is not Blaxel's (its body is not Blaxel's error object): a proxy or another service "
        "answered. Whether job 'x' exists is unknown until the URL is right. Check that blaxel:apiUrl or "
        f"BL_API_URL (or BL_ENV) points at the Blaxel API, including /v0. Blaxel said: {said}."
    )


def test_405_blames_the_url() -> None:
    error = error_from_response("PUT", "/jobs/x", 405, {}, b"")
    assert "does not accept PUT" in str(error)
    assert "/v0" in str(error)


def test_400_quotes_the_server() -> None:
    error = error_from_response("POST", "/jobs", 400, {}, body("Bad Request", "memory must be >= 128"))
    assert "rejected the request as invalid" in str(error)
    assert "Blaxel said: Bad Request: memory must be >= 128." in str(error)


def test_429_carries_retry_after() -> None:
    error = error_from_response("GET", "/jobs", 429, {"Retry-After": "7"}, b"", retry_after=7.0)
    assert isinstance(error, RateLimited)
    assert error.retry_after == 7.0
    assert "asked to wait 7 s" in str(error)
    no_hint = error_from_response("GET", "/jobs", 429, {}, b"")
    assert isinstance(no_hint, RateLimited)
    assert no_hint.retry_after is None


def test_5xx_says_it_is_temporary_and_gives_the_request_id() -> None:
    error = error_from_response("GET", "/jobs/x", 502, {"CF-Ray": "8a1b2c3d-LHR"}, b"Bad gateway")
    assert "server error or is unavailable; run again later" in str(error)
    assert error.request_id == "8a1b2c3d-LHR"
    assert str(error).endswith("Request id: 8a1b2c3d-LHR.")


def test_redirects_name_the_location() -> None:
    error = error_from_response("GET", "/jobs", 301, {"Location": "https://api.blaxel.ai/v0/jobs"}, b"")
    assert "unexpected redirect to https://api.blaxel.ai/v0/jobs" in str(error)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"x-cf-request-id": "cf-1", "x-request-id": "r-2", "cf-ray": "ray-3"}, "cf-1"),
        ({"X-Request-Id": "r-2", "cf-ray": "ray-3"}, "r-2"),
        ({"cf-ray": "ray-3"}, "ray-3"),
        ({}, None),
    ],
)
def test_request_id_headers_in_order(headers: dict[str, str], expected: str | None) -> None:
    assert error_from_response("GET", "/jobs", 500, headers, b"").request_id == expected


def test_error_code_comes_from_the_body_then_the_header() -> None:
    header = {"x-blaxel-error-code": "QUOTA_EXCEEDED"}
    assert error_from_response("POST", "/jobs", 403, header, b"").code == "QUOTA_EXCEEDED"
    assert error_from_response("POST", "/jobs", 403, header, body("Forbidden")).code == "Forbidden"


@pytest.mark.parametrize(
    "raw",
    [b"", b"not json", b"[1, 2]", b'{"message": "only a message"}', b'{"error": 42}', b"\xff\xfe"],
)
def test_odd_bodies_never_break_the_mapping(raw: bytes) -> None:
    error = error_from_response("GET", "/jobs/x", 500, {}, raw)
    assert isinstance(error, ServerError)


def test_long_server_messages_are_cut_to_one_line() -> None:
    error = error_from_response("GET", "/jobs/x", 500, {}, ("line\n" * 400).encode())
    assert len(error.message) == 500
    assert error.message.endswith("...")
    assert "\n" not in str(error)


def test_secrets_echoed_by_the_server_are_redacted(canary_key: str) -> None:
    raw = body(f"bad token {canary_key}", f"value hunter2 of TOKEN is invalid; key {canary_key}")
    headers = {"x-blaxel-error-code": canary_key}
    error = error_from_response(
        "PUT", "/jobs/x", 400, headers, raw, redact_values=[canary_key, "hunter2", ""]
    )
    for text in (str(error), error.message, error.code or "", repr(error)):
        assert canary_key not in text
        assert "hunter2" not in text
    assert "[redacted]" in str(error)


def test_redact_prefers_the_longest_secret() -> None:
    assert redact("abcdef", ["abc", "abcdef"]) == "[redacted]"
    assert redact("nothing here", []) == "nothing here"


def test_protocol_error_blames_the_url() -> None:
    error = protocol_error("GET", "/jobs/x", 200, {"x-request-id": "r1"}, "the body is not JSON (text/html)")
    assert isinstance(error, BlaxelProtocolError)
    assert str(error).startswith("200 from Blaxel on GET /jobs/x, but the body is not JSON (text/html).")
    assert error.request_id == "r1"


def test_append_detail() -> None:
    error = BlaxelError("Something failed.")
    error.append_detail("Gave up after 3 attempts.")
    assert str(error) == "Something failed. Gave up after 3 attempts."
    empty = BlaxelError()
    empty.append_detail("Only this.")
    assert str(empty) == "Only this."


def events(n: int) -> list[CoreEvent]:
    return [
        CoreEvent(time=f"2026-01-01T00:00:0{i}Z", status="BUILDING", message=f"step {i}", type="deployment")
        for i in range(n)
    ]


def test_deployment_failed_lists_status_and_last_events() -> None:
    error = DeploymentFailed(job_name="j", workspace="w", last_status="FAILED", events=events(7))
    text = str(error)
    assert text.startswith("Job 'j' in workspace 'w' failed to deploy (last status FAILED).")
    assert "step 0" not in text
    assert "step 1" not in text
    assert all(f"step {i}" in text for i in range(2, 7))
    assert "2026-01-01T00:00:06Z BUILDING: step 6" in text
    assert "bl get job j" in text
    assert (error.job_name, error.workspace, error.last_status, len(error.events)) == ("j", "w", "FAILED", 7)


def test_deployment_timeout_says_how_long_it_waited() -> None:
    error = DeploymentTimeout(job_name="j", workspace="w", last_status="BUILDING", waited=600.0)
    assert str(error).startswith("Job 'j' in workspace 'w' was still BUILDING after waiting 600 s.")
    assert "raise the deployment timeout" in str(error)
    assert error.waited == 600.0
    assert "Last events" not in str(error)


def test_deployment_error_defaults_and_detail() -> None:
    base = DeploymentError(job_name="j", workspace="w", last_status=None, events=[CoreEvent()])
    assert "did not deploy (last status unknown)." in str(base)
    assert "(empty event)" in str(base)
    custom = DeploymentFailed(job_name="j", workspace="w", last_status="DELETING", detail="is being deleted.")
    assert str(custom).startswith("Job 'j' in workspace 'w' is being deleted.")
    only_type = DeploymentError(job_name="j", workspace="w", last_status=None, events=[CoreEvent(type="x")])
    assert "Last events: x." in str(only_type)


def test_a_short_secret_never_mangles_our_own_wording() -> None:
    error = error_from_response(
        "POST",
        "/jobs",
        409,
        {"x-request-id": "req-k"},
        body("k exists"),
        workspace="work",
        job_name="kk",
        redact_values=["k"],
    )
    assert "job 'kk' already exists in workspace 'work'" in str(error)
    assert "Blaxel said: [redacted] exists." in str(error)
    assert error.request_id == "req-[redacted]"
