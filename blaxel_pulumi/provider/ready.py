"""The provider of `BlaxelJobsReady`: the class every stack's state refers to.

Stored states pickle it by reference (``blaxel_pulumi.provider.ready.JobsReadyProvider``): that path stays
importable for good. The program imports this module, so it imports nothing heavy: each call runs the method
of the same name of :class:`~blaxel_pulumi.core.ready_operations.JobsReadyOperations`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pulumi.dynamic import CheckResult, CreateResult, DiffResult, ReadResult, UpdateResult

from blaxel_pulumi.provider.base import HostedProvider

if TYPE_CHECKING:
    from blaxel_pulumi.core.ready_operations import JobsReadyOperations

__all__ = ["JobsReadyProvider"]


class JobsReadyProvider(HostedProvider):
    """Waits until every job of ``jobs`` (``[{name, workspace, updated_at}]``) is DEPLOYED."""

    def _ops(self) -> JobsReadyOperations:
        from blaxel_pulumi.core.ready_operations import JobsReadyOperations

        return JobsReadyOperations.with_config(self._config)

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """`timeout` must be 1 to 86400 seconds, as a job's `deployment_timeout`; `jobs` must not be empty."""
        return self._ops().check(_olds, news)

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """Wait again whenever a job was created or updated since (its `updated_at` changed)."""
        return self._ops().diff(_id, olds, news)

    def create(self, props: dict[str, Any]) -> CreateResult:
        """Wait for every job."""
        return self._ops().create(props)

    def update(self, _id: str, _olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """Wait for every job again."""
        return self._ops().update(_id, _olds, news)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """Nothing to read: the jobs' own refresh reports their status."""
        return self._ops().read(id_, props)

    def delete(self, _id: str, _props: dict[str, Any]) -> None:
        """Nothing to delete."""
        self._ops().delete(_id, _props)
