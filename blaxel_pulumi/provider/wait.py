"""Bounded waits on a job's status: until it is DEPLOYED, and until it is gone after a delete.

Every wait has a deadline, polls with a growing interval, reports each status change, and on failure or
timeout raises an error that carries the last status and events seen.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timezone

from blaxel_pulumi.client import BlaxelClient
from blaxel_pulumi.errors import (
    BlaxelConnectionError,
    DeploymentFailed,
    DeploymentTimeout,
    NotFound,
    RateLimited,
    ServerError,
)
from blaxel_pulumi.models import Job, JobStatus

__all__ = [
    "DELETE_TIMEOUT",
    "FAILURE_STATUSES",
    "POLL_INITIAL",
    "POLL_MAX",
    "STALE_FAILURE_GRACE",
    "TRANSIENT_ERRORS",
    "Clock",
    "failure_is_fresh",
    "parse_time",
    "wait_for_deletion",
    "wait_for_deployment",
]

POLL_INITIAL = 0.2
"""Seconds before the first status poll."""
POLL_MAX = 5.0
"""Longest pause between two polls."""
POLL_GROWTH = 1.5
"""Factor by which the pause grows after each poll."""
STALE_FAILURE_GRACE = 15.0
"""Seconds during which a FAILED status older than our change is taken as stale (as `bl deploy` does)."""
DELETE_TIMEOUT = 300.0
"""Longest wait for a deleted job to disappear, in seconds."""

FAILURE_STATUSES = frozenset(
    {
        JobStatus.FAILED,
        JobStatus.DEACTIVATED,
        JobStatus.DEACTIVATING,
        JobStatus.DELETING,
        JobStatus.TERMINATED,
    }
)
"""Statuses that end a deployment wait with a failure."""

Report = Callable[[str], None]

TRANSIENT_ERRORS = (BlaxelConnectionError, ServerError, RateLimited)
"""Errors of a status poll that the wait outlives (the client has already retried them): the status is
unknown for a moment, the deadline still holds."""


class Clock:
    """Time and sleep, injectable for tests."""

    def __init__(
        self, monotonic: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        """Use ``monotonic`` to measure and ``sleep`` to wait."""
        self.monotonic = monotonic
        self.sleep = sleep


def parse_time(text: str | None) -> datetime | None:
    """An RFC 3339 time as Blaxel writes it (`...Z`), timezone-aware; None when absent or unreadable."""
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def failure_is_fresh(job: Job, since: datetime, elapsed: float) -> bool:
    """A failure status counts once an event at or after our change (``since``) says so, or after the grace
    period."""
    if elapsed >= STALE_FAILURE_GRACE:
        return True
    for event in reversed(job.events or []):
        when = parse_time(event.time)
        if event.status == job.status and when is not None:
            return when.timestamp() >= since.timestamp() - 1.0
    return job.status != JobStatus.FAILED


def wait_for_deployment(
    client: BlaxelClient,
    job: Job,
    *,
    timeout: float,
    since: datetime,
    report: Report,
    clock: Clock | None = None,
) -> Job:
    """Poll until ``job`` is DEPLOYED and return it as last read.

    ``job`` is the response of the create or update (often already DEPLOYED: then no request is sent);
    ``since`` is when that change was sent. Raises ``DeploymentFailed`` on a failure status and
    ``DeploymentTimeout`` after ``timeout`` seconds, both with the last status and events seen.
    """
    clock = clock or Clock()
    name = job.metadata.name
    workspace = job.metadata.workspace or client.settings.workspace
    started = clock.monotonic()
    pause = POLL_INITIAL
    last_reported: str | None = None
    last_error: Exception | None = None
    while True:
        elapsed = clock.monotonic() - started
        status = job.status
        if status == JobStatus.DEPLOYED:
            if last_reported is not None:
                report(f"job {name}: DEPLOYED after {elapsed:.1f}s")
            return job
        if status in FAILURE_STATUSES and failure_is_fresh(job, since, elapsed):
            raise DeploymentFailed(
                job_name=name, workspace=workspace, last_status=status, events=job.events or []
            )
        if elapsed >= timeout:
            detail = None
            if last_error is not None:
                detail = (
                    f"did not reach DEPLOYED within {elapsed:.0f}s (last status {status or 'unknown'}; "
                    f"the last status poll failed: {last_error})."
                )
            raise DeploymentTimeout(
                job_name=name,
                workspace=workspace,
                last_status=status,
                waited=elapsed,
                events=job.events or [],
                detail=detail,
            )
        if status != last_reported:
            report(f"job {name}: {status or 'no status yet'} after {elapsed:.1f}s, waiting for DEPLOYED")
            last_reported = status
        clock.sleep(max(0.0, min(pause, timeout - elapsed)))
        pause = min(pause * POLL_GROWTH, POLL_MAX)
        try:
            job = client.get_job(name, within=timeout - (clock.monotonic() - started))
            last_error = None
        except TRANSIENT_ERRORS as exc:
            last_error = exc
            report(f"job {name}: a status poll failed ({type(exc).__name__}); still waiting")


def wait_for_deletion(
    client: BlaxelClient,
    name: str,
    *,
    timeout: float = DELETE_TIMEOUT,
    report: Report,
    clock: Clock | None = None,
) -> None:
    """Poll until GET of job ``name`` answers 404; raise ``DeploymentTimeout`` after ``timeout`` seconds."""
    clock = clock or Clock()
    started = clock.monotonic()
    pause = POLL_INITIAL
    last: Job | None = None
    while True:
        try:
            last = client.get_job(name)
        except NotFound:
            return
        except TRANSIENT_ERRORS as exc:
            report(
                f"job {name}: a status poll failed ({type(exc).__name__}); still waiting for it to disappear"
            )
        elapsed = clock.monotonic() - started
        status = last.status if last is not None else None
        if elapsed >= timeout:
            raise DeploymentTimeout(
                job_name=name,
                workspace=client.settings.workspace,
                last_status=status,
                waited=elapsed,
                events=(last.events or []) if last is not None else [],
                detail=f"was still there {elapsed:.0f}s after it was deleted "
                f"(last status {status or 'unknown'}).",
            )
        if status and status != JobStatus.DELETING:
            report(f"job {name}: {status} after delete, waiting for it to disappear")
        clock.sleep(max(0.0, min(pause, timeout - elapsed)))
        pause = min(pause * POLL_GROWTH, POLL_MAX)
