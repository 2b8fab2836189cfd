"""API keys, workspaces and isolation."""

from __future__ import annotations

import httpx

from blaxel_pulumi.emulator import EmulatorServer

from .support import ADMIN, MEMBER, MULTI_OTHER, OTHER, PAGINATED, auth, job_body


def test_missing_or_unknown_key_is_401(server: EmulatorServer) -> None:
    for headers in (
        {},
        {"Authorization": "Bearer nope"},
        {"Authorization": "Bearer"},
        {"Authorization": "Basic abc"},
    ):
        response = httpx.get(f"{server.api_url}/jobs", headers=headers)
        assert response.status_code == 401, headers
        assert response.json()["error"] == "Unauthorized"
        assert response.headers["x-blaxel-error-code"] == "401"
        assert "nope" not in response.text


def test_401_on_every_route(server: EmulatorServer) -> None:
    for method, path in (
        ("POST", "/jobs"),
        ("GET", "/jobs/a"),
        ("PUT", "/jobs/a"),
        ("DELETE", "/jobs/a"),
        ("GET", "/jobs/a/revisions"),
    ):
        response = httpx.request(method, f"{server.api_url}{path}", json=job_body("a"))
        assert response.status_code == 401, (method, path)


def test_x_blaxel_authorization_is_accepted(server: EmulatorServer) -> None:
    for value in (f"Bearer {ADMIN.key}", ADMIN.key, f"bearer {ADMIN.key}"):
        response = httpx.get(f"{server.api_url}/jobs", headers={"X-Blaxel-Authorization": value})
        assert response.status_code == 200, value


def test_workspace_header_must_match_the_key(server: EmulatorServer) -> None:
    url = f"{server.api_url}/jobs"
    assert httpx.get(url, headers=auth(ADMIN, **{"X-Blaxel-Workspace": "local"})).status_code == 200
    response = httpx.get(url, headers=auth(ADMIN, **{"X-Blaxel-Workspace": "other"}))
    assert response.status_code == 403
    assert response.json()["error"] == "Forbidden"
    assert "'other'" in response.json()["message"]


def test_workspaces_are_isolated(server: EmulatorServer) -> None:
    url = server.api_url
    assert httpx.post(f"{url}/jobs", json=job_body("etl"), headers=auth(ADMIN)).status_code == 200
    # The same name in another workspace is another job.
    other = httpx.post(f"{url}/jobs", json=job_body("etl"), headers=auth(OTHER))
    assert other.status_code == 200
    assert other.json()["metadata"]["workspace"] == "other"
    assert other.json()["metadata"]["url"] == "https://run.blaxel.ai/other/jobs/etl"
    httpx.post(f"{url}/jobs", json=job_body("only-local"), headers=auth(MEMBER))
    assert httpx.get(f"{url}/jobs/only-local", headers=auth(OTHER)).status_code == 404
    assert (
        httpx.put(f"{url}/jobs/only-local", json=job_body("only-local"), headers=auth(OTHER)).status_code
        == 404
    )
    assert httpx.delete(f"{url}/jobs/only-local", headers=auth(OTHER)).status_code == 404
    names = [j["metadata"]["name"] for j in httpx.get(f"{url}/jobs", headers=auth(OTHER)).json()]
    assert names == ["etl"]
    page = httpx.get(f"{url}/jobs", headers=auth(OTHER, **PAGINATED)).json()
    assert page["meta"]["total"] == 1
    # Deleting in one workspace leaves the other's job alone.
    assert httpx.delete(f"{url}/jobs/etl", headers=auth(OTHER)).status_code == 200
    assert httpx.get(f"{url}/jobs/etl", headers=auth(ADMIN)).status_code == 200


def test_key_with_several_workspaces(server: EmulatorServer) -> None:
    url = f"{server.api_url}/jobs"
    default = httpx.post(url, json=job_body("a"), headers=auth(MULTI_OTHER))
    assert default.json()["metadata"]["workspace"] == "other"
    third = httpx.post(url, json=job_body("a"), headers=auth(MULTI_OTHER, **{"X-Blaxel-Workspace": "third"}))
    assert third.json()["metadata"]["workspace"] == "third"
    assert httpx.get(url, headers=auth(MULTI_OTHER, **{"X-Blaxel-Workspace": "local"})).status_code == 403
