"""The provider of `BlaxelJobsReady`: the class every stack's state refers to.

Stored states pickle it by reference (``blaxel_pulumi.provider.ready.JobsReadyProvider``): that path stays
importable for good. The program imports this module, so it imports nothing heavy: each call runs the method
of the same name of :class:`~blaxel_pulumi.core.ready_operations.JobsReadyOperations`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from blaxel_pulumi.provider.base import OperationsProvider

if TYPE_CHECKING:
    from blaxel_pulumi.core.ready_operations import JobsReadyOperations

__all__ = ["JobsReadyProvider"]


class JobsReadyProvider(OperationsProvider):
    """Waits until every job of ``jobs`` (``[{name, workspace, updated_at}]``) is DEPLOYED."""

    def _ops(self) -> JobsReadyOperations:
        from blaxel_pulumi.core.ready_operations import JobsReadyOperations

        return JobsReadyOperations.with_config(self._config)
