"""What the dynamic provider of `BlaxelJob` does: the operations of every kind
(:class:`~blaxel_pulumi.core.kind_operations.KindOperations`) on jobs
(:data:`~blaxel_pulumi.core.job_kind.JOB`), with what only jobs have: the values of secret env vars, moved
out of ``runtime``.

The pickled provider, :class:`blaxel_pulumi.provider.provider.BlaxelJobProvider`, is a thin class that the
program imports without pydantic or httpx; each of its calls builds a :class:`JobOperations` with its stack
configuration and runs the method of the same name.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from blaxel_pulumi.api.models import Job
from blaxel_pulumi.core.job_kind import JOB
from blaxel_pulumi.core.kind_operations import KindOperations
from blaxel_pulumi.core.resource_kind import ResourceKind

__all__ = ["JobOperations", "secret_values"]


def secret_values(*props: Mapping[str, Any]) -> list[str]:
    """The secret values a job's ``props`` hold (env values, callback secrets): never quoted in messages or
    events."""
    return JOB.secret_values(*props)


class JobOperations(KindOperations):
    """Manages one Blaxel batch job per resource through Blaxel's REST API (the implementation of
    :class:`~blaxel_pulumi.provider.provider.BlaxelJobProvider`; never pickled)."""

    kind: ResourceKind[Job] = JOB
    """Batch jobs."""

    def _secret_outputs(self, seen: Mapping[str, Any], props: Mapping[str, Any]) -> dict[str, Any]:
        """The values of the env vars that are secret in the job as Blaxel reports it (``seen``), from
        ``props`` (Blaxel masks them on read)."""
        secrets = props.get("secret_env_values") or {}
        runtime = seen.get("runtime") or {}
        secret_names = {e.get("name") for e in runtime.get("envs") or [] if e.get("secret")}
        return {"secret_env_values": {k: v for k, v in secrets.items() if k in secret_names} or None}
