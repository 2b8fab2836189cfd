"""`BlaxelJobsReady`'s provider: one call waits for many jobs, against the local Blaxel API over HTTP."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.dynamic import Config, ConfigureRequest

from blaxel_pulumi.errors import DeploymentFailed, DeploymentTimeout
from blaxel_pulumi.provider import BlaxelJobProvider
from blaxel_pulumi.provider.ready import JobsReadyProvider
from tests.provider.conftest import API_KEY, WORKSPACE, Api


def ready_provider(api: Api) -> JobsReadyProvider:
    provider = JobsReadyProvider()
    config = {"blaxel:apiUrl": api.server.api_url, "blaxel:workspace": WORKSPACE, "blaxel:apiKey": API_KEY}
    provider.configure(ConfigureRequest(Config(config, "test")))
    return provider


def start_jobs(provider: BlaxelJobProvider, images: list[str]) -> list[dict[str, Any]]:
    """Create jobs without waiting; return what `BlaxelJobsReady` receives for each."""
    watched = []
    for index, image in enumerate(images):
        news = {
            "name": f"fleet-{index}",
            "runtime": {"image": image},
            "wait_for_deployment": False,
            "owner": "o",
        }
        checked = provider.check({}, news)
        assert checked.failures == []
        outs = provider.create(dict(checked.inputs)).outs or {}
        assert outs["status"] != "DEPLOYED"
        watched.append(
            {"name": outs["name"], "workspace": outs["workspace"], "updated_at": outs["updated_at"]}
        )
    return watched


def test_one_call_waits_for_every_job(api: Api, provider: BlaxelJobProvider) -> None:
    api.settings(deploy_seconds=1.0)
    watched = start_jobs(provider, ["img"] * 6)
    api.clear()
    result = ready_provider(api).create({"jobs": watched, "timeout": 30})
    outs = result.outs or {}
    assert outs["statuses"] == {f"fleet-{i}": "DEPLOYED" for i in range(6)}
    # One call polls every job in turn: the first round asks for each of the six before any is asked twice.
    polled = [e["path"].rsplit("/", 1)[-1] for e in api.requests(method="GET")]
    assert sorted(polled[:6]) == [f"fleet-{i}" for i in range(6)]
    assert len(polled) <= 6 * 6, "at most a handful of polls per job for a 1 s rollout"


def test_a_failed_rollout_fails_the_wait_with_its_events(api: Api, provider: BlaxelJobProvider) -> None:
    api.settings(deploy_seconds=0.5)
    watched = start_jobs(provider, ["img", "registry/fail-now:1"])
    with pytest.raises(DeploymentFailed) as caught:
        ready_provider(api).create({"jobs": watched, "timeout": 30})
    assert "fleet-1" in str(caught.value)
    assert caught.value.last_status == "FAILED"


def test_the_wait_is_bounded_and_names_what_is_left(api: Api, provider: BlaxelJobProvider) -> None:
    api.settings(deploy_seconds=30)
    watched = start_jobs(provider, ["img", "img"])
    with pytest.raises(DeploymentTimeout) as caught:
        ready_provider(api).create({"jobs": watched, "timeout": 1})
    assert "fleet-0, fleet-1" in str(caught.value)


def test_it_waits_again_when_a_job_changes(api: Api) -> None:
    provider = ready_provider(api)
    old = {"jobs": [{"name": "a", "workspace": "local", "updated_at": "t1"}], "timeout": 10}
    assert provider.diff("r", old, old).changes is False
    new = {"jobs": [{"name": "a", "workspace": "local", "updated_at": "t2"}], "timeout": 10}
    assert provider.diff("r", old, new).changes is True
    assert provider.check({}, {"jobs": [], "timeout": 0}).failures
