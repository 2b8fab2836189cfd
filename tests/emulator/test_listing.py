"""GET /v0/jobs: bare list before API version 2026-04-28, cursor pages from it on."""

from __future__ import annotations

import httpx
import pytest

from blaxel_pulumi.emulator import EmulatorServer

from .support import PAGINATED, job_body


@pytest.fixture
def seven(client: httpx.Client) -> list[str]:
    names = ["job-c", "job-a", "job-g", "job-e", "job-b", "job-f", "job-d"]
    for name in names:
        body = job_body(name)
        body["metadata"]["displayName"] = f"Display {name.upper()}"
        body["metadata"]["labels"] = {
            "kind": "odd" if name in ("job-a", "job-c", "job-e", "job-g") else "even"
        }
        assert client.post("/jobs", json=body).status_code == 200
    return names


def test_bare_list_without_or_with_old_version(client: httpx.Client, seven: list[str]) -> None:
    for headers in ({}, {"Blaxel-Version": "2026-04-16"}, {"Blaxel-Version": "2026-04-27"}):
        response = client.get("/jobs", headers=headers, params={"limit": 1, "q": "job-a"})
        assert response.status_code == 200
        body = response.json()
        assert isinstance(body, list)
        assert [j["metadata"]["name"] for j in body] == seven[::-1]  # newest first, filters ignored


def test_old_version_still_validates_status(client: httpx.Client) -> None:
    assert client.get("/jobs", params={"status": "NOPE"}).status_code == 400
    assert client.get("/jobs", params={"status": "deployed"}).status_code == 200


def test_malformed_version_is_400(client: httpx.Client) -> None:
    assert client.get("/jobs", headers={"Blaxel-Version": "latest"}).status_code == 400


def test_pages_walk_every_job_once(client: httpx.Client, seven: list[str]) -> None:
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        params: dict[str, str | int] = {"limit": 3}
        if cursor:
            params["cursor"] = cursor
        body = client.get("/jobs", headers=PAGINATED, params=params).json()
        pages += 1
        assert body["meta"]["total"] == 7
        seen += [j["metadata"]["name"] for j in body["data"]]
        if not body["meta"]["hasMore"]:
            assert body["meta"]["nextCursor"] == ""
            break
        cursor = body["meta"]["nextCursor"]
        assert cursor
    assert pages == 3
    assert seen == seven[::-1]


def test_cursor_is_stable_when_jobs_change_between_pages(client: httpx.Client, seven: list[str]) -> None:
    first = client.get("/jobs", headers=PAGINATED, params={"limit": 3, "sort": "name:asc"}).json()
    assert [j["metadata"]["name"] for j in first["data"]] == ["job-a", "job-b", "job-c"]
    client.delete("/jobs/job-d")
    client.post("/jobs", json=job_body("job-0"))
    params = {"limit": 3, "sort": "name:asc", "cursor": first["meta"]["nextCursor"]}
    second = client.get("/jobs", headers=PAGINATED, params=params).json()
    assert [j["metadata"]["name"] for j in second["data"]] == ["job-e", "job-f", "job-g"]
    assert second["meta"]["hasMore"] is False


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("createdAt:asc", ["job-c", "job-a", "job-g"]),
        ("createdAt:desc", ["job-d", "job-f", "job-b"]),
        ("name:asc", ["job-a", "job-b", "job-c"]),
        ("name:desc", ["job-g", "job-f", "job-e"]),
    ],
)
def test_sort(client: httpx.Client, seven: list[str], sort: str, expected: list[str]) -> None:
    body = client.get("/jobs", headers=PAGINATED, params={"limit": 3, "sort": sort}).json()
    assert [j["metadata"]["name"] for j in body["data"]] == expected


def test_q_searches_name_display_name_and_labels(client: httpx.Client, seven: list[str]) -> None:
    def names(q: str) -> list[str]:
        body = client.get("/jobs", headers=PAGINATED, params={"q": q, "sort": "name:asc"}).json()
        assert body["meta"]["total"] == 7  # total ignores filters
        return [j["metadata"]["name"] for j in body["data"]]

    assert names("job-b") == ["job-b"]
    assert names("  JOB-B ") == ["job-b"]
    assert names("display job-g") == ["job-g"]
    assert names("even") == ["job-b", "job-d", "job-f"]
    assert names("j") == sorted(seven)  # shorter than 2 characters: unfiltered
    assert names("nothing-like-it") == []


def test_status_filter(client: httpx.Client, server: EmulatorServer) -> None:
    client.post("/jobs", json=job_body("good"))
    bad = job_body("bad")
    bad["spec"]["runtime"]["image"] = "registry.example.com/fail-me"
    client.post("/jobs", json=bad)

    def names(status: str) -> list[str]:
        body = client.get("/jobs", headers=PAGINATED, params={"status": status}).json()
        return sorted(j["metadata"]["name"] for j in body["data"])

    assert names("FAILED") == ["bad"]
    assert names("deployed") == ["good"]
    assert names("DEPLOYED,failed") == ["bad", "good"]
    assert names("BUILDING") == []
    response = client.get("/jobs", headers=PAGINATED, params={"status": "DEPLOYED,BROKEN"})
    assert response.status_code == 400
    assert "BROKEN" in response.json()["message"]


@pytest.mark.parametrize("limit", ["0", "201", "-1", "ten"])
def test_limit_out_of_range_is_400(client: httpx.Client, limit: str) -> None:
    response = client.get("/jobs", headers=PAGINATED, params={"limit": limit})
    assert response.status_code == 400
    assert response.json()["message"].startswith("limit:")


def test_limit_bounds_are_accepted(client: httpx.Client) -> None:
    for limit in ("1", "200"):
        assert client.get("/jobs", headers=PAGINATED, params={"limit": limit}).status_code == 200


def test_bad_cursor_sort_and_anchor_are_400(client: httpx.Client, seven: list[str]) -> None:
    cursor = client.get("/jobs", headers=PAGINATED, params={"limit": 2}).json()["meta"]["nextCursor"]
    for params in (
        {"cursor": "garbage!"},
        {"cursor": cursor, "sort": "name:asc"},  # bound to another query
        {"cursor": cursor, "q": "job"},
        {"sort": "size:asc"},
        {"anchor": "end"},
        {"q": "x" * 201},
    ):
        response = client.get("/jobs", headers=PAGINATED, params=params)
        assert response.status_code == 400, params
        assert response.json()["error"] == "Invalid query parameter"
