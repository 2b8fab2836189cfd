"""Deployment waits in parallel on the real CLI: the provider process serves more than the SDK's 4 calls.

Each job of the `many-jobs` example waits for its own rollout (2 s) inside its `create`. With the SDK's
thread pool as it is (4 threads), at most 4 of those waits overlap whatever `--parallel` says; the providers
of this package widen it (blaxel_pulumi/provider/host.py). The request log of the local API tells how many
waits were in progress at once (a job's wait spans its first to its last status poll).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import pytest

from tests.e2e.blaxel_api import JOB, BlaxelApi, ExampleProject
from tests.e2e.pulumi_cli import ops

pytestmark = pytest.mark.e2e

JOBS = 8
SDK_THREADS = 4


def peak_waits(requests: Iterable[Mapping[str, Any]]) -> int:
    """The most jobs being polled at once: each job's window runs from its first GET to its last."""
    windows: dict[str, list[float]] = {}
    for request in requests:
        if request["method"] != "GET":
            continue
        moment = datetime.fromisoformat(str(request["time"]).replace("Z", "+00:00")).timestamp()
        window = windows.setdefault(str(request["path"]), [moment, moment])
        window[0], window[1] = min(window[0], moment), max(window[1], moment)
    edges = sorted([(w[0], 1) for w in windows.values()] + [(w[1], -1) for w in windows.values()])
    peak = current = 0
    for _moment, step in edges:
        current += step
        peak = max(peak, current)
    return peak


def _up_with_rollouts(example_project: ExampleProject, blaxel: BlaxelApi, **config: str) -> int:
    blaxel.control.post("/settings", json={"deploy_seconds": 2.0}).raise_for_status()
    project = example_project("many-jobs", blaxel, config={"count": str(JOBS), **config})
    blaxel.clear_requests()
    up = project.up("--parallel", str(JOBS))
    assert ops(up, JOB) == {"create": JOBS}
    assert {job["status"] for job in blaxel.stored_jobs().values()} == {"DEPLOYED"}
    return peak_waits(blaxel.requests())


def test_every_job_waits_for_its_rollout_at_the_same_time(
    example_project: ExampleProject, blaxel: BlaxelApi
) -> None:
    peak = _up_with_rollouts(example_project, blaxel)
    print(f"{JOBS} jobs, --parallel {JOBS}: {peak} waits at once")
    assert peak == JOBS  # the SDK's own pool would allow 4


def test_the_number_of_calls_at_once_is_configurable(
    example_project: ExampleProject, blaxel: BlaxelApi
) -> None:
    peak = _up_with_rollouts(example_project, blaxel, **{"blaxel:providerThreads": str(SDK_THREADS)})
    print(f"{JOBS} jobs, blaxel:providerThreads={SDK_THREADS}: {peak} waits at once")
    assert 1 <= peak <= SDK_THREADS
