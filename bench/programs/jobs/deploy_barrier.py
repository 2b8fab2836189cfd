"""A bench-only experiment: one resource that waits until every listed job is DEPLOYED.

With ``wait_for_deployment=False`` on the jobs, each ``create`` returns after its ``POST`` and frees its slot
of the dynamic-provider process (4 concurrent calls at most); this single resource then polls all jobs in one
call. It lives beside the program (an importable module, pickled by reference) and talks to the API with plain
httpx, reading ``BL_API_URL``, ``BL_API_KEY`` and ``BL_WORKSPACE`` from the environment, as the benchmark sets
them.
"""

from __future__ import annotations

import os
import time
from typing import Any

import httpx
import pulumi
from pulumi.dynamic import CreateResult, DiffResult, ResourceProvider, UpdateResult

TIMEOUT = 1200.0
POLL_INITIAL = 0.2
POLL_MAX = 5.0
POLL_GROWTH = 1.5


def _wait_all(names: list[str]) -> dict[str, str]:
    base = os.environ["BL_API_URL"].rstrip("/")
    headers = {
        "Authorization": f"Bearer {os.environ['BL_API_KEY']}",
        "X-Blaxel-Workspace": os.environ["BL_WORKSPACE"],
    }
    pending = set(names)
    statuses: dict[str, str] = {}
    deadline = time.monotonic() + TIMEOUT
    pause = POLL_INITIAL
    with httpx.Client(base_url=base, headers=headers, timeout=30.0) as client:
        while pending:
            for name in sorted(pending):
                response = client.get(f"/jobs/{name}")
                response.raise_for_status()
                status = str(response.json().get("status"))
                statuses[name] = status
                if status == "DEPLOYED":
                    pending.discard(name)
                elif status == "FAILED":
                    raise RuntimeError(f"job {name} failed to deploy")
            if not pending:
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"jobs not deployed after {TIMEOUT:.0f}s: {sorted(pending)}")
            time.sleep(pause)
            pause = min(pause * POLL_GROWTH, POLL_MAX)
    return statuses


class DeployBarrierProvider(ResourceProvider):
    """Create and update wait for every job in ``jobs``; nothing to delete."""

    def create(self, props: dict[str, Any]) -> CreateResult:
        names = [job["name"] for job in props["jobs"]]
        return CreateResult(id_="barrier", outs={**props, "statuses": _wait_all(names)})

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        return DiffResult(changes=olds.get("jobs") != news.get("jobs"))

    def update(self, _id: str, _olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        names = [job["name"] for job in news["jobs"]]
        return UpdateResult(outs={**news, "statuses": _wait_all(names)})


class DeployBarrier(pulumi.dynamic.Resource, module="bench", name="DeployBarrier"):
    """Waits until the jobs listed in ``jobs`` (``[{name, updated_at}]``) are DEPLOYED."""

    statuses: pulumi.Output[dict[str, str]]

    def __init__(
        self, name: str, jobs: pulumi.Input[list[Any]], opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__(DeployBarrierProvider(), name, {"jobs": jobs, "statuses": None}, opts)
