"""The job-execution calls of :class:`~blaxel_pulumi.api.client.BlaxelClient` (a mixin: same connection pool,
retries, error mapping and redaction as the job calls).

``POST /jobs/{jobId}/executions`` is made safe to retry by the id the caller chooses (``executionId``): every
attempt carries the same id, so a retried or repeated request can never start a second execution; Blaxel
answers 409 for an id it already has, which :meth:`ExecutionCalls.start_execution` reads as "already
started" after checking with a ``GET`` that the execution is there.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import quote

import httpx

from blaxel_pulumi.api.execution_models import (
    CreateJobExecutionRequest,
    JobExecution,
    JobExecutionSpec,
    JobExecutionTask,
    JobExecutionTaskCondition,
    read_execution,
)
from blaxel_pulumi.api.messages import protocol_error, redact
from blaxel_pulumi.api.transport import Session
from blaxel_pulumi.errors import Conflict, NotFound

__all__ = ["DEFAULT_EXECUTION_LIST_LIMIT", "MAX_EXECUTION_LIST_LIMIT", "ExecutionCalls", "ExecutionStart"]

DEFAULT_EXECUTION_LIST_LIMIT = 20
"""Executions per page of :meth:`ExecutionCalls.list_executions`."""
MAX_EXECUTION_LIST_LIMIT = 100
"""The largest page of executions Blaxel serves."""


def executions_path(job: str, execution_id: str | None = None) -> str:
    """``/jobs/{job}/executions[/{execution_id}]``, quoted."""
    if not job:
        raise ValueError("A job name is required.")
    path = f"/jobs/{quote(job, safe='')}/executions"
    if execution_id is not None:
        if not execution_id:
            raise ValueError("An execution id is required.")
        path += f"/{quote(execution_id, safe='')}"
    return path


@dataclasses.dataclass(frozen=True)
class ExecutionStart:
    """What a ``POST`` of an execution did."""

    execution_id: str
    """The id of the execution."""
    already_started: bool
    """True when Blaxel already had an execution of that id (an earlier, interrupted or retried attempt)."""


class ExecutionCalls:
    """Execution calls, mixed into :class:`~blaxel_pulumi.api.client.BlaxelClient`."""

    _session: Session
    """The connection pool, retries and redaction of the client (set by :class:`BlaxelClient`)."""

    def _json(self, response: httpx.Response, method: str, path: str) -> Any:  # pragma: no cover
        raise NotImplementedError

    def start_execution(self, job: str, request: CreateJobExecutionRequest) -> ExecutionStart:
        """Start an execution of ``job`` (``POST``) with the id ``request.execution_id`` (required).

        Attempts whose outcome is unknown (connection lost, timeout, 5xx) are retried with the same id; a 409
        answer means Blaxel has an execution of that id already, which is then checked with a ``GET`` and
        reported as ``already_started``. The values of ``request.env`` are never quoted in errors.

        Raises:
            ValueError: ``request.execution_id`` is missing.
            NotFound: The job does not exist.
            Conflict: The job cannot run (being deleted), and no execution of that id exists.
            RateLimited: ``allow_queue`` is false and the job is busy (after the client's retries).
        """
        if not request.execution_id:
            raise ValueError("start_execution needs request.execution_id: it makes the POST safe to retry.")
        self._session.secrets.update(v for v in (request.env or {}).values() if v)
        path = executions_path(job)
        try:
            response = self._session.call("POST", path, body=request.body(), job_name=job)
        except Conflict as conflict:
            try:
                self.get_execution(job, request.execution_id)
            except NotFound:
                raise conflict from None
            return ExecutionStart(request.execution_id, already_started=True)
        data = self._json(response, "POST", path)
        given = data.get("executionId") if isinstance(data, Mapping) else None
        return ExecutionStart(given if isinstance(given, str) and given else request.execution_id, False)

    def get_execution(self, job: str, execution_id: str) -> JobExecution:
        """Return execution ``execution_id`` of ``job``, read leniently.

        Raises:
            NotFound: No such execution (never started, or expired from Blaxel's history), or no such job.
        """
        path = executions_path(job, execution_id)
        return self._parse_execution(self._session.call("GET", path, job_name=job), "GET", path)

    def cancel_execution(self, job: str, execution_id: str) -> JobExecution:
        """Cancel execution ``execution_id`` of ``job`` (``DELETE``): tasks in progress complete, no new task
        starts; the status goes ``cancelling`` then ``cancelled``. An ended execution is left as it is.

        Raises:
            NotFound: No such execution (or it expired from the history).
        """
        path = executions_path(job, execution_id)
        return self._parse_execution(self._session.call("DELETE", path, job_name=job), "DELETE", path)

    def list_executions(
        self, job: str, *, limit: int = DEFAULT_EXECUTION_LIST_LIMIT
    ) -> Iterator[JobExecution]:
        """Yield the executions of ``job`` (newest first), fetching pages of ``limit`` lazily; a bare list
        (API versions before 2026-04-28) is taken as the whole listing.

        Raises:
            ValueError: ``limit`` is not between 1 and :data:`MAX_EXECUTION_LIST_LIMIT`.
        """
        if not 1 <= limit <= MAX_EXECUTION_LIST_LIMIT:
            raise ValueError(f"limit must be between 1 and {MAX_EXECUTION_LIST_LIMIT}, got {limit}.")
        return self._iter_executions(job, limit)

    def _iter_executions(self, job: str, limit: int) -> Iterator[JobExecution]:
        path = executions_path(job)
        params = {"limit": str(limit)}
        seen: set[str] = set()
        while True:
            response = self._session.call("GET", path, params=params, job_name=job)
            data = self._json(response, "GET", path)
            if isinstance(data, list):
                yield from (self._listed(item, response, path) for item in data)
                return
            if not isinstance(data, dict) or "data" not in data:
                raise protocol_error(
                    "GET", path, response.status_code, response.headers, "the body is not a listing"
                )
            items = data["data"] if isinstance(data["data"], list) else []
            yield from (self._listed(item, response, path) for item in items)
            raw_meta = data.get("meta")
            meta: dict[str, Any] = raw_meta if isinstance(raw_meta, dict) else {}
            cursor = meta.get("nextCursor")
            if not meta.get("hasMore") or not isinstance(cursor, str) or not cursor or cursor in seen:
                return
            seen.add(cursor)
            params["cursor"] = cursor

    def _scrubbed_execution(self, execution: JobExecution) -> JobExecution:
        """``execution`` with every known secret value (the env values this client sent, the API key, ...)
        removed from what its tasks say: a task's error may quote its environment."""
        spec_tasks = execution.spec.tasks if isinstance(execution.spec, JobExecutionSpec) else None
        for tasks in (execution.tasks, spec_tasks):
            for task in tasks if isinstance(tasks, list) else ():
                conditions = task.conditions if isinstance(task, JobExecutionTask) else None
                for condition in conditions if isinstance(conditions, list) else []:
                    if not isinstance(condition, JobExecutionTaskCondition):
                        continue
                    for field in ("message", "reason", "type", "state"):
                        text = getattr(condition, field, None)
                        if isinstance(text, str):
                            setattr(condition, field, redact(text, self._session.secrets))
        return execution

    def _listed(self, item: Any, response: httpx.Response, path: str) -> JobExecution:
        try:
            return self._scrubbed_execution(read_execution(item))
        except ValueError as exc:
            raise protocol_error(
                "GET",
                path,
                response.status_code,
                response.headers,
                f"a listed item is not an execution ({exc})",
            ) from None

    def _parse_execution(self, response: httpx.Response, method: str, path: str) -> JobExecution:
        try:
            return self._scrubbed_execution(read_execution(self._json(response, method, path)))
        except ValueError as exc:
            raise protocol_error(
                method, path, response.status_code, response.headers, f"the body is not an execution ({exc})"
            ) from None
