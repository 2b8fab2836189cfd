"""Client of Blaxel's job API: one pooled ``httpx.Client``, typed errors, bounded retries, safe creates.

Retries (see :class:`~blaxel_pulumi.retry.RetryPolicy`) cover connection errors, timeouts, 408, 429 and
5xx, never 409 or another 4xx. ``GET``, ``PUT`` and ``DELETE`` are idempotent and simply retried.
``POST /jobs`` is not, so a create whose outcome is unknown (timeout after sending, connection dropped,
5xx) is followed by a ``GET`` of the job: if it does not exist the ``POST`` is sent again; if it exists
and carries the same :data:`OWNER_LABEL` value as the job being created, it is the result of the create;
otherwise the create fails with :class:`~blaxel_pulumi.errors.Conflict`. A ``POST`` that never left
(connection refused), a 408, a 429, or a 503 with ``Retry-After`` (the server declined to act) is
retried directly. Attempts are bounded per call, and so is the time from the first attempt to the
last retry; the ``GET`` of a create has its own attempts but shares the create's time budget.

Every retry is logged at DEBUG on the ``blaxel_pulumi`` logger (method, path, attempt, reason, delay;
never headers or bodies).
"""

from __future__ import annotations

import functools
import logging
import ssl
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Any, TypeVar
from urllib.parse import quote

import certifi
import httpx

from blaxel_pulumi._version import __version__
from blaxel_pulumi.errors import (
    BlaxelConnectionError,
    BlaxelError,
    BlaxelTimeoutError,
    Conflict,
    NotFound,
    error_from_response,
    protocol_error,
    redact,
)
from blaxel_pulumi.execution_client import ExecutionCalls
from blaxel_pulumi.models import Job, read_job, request_body
from blaxel_pulumi.retry import RetryPolicy, backoff_delay, parse_retry_after
from blaxel_pulumi.settings import Settings
from blaxel_pulumi.unmanaged import merge_unmanaged

__all__ = [
    "DEFAULT_CONNECT_TIMEOUT",
    "DEFAULT_LIST_LIMIT",
    "DEFAULT_POOL_TIMEOUT",
    "DEFAULT_READ_TIMEOUT",
    "DEFAULT_TIMEOUT",
    "DEFAULT_WRITE_TIMEOUT",
    "MAX_LIST_LIMIT",
    "OWNER_LABEL",
    "USER_AGENT",
    "BlaxelClient",
]

OWNER_LABEL = "blaxel-pulumi.owner"
"""Label whose value identifies the creator of a job, so an interrupted create can recognise its own job."""

DEFAULT_CONNECT_TIMEOUT = 5.0
"""Seconds to establish a connection."""
DEFAULT_READ_TIMEOUT = 30.0
"""Seconds to wait for each chunk of a response."""
DEFAULT_WRITE_TIMEOUT = 30.0
"""Seconds to send each chunk of a request."""
DEFAULT_POOL_TIMEOUT = 10.0
"""Seconds to wait for a free connection of the pool."""
DEFAULT_TIMEOUT = httpx.Timeout(
    connect=DEFAULT_CONNECT_TIMEOUT,
    read=DEFAULT_READ_TIMEOUT,
    write=DEFAULT_WRITE_TIMEOUT,
    pool=DEFAULT_POOL_TIMEOUT,
)
"""The timeouts of every request unless the client is given others."""
DEFAULT_LIST_LIMIT = 100
"""Jobs per page of :meth:`BlaxelClient.list_jobs`."""
MAX_LIST_LIMIT = 200
"""The largest page Blaxel serves."""
USER_AGENT = f"blaxel-pulumi/{__version__} (python-httpx/{httpx.__version__})"
"""The ``User-Agent`` of every request."""

_RETRYABLE_4XX = frozenset({408, 429})
_logger = logging.getLogger("blaxel_pulumi")
_C = TypeVar("_C", bound="BlaxelClient")


@dataclass
class _Failure:
    """One failed attempt, classified."""

    error: BlaxelError
    retryable: bool
    maybe_applied: bool  # the server may have acted on the request
    retry_after: float | None
    reason: str  # short, for logs and messages: "503", "read timeout", ...


class _Budget:
    """Attempts made and time spent by one logical call, retries included.

    A check made during a create gets its own attempt count but shares the create's time budget.
    """

    def __init__(
        self, policy: RetryPolicy, started: float | None = None, within: float | None = None
    ) -> None:
        self.policy = policy
        self.started = policy.clock() if started is None else started
        self.attempts = 0
        self.limit = policy.max_total if within is None else max(0.0, min(policy.max_total, within))
        """Seconds after the first attempt past which no retry starts (a caller's deadline may cut it)."""

    def elapsed(self) -> float:
        return max(0.0, self.policy.clock() - self.started)


def _seconds(value: float | None) -> str:
    return "no limit" if value is None else f"{value:g} s"


def _job_path(name: str) -> str:
    if not name:
        raise ValueError("A job name is required.")
    return f"/jobs/{quote(name, safe='')}"


def _secret_values(job: Job) -> list[str]:
    runtime = job.spec.runtime
    envs = runtime.envs if runtime is not None else None
    return [e.value for e in envs or [] if e.secret and e.value]


@functools.cache
def tls_context() -> ssl.SSLContext:
    """The TLS context of every client in this process, built once: loading the CA bundle costs ~20 ms of CPU,
    which would otherwise be paid by each provider operation (a client is built per operation)."""
    return ssl.create_default_context(cafile=certifi.where())


class BlaxelClient(ExecutionCalls):
    """Blaxel job API client; use it as a context manager, or call :meth:`close`.

    Job executions (start, get, cancel, list) come from
    :class:`~blaxel_pulumi.execution_client.ExecutionCalls`.

    Wraps one ``httpx.Client`` (connection pooling, HTTP/1.1 keep-alive) whose requests all carry
    ``Authorization``, ``X-Blaxel-Workspace``, ``Blaxel-Version``, ``User-Agent`` and ``Accept`` headers.

    Args:
        settings: API key, workspace, base URL and API version (see :func:`~blaxel_pulumi.resolve_settings`).
        timeout: Timeouts of each request; defaults to :data:`DEFAULT_TIMEOUT` with the read and write
            timeouts of ``settings.request_timeout``.
        retry: Retry policy; defaults to ``RetryPolicy()``. ``RetryPolicy.none()`` disables retries.
        transport: An ``httpx`` transport to use instead of the network (tests).
        secrets: Values never to be quoted: removed from error messages and from the events of every job
            this client returns. The API key and the secret env values of every job it sends are added.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        timeout: httpx.Timeout | None = None,
        retry: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
        secrets: Iterable[str] = (),
    ) -> None:
        """Open the connection pool (no request is sent until a method is called)."""
        self._settings = settings
        self._secrets: set[str] = {s for s in (settings.api_key, *secrets) if s}
        self._retry = retry if retry is not None else RetryPolicy()
        if timeout is None:
            timeout = DEFAULT_TIMEOUT
            if settings.request_timeout != DEFAULT_READ_TIMEOUT:
                timeout = httpx.Timeout(
                    connect=DEFAULT_CONNECT_TIMEOUT,
                    read=settings.request_timeout,
                    write=settings.request_timeout,
                    pool=DEFAULT_POOL_TIMEOUT,
                )
        self._timeout = timeout
        self._count = 0
        self._count_lock = threading.Lock()
        self._http = httpx.Client(
            base_url=settings.api_url + "/",
            headers={
                "Authorization": f"Bearer {settings.api_key}",
                "X-Blaxel-Workspace": settings.workspace,
                "Blaxel-Version": settings.api_version,
                "User-Agent": USER_AGENT,
                "Accept": "application/json",
            },
            timeout=self._timeout,
            transport=transport,
            verify=tls_context(),
            follow_redirects=False,
        )

    @property
    def settings(self) -> Settings:
        """The settings this client was built with."""
        return self._settings

    @property
    def retry_policy(self) -> RetryPolicy:
        """The retry policy of this client."""
        return self._retry

    @property
    def request_count(self) -> int:
        """How many HTTP requests were sent (attempts that never connected are not counted)."""
        return self._count

    def __repr__(self) -> str:
        """Show the URL and workspace, never the key."""
        return f"BlaxelClient(api_url={self._settings.api_url!r}, workspace={self._settings.workspace!r})"

    def __enter__(self: _C) -> _C:
        """Return the client itself."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Close the connection pool."""
        self.close()

    def close(self) -> None:
        """Close the connection pool; the client cannot be used afterwards."""
        self._http.close()

    # --- the API -------------------------------------------------------------------------------------

    def get_job(self, name: str, *, show_secrets: bool = False, within: float | None = None) -> Job:
        """Return job ``name``; with ``show_secrets`` the server includes secret values (workspace admins).

        ``within`` caps the seconds spent retrying (a wait's remaining time), so that a wait's deadline is
        not exceeded by the retries of its last poll.

        Raises:
            NotFound: The job does not exist.
        """
        budget = _Budget(self._retry, within=within) if within is not None else None
        return self._get_job(name, show_secrets=show_secrets, budget=budget)

    def create_job(self, job: Job) -> Job:
        """Create ``job`` (``POST /jobs``) and return it as Blaxel stored it.

        A create whose outcome is unknown is checked with a ``GET`` (see the module docstring): the job
        found is returned only when it carries the same :data:`OWNER_LABEL` value as ``job``.

        Raises:
            Conflict: A job of that name already exists (and is not this create's own).
        """
        name = job.metadata.name
        body = request_body(job)
        self._secrets.update(_secret_values(job))
        budget = _Budget(self._retry)
        ambiguous: _Failure | None = None
        while True:
            outcome = self._attempt(budget, "POST", "/jobs", body=body, job_name=name)
            if isinstance(outcome, httpx.Response):
                return self._parse_job(outcome, "POST", "/jobs")
            if isinstance(outcome.error, Conflict) and ambiguous is not None:
                # An earlier attempt whose outcome was unknown may have created the job after all.
                existing = self._check_create(name, budget, outcome)
                if existing is None:
                    raise outcome.error
                return self._adopt(job, existing, ambiguous)
            if not outcome.retryable:
                raise outcome.error
            if outcome.maybe_applied:
                ambiguous = outcome
                existing = self._check_create(name, budget, outcome)
                if existing is not None:
                    return self._adopt(job, existing, outcome)
            self._wait_or_give_up(budget, outcome, "POST", "/jobs")

    def update_job(self, name: str, job: Job, *, unmanaged: Mapping[str, Any] | None = None) -> Job:
        """Replace the spec of job ``name`` with ``job``'s (``PUT``); changes apply to new executions.

        ``unmanaged`` (see :mod:`blaxel_pulumi.unmanaged`) is what the job has beyond ``job``'s fields, sent
        along where ``job`` says nothing, so that the ``PUT`` does not reset it.

        Raises:
            ValueError: ``job.metadata.name`` is not ``name`` (a job cannot be renamed; replace it).
            NotFound: The job does not exist.
        """
        if job.metadata.name != name:
            raise ValueError(
                f"Cannot rename job '{name}' to '{job.metadata.name}': names are immutable; replace the job."
            )
        self._secrets.update(_secret_values(job))
        body = merge_unmanaged(request_body(job), unmanaged)
        response = self._call("PUT", _job_path(name), body=body, job_name=name)
        return self._parse_job(response, "PUT", _job_path(name))

    def delete_job(self, name: str) -> Job:
        """Delete job ``name`` and return it (usually with status ``DELETING``); running executions stop.

        Raises:
            NotFound: The job does not exist; after a retried attempt this means it is gone, so callers
                that delete should treat ``NotFound`` as success.
        """
        path = _job_path(name)
        return self._parse_job(self._call("DELETE", path, job_name=name), "DELETE", path)

    def list_jobs(self, *, limit: int = DEFAULT_LIST_LIMIT, query: str | None = None) -> Iterator[Job]:
        """Yield every job of the workspace, fetching pages of ``limit`` jobs lazily while iterating.

        ``query`` filters by substring of name, display name and labels (API version 2026-04-28 and later).
        A bare list (older API versions) is accepted as the whole listing.

        Raises:
            ValueError: ``limit`` is not between 1 and :data:`MAX_LIST_LIMIT`.
        """
        if not 1 <= limit <= MAX_LIST_LIMIT:
            raise ValueError(f"limit must be between 1 and {MAX_LIST_LIMIT}, got {limit}.")
        return self._iter_jobs(limit, query)

    # --- internals -----------------------------------------------------------------------------------

    def _iter_jobs(self, limit: int, query: str | None) -> Iterator[Job]:
        params: dict[str, str] = {"limit": str(limit)}
        if query:
            params["q"] = query
        seen: set[str] = set()
        while True:
            response = self._call("GET", "/jobs", params=params)
            data = self._json(response, "GET", "/jobs")
            if isinstance(data, list):
                yield from (self._listed_job(item, response) for item in data)
                return
            if not isinstance(data, dict) or "data" not in data:
                raise protocol_error(
                    "GET", "/jobs", response.status_code, response.headers, "the body is not a job listing"
                )
            items = data["data"] if isinstance(data["data"], list) else []
            yield from (self._listed_job(item, response) for item in items)
            meta = data.get("meta")
            meta = meta if isinstance(meta, dict) else {}
            cursor = meta.get("nextCursor")
            if not meta.get("hasMore") or not isinstance(cursor, str) or not cursor:
                return
            if cursor in seen:
                raise protocol_error(
                    "GET", "/jobs", response.status_code, response.headers, "the listing repeats a cursor"
                )
            seen.add(cursor)
            params["cursor"] = cursor

    def _scrubbed(self, job: Job) -> Job:
        """``job`` with every known secret value removed from its events (they may quote the environment)."""
        for event in job.events or []:
            for field in ("message", "type", "status"):
                text = getattr(event, field)
                if isinstance(text, str):
                    setattr(event, field, redact(text, self._secrets))
        return job

    def _listed_job(self, item: Any, response: httpx.Response) -> Job:
        try:
            return self._scrubbed(read_job(item))
        except ValueError as exc:
            raise protocol_error(
                "GET", "/jobs", response.status_code, response.headers, f"a listed item is not a job ({exc})"
            ) from None

    def _get_job(self, name: str, *, show_secrets: bool = False, budget: _Budget | None) -> Job:
        path = _job_path(name)
        params = {"show_secrets": "true"} if show_secrets else None
        response = self._call("GET", path, params=params, job_name=name, budget=budget)
        return self._parse_job(response, "GET", path)

    def _check_create(self, name: str, budget: _Budget, failure: _Failure) -> Job | None:
        """After a create with an unknown outcome, return the job if it exists, else ``None``."""
        _logger.debug(
            "POST /jobs for job %r may have reached Blaxel (%s); checking whether the job exists",
            name,
            failure.reason,
        )
        try:
            return self._get_job(name, budget=_Budget(budget.policy, started=budget.started))
        except NotFound:
            return None
        except BlaxelError as exc:
            failure.error.append_detail(f"Could not check whether job '{name}' was created anyway: {exc}")
            raise failure.error from exc

    def _adopt(self, job: Job, existing: Job, failure: _Failure) -> Job:
        """Return ``existing`` if the interrupted create made it, else raise :class:`Conflict`."""
        name = job.metadata.name
        ours = (job.metadata.labels or {}).get(OWNER_LABEL)
        theirs = (existing.metadata.labels or {}).get(OWNER_LABEL)
        where = f"Job '{name}' exists in workspace '{self._settings.workspace}'"
        fix = f"Choose another name, or delete the existing job (`bl delete job {name}`) and run again."
        if existing.status == "DELETING":
            why = f"{where} and is being deleted. Wait until it is gone and run again."
        elif ours is not None and theirs == ours:
            _logger.debug("Job %r was created by the interrupted request; using it", name)
            return existing
        elif ours is None:
            why = (
                f"{where}, but the create request failed ({failure.reason}) and, without a `{OWNER_LABEL}` "
                f"label on the job, there is no telling whether that request made it. Check it with "
                f"`bl get job {name}`. {fix}"
            )
        else:
            why = f"{where} and belongs to someone else (its `{OWNER_LABEL}` label differs). {fix}"
        raise Conflict(why, status=409, method="POST", path="/jobs")

    def _call(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        body: Any = None,
        job_name: str | None = None,
        budget: _Budget | None = None,
    ) -> httpx.Response:
        """Send an idempotent request, retrying per the policy; return the success response."""
        budget = budget if budget is not None else _Budget(self._retry)
        while True:
            outcome = self._attempt(budget, method, path, params=params, body=body, job_name=job_name)
            if isinstance(outcome, httpx.Response):
                return outcome
            if not outcome.retryable:
                raise outcome.error
            self._wait_or_give_up(budget, outcome, method, path)

    def _attempt(
        self,
        budget: _Budget,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        body: Any = None,
        job_name: str | None = None,
    ) -> httpx.Response | _Failure:
        """Send one request; return the response if it succeeded, else the classified failure."""
        budget.attempts += 1
        try:
            response = self._send(method, path, params=params, body=body)
        except httpx.HTTPError as exc:
            failure = self._transport_failure(exc, method, path)
            failure.error.__cause__ = exc
            if failure.maybe_applied:
                self._add_request()
            return failure
        self._add_request()
        if response.is_success:
            return response
        status = response.status_code
        error = error_from_response(
            method,
            path,
            status,
            response.headers,
            response.content,
            workspace=self._settings.workspace,
            job_name=job_name,
            redact_values=self._secrets,
        )
        retryable = status in _RETRYABLE_4XX or 500 <= status < 600
        retry_after = parse_retry_after(response.headers.get("retry-after")) if retryable else None
        declined = status in _RETRYABLE_4XX or (status == 503 and retry_after is not None)
        return _Failure(error, retryable, retryable and not declined, retry_after, str(status))

    def _send(self, method: str, path: str, *, params: Mapping[str, str] | None, body: Any) -> httpx.Response:
        """Send one request and read its whole response within :attr:`Settings.request_timeout` seconds from
        the start (httpx's own timeouts bound each read, not the whole: a server that trickles a byte every
        second would otherwise hold the call for ever)."""
        deadline = time.monotonic() + self._settings.request_timeout
        with self._http.stream(method, path, params=params, json=body) as streamed:
            raw = bytearray()
            for chunk in streamed.iter_bytes():
                raw += chunk
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout(
                        f"the response took longer than {self._settings.request_timeout:g} s",
                        request=streamed.request,
                    )
        headers = [
            (k, v)
            for k, v in streamed.headers.multi_items()
            if k not in ("content-encoding", "content-length")
        ]
        return httpx.Response(
            streamed.status_code,
            headers=headers,
            content=bytes(raw),
            request=streamed.request,
            extensions=streamed.extensions,
        )

    def _add_request(self) -> None:
        with self._count_lock:
            self._count += 1

    def _transport_failure(self, exc: httpx.HTTPError, method: str, path: str) -> _Failure:
        """Classify an exception of httpx: was anything sent, may it be retried, what to tell the user."""
        url = self._settings.api_url
        call = f"{method} {path}"
        detail = str(exc) or type(exc).__name__
        check_url = "and that blaxel:apiUrl or BL_API_URL (or BL_ENV) names the right host"
        timeout: type[BlaxelConnectionError] = BlaxelTimeoutError
        if isinstance(exc, httpx.ConnectTimeout):
            text = (
                f"Timed out after {_seconds(self._timeout.connect)} connecting to Blaxel at {url} ({call}). "
                f"Check your network connection and proxy settings, {check_url}."
            )
            return self._failure(timeout, text, method, path, sent=False, reason="connect timeout")
        if isinstance(exc, httpx.PoolTimeout):
            text = (
                f"Timed out after {_seconds(self._timeout.pool)} waiting for a free connection to Blaxel "
                f"at {url} ({call}): too many requests at once."
            )
            return self._failure(timeout, text, method, path, sent=False, reason="pool timeout")
        if isinstance(exc, httpx.WriteTimeout):
            text = (
                f"Timed out after {_seconds(self._timeout.write)} sending {call} to Blaxel at {url}. "
                "The network may be slow or a proxy may be stalling; run again."
            )
            return self._failure(timeout, text, method, path, sent=True, reason="write timeout")
        if isinstance(exc, httpx.TimeoutException):
            text = (
                f"Blaxel at {url} did not answer {call} within {_seconds(self._timeout.read)}. "
                "Blaxel may be slow or overloaded; run again later."
            )
            return self._failure(timeout, text, method, path, sent=True, reason="read timeout")
        if isinstance(exc, (httpx.ConnectError, httpx.ProxyError)):
            text = (
                f"Could not connect to Blaxel at {url} ({call}): {detail}. Check your network connection, "
                f"DNS and proxy settings, {check_url}."
            )
            return self._failure(
                BlaxelConnectionError, text, method, path, sent=False, reason="connect error"
            )
        if isinstance(exc, (httpx.NetworkError, httpx.RemoteProtocolError)):
            text = (
                f"The connection to Blaxel at {url} broke during {call}: {detail}. A proxy, firewall or "
                "load balancer may have cut it, or Blaxel restarted; run again."
            )
            return self._failure(
                BlaxelConnectionError, text, method, path, sent=True, reason="connection lost"
            )
        if isinstance(exc, httpx.DecodingError):  # a response arrived, but its encoding is corrupt
            text = f"Could not decode the response of Blaxel at {url} to {call}: {detail}."
            sent = True
        else:
            text = f"Could not send {call} to Blaxel at {url}: {detail}."
            sent = False
        failure = self._failure(BlaxelConnectionError, text, method, path, sent=sent, reason="request error")
        failure.retryable = False
        return failure

    def _failure(
        self,
        cls: type[BlaxelConnectionError],
        text: str,
        method: str,
        path: str,
        *,
        sent: bool,
        reason: str,
    ) -> _Failure:
        error = cls(text, method=method, path=path, url=self._settings.api_url)
        return _Failure(error, retryable=True, maybe_applied=sent, retry_after=None, reason=reason)

    def _wait_or_give_up(self, budget: _Budget, failure: _Failure, method: str, path: str) -> None:
        """Sleep before the next attempt, or raise the failure's error if the budget is spent."""
        policy = budget.policy
        why: str | None = None
        delay = 0.0
        if budget.attempts >= policy.max_attempts:
            why = (
                "retries are disabled"
                if policy.max_attempts == 1
                else f"at most {policy.max_attempts} attempts"
            )
        elif failure.retry_after is not None and failure.retry_after > policy.max_retry_after:
            why = (
                f"Blaxel asked to wait {failure.retry_after:g} s, more than the {policy.max_retry_after:g} s "
                "this client waits"
            )
        else:
            delay = backoff_delay(policy, budget.attempts, failure.retry_after)
            if budget.elapsed() + delay > budget.limit:
                why = f"the next attempt would start after the {budget.limit:g} s retry budget"
        if why is not None:
            plural = "s" if budget.attempts != 1 else ""
            failure.error.append_detail(
                f"Gave up after {budget.attempts} attempt{plural} over {budget.elapsed():.1f} s ({why})."
            )
            raise failure.error
        _logger.debug(
            "Retrying %s %s: attempt %d of %d failed (%s); waiting %.2f s",
            method,
            path,
            budget.attempts,
            policy.max_attempts,
            failure.reason,
            delay,
        )
        policy.sleep(delay)

    def _json(self, response: httpx.Response, method: str, path: str) -> Any:
        try:
            return response.json()
        except ValueError:
            kind = response.headers.get("content-type") or "no Content-Type"
            raise protocol_error(
                method, path, response.status_code, response.headers, f"the body is not JSON ({kind})"
            ) from None

    def _parse_job(self, response: httpx.Response, method: str, path: str) -> Job:
        """The job in a response, read leniently (see :func:`~blaxel_pulumi.models.read_job`)."""
        data = self._json(response, method, path)
        try:
            return self._scrubbed(read_job(data))
        except ValueError as exc:
            raise protocol_error(
                method, path, response.status_code, response.headers, f"the body is not a job ({exc})"
            ) from None
