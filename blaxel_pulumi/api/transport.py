"""The HTTP side of the job API client: one pooled ``httpx.Client``, attempts classified, bounded retries.

:class:`Session` sends one logical call as attempts: each attempt's outcome is either the success response
or a :class:`AttemptFailure` that says whether it may be retried and whether the server may have acted on it
(which :class:`~blaxel_pulumi.api.client.BlaxelClient` needs to make creates safe). A :class:`Budget` bounds
the attempts and the time of one call, per :class:`~blaxel_pulumi.api.retry.RetryPolicy`; a retry honours
``Retry-After`` within bounds, otherwise backs off with jitter. Each request, from connecting to the last
byte of its response, ends within :attr:`~blaxel_pulumi.api.settings.Settings.request_timeout` seconds (see
:mod:`blaxel_pulumi.api.deadline`), and no more than :data:`MAX_RESPONSE_BYTES` of a response are read: a
success response that is larger fails with a :class:`~blaxel_pulumi.errors.BlaxelProtocolError` (whose
:class:`AttemptFailure` says the server may have acted), an error response is judged on its first bytes. Error
responses become exceptions through :func:`~blaxel_pulumi.api.messages.error_from_response`, with every known
secret redacted.

Every retry is logged at DEBUG on the ``blaxel_pulumi`` logger (method, path, attempt, reason, delay;
never headers or bodies).
"""

from __future__ import annotations

import functools
import logging
import ssl
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import certifi
import httpx

from blaxel_pulumi._version import __version__
from blaxel_pulumi.api.deadline import DeadlineExceeded, bound_in_time, request_deadline
from blaxel_pulumi.api.messages import error_from_response, protocol_error
from blaxel_pulumi.api.retry import RetryPolicy, backoff_delay, parse_retry_after
from blaxel_pulumi.api.settings import Settings
from blaxel_pulumi.errors import BlaxelConnectionError, BlaxelError, BlaxelTimeoutError

__all__ = [
    "DEFAULT_CONNECT_TIMEOUT",
    "DEFAULT_POOL_TIMEOUT",
    "DEFAULT_READ_TIMEOUT",
    "DEFAULT_TIMEOUT",
    "DEFAULT_WRITE_TIMEOUT",
    "MAX_RESPONSE_BYTES",
    "USER_AGENT",
    "AttemptFailure",
    "Budget",
    "Session",
    "tls_context",
]

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
MAX_RESPONSE_BYTES = 8 * 1024 * 1024
"""The most bytes of one response this client reads (8 MiB; a page of 200 jobs is well under 1 MiB): reading
stops there, so that a runaway answer (a proxy's download, a wrong URL) cannot take all memory."""
USER_AGENT = f"blaxel-pulumi/{__version__} (python-httpx/{httpx.__version__})"
"""The ``User-Agent`` of every request."""

_RETRYABLE_4XX = frozenset({408, 429})
_logger = logging.getLogger("blaxel_pulumi")


@dataclass
class AttemptFailure:
    """One failed attempt, classified: the error to raise, whether to retry, whether it may have acted."""

    error: BlaxelError
    retryable: bool
    maybe_applied: bool  # the server may have acted on the request
    retry_after: float | None
    reason: str  # short, for logs and messages: "503", "read timeout", ...


class Budget:
    """Attempts made and time spent by one logical call, retries included.

    A check made during a create gets its own attempt count but shares the create's time budget.
    """

    def __init__(
        self, policy: RetryPolicy, started: float | None = None, within: float | None = None
    ) -> None:
        """Start counting at ``started`` (default: now); ``within`` caps the time budget in seconds."""
        self.policy = policy
        self.started = policy.clock() if started is None else started
        self.attempts = 0
        self.limit = policy.max_total if within is None else max(0.0, min(policy.max_total, within))
        """Seconds after the first attempt past which no retry starts (a caller's deadline may cut it)."""

    def elapsed(self) -> float:
        """Seconds since the first attempt."""
        return max(0.0, self.policy.clock() - self.started)


def _seconds(value: float | None) -> str:
    return "no limit" if value is None else f"{value:g} s"


@functools.cache
def tls_context() -> ssl.SSLContext:
    """The TLS context of every client in this process, built once: loading the CA bundle costs ~20 ms of CPU,
    which would otherwise be paid by each provider operation (a client is built per operation)."""
    return ssl.create_default_context(cafile=certifi.where())


class Session:
    """One pooled ``httpx.Client`` whose requests all carry ``Authorization``, ``X-Blaxel-Workspace``,
    ``Blaxel-Version``, ``User-Agent`` and ``Accept`` headers, and the retries of each call.

    ``secrets`` is the set of values never to be quoted in an error message; the caller may add to it later
    (the secret env values of each job it sends). See :class:`~blaxel_pulumi.api.client.BlaxelClient` for the
    other arguments.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        timeout: httpx.Timeout | None,
        retry: RetryPolicy,
        transport: httpx.BaseTransport | None,
        secrets: Iterable[str],
    ) -> None:
        """Open the connection pool (no request is sent until :meth:`call`)."""
        self._settings = settings
        self.retry = retry
        """The retry policy of every call."""
        self.secrets: set[str] = {s for s in (settings.api_key, *secrets) if s}
        """Values removed from every error message."""
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
        self.bounded_in_time = bound_in_time(self._http)
        """Whether every request is bounded by one deadline from connecting to its last byte (httpx as
        expected); otherwise only the reading of each response body is."""
        if not self.bounded_in_time:
            _logger.debug("httpx's transport is not as expected: the request deadline bounds bodies only")

    @property
    def request_count(self) -> int:
        """How many HTTP requests were sent (attempts that never connected are not counted)."""
        return self._count

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def call(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        body: Any = None,
        job_name: str | None = None,
        budget: Budget | None = None,
    ) -> httpx.Response:
        """Send an idempotent request, retrying per the policy; return the success response."""
        budget = budget if budget is not None else Budget(self.retry)
        while True:
            outcome = self.attempt(budget, method, path, params=params, body=body, job_name=job_name)
            if isinstance(outcome, httpx.Response):
                return outcome
            if not outcome.retryable:
                raise outcome.error
            self.wait_or_give_up(budget, outcome, method, path)

    def attempt(
        self,
        budget: Budget,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        body: Any = None,
        job_name: str | None = None,
    ) -> httpx.Response | AttemptFailure:
        """Send one request; return the response if it succeeded, else the classified failure."""
        budget.attempts += 1
        try:
            response, complete = self._send(method, path, params=params, body=body)
        except httpx.HTTPError as exc:
            failure = self._transport_failure(exc, method, path)
            failure.error.__cause__ = exc
            if failure.maybe_applied:
                self._add_request()
            return failure
        self._add_request()
        status = response.status_code
        if response.is_success and not complete:
            problem = (
                f"its body is larger than {MAX_RESPONSE_BYTES // (1024 * 1024)} MiB, the most this client "
                f"reads (MAX_RESPONSE_BYTES, {MAX_RESPONSE_BYTES} bytes), so it was not read further"
            )
            too_large = protocol_error(method, path, status, response.headers, problem)
            return AttemptFailure(
                too_large, False, maybe_applied=True, retry_after=None, reason="oversized body"
            )
        if response.is_success:
            return response
        retryable = status in _RETRYABLE_4XX or 500 <= status < 600
        retry_after = parse_retry_after(response.headers.get("retry-after")) if retryable else None
        error = error_from_response(
            method,
            path,
            status,
            response.headers,
            response.content,
            workspace=self._settings.workspace,
            job_name=job_name,
            redact_values=self.secrets,
            api_url=self._settings.api_url,
            sources=self._settings.sources,
            retry_after=retry_after,
        )
        declined = status in _RETRYABLE_4XX or (status == 503 and retry_after is not None)
        return AttemptFailure(error, retryable, retryable and not declined, retry_after, str(status))

    def _send(
        self, method: str, path: str, *, params: Mapping[str, str] | None, body: Any
    ) -> tuple[httpx.Response, bool]:
        """Send one request and read its response, all within :attr:`Settings.request_timeout` seconds
        from the start (see :mod:`blaxel_pulumi.api.deadline`); return it, and whether its whole body was read
        (reading stops past :data:`MAX_RESPONSE_BYTES`; the connection is then closed)."""
        limit = self._settings.request_timeout
        with (
            request_deadline(limit) as deadline,
            self._http.stream(method, path, params=params, json=body) as streamed,
        ):
            raw = bytearray()
            complete = True
            for chunk in streamed.iter_bytes():
                raw += chunk
                if len(raw) > MAX_RESPONSE_BYTES:
                    del raw[MAX_RESPONSE_BYTES:]
                    complete = False
                    break
                if time.monotonic() > deadline:  # other transports than httpx's own (tests)
                    raise httpx.ReadTimeout(
                        f"the response took longer than {limit:g} s", request=streamed.request
                    ) from DeadlineExceeded()
        headers = [
            (k, v)
            for k, v in streamed.headers.multi_items()
            if k not in ("content-encoding", "content-length")
        ]
        response = httpx.Response(
            streamed.status_code,
            headers=headers,
            content=bytes(raw),
            request=streamed.request,
            extensions=streamed.extensions,
        )
        return response, complete

    def _add_request(self) -> None:
        with self._count_lock:
            self._count += 1

    def _transport_failure(self, exc: httpx.HTTPError, method: str, path: str) -> AttemptFailure:
        """Classify an exception of httpx: was anything sent, may it be retried, what to tell the user."""
        url = self._settings.api_url
        call = f"{method} {path}"
        detail = str(exc) or type(exc).__name__
        check_url = "and that blaxel:apiUrl or BL_API_URL (or BL_ENV) names the right host"
        timeout: type[BlaxelConnectionError] = BlaxelTimeoutError
        if isinstance(exc, httpx.TimeoutException) and isinstance(exc.__cause__, DeadlineExceeded):
            sent = not isinstance(exc, (httpx.ConnectTimeout, httpx.PoolTimeout))
            text = (
                f"Blaxel at {url} did not answer {call} within {_seconds(self._settings.request_timeout)} "
                "(blaxel:requestTimeout, BL_REQUEST_TIMEOUT: the longest one request may take, from "
                "connecting to the last byte of the answer). Blaxel, the network or a proxy may be slow; "
                "run again later, or raise the request timeout."
            )
            return self._failure(timeout, text, method, path, sent=sent, reason="request deadline")
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
    ) -> AttemptFailure:
        error = cls(text, method=method, path=path, url=self._settings.api_url)
        return AttemptFailure(error, retryable=True, maybe_applied=sent, retry_after=None, reason=reason)

    def wait_or_give_up(self, budget: Budget, failure: AttemptFailure, method: str, path: str) -> None:
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
