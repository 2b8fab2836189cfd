"""A resource's waits, as its options bound them: ``wait_for_deployment``, ``deployment_timeout`` and the
resource option ``custom_timeouts``.

The waits themselves (until a job is DEPLOYED, until it is gone) are the API's
(:mod:`blaxel_pulumi.api.waits`); this module decides whether a resource waits and for how long, reports
progress on the engine's console, and says in a timeout's error when a custom timeout ended it.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from blaxel_pulumi.api.kinds import JOBS, ApiKind
from blaxel_pulumi.api.waits import DELETE_TIMEOUT, wait_for_deletion, wait_for_deployment
from blaxel_pulumi.core.console import report as console_report
from blaxel_pulumi.core.options import Operation, option_timeout
from blaxel_pulumi.core.schema import DEFAULT_DEPLOYMENT_TIMEOUT
from blaxel_pulumi.errors import DeploymentTimeout, NotFound

if TYPE_CHECKING:
    from blaxel_pulumi.api.client import BlaxelClient

__all__ = ["OperationBound", "delete_and_wait", "deployment_timeout", "wait_as_configured"]


def deployment_timeout(props: Mapping[str, Any]) -> float:
    """The resource's ``deployment_timeout`` in seconds (its default when not set)."""
    return float(props.get("deployment_timeout") or DEFAULT_DEPLOYMENT_TIMEOUT)


class OperationBound:
    """How long the wait of one operation may take: its own limit (``deployment_timeout``, or the deletion
    wait's), or what is left of the resource's ``custom_timeouts`` for the operation when that is shorter
    (counted from the start of the operation)."""

    def __init__(self, props: Mapping[str, Any], operation: Operation, limit: float) -> None:
        """The bound of ``operation`` of the resource whose properties are ``props``, at most ``limit``
        seconds, starting now."""
        self._started = time.monotonic()
        self._limit = limit
        self._custom = option_timeout(props, operation)
        self._operation = operation

    def seconds(self) -> float:
        """Seconds the wait may take from now."""
        if self._custom is None:
            return self._limit
        return max(0.0, min(self._limit, self._custom[0] - (time.monotonic() - self._started)))

    def explain(self, exc: DeploymentTimeout) -> DeploymentTimeout:
        """``exc`` saying that the resource's custom timeout ended the wait, when it did."""
        if self._custom is not None and self._custom[0] < self._limit:
            exc.append_detail(
                f"The wait was bounded by the resource option customTimeouts ({self._operation}: "
                f"{self._custom[1]}); raise it to wait longer."
            )
        return exc


def delete_and_wait(
    client: BlaxelClient, name: str, bound: OperationBound | None = None, kind: ApiKind[Any] = JOBS
) -> None:
    """DELETE the ``kind`` object (a job) and wait until it is gone (bounded); one already gone is fine."""
    try:
        client.delete(kind, name)
    except NotFound:
        return
    try:
        timeout = bound.seconds() if bound is not None else DELETE_TIMEOUT
        wait_for_deletion(client, name, timeout=timeout, report=console_report, kind=kind)
    except DeploymentTimeout as exc:
        raise bound.explain(exc) if bound is not None else exc from None


def wait_as_configured(
    client: BlaxelClient,
    job: Any,
    props: Mapping[str, Any],
    since: datetime,
    bound: OperationBound,
    kind: ApiKind[Any] = JOBS,
) -> Any:
    """Wait for DEPLOYED as the resource's options say (`wait_for_deployment`, `deployment_timeout`,
    `custom_timeouts`: ``bound``)."""
    if props.get("wait_for_deployment", True) is False:
        return job
    try:
        return wait_for_deployment(
            client, job, timeout=bound.seconds(), since=since, report=console_report, kind=kind
        )
    except DeploymentTimeout as exc:
        raise bound.explain(exc) from None
