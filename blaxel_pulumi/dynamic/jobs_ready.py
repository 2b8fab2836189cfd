"""`BlaxelJobsReady`: wait for many jobs' deployments at once.

```python
jobs = [blaxel.BlaxelJob(f"worker-{i}", wait_for_deployment=False, runtime=...) for i in range(50)]
ready = blaxel.BlaxelJobsReady("workers-ready", jobs=jobs, timeout=1200)
pulumi.export("statuses", ready.statuses)
```

Jobs that wait for their own deployment do so at most 4 at a time (the limit of Pulumi's Python
dynamic-provider process). Declared with `wait_for_deployment=False`, they return as soon as Blaxel accepted
them, and this resource polls all of them in one call: `pulumi up` takes about one rollout, not N/4 of them.
It waits again whenever one of the jobs is created or updated. A failed rollout fails this resource (with the
job's events); unlike a job's own wait, it does not roll the job back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pulumi
import pulumi.dynamic

from blaxel_pulumi.dynamic.job import BlaxelJob
from blaxel_pulumi.provider.ready import JobsReadyProvider

__all__ = ["BlaxelJobsReady"]


class BlaxelJobsReady(pulumi.dynamic.Resource, module="blaxel", name="JobsReady"):
    """Waits until every given `BlaxelJob` is DEPLOYED (type `pulumi-python:dynamic/blaxel:JobsReady`)."""

    jobs: pulumi.Output[list[dict[str, Any]]]
    """The jobs waited for: `{name, workspace, updated_at}` each."""
    timeout: pulumi.Output[int | None]
    """Seconds to wait for all of them."""
    statuses: pulumi.Output[dict[str, str]]
    """The status of each job when the wait ended, by job name."""

    def __init__(
        self,
        resource_name: str,
        jobs: Sequence[BlaxelJob],
        timeout: pulumi.Input[int] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """Wait for ``jobs`` (declare them with `wait_for_deployment=False`) within ``timeout`` seconds
        (default 1200)."""
        watched = [
            pulumi.Output.all(job.name, job.workspace, job.updated_at).apply(
                lambda v: {"name": v[0], "workspace": v[1], "updated_at": v[2]}
            )
            for job in jobs
        ]
        props = {"jobs": watched, "timeout": timeout, "statuses": None}
        super().__init__(JobsReadyProvider(), resource_name, props, opts)
