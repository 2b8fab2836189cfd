"""The provider of `BlaxelJobExecution`: the class every stack's state refers to.

Stored states pickle it by reference (``blaxel_pulumi.provider.execution.JobExecutionProvider``): that path
stays importable for good. The program imports this module, so it imports nothing heavy: each call runs the
method of the same name of :class:`~blaxel_pulumi.core.execution_operations.ExecutionOperations` (see there
for what it guarantees).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from blaxel_pulumi.provider.base import OperationsProvider

if TYPE_CHECKING:
    from blaxel_pulumi.core.execution_operations import ExecutionOperations

__all__ = ["JobExecutionProvider"]


class JobExecutionProvider(OperationsProvider):
    """Starts one execution of a job per run of the resource."""

    def _ops(self) -> ExecutionOperations:
        from blaxel_pulumi.core.execution_operations import ExecutionOperations

        return ExecutionOperations.with_config(self._config)
