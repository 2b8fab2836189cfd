"""The provider of `BlaxelJobExecution`: the class every stack's state refers to.

Stored states pickle it by reference (``blaxel_pulumi.provider.execution.JobExecutionProvider``): that path
stays importable for good. The program imports this module, so it imports nothing heavy: each call runs the
method of the same name of :class:`~blaxel_pulumi.core.execution_operations.ExecutionOperations` (see there
for what it guarantees).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pulumi.dynamic import CheckResult, CreateResult, DiffResult, ReadResult, UpdateResult

from blaxel_pulumi.provider.base import HostedProvider

if TYPE_CHECKING:
    from blaxel_pulumi.core.execution_operations import ExecutionOperations

__all__ = ["JobExecutionProvider"]


class JobExecutionProvider(HostedProvider):
    """Starts one execution of a job per run of the resource."""

    def _ops(self) -> ExecutionOperations:
        from blaxel_pulumi.core.execution_operations import ExecutionOperations

        return ExecutionOperations.with_config(self._config)

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """Validate the inputs at preview (no request is sent)."""
        return self._ops().check(_olds, news)

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """A change of a run input replaces: a new execution. Other changes update (and send nothing)."""
        return self._ops().diff(_id, olds, news)

    def create(self, props: dict[str, Any]) -> CreateResult:
        """Start the execution (or find the one an earlier attempt started) and, unless ``wait`` is false,
        wait until it ends; fail when it did not succeed."""
        return self._ops().create(props)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """Read the execution; never starts anything."""
        return self._ops().read(id_, props)

    def update(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """Only ``wait``, ``timeout`` or ``allow_queue`` changed: record them, send nothing."""
        return self._ops().update(_id, olds, news)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """Cancel the execution if it has not ended; leave an ended (or expired) one alone."""
        self._ops().delete(id_, props)
