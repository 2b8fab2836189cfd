"""The state machine of a job execution in the local Blaxel API, computed from timestamps (as rollouts are).

An execution is stored as when it was created, how long it runs, the job's task timeout, when it was
cancelled, and its tasks. Its status at any instant derives from those, so there is no background thread
and a restart on the same database resumes where it stands::

    elapsed / seconds:  [0, 0.1)   [0.1, 1)   >= 1
    status:             pending    running    succeeded, or failed when a task has "fail": true

* **Failing tasks**: a task whose parameters (the JSON object sent in ``tasks``) hold ``"fail": true``
  fails when the execution ends; the execution is then ``failed``, the others tasks ``succeeded``. With
  ``"fail_message": "..."`` the task fails the same way and its condition quotes that message, each
  ``${NAME}`` replaced by the execution's env value ``NAME`` (``${NAME:json}``: JSON-escaped), as a task
  that prints its environment in an error would.
* **Timeout**: when the job has ``spec.runtime.timeout`` (seconds) shorter than the execution's duration,
  the execution ends ``timeout`` at that time and its unfinished tasks are ``failed``.
* **Cancellation** (``DELETE``): ``cancelling`` for a tenth of the duration (at most 1 s), then
  ``cancelled``; unfinished tasks become ``cancelled``. Cancelling an ended execution changes nothing.
* **Expiry**: an ended execution is dropped from the history ``execution_retention_seconds`` after it
  ended (``GET`` answers 404).
"""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

from blaxel_pulumi.emulator.lifecycle import rfc3339

__all__ = ["ACTIVE", "RUNNING_AT", "Execution"]

RUNNING_AT = 0.1
"""Fraction of the duration after which the execution is ``running``."""
CANCEL_FRACTION = 0.1
"""Fraction of the duration an execution stays ``cancelling``."""
CANCEL_MAX = 1.0
"""Longest time an execution stays ``cancelling``, in seconds."""
ACTIVE = frozenset({"queued", "pending", "running", "cancelling"})
"""Statuses of an execution that has not ended."""


_ENV_REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(:json)?\}")


def _fails(task: Any) -> bool:
    return isinstance(task, dict) and (task.get("fail") is True or isinstance(task.get("fail_message"), str))


def _task_message(task: Any, env: dict[str, str]) -> str | None:
    """The message of a task with a ``fail_message``: that string, each ``${NAME}`` replaced by the
    execution's env value ``NAME`` and each ``${NAME:json}`` by the value JSON-escaped (as a program that
    quotes its environment in an error, or in a JSON document it prints, would)."""
    text = task.get("fail_message") if isinstance(task, dict) else None
    if not isinstance(text, str):
        return None

    def value(match: re.Match[str]) -> str:
        found = env.get(match.group(1), "")
        return json.dumps(found)[1:-1] if match.group(2) else found

    return _ENV_REFERENCE.sub(value, text)


@dataclasses.dataclass(frozen=True, kw_only=True)
class Execution:
    """One stored execution."""

    workspace: str
    """Workspace of the job."""
    job: str
    """Name of the job."""
    id: str
    """Execution id (the client's ``executionId`` or a generated one)."""
    tasks: list[Any]
    """Parameters of each task, as sent (one empty task when none were)."""
    env: dict[str, str]
    """Environment overrides, values in clear (answered masked)."""
    memory: int | None
    """Memory override in MB."""
    created: float
    """POSIX time of the ``POST``."""
    seconds: float
    """How long the execution runs."""
    timeout: float | None = None
    """The job's task timeout in seconds (``spec.runtime.timeout``) when the execution was created."""
    cancelled: float | None = None
    """POSIX time of the ``DELETE`` that cancelled it, if any."""
    created_by: str = ""
    """Principal that created it."""
    seq: int = 0
    """Creation order."""

    @property
    def natural_end(self) -> float:
        """When the execution ends unless cancelled: after its duration, or its timeout if shorter."""
        if self.timeout is not None and self.timeout < self.seconds:
            return self.created + self.timeout
        return self.created + self.seconds

    @property
    def timed_out(self) -> bool:
        """Whether the job's timeout ends the execution before its duration."""
        return self.timeout is not None and self.timeout < self.seconds

    def cancel_ends(self) -> float | None:
        """When a cancelled execution becomes ``cancelled`` (None when not cancelled before its end)."""
        if self.cancelled is None or self.cancelled >= self.natural_end:
            return None
        return self.cancelled + min(CANCEL_MAX, CANCEL_FRACTION * self.seconds)

    def ended_at(self) -> float:
        """When the execution ends (or ended)."""
        cancel_end = self.cancel_ends()
        return cancel_end if cancel_end is not None else self.natural_end

    def status_at(self, now: float) -> str:
        """The execution's status at ``now``."""
        cancel_end = self.cancel_ends()
        if cancel_end is not None and self.cancelled is not None and now >= self.cancelled:
            return "cancelled" if now >= cancel_end else "cancelling"
        if now >= self.natural_end:
            if self.timed_out:
                return "timeout"
            return "failed" if any(_fails(t) for t in self.tasks) else "succeeded"
        return "running" if now >= self.created + RUNNING_AT * self.seconds else "pending"

    def task_statuses(self, now: float) -> list[str]:
        """The status of each task at ``now``."""
        status = self.status_at(now)
        if status in ("pending", "running", "cancelling"):
            return [status if status != "cancelling" else "running"] * len(self.tasks)
        if status == "cancelled":
            return ["cancelled"] * len(self.tasks)
        if status == "timeout":
            return ["failed"] * len(self.tasks)
        return ["failed" if _fails(t) else "succeeded" for t in self.tasks]

    def stats_at(self, now: float) -> dict[str, int]:
        """Task counts at ``now`` (``JobExecutionStats``)."""
        statuses = self.task_statuses(now)
        return {
            "total": len(statuses),
            "success": statuses.count("succeeded"),
            "failure": statuses.count("failed"),
            "running": statuses.count("running") + statuses.count("pending"),
            "cancelled": statuses.count("cancelled"),
            "retried": 0,
        }

    def task_views(self, now: float) -> list[dict[str, Any]]:
        """The tasks as ``JobExecutionTask`` objects."""
        views = []
        ended = self.ended_at()
        for index, (task, status) in enumerate(zip(self.tasks, self.task_statuses(now), strict=True)):
            metadata: dict[str, Any] = {
                "name": f"task-{index}",
                "createdAt": rfc3339(self.created),
                "scheduledAt": rfc3339(self.created),
            }
            if status != "pending":
                metadata["startedAt"] = rfc3339(self.created + RUNNING_AT * self.seconds)
            conditions = []
            if status in ("succeeded", "failed", "cancelled"):
                metadata["completedAt"] = rfc3339(ended)
            if status == "failed":
                why = (
                    f"the job's timeout of {self.timeout:g} s passed"
                    if self.timed_out
                    else _task_message(task, self.env)
                    or 'simulated failure: the task\'s parameters have "fail": true'
                )
                conditions.append(
                    {
                        "type": "Completed",
                        "state": "False",
                        "severity": "Error",
                        "reason": "TaskFailed",
                        "message": f"Task task-{index} failed ({why}).",
                    }
                )
            views.append(
                {
                    "metadata": metadata,
                    "spec": {"parameters": task} if task else {},
                    "status": status,
                    "conditions": conditions,
                }
            )
        return views

    def view(self, now: float) -> dict[str, Any]:
        """The execution as ``GET`` answers it (``JobExecution``), env values masked."""
        status = self.status_at(now)
        metadata: dict[str, Any] = {
            "id": self.id,
            "job": self.job,
            "workspace": self.workspace,
            "createdAt": rfc3339(self.created),
            "updatedAt": rfc3339(min(now, self.ended_at())),
        }
        if status != "pending":
            metadata["startedAt"] = rfc3339(self.created + RUNNING_AT * self.seconds)
        if status not in ACTIVE:
            metadata["completedAt"] = rfc3339(self.ended_at())
        spec: dict[str, Any] = {"parallelism": len(self.tasks), "tasks": self.task_views(now)}
        if self.env:
            spec["envOverride"] = dict.fromkeys(self.env, "***")
        if self.memory is not None:
            spec["memoryOverride"] = self.memory
        if self.timeout is not None:
            spec["timeout"] = int(self.timeout)
        return {
            "metadata": metadata,
            "spec": spec,
            "status": status,
            "stats": self.stats_at(now),
            "tasks": spec["tasks"],
        }
