"""Every error this package raises: the exception tree.

The tree is shallow::

    BlaxelError
    ├── BlaxelConfigError            a setting is missing or invalid
    ├── BlaxelConnectionError        Blaxel could not be reached, or the connection broke
    │   └── BlaxelTimeoutError       Blaxel did not answer in time
    ├── BlaxelAPIError               Blaxel answered with an error status
    │   ├── InvalidRequest (400, 422), Unauthorized (401), Forbidden (403), NotFound (404),
    │   │   MethodNotAllowed (405), Conflict (409), RateLimited (429), ServerError (5xx)
    │   └── BlaxelProtocolError      Blaxel answered, but not with what the API documents
    ├── DeploymentError              a job did not reach DEPLOYED
    │   ├── DeploymentFailed
    │   └── DeploymentTimeout
    └── ExecutionError               an execution (``BlaxelJobExecution``) did not succeed
        ├── ExecutionFailed
        └── ExecutionTimeout

Messages are plain sentences that say what happened and what to do. They never contain the API key,
the value of an ``Authorization`` header, or any string the caller asks to redact. The text of an error
response's message, and the mapping of statuses to these classes, live in
:mod:`blaxel_pulumi.api.messages`. This module imports nothing of the package: every other module may raise
these.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

__all__ = [
    "DEPLOYMENT_EVENTS_SHOWN",
    "BlaxelAPIError",
    "BlaxelConfigError",
    "BlaxelConnectionError",
    "BlaxelError",
    "BlaxelProtocolError",
    "BlaxelTimeoutError",
    "Conflict",
    "DeploymentError",
    "DeploymentFailed",
    "DeploymentTimeout",
    "ExecutionError",
    "ExecutionFailed",
    "ExecutionTimeout",
    "Forbidden",
    "InvalidRequest",
    "MethodNotAllowed",
    "NotFound",
    "RateLimited",
    "ServerError",
    "Unauthorized",
]

DEPLOYMENT_EVENTS_SHOWN = 5
"""How many of the latest deployment events a :class:`DeploymentError` message lists."""


class BlaxelError(Exception):
    """Base of every error raised by ``blaxel_pulumi``."""

    def append_detail(self, sentence: str) -> None:
        """Add ``sentence`` to the end of this error's message (used to say how many attempts were made)."""
        first = str(self.args[0]) if self.args else ""
        self.args = (f"{first} {sentence}".strip(), *self.args[1:])


class BlaxelConfigError(BlaxelError):
    """A setting (API key, workspace, URL, environment name, config file) is missing or invalid.

    The message names every place that was looked at and how to set the value.
    """


class BlaxelConnectionError(BlaxelError):
    """Blaxel could not be reached, or the connection broke before a complete response arrived.

    Attributes:
        method: HTTP method of the request, e.g. ``GET``.
        path: Path of the request relative to the API base URL, e.g. ``/jobs/my-job``.
        url: The API base URL that was used.
    """

    def __init__(self, message: str, *, method: str, path: str, url: str) -> None:
        """Build the error from a complete message and the request it concerns."""
        super().__init__(message)
        self.method = method
        self.path = path
        self.url = url


class BlaxelTimeoutError(BlaxelConnectionError):
    """Blaxel did not accept the connection, or did not answer, within the configured timeout."""


class BlaxelAPIError(BlaxelError):
    """Blaxel answered with an error status (or, for :class:`BlaxelProtocolError`, an unusable body).

    Attributes:
        status: HTTP status code of the response.
        code: Blaxel's error code: the body's ``error`` field, else the ``x-blaxel-error-code`` header.
        message: The server's own message (the body's ``message``), possibly empty.
        request_id: Request id from ``x-cf-request-id``, ``x-request-id`` or ``cf-ray``, for Blaxel support.
        method: HTTP method of the request.
        path: Path of the request relative to the API base URL.
    """

    def __init__(
        self,
        text: str,
        *,
        status: int,
        method: str,
        path: str,
        message: str = "",
        code: str | None = None,
        request_id: str | None = None,
    ) -> None:
        """Build the error; ``text`` is the complete human-readable message (``str(error)``)."""
        super().__init__(text)
        self.status = status
        self.code = code
        self.message = message
        self.request_id = request_id
        self.method = method
        self.path = path


class InvalidRequest(BlaxelAPIError):  # noqa: N818 (the name is the status)
    """400 or 422: Blaxel rejected the request body or parameters."""


class Unauthorized(BlaxelAPIError):  # noqa: N818 (the name is the status)
    """401: the API key is missing, wrong or expired."""


class Forbidden(BlaxelAPIError):  # noqa: N818 (the name is the status)
    """403: the API key has no access to the workspace or the operation."""


class NotFound(BlaxelAPIError):  # noqa: N818 (the name is the status)
    """404: Blaxel says the job (or what its path names) does not exist, or a path that names no job was
    not found. A 404 on a job's path that cannot be Blaxel's answer (an API URL without /v0, a proxy's page)
    is a plain :class:`BlaxelAPIError`: it says nothing of the job, so nothing takes it for a deleted job."""


class MethodNotAllowed(BlaxelAPIError):  # noqa: N818 (the name is the status)
    """405: the endpoint does not accept this method (often a wrong base URL)."""


class Conflict(BlaxelAPIError):  # noqa: N818 (the name is the status)
    """409: the job already exists (or changed concurrently). Never retried."""


class RateLimited(BlaxelAPIError):  # noqa: N818 (the name is the status)
    """429: Blaxel is rate limiting this client.

    Attributes:
        retry_after: Seconds the server asked to wait (from ``Retry-After``), if it said.
    """

    def __init__(self, text: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        """Build the error; ``retry_after`` is the parsed ``Retry-After`` header in seconds."""
        super().__init__(text, **kwargs)
        self.retry_after = retry_after


class ServerError(BlaxelAPIError):
    """5xx: Blaxel failed or is unavailable; usually temporary."""


class BlaxelProtocolError(BlaxelAPIError):
    """Blaxel answered with a success status but a body that is not JSON or not what the API documents."""


class DeploymentEvent(Protocol):
    """What a deployment event says, as :class:`~blaxel_pulumi.api.models.CoreEvent` reads it."""

    @property
    def time(self) -> str | None:
        """When it happened (RFC 3339)."""

    @property
    def status(self) -> str | None:
        """The status it reports."""

    @property
    def message(self) -> str | None:
        """What it says."""

    @property
    def type(self) -> str | None:
        """Its kind."""


def _format_event(event: DeploymentEvent) -> str:
    head = " ".join(p for p in (event.time, event.status) if p)
    body = event.message or event.type or ""
    return f"{head}: {body}" if head and body else head or body or "(empty event)"


class DeploymentError(BlaxelError):
    """A job (or another kind of object that rolls out) did not reach ``DEPLOYED``; raised by the
    provider's wait loop.

    Attributes:
        job_name: Name of the job (of the object).
        workspace: Workspace of the job.
        last_status: The last status seen (``None`` if the job never reported one).
        events: The job's deployment events as last seen, oldest first.
        kind: The word for the kind of object, as in messages and Blaxel's CLI (``job``, ``volume``).
    """

    def __init__(
        self,
        *,
        job_name: str,
        workspace: str,
        last_status: str | None,
        events: Sequence[DeploymentEvent] = (),
        detail: str | None = None,
        kind: str = "job",
    ) -> None:
        """Build the error; ``detail`` replaces the default sentence about what went wrong."""
        self.job_name = job_name
        self.workspace = workspace
        self.last_status = last_status
        self.events: list[DeploymentEvent] = list(events)
        self.kind = kind
        super().__init__(self._compose(detail or self._what()))

    def _what(self) -> str:
        return f"did not deploy (last status {self.last_status or 'unknown'})."

    def _fix(self) -> str:
        return f"Check the {self.kind} with `bl get {self.kind} {self.job_name}` or in the Blaxel console."

    def _compose(self, what: str) -> str:
        title = self.kind[:1].upper() + self.kind[1:]
        text = f"{title} '{self.job_name}' in workspace '{self.workspace}' {what}"
        shown = self.events[-DEPLOYMENT_EVENTS_SHOWN:]
        if shown:
            text += " Last events: " + "; ".join(_format_event(e) for e in shown).rstrip(".") + "."
        return f"{text} {self._fix()}"


class DeploymentFailed(DeploymentError):  # noqa: N818 (the name is the status)
    """The job (or object) reached a failure status (``FAILED``, ``DEACTIVATED``, ...) while deploying."""

    def _what(self) -> str:
        return f"failed to deploy (last status {self.last_status or 'unknown'})."

    def _fix(self) -> str:
        kind = self.kind
        settings = "the image and the job's settings" if kind == "job" else f"the {kind}'s settings"
        return f"Check {settings}, then run again; `bl get {kind} {self.job_name}` shows the {kind}'s events."


class DeploymentTimeout(DeploymentError):  # noqa: N818 (the name is the status)
    """The job (or object) did not reach ``DEPLOYED`` within the wait timeout.

    Attributes:
        waited: Seconds waited before giving up.
    """

    def __init__(
        self,
        *,
        job_name: str,
        workspace: str,
        last_status: str | None,
        waited: float,
        events: Sequence[DeploymentEvent] = (),
        detail: str | None = None,
        kind: str = "job",
    ) -> None:
        """Build the error; ``waited`` is how long the wait loop waited, in seconds."""
        self.waited = waited
        super().__init__(
            job_name=job_name,
            workspace=workspace,
            last_status=last_status,
            events=events,
            detail=detail,
            kind=kind,
        )

    def _what(self) -> str:
        return f"was still {self.last_status or 'without a status'} after waiting {self.waited:g} s."

    def _fix(self) -> str:
        return (
            "Large rollouts can take about 20 minutes: raise the deployment timeout, or check the "
            f"{self.kind} with `bl get {self.kind} {self.job_name}`."
        )


FAILED_TASKS_SHOWN = 5
"""Most failed tasks named in a message."""


def _counts(stats: Mapping[str, int]) -> str:
    total = stats.get("total")
    parts = [f"{stats[k]} {word}" for k, word in _WORDS if stats.get(k)]
    head = f"{total} task(s)" if total is not None else "tasks"
    return f"{head}: {', '.join(parts)}" if parts else f"{head}, no count reported"


_WORDS = (
    ("success", "succeeded"),
    ("failure", "failed"),
    ("cancelled", "cancelled"),
    ("running", "running"),
    ("retried", "retried"),
)


class ExecutionError(BlaxelError):
    """A job execution started by `BlaxelJobExecution` did not succeed.

    Attributes:
        job_name: Name of the job.
        workspace: Workspace of the job.
        execution_id: Id of the execution.
        status: The last status seen (``None`` if none was reported).
        stats: Task counts as last seen (``total``, ``success``, ``failure``, ...).
        failed_tasks: The first failed tasks, as ``"name: message"``.
    """

    def __init__(
        self,
        *,
        job_name: str,
        workspace: str,
        execution_id: str,
        status: str | None,
        stats: Mapping[str, int],
        failed_tasks: Sequence[str] = (),
        waited: float | None = None,
    ) -> None:
        """Build the error from what was last seen of the execution."""
        self.job_name = job_name
        self.workspace = workspace
        self.execution_id = execution_id
        self.status = status
        self.stats = dict(stats)
        self.failed_tasks = list(failed_tasks)
        self.waited = waited
        text = (
            f"Execution '{execution_id}' of job '{job_name}' in workspace '{workspace}' {self._what()} "
            f"({_counts(self.stats)})."
        )
        if self.failed_tasks:
            shown = "; ".join(self.failed_tasks[:FAILED_TASKS_SHOWN]).rstrip(".")
            text += f" Failed tasks: {shown}."
        super().__init__(f"{text} {self._fix()}")

    def _what(self) -> str:
        return f"ended with status '{self.status or 'unknown'}'"

    def _fix(self) -> str:
        return (
            f"See its tasks in the Blaxel console (job {self.job_name}, execution {self.execution_id}). "
            "Fix the cause, then change `run_key` (or the tasks, env or memory) to run the job again: "
            "the next `pulumi up` with the same inputs reports this same execution, never starts another."
        )


class ExecutionFailed(ExecutionError):  # noqa: N818 (the name is the status)
    """The execution ended ``failed``, ``timeout`` or ``cancelled``."""


class ExecutionTimeout(ExecutionError):  # noqa: N818 (the name is the status)
    """The execution did not end within the resource's ``timeout``; it may still be running in Blaxel."""

    def _what(self) -> str:
        waited = f"{self.waited:.0f}s" if self.waited is not None else "the timeout"
        return f"did not end within {waited} (last status '{self.status or 'unknown'}')"

    def _fix(self) -> str:
        return (
            "It was not cancelled and may still be running. Raise `timeout`, or set `wait=False`; the "
            "next `pulumi up` waits for this same execution again (it is never started twice). To stop "
            "it, cancel it in the Blaxel console."
        )
