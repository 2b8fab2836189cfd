"""Credentials: a wrong key, another workspace's key, a missing workspace or key.

Each fails `pulumi up` with a message naming where to set the value (`blaxel:apiKey` / `BL_API_KEY`,
`blaxel:workspace` / `BL_WORKSPACE`; for a key of another workspace, where each value came from) and
changes nothing on the server: no successful write in the request log, and no request at all when a
setting is missing.
"""

from __future__ import annotations

import time

import pytest

from blaxel_pulumi.emulator import ApiKey
from tests.e2e.pulumi_cli import PulumiProject, diagnostics
from tests.reliability.conftest import MakeApi, MakeProject
from tests.reliability.support import FLEET, LocalApi, record, state_jobs, successful_writes

pytestmark = pytest.mark.e2e

TEAM_A = ApiKey(key="key-team-a", workspace="team-a", admin=True)
TEAM_B = ApiKey(key="key-team-b", workspace="team-b", admin=True)


def two_workspaces(local_api: MakeApi) -> LocalApi:
    return local_api(keys=(TEAM_A, TEAM_B))


def failed_up(project: PulumiProject) -> str:
    """Run `pulumi up`, expect it to fail without a traceback-only message; return its errors."""
    up = project.up(check=False)
    assert up.returncode != 0, "up succeeded with bad credentials"
    return "\n".join(diagnostics(up, "error"))


def test_a_wrong_key_is_rejected_and_nothing_changes(local_api: MakeApi, make_project: MakeProject) -> None:
    started = time.monotonic()
    api = two_workspaces(local_api)
    project = make_project(FLEET, {"BL_API_URL": api.api_url, "BL_WORKSPACE": "team-a"})
    project.config_set("count", "2")
    project.config_set("blaxel:apiKey", "not-a-key-of-this-api", secret=True)

    preview = project.preview()
    assert api.requests() == [], "preview sent a request"
    errors = failed_up(project)

    assert "401 from Blaxel" in errors
    assert "blaxel:apiKey" in errors and "BL_API_KEY" in errors
    assert "not-a-key-of-this-api" not in errors
    log = api.requests()
    assert log and {e["status"] for e in log} == {401}
    assert successful_writes(log) == []
    assert api.stored("team-a") == [] and api.stored("team-b") == []
    assert state_jobs(project) == []
    record(
        "6. wrong API key",
        runs=f"preview (rc {preview.returncode}), up (fails)",
        outcome=f"401 naming blaxel:apiKey/BL_API_KEY; {len(log)} request(s), all 401; no write",
        seconds=time.monotonic() - started,
    )


def test_a_key_of_another_workspace_is_rejected_and_nothing_changes(
    local_api: MakeApi, make_project: MakeProject
) -> None:
    started = time.monotonic()
    api = two_workspaces(local_api)
    project = make_project(FLEET, {"BL_API_URL": api.api_url, "BL_WORKSPACE": "team-a"})
    project.config_set("count", "2")
    project.config_set("blaxel:apiKey", TEAM_A.key, secret=True)
    project.up()
    before = api.stored("team-a")
    api.clear_requests()
    project.config_set("blaxel:apiKey", TEAM_B.key, secret=True)
    project.config_set("count", "3")  # one create
    project.config_set("memory", "4096")  # two updates

    errors = failed_up(project)

    assert "403 from Blaxel" in errors
    assert "workspace 'team-a'" in errors
    # the message names where each value came from, so the user knows which one to change
    assert "The key comes from stack config blaxel:apiKey" in errors
    assert "the workspace from environment variable BL_WORKSPACE" in errors
    log = api.requests()
    assert log and {e["status"] for e in log} == {403}
    assert successful_writes(log) == []
    assert api.stored("team-a") == before, "the jobs of team-a changed"
    assert api.stored("team-b") == []
    assert state_jobs(project) == ["rel-0", "rel-1"]
    record(
        "6. key of another workspace",
        runs="up, up with team-b's key (fails)",
        outcome=f"403 naming where the key and workspace came from; {len(log)} request(s), all 403; no write",
        seconds=time.monotonic() - started,
    )


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        pytest.param(
            {"BL_API_KEY": TEAM_A.key},
            ["No Blaxel workspace found", "blaxel:workspace", "BL_WORKSPACE"],
            id="missing-workspace",
        ),
        pytest.param(
            {"BL_WORKSPACE": "team-a"},
            ["No Blaxel API key found", "blaxel:apiKey", "BL_API_KEY"],
            id="missing-key",
        ),
    ],
)
def test_a_missing_setting_fails_before_any_request(
    local_api: MakeApi, make_project: MakeProject, env: dict[str, str], expected: list[str]
) -> None:
    started = time.monotonic()
    api = two_workspaces(local_api)
    project = make_project(FLEET, {"BL_API_URL": api.api_url, **env})  # HOME has no ~/.blaxel
    project.config_set("count", "2")

    errors = failed_up(project)

    for needle in expected:
        assert needle in errors
    assert "~/.blaxel/config.yaml" in errors
    assert api.requests() == [], "a request was sent without credentials"
    assert state_jobs(project) == []
    record(
        f"6. {expected[0].lower()}",
        runs="up (fails)",
        outcome=f"error names {', '.join(expected[1:])}; 0 requests",
        seconds=time.monotonic() - started,
    )


def test_refresh_uses_the_key_recorded_by_the_last_update(
    local_api: MakeApi, make_project: MakeProject
) -> None:
    """Engine behaviour worth documenting: `pulumi refresh` does not run the program, so
    the provider is configured with the stack config recorded by the last `up`. After a wrong
    `blaxel:apiKey` was recorded (an `up` with no change sends no request, so it succeeds), fixing the key
    is not enough for `refresh`: it answers 401 "set blaxel:apiKey" although the key is set. `refresh
    --run-program` (or any `up`) uses, and records, the current key."""
    api = two_workspaces(local_api)
    project = make_project(FLEET, {"BL_API_URL": api.api_url, "BL_WORKSPACE": "team-a"})
    project.config_set("count", "1")
    project.config_set("blaxel:apiKey", TEAM_A.key, secret=True)
    project.up()
    project.config_set("blaxel:apiKey", "a-mistyped-key", secret=True)
    project.up()  # nothing changed: no request, so the wrong key goes unnoticed and is recorded
    project.config_set("blaxel:apiKey", TEAM_A.key, secret=True)

    stale = project.refresh(check=False)
    fixed = project.refresh("--run-program", check=False)

    assert stale.returncode != 0 and "401 from Blaxel" in "\n".join(diagnostics(stale, "error"))
    assert fixed.returncode == 0, "\n".join(diagnostics(fixed, "error"))
    assert project.refresh().returncode == 0  # the fixed key is now recorded
