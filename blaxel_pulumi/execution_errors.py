"""Errors of `BlaxelJobExecution`: an execution that ended without success, or a wait that ran out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from blaxel_pulumi.errors import BlaxelError

__all__ = ["ExecutionError", "ExecutionFailed", "ExecutionTimeout"]

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
