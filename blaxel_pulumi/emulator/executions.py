"""Job executions in the local Blaxel API (``/v0/jobs/{jobId}/executions...``), independent of HTTP.

How executions run, fail, time out, are cancelled and expire: see :mod:`.execution_state`. Behaviour where
the real service is not documented:

* ``POST`` needs an existing job (404) that is not being deleted (409). ``executionId`` is optional (a
  ``exec-<hex>`` id is drawn without it); an id the job already has in its history answers **409**
  (``Resource already exists``) and starts nothing. No ``tasks`` means one task with no parameters.
* ``allowQueue: false`` answers **429** when the job's unfinished executions already hold its capacity:
  ``spec.runtime.maxConcurrentTasks`` tasks (unset: one unfinished execution at a time). No execution is
  created then. With ``allowQueue`` true or absent the execution starts at once (no queue is simulated).
* ``memory`` must not exceed the job's ``spec.runtime.memory`` when that is set (400).
* ``env`` values are kept as sent and always answered as ``"***"`` in ``spec.envOverride``.
* Listing (``GET .../executions``): from ``Blaxel-Version: 2026-04-28`` a ``{data, meta}`` page with
  ``cursor``, ``limit`` (1-100, default 20) and ``sort`` (``createdAt:desc`` default); before, a bare
  array with ``offset``/``limit``. ``.../tasks`` pages tasks the same way (``limit`` 1-200, default 50).
* Deleting a job cancels its unfinished executions and leaves its execution history alone (the real service
  keeps it for a while).
"""

from __future__ import annotations

import json
import re
import secrets
import sqlite3
import time
from collections.abc import Callable, Mapping
from typing import Any

from blaxel_pulumi.emulator.api_errors import ApiError
from blaxel_pulumi.emulator.auth import Principal
from blaxel_pulumi.emulator.execution_state import ACTIVE, Execution
from blaxel_pulumi.emulator.listing import PAGINATED_SINCE, ListQuery as _JobListQuery, paginate
from blaxel_pulumi.emulator.runtime_settings import RuntimeSettings
from blaxel_pulumi.emulator.store import Store, Transaction

__all__ = ["EXECUTION_ID_PATTERN", "MAX_TASKS", "ExecutionService"]

EXECUTION_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
"""Accepted ``executionId`` values."""
MAX_TASKS = 1000
"""Most tasks in one execution."""
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _bad(message: str) -> ApiError:
    return ApiError(400, message, error="Invalid request body")


def _row(row: sqlite3.Row) -> Execution:
    body = json.loads(row["body"])
    return Execution(
        workspace=row["workspace"],
        job=row["job"],
        id=row["id"],
        tasks=body["tasks"],
        env=body["env"],
        memory=body.get("memory"),
        created=row["created"],
        seconds=row["seconds"],
        timeout=row["timeout"],
        cancelled=row["cancelled"],
        created_by=body.get("createdBy", ""),
        seq=row["seq"],
    )


def _select(tx: Transaction, workspace: str, job: str) -> list[Execution]:
    rows = tx.connection.execute(
        "SELECT * FROM executions WHERE workspace = ? AND job = ? ORDER BY seq", (workspace, job)
    ).fetchall()
    return [_row(r) for r in rows]


def _parse(payload: Any) -> tuple[str | None, list[Any], dict[str, str], int | None, bool]:
    """Validate a ``CreateJobExecutionRequest``: ``(executionId, tasks, env, memory, allowQueue)``."""
    if not isinstance(payload, dict):
        raise _bad("The body must be a JSON object (CreateJobExecutionRequest).")
    execution_id = payload.get("executionId")
    if execution_id is not None and (
        not isinstance(execution_id, str) or not EXECUTION_ID_PATTERN.match(execution_id)
    ):
        raise _bad(
            "executionId: use 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit."
        )
    tasks = payload.get("tasks")
    if tasks is None:
        tasks = [{}]
    if not isinstance(tasks, list) or not all(isinstance(t, dict) for t in tasks):
        raise _bad("tasks: send a list of JSON objects (the parameters of each task).")
    if not tasks or len(tasks) > MAX_TASKS:
        raise _bad(f"tasks: send between 1 and {MAX_TASKS} tasks.")
    env = payload.get("env") or {}
    if not isinstance(env, dict) or not all(
        isinstance(k, str) and _ENV_NAME.match(k) and isinstance(v, str) for k, v in env.items()
    ):
        raise _bad("env: send an object of variable names (letters, digits, '_') to string values.")
    memory = payload.get("memory")
    if memory is not None and (isinstance(memory, bool) or not isinstance(memory, int) or memory < 1):
        raise _bad("memory: send a positive integer (megabytes).")
    allow_queue = payload.get("allowQueue", True)
    if not isinstance(allow_queue, bool):
        raise _bad("allowQueue: send true or false.")
    return execution_id, tasks, env, memory, allow_queue


def _page_params(params: Mapping[str, str], version: str, *, default: int, most: int) -> _JobListQuery:
    """The paging part of a listing query (``cursor``, ``limit``, ``sort``), as the job listing parses it."""
    limit = params.get("limit")
    if limit is not None:
        try:
            number = int(limit)
        except ValueError:
            number = 0
        if not 1 <= number <= most:
            raise ApiError(400, f"limit: use 1-{most}.", error="Invalid query parameter")
    query = _JobListQuery.parse({k: v for k, v in params.items() if k in ("cursor", "sort")}, version)
    if not query.paginated:
        return query
    return _JobListQuery(
        paginated=True,
        limit=int(limit) if limit is not None else default,
        sort=query.sort if query.sort.startswith("createdAt") else "createdAt:desc",
        cursor=query.cursor,
    )


class ExecutionService:
    """Start, read, cancel and list the executions of the caller's jobs."""

    def __init__(
        self, store: Store, settings: RuntimeSettings, *, clock: Callable[[], float] = time.time
    ) -> None:
        self._store = store
        self._settings = settings
        self._clock = clock

    def _job_spec(self, tx: Transaction, who: Principal, job: str, now: float) -> dict[str, Any]:
        row = tx.get_job(who.workspace, job, now)
        if row is None:
            raise ApiError(
                404, f"Job {job!r} was not found in workspace {who.workspace!r}.", error="Resource not found"
            )
        if row.deleting:
            raise ApiError(
                409,
                f"Job {job!r} in workspace {who.workspace!r} is being deleted: it cannot run.",
                error="Resource is being deleted",
            )
        spec: dict[str, Any] = row.body["spec"]
        return spec

    def _live(self, executions: list[Execution], now: float) -> list[Execution]:
        """The executions still in the history at ``now``."""
        keep = self._settings.current().execution_retention_seconds
        return [e for e in executions if e.status_at(now) in ACTIVE or e.ended_at() + keep > now]

    def _one(self, tx: Transaction, who: Principal, job: str, execution_id: str, now: float) -> Execution:
        found = [e for e in self._live(_select(tx, who.workspace, job), now) if e.id == execution_id]
        if not found:
            raise ApiError(
                404,
                f"Execution {execution_id!r} of job {job!r} was not found in workspace {who.workspace!r} "
                "(it never existed, or it expired from the history).",
                error="Resource not found",
            )
        return found[0]

    def create(self, who: Principal, job: str, payload: Any) -> dict[str, Any]:
        """``POST /jobs/{job}/executions``: start an execution (see the module docstring)."""
        execution_id, tasks, env, memory, allow_queue = _parse(payload)
        settings = self._settings.current()
        with self._store.write() as tx:
            now = self._clock()
            runtime = self._job_spec(tx, who, job, now).get("runtime") or {}
            known = _select(tx, who.workspace, job)
            live = self._live(known, now)
            if execution_id is None:
                execution_id = f"exec-{secrets.token_hex(6)}"
            if any(e.id == execution_id for e in live):
                raise ApiError(
                    409,
                    f"Execution {execution_id!r} of job {job!r} already exists: read it with GET "
                    f"/jobs/{job}/executions/{execution_id}.",
                    error="Resource already exists",
                )
            job_memory = runtime.get("memory")
            if memory is not None and isinstance(job_memory, int) and memory > job_memory:
                raise _bad(f"memory: {memory} MB is more than the job's {job_memory} MB; lower it.")
            if not allow_queue:
                self._check_capacity(
                    job, runtime, [e for e in live if e.status_at(now) in ACTIVE], now, tasks
                )
            tx.connection.execute(
                "DELETE FROM executions WHERE workspace = ? AND job = ? AND id = ?",
                (who.workspace, job, execution_id),
            )  # an expired execution of the same id leaves the history for good
            timeout = runtime.get("timeout")
            tx.connection.execute(
                "INSERT INTO executions (workspace, job, id, body, created, seconds, timeout)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    who.workspace,
                    job,
                    execution_id,
                    json.dumps({"tasks": tasks, "env": env, "memory": memory, "createdBy": who.name}),
                    now,
                    settings.execution_seconds,
                    float(timeout) if isinstance(timeout, int | float) and timeout > 0 else None,
                ),
            )
        return {
            "executionId": execution_id,
            "id": execution_id,
            "jobId": job,
            "workspaceId": who.workspace,
            "tasks": tasks,
        }

    @staticmethod
    def _check_capacity(
        job: str, runtime: Mapping[str, Any], active: list[Execution], now: float, tasks: list[Any]
    ) -> None:
        limit = runtime.get("maxConcurrentTasks")
        if isinstance(limit, int) and limit > 0:
            used = sum(e.stats_at(now)["running"] for e in active)
            full = used + len(tasks) > limit
            what = f"{used} of its {limit} concurrent tasks are running"
        else:
            full = bool(active)
            what = "it already has an unfinished execution"
        if full:
            raise ApiError(
                429,
                f"Job {job!r} cannot start an execution now: {what}. Retry later, or send allowQueue: true "
                "to queue it.",
                error="Too many requests",
                headers={"Retry-After": "1"},
            )

    def get(self, who: Principal, job: str, execution_id: str) -> dict[str, Any]:
        """``GET /jobs/{job}/executions/{id}``."""
        now = self._clock()
        with self._store.read() as tx:
            execution = self._one(tx, who, job, execution_id, now)
        return execution.view(now)

    def cancel(self, who: Principal, job: str, execution_id: str) -> dict[str, Any]:
        """``DELETE /jobs/{job}/executions/{id}``: cancel it if it has not ended; answer it."""
        with self._store.write() as tx:
            now = self._clock()
            execution = self._one(tx, who, job, execution_id, now)
            if execution.cancelled is None and execution.status_at(now) in ACTIVE:
                tx.connection.execute(
                    "UPDATE executions SET cancelled = ? WHERE seq = ?", (now, execution.seq)
                )
                execution = Execution(**{**execution.__dict__, "cancelled": now})
        return execution.view(now)

    def list(self, who: Principal, job: str, params: Mapping[str, str], version: str) -> Any:
        """``GET /jobs/{job}/executions``: a bare list (old versions) or a ``{data, meta}`` page."""
        now = self._clock()
        query = _page_params(params, version, default=20, most=100)
        with self._store.read() as tx:
            self._job_spec(tx, who, job, now)
            executions = self._live(_select(tx, who.workspace, job), now)
        if version < PAGINATED_SINCE:
            try:
                offset = max(0, int(params.get("offset", "0")))
                limit = int(params.get("limit", "20"))
            except ValueError:
                raise ApiError(
                    400, "offset and limit must be integers.", error="Invalid query parameter"
                ) from None
            newest = executions[::-1]
            return [e.view(now) for e in newest[offset : offset + limit]]
        items = [(e.seq, e.id, e.view(now)) for e in executions]
        return paginate(items, query, workspace=f"{who.workspace}/{job}", total=len(executions))

    def tasks(self, who: Principal, job: str, execution_id: str, params: Mapping[str, str]) -> Any:
        """``GET /jobs/{job}/executions/{id}/tasks``: one ``{data, meta}`` page of the tasks."""
        now = self._clock()
        query = _page_params(params, PAGINATED_SINCE, default=50, most=200)
        with self._store.read() as tx:
            execution = self._one(tx, who, job, execution_id, now)
        views = execution.task_views(now)
        items = [(index, f"task-{index}", view) for index, view in enumerate(views)]
        query = _JobListQuery(paginated=True, limit=query.limit, sort="createdAt:asc", cursor=query.cursor)
        return paginate(items, query, workspace=f"{who.workspace}/{job}/{execution_id}", total=len(views))
