"""What the provider of `BlaxelJobsReady` does: one call that waits for many jobs at once.

Pulumi's dynamic-provider process serves at most 4 calls at a time, so jobs that each wait for their own
deployment inside `create` wait 4 by 4. Jobs declared with `wait_for_deployment=False` return as soon as
Blaxel accepted them, and this resource then polls all of them in a single call until every one is
DEPLOYED, fails, or the deadline passes: the wait costs about one rollout, whatever the number of jobs.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    CreateResult,
    DiffResult,
    ReadResult,
    UpdateResult,
)

from blaxel_pulumi.api.connect import open_client
from blaxel_pulumi.api.models import Job, JobStatus
from blaxel_pulumi.api.poll import Clock, Deadline, poll_until
from blaxel_pulumi.api.waits import FAILURE_STATUSES, TRANSIENT_ERRORS, failure_is_fresh, parse_time
from blaxel_pulumi.core.configured import ConfiguredProvider
from blaxel_pulumi.core.console import report
from blaxel_pulumi.core.normalize import contains_unknown
from blaxel_pulumi.core.schema import DEFAULT_DEPLOYMENT_TIMEOUT, MAX_DEPLOYMENT_TIMEOUT
from blaxel_pulumi.errors import DeploymentFailed, DeploymentTimeout

if TYPE_CHECKING:
    from blaxel_pulumi.api.client import BlaxelClient

__all__ = ["JobsReadyOperations"]


def _since(text: Any) -> datetime:
    """When a job last changed (its `updated_at`), or now when unknown."""
    return parse_time(text if isinstance(text, str) else None) or datetime.now(timezone.utc)


class JobsReadyOperations(ConfiguredProvider):
    """Waits until every job of ``jobs`` (``[{name, workspace, updated_at}]``) is DEPLOYED: the
    implementation of :class:`~blaxel_pulumi.provider.ready.JobsReadyProvider`, never pickled."""

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """`timeout` must be 1 to :data:`MAX_DEPLOYMENT_TIMEOUT` seconds, as a job's `deployment_timeout`;
        `jobs` must not be empty."""
        failures = []
        timeout = news.get("timeout")
        if (
            not contains_unknown(timeout)
            and timeout is not None
            and not 1 <= float(timeout) <= MAX_DEPLOYMENT_TIMEOUT
        ):
            failures.append(
                CheckFailure("timeout", f"timeout must be between 1 and {MAX_DEPLOYMENT_TIMEOUT} seconds.")
            )
        jobs = news.get("jobs")
        if isinstance(jobs, list) and not jobs:
            failures.append(CheckFailure("jobs", "jobs is empty: give the BlaxelJob resources to wait for."))
        return CheckResult({k: v for k, v in news.items() if k != "__provider"}, failures)

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """Wait again whenever a job was created or updated since (its `updated_at` changed)."""
        changed = contains_unknown(news.get("jobs")) or news.get("jobs") != olds.get("jobs")
        changed = changed or news.get("timeout") != olds.get("timeout")
        return DiffResult(changes=changed, replaces=[], stables=[], delete_before_replace=False)

    def create(self, props: dict[str, Any]) -> CreateResult:
        """Wait for every job."""
        return CreateResult(id_=f"ready-{int(time.time() * 1000)}", outs=self._wait(props))

    def update(self, _id: str, _olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """Wait for every job again."""
        return UpdateResult(outs=self._wait(news))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """Nothing to read: the jobs' own refresh reports their status."""
        return ReadResult(id_, {k: v for k, v in props.items() if k != "__provider"})

    def delete(self, _id: str, _props: dict[str, Any]) -> None:
        """Nothing to delete."""

    def _wait(self, props: Mapping[str, Any], clock: Clock | None = None) -> dict[str, Any]:
        timeout = float(props.get("timeout") or DEFAULT_DEPLOYMENT_TIMEOUT)
        jobs = [j for j in props.get("jobs") or [] if isinstance(j, Mapping)]
        clients: dict[str, BlaxelClient] = {}
        pending = {str(j["name"]): j for j in jobs}
        statuses: dict[str, str | None] = {}
        last: dict[str, Job] = {}

        def poll_round(deadline: Deadline) -> dict[str, Any] | None:
            for name, job in list(pending.items()):
                workspace = job.get("workspace")
                key = str(workspace or "")
                if key not in clients:
                    clients[key] = open_client(self.settings(workspace))
                try:
                    seen = clients[key].get_job(name)
                except TRANSIENT_ERRORS:
                    continue
                last[name], statuses[name] = seen, seen.status
                if seen.status == JobStatus.DEPLOYED:
                    del pending[name]
                elif seen.status in FAILURE_STATUSES and failure_is_fresh(
                    seen, _since(job.get("updated_at")), deadline.elapsed()
                ):
                    raise DeploymentFailed(
                        job_name=name,
                        workspace=seen.metadata.workspace or key,
                        last_status=seen.status,
                        events=seen.events or [],
                    )
            if pending:
                return None
            report(f"{len(jobs)} job(s) DEPLOYED after {deadline.elapsed():.1f}s")
            return {**{k: v for k, v in props.items() if k != "__provider"}, "statuses": statuses}

        def expired(elapsed: float) -> DeploymentTimeout:
            name = sorted(pending)[0]
            seen_job = last.get(name)
            return DeploymentTimeout(
                job_name=name,
                workspace=str(pending[name].get("workspace") or ""),
                last_status=statuses.get(name),
                waited=elapsed,
                events=(seen_job.events or []) if seen_job else [],
                detail=f"and {len(pending) - 1} other job(s) did not reach DEPLOYED within "
                f"{elapsed:.0f}s (still waiting: {', '.join(sorted(pending))}).",
            )

        try:
            return poll_until(poll_round, timeout=timeout, expired=expired, clock=clock)
        finally:
            for client in clients.values():
                client.close()
