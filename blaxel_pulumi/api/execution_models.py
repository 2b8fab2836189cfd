"""Wire models of Blaxel's job-execution API (``/jobs/{jobId}/executions...``), from the public OpenAPI spec
(schemas ``CreateJobExecutionRequest``, ``CreateJobExecutionOutput``, ``JobExecution*``).

Requests are built strictly (:class:`CreateJobExecutionRequest`); responses are read leniently with
:func:`read_execution`: an unknown status, a missing field or a field Blaxel adds tomorrow never fails a read,
and unknown fields are kept in ``model_extra``.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

from pydantic import Field

from blaxel_pulumi.api.models import WireModel
from blaxel_pulumi.api.wire import read_lenient, wire_dump

__all__ = [
    "ENDED_STATUSES",
    "FAILED_STATUSES",
    "CreateJobExecutionRequest",
    "ExecutionStatus",
    "JobExecution",
    "JobExecutionMetadata",
    "JobExecutionSpec",
    "JobExecutionStats",
    "JobExecutionTask",
    "JobExecutionTaskCondition",
    "JobExecutionTaskMetadata",
    "read_execution",
]


class ExecutionStatus(str, enum.Enum):
    """Status of a job execution, as documented (a response may carry others: they are kept as strings)."""

    QUEUED = "queued"
    PENDING = "pending"
    RUNNING = "running"
    CANCELLING = "cancelling"
    CANCELLED = "cancelled"
    FAILED = "failed"
    SUCCEEDED = "succeeded"
    TIMEOUT = "timeout"


ENDED_STATUSES = frozenset({"cancelled", "failed", "succeeded", "timeout"})
"""Statuses after which an execution never changes again."""
FAILED_STATUSES = frozenset({"cancelled", "failed", "timeout"})
"""Ended statuses that are not a success."""


class CreateJobExecutionRequest(WireModel):
    """Body of ``POST /jobs/{jobId}/executions``."""

    execution_id: str | None = Field(
        default=None, description="Id of the execution, chosen by the client so that a retry is recognised."
    )
    tasks: list[dict[str, Any]] | None = Field(
        default=None,
        description="Parameters of each task; tasks run in parallel up to the job's concurrency.",
    )
    env: dict[str, str] | None = Field(
        default=None, description="Environment overrides, merged over the job's own variables."
    )
    memory: int | None = Field(
        default=None,
        ge=1,
        description=(
            "Memory override in MB, at least 1 and at most the job's configured memory (source: the spec for "
            "the most; blaxel-pulumi's rule for the least: a size is positive)."
        ),
    )
    allow_queue: bool | None = Field(
        default=None,
        description="False: refuse with 429 instead of queueing when the job cannot start it now.",
    )

    def body(self) -> dict[str, Any]:
        """The request body: camelCase keys, no ``None``."""
        out: dict[str, Any] = wire_dump(self, extras=False)
        return out


class JobExecutionMetadata(WireModel):
    """Identity and timestamps of an execution."""

    id: str | None = Field(default=None, description="Execution id.")
    job: str | None = Field(default=None, description="Name of the job.")
    workspace: str | None = Field(default=None, description="Workspace of the job.")
    created_at: str | None = Field(default=None, description="When it was created (RFC 3339).")
    started_at: str | None = Field(default=None, description="When its first task started.")
    completed_at: str | None = Field(default=None, description="When it ended.")
    updated_at: str | None = Field(default=None, description="When it last changed.")
    expired_at: str | None = Field(default=None, description="When it leaves the history.")


class JobExecutionTaskMetadata(WireModel):
    """Name and timestamps of a task."""

    name: str | None = Field(default=None, description="Task name, e.g. `task-0`.")
    started_at: str | None = Field(default=None, description="When it started.")
    completed_at: str | None = Field(default=None, description="When it ended.")


class JobExecutionTaskCondition(WireModel):
    """A condition of a task (why it failed, for instance)."""

    type: str | None = Field(default=None, description="Condition type.")
    state: str | None = Field(default=None, description="Condition state.")
    reason: str | None = Field(default=None, description="Short reason.")
    message: str | None = Field(default=None, description="What happened.")
    severity: str | None = Field(default=None, description="Severity.")


class JobExecutionTask(WireModel):
    """One task of an execution."""

    metadata: JobExecutionTaskMetadata | None = Field(default=None, description="Name and timestamps.")
    status: str | None = Field(default=None, description="Task status (`succeeded`, `failed`, ...).")
    conditions: list[JobExecutionTaskCondition] | None = Field(default=None, description="Conditions.")


class JobExecutionStats(WireModel):
    """Task counts of an execution."""

    total: int | None = Field(default=None, description="Tasks in all.")
    success: int | None = Field(default=None, description="Tasks that succeeded.")
    failure: int | None = Field(default=None, description="Tasks that failed.")
    running: int | None = Field(default=None, description="Tasks running.")
    cancelled: int | None = Field(default=None, description="Tasks cancelled.")
    retried: int | None = Field(default=None, description="Tasks retried.")


class JobExecutionSpec(WireModel):
    """What an execution runs."""

    env_override: dict[str, Any] | None = Field(default=None, description="Env overrides, values masked.")
    memory_override: int | None = Field(default=None, description="Memory override in MB.")
    parallelism: int | None = Field(default=None, description="Tasks run in parallel.")
    timeout: int | None = Field(default=None, description="The job's timeout in seconds at creation.")
    tasks: list[JobExecutionTask] | None = Field(default=None, description="The tasks.")


class JobExecution(WireModel):
    """A job execution, as ``GET``/``DELETE /jobs/{jobId}/executions/{executionId}`` answer it."""

    metadata: JobExecutionMetadata | None = Field(default=None, description="Identity and timestamps.")
    spec: JobExecutionSpec | None = Field(default=None, description="What it runs.")
    status: str | None = Field(default=None, description="Status (see `ExecutionStatus`; others possible).")
    stats: JobExecutionStats | None = Field(default=None, description="Task counts.")
    tasks: list[JobExecutionTask] | None = Field(default=None, description="The tasks.")

    def all_tasks(self) -> list[JobExecutionTask]:
        """The tasks, from ``tasks`` or else ``spec.tasks`` (whichever the response fills)."""
        tasks = self.tasks if isinstance(self.tasks, list) else None
        if tasks is None and self.spec is not None and isinstance(self.spec.tasks, list):
            tasks = self.spec.tasks
        return [t for t in tasks or [] if isinstance(t, JobExecutionTask)]

    def stats_dict(self) -> dict[str, int]:
        """The task counts that are integers, by wire name."""
        if not isinstance(self.stats, JobExecutionStats):
            return {}
        counts = wire_dump(self.stats, extras=True)
        return {k: v for k, v in counts.items() if isinstance(v, int) and not isinstance(v, bool)}


def read_execution(data: Any) -> JobExecution:
    """An execution from a response body, read leniently.

    Raises:
        ValueError: ``data`` is not a JSON object.
    """
    if not isinstance(data, Mapping):
        raise ValueError("the body is not a JSON object")
    execution = read_lenient(JobExecution, data)
    if not isinstance(execution.status, str | None):
        execution.status = str(execution.status)
    if not isinstance(execution.metadata, JobExecutionMetadata):
        execution.metadata = None
    if not isinstance(execution.stats, JobExecutionStats):
        execution.stats = None
    return execution
