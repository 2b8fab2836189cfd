"""Client of Blaxel's API: one connection pool, the calls for every kind of object
(:class:`~blaxel_pulumi.api.object_calls.ObjectCalls`: get, create, update, delete and list, with safe
creates), shorthands for jobs, and job executions (:class:`~blaxel_pulumi.api.executions.ExecutionCalls`).

The HTTP side (the pooled ``httpx.Client``, timeouts, attempts, the retry budget, TLS) is
:mod:`blaxel_pulumi.api.transport`; its timeout constants and ``USER_AGENT`` are re-exported here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from types import TracebackType
from typing import Any, TypeVar

import httpx

from blaxel_pulumi.api.executions import ExecutionCalls
from blaxel_pulumi.api.kinds import JOBS
from blaxel_pulumi.api.models import Job
from blaxel_pulumi.api.object_calls import DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT, FoundAfterCreate, ObjectCalls
from blaxel_pulumi.api.retry import RetryPolicy
from blaxel_pulumi.api.settings import Settings
from blaxel_pulumi.api.transport import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_POOL_TIMEOUT,
    DEFAULT_READ_TIMEOUT,
    DEFAULT_TIMEOUT,
    DEFAULT_WRITE_TIMEOUT,
    USER_AGENT,
    Session,
)

__all__ = [
    "DEFAULT_CONNECT_TIMEOUT",
    "DEFAULT_LIST_LIMIT",
    "DEFAULT_POOL_TIMEOUT",
    "DEFAULT_READ_TIMEOUT",
    "DEFAULT_TIMEOUT",
    "DEFAULT_WRITE_TIMEOUT",
    "MAX_LIST_LIMIT",
    "USER_AGENT",
    "BlaxelClient",
    "FoundAfterCreate",
]


_C = TypeVar("_C", bound="BlaxelClient")


class BlaxelClient(ObjectCalls, ExecutionCalls):
    """Blaxel job API client; use it as a context manager, or call :meth:`close`.

    Job executions (start, get, cancel, list) come from
    :class:`~blaxel_pulumi.api.executions.ExecutionCalls`.

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
        self._session = Session(
            settings,
            timeout=timeout,
            retry=retry if retry is not None else RetryPolicy(),
            transport=transport,
            secrets=secrets,
        )

    @property
    def settings(self) -> Settings:
        """The settings this client was built with."""
        return self._settings

    @property
    def retry_policy(self) -> RetryPolicy:
        """The retry policy of this client."""
        return self._session.retry

    @property
    def request_count(self) -> int:
        """How many HTTP requests were sent (attempts that never connected are not counted)."""
        return self._session.request_count

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
        self._session.close()

    # --- the same for jobs ---------------------------------------------------------------------------

    def get_job(self, name: str, *, show_secrets: bool = False, within: float | None = None) -> Job:
        """Return job ``name`` (:meth:`get` of :data:`~blaxel_pulumi.api.kinds.JOBS`).

        Raises:
            NotFound: The job does not exist.
        """
        return self.get(JOBS, name, show_secrets=show_secrets, within=within)

    def create_job(self, job: Job, *, judge: FoundAfterCreate | None = None) -> Job:
        """Create ``job`` (``POST /jobs``, :meth:`create`) and return it as Blaxel stored it.

        Raises:
            Conflict: A job of that name already exists (and is not this create's own).
        """
        return self.create(JOBS, job, judge=judge)

    def update_job(self, name: str, job: Job, *, body: Mapping[str, Any] | None = None) -> Job:
        """Replace the spec of job ``name`` with ``job``'s (``PUT``, :meth:`update`); changes apply to new
        executions.

        Raises:
            ValueError: ``job.metadata.name`` is not ``name`` (a job cannot be renamed; replace it).
            NotFound: The job does not exist.
        """
        return self.update(JOBS, name, job, body=body)

    def delete_job(self, name: str) -> Job:
        """Delete job ``name`` and return it (usually with status ``DELETING``, :meth:`delete`); running
        executions stop.

        Raises:
            NotFound: The job does not exist (after a retried attempt: it is gone).
        """
        return self.delete(JOBS, name)

    def list_jobs(self, *, limit: int = DEFAULT_LIST_LIMIT, query: str | None = None) -> Iterator[Job]:
        """Yield every job of the workspace (:meth:`list`).

        Raises:
            ValueError: ``limit`` is not between 1 and :data:`MAX_LIST_LIMIT`.
        """
        return self.list(JOBS, limit=limit, query=query)
