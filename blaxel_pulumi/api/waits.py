"""Bounded waits on the status of a job (or of another kind's object that rolls out): until it is
DEPLOYED, and until it is gone after a delete. Messages name the object by its kind's word (``job etl:``,
``volume data:``).

Both run on the bounded poll loop of :mod:`blaxel_pulumi.api.poll` (a deadline, a growing interval);
each reports status changes, outlives transient poll errors, and on failure or timeout raises an error that
carries the last status and events seen.

When status polls fail (Blaxel down or unreachable), the wait says so on the first failure, with the API's
URL, the deadline and what an interruption leaves, then again at growing intervals
(:data:`OUTAGE_REPEAT`, doubling), and once more when Blaxel answers again: not at every poll.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from blaxel_pulumi.api.kinds import JOBS, ApiKind
from blaxel_pulumi.api.models import Job, JobStatus
from blaxel_pulumi.api.poll import POLL_INITIAL, POLL_MAX, Clock, Deadline, poll_until
from blaxel_pulumi.errors import (
    BlaxelConnectionError,
    DeploymentFailed,
    DeploymentTimeout,
    NotFound,
    RateLimited,
    ServerError,
)

if TYPE_CHECKING:
    from blaxel_pulumi.api.client import BlaxelClient

__all__ = [
    "DELETE_TIMEOUT",
    "FAILURE_STATUSES",
    "OUTAGE_REPEAT",
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

STALE_FAILURE_GRACE = 15.0
"""Seconds during which a FAILED status older than our change is taken as stale (as `bl deploy` does)."""
DELETE_TIMEOUT = 300.0
"""Longest wait for a deleted job (or object) to disappear, in seconds."""
OUTAGE_REPEAT = 30.0
"""Seconds after the first failed status poll before failures are reported again; the interval then
doubles (30 s, 1 min, 2 min, 4 min, ...)."""
INTERRUPT_DEPLOY = (
    "Stopping is safe (Ctrl-C twice: one waits for the operations in flight): the {word} stays in Blaxel "
    "as sent and a later `pulumi up` takes it up again (README: 'After an interrupted `pulumi up`')."
)
"""What an interruption of a deployment wait leaves (``{word}``: the kind's word, ``job``)."""
INTERRUPT_DELETE = (
    "Stopping is safe (Ctrl-C twice: one waits for the operations in flight): the delete is sent, and a "
    "later `pulumi destroy` or `pulumi up` deletes the {word} again if it is still there."
)
"""What an interruption of a deletion wait leaves (``{word}``: the kind's word, ``job``)."""

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


def _duration(seconds: float) -> str:
    whole = max(0, round(seconds))
    minutes, secs = divmod(whole, 60)
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


class _Outage:
    """Reports failed status polls of one wait: the first, then at growing intervals, then the recovery."""

    def __init__(self, word: str, name: str, url: str, goal: str, interrupt: str, report: Report) -> None:
        self.name, self.url, self.goal, self.report = f"{word} {name}", url, goal, report
        self.interrupt = interrupt.format(word=word)
        self.since: float | None = None
        self.next_report = 0.0
        self.repeat = OUTAGE_REPEAT

    def failed(self, exc: Exception, deadline: Deadline) -> None:
        elapsed = deadline.elapsed()
        why = str(exc).split(". ", 1)[0].rstrip(".")
        left = max(0.0, deadline.remaining())
        until = (datetime.now() + timedelta(seconds=left)).strftime("%H:%M:%S")
        if self.since is None:
            self.since, self.next_report = elapsed, elapsed + self.repeat
            self.report(
                f"{self.name}: a status poll failed ({why}); still waiting for {self.goal}, polling "
                f"Blaxel at {self.url} until the deadline at {until} (in {_duration(left)}). {self.interrupt}"
            )
        elif elapsed >= self.next_report:
            self.repeat *= 2
            self.next_report = elapsed + self.repeat
            self.report(
                f"{self.name}: status polls of Blaxel at {self.url} have failed for "
                f"{_duration(elapsed - self.since)} ({why}); still waiting for {self.goal} until {until} "
                f"(in {_duration(left)})."
            )

    def answered(self, deadline: Deadline) -> None:
        if self.since is not None:
            down = _duration(deadline.elapsed() - self.since)
            self.report(f"{self.name}: Blaxel at {self.url} answers again after {down} of failed polls")
            self.since, self.repeat = None, OUTAGE_REPEAT


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
    job: Any,
    *,
    timeout: float,
    since: datetime,
    report: Report,
    clock: Clock | None = None,
    kind: ApiKind[Any] = JOBS,
) -> Any:
    """Poll until ``job`` is DEPLOYED and return it as last read.

    ``job`` is the response of the create or update (often already DEPLOYED: then no request is sent);
    ``since`` is when that change was sent. Raises ``DeploymentFailed`` on a failure status and
    ``DeploymentTimeout`` after ``timeout`` seconds, both with the last status and events seen. ``kind``:
    the kind of ``job`` (any kind whose objects have a ``status`` and ``events``).
    """
    name = job.metadata.name
    workspace = job.metadata.workspace or client.settings.workspace
    first = True
    last_reported: str | None = None
    last_error: Exception | None = None
    outage = _Outage(kind.word, name, client.settings.api_url, "DEPLOYED", INTERRUPT_DEPLOY, report)

    def step(deadline: Deadline) -> Any:
        nonlocal job, first, last_error
        if not first:
            try:
                job = client.get(kind, name, within=deadline.remaining())
                last_error = None
                outage.answered(deadline)
            except TRANSIENT_ERRORS as exc:
                last_error = exc
                outage.failed(exc, deadline)
        first = False
        elapsed = deadline.elapsed()
        if job.status == JobStatus.DEPLOYED:
            if last_reported is not None:
                report(f"{kind.word} {name}: DEPLOYED after {elapsed:.1f}s")
            return job
        if job.status in FAILURE_STATUSES and failure_is_fresh(job, since, elapsed):
            raise DeploymentFailed(
                job_name=name,
                workspace=workspace,
                last_status=job.status,
                events=job.events or [],
                kind=kind.word,
            )
        return None

    def expired(elapsed: float) -> DeploymentTimeout:
        status = job.status
        detail = None
        if last_error is not None:
            detail = (
                f"did not reach DEPLOYED within {elapsed:.0f}s (last status {status or 'unknown'}; "
                f"the last status poll failed: {last_error})."
            )
        return DeploymentTimeout(
            job_name=name,
            workspace=workspace,
            last_status=status,
            waited=elapsed,
            events=job.events or [],
            detail=detail,
            kind=kind.word,
        )

    def waiting(elapsed: float) -> None:
        nonlocal last_reported
        if job.status != last_reported:
            status = job.status or "no status yet"
            report(f"{kind.word} {name}: {status} after {elapsed:.1f}s, waiting for DEPLOYED")
            last_reported = job.status

    return poll_until(step, timeout=timeout, expired=expired, waiting=waiting, clock=clock)


def wait_for_deletion(
    client: BlaxelClient,
    name: str,
    *,
    timeout: float = DELETE_TIMEOUT,
    report: Report,
    clock: Clock | None = None,
    kind: ApiKind[Any] = JOBS,
) -> None:
    """Poll until GET of ``kind`` object ``name`` answers 404; raise ``DeploymentTimeout`` after ``timeout``
    seconds."""
    last: Any = None
    outage = _Outage(kind.word, name, client.settings.api_url, "it to disappear", INTERRUPT_DELETE, report)

    def step(deadline: Deadline) -> bool | None:
        nonlocal last
        try:
            last = client.get(kind, name)
            outage.answered(deadline)
        except NotFound:
            return True
        except TRANSIENT_ERRORS as exc:
            outage.failed(exc, deadline)
        return None

    def expired(elapsed: float) -> DeploymentTimeout:
        status = last.status if last is not None else None
        return DeploymentTimeout(
            job_name=name,
            workspace=client.settings.workspace,
            last_status=status,
            waited=elapsed,
            events=(last.events or []) if last is not None else [],
            detail=f"was still there {elapsed:.0f}s after it was deleted "
            f"(last status {status or 'unknown'}).",
            kind=kind.word,
        )

    def waiting(_elapsed: float) -> None:
        status = last.status if last is not None else None
        if status and status != JobStatus.DELETING:
            report(f"{kind.word} {name}: {status} after delete, waiting for it to disappear")

    poll_until(step, timeout=timeout, expired=expired, waiting=waiting, clock=clock)
