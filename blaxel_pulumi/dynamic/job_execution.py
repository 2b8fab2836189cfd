"""`BlaxelJobExecution`: run a Blaxel batch job as part of a deployment.

```python
job = blaxel.BlaxelJob("migrate", runtime=blaxel.JobRuntimeArgs(image="registry/app:2.3"))
migration = blaxel.BlaxelJobExecution(
    "migrate-db",
    job=job,                          # runs after the job's deployment
    run_key="schema-42",              # change it to run again
    tasks=[{"step": "migrate"}],
    env={"DATABASE_URL": db_url},     # secret in the state
)
pulumi.export("migration_status", migration.status)
```

Creating the resource starts one execution and, by default, waits until it ends: `pulumi up` fails when it
failed, timed out or was cancelled. A change of `run_key`, `tasks`, `env`, `memory`, `job` or `workspace`
runs a new execution (a replacement), and so does `pulumi up --replace` (the old run is cancelled first if
it is still running); nothing else ever does. See docs/guides/executions.md for the safety guarantees.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pulumi
import pulumi.dynamic

from blaxel_pulumi.dynamic.job import BlaxelJob
from blaxel_pulumi.dynamic.stack_identity import marker, stack_identity
from blaxel_pulumi.provider.execution import JobExecutionProvider

__all__ = ["BlaxelJobExecution"]

_OWNER_LENGTH = 32
_SECRET_OUTPUTS = ["env", "failed_tasks"]
"""Outputs that are secrets: the env overrides, and what failed tasks said (a task may quote its env)."""


class BlaxelJobExecution(pulumi.dynamic.Resource, module="blaxel", name="JobExecution"):
    """One execution of a Blaxel batch job, started on create.

    Type token `pulumi-python:dynamic/blaxel:JobExecution`.

    Credentials and workspace come from the same stack config and environment as `BlaxelJob`'s.
    """

    job: pulumi.Output[str]
    """Name of the job that runs. Changing it runs a new execution."""
    workspace: pulumi.Output[str | None]
    """Workspace of the job (None: the configured one). Changing it runs a new execution."""
    tasks: pulumi.Output[list[dict[str, Any]] | None]
    """Parameters of each task (None: one task without parameters). Changing them runs a new execution."""
    env: pulumi.Output[dict[str, str] | None]
    """Environment overrides for this execution (secret in the state). Changing them runs a new execution."""
    memory: pulumi.Output[int | None]
    """Memory override in MB (at most the job's memory). Changing it runs a new execution."""
    run_key: pulumi.Output[str | None]
    """Any string whose change runs a new execution, e.g. an image tag or a migration version."""
    wait: pulumi.Output[bool | None]
    """Whether `create` waits for the execution to end (default True). Changing it sends nothing."""
    timeout: pulumi.Output[float | None]
    """Seconds `create` waits for the execution to end (default 3600). Changing it sends nothing."""
    allow_queue: pulumi.Output[bool | None]
    """False: fail at once (429) when the job cannot start the execution now instead of queueing it."""
    execution_id: pulumi.Output[str]
    """Id of the execution (chosen by the provider before starting it; the same for every retry)."""
    status: pulumi.Output[str | None]
    """Status of the execution when last read: `succeeded`, `failed`, `running`, ... (kept once Blaxel has
    expired the execution from its history)."""
    stats: pulumi.Output[dict[str, int] | None]
    """Task counts when last read: `total`, `success`, `failure`, `running`, `cancelled`, `retried`."""
    created_at: pulumi.Output[str | None]
    """When the execution was created (RFC 3339)."""
    started_at: pulumi.Output[str | None]
    """When its first task started."""
    completed_at: pulumi.Output[str | None]
    """When it ended (None while it runs)."""
    failed_tasks: pulumi.Output[list[str] | None]
    """The failed tasks as `"name: message"`, when Blaxel lists them: a secret (a task's message may quote
    its environment), with the known secret values replaced by `[redacted]`."""
    owner: pulumi.Output[str]
    """Marker of this resource in this stack instance, from which execution ids are derived."""

    def __init__(
        self,
        resource_name: str,
        *,
        job: pulumi.Input[str] | BlaxelJob,
        tasks: pulumi.Input[Sequence[pulumi.Input[Mapping[str, Any]]]] | None = None,
        env: pulumi.Input[Mapping[str, pulumi.Input[str]]] | None = None,
        memory: pulumi.Input[int] | None = None,
        run_key: pulumi.Input[str] | None = None,
        wait: pulumi.Input[bool] | None = None,
        timeout: pulumi.Input[float] | None = None,
        allow_queue: pulumi.Input[bool] | None = None,
        workspace: pulumi.Input[str] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """Run ``job`` once.

        Args:
            resource_name: The Pulumi name of the resource.
            job: The job's name, or the `BlaxelJob` itself (the execution then waits for its deployment and
                runs in its workspace unless ``workspace`` is given).
            tasks: One JSON object of parameters per task; tasks run in parallel up to the job's concurrency.
            env: Environment variables for this execution, merged over the job's; kept secret.
            memory: Memory in MB for this execution, at most the job's configured memory.
            run_key: Any string: changing it runs the job again (e.g. `image tag`, `migration-0042`).
            wait: Wait for the execution to end and fail `up` if it did not succeed (default True).
            timeout: Seconds to wait (default 3600, at most 86400); past it `up` fails and the execution
                keeps running.
            allow_queue: False: fail at once when the job is busy instead of queueing (default True).
            workspace: The workspace of the job when it is not the configured one.
            opts: Resource options.
        """
        if isinstance(job, BlaxelJob):
            if workspace is None:
                workspace = job.workspace
            job = job.name
        identity = stack_identity()
        props: dict[str, Any] = {
            "job": job,
            "workspace": workspace,
            "tasks": tasks,
            "env": pulumi.Output.secret(env) if env is not None else None,
            "memory": memory,
            "run_key": run_key,
            "wait": wait,
            "timeout": timeout,
            "allow_queue": allow_queue,
            "owner": identity.apply(
                lambda i: marker(i, "blaxel:JobExecution", resource_name)[:_OWNER_LENGTH]
            ),
            "execution_id": None,
            "status": None,
            "stats": None,
            "created_at": None,
            "started_at": None,
            "completed_at": None,
            "failed_tasks": None,
        }
        # A replacement deletes first: the new run never overlaps the old one, and its create knows the old
        # run's id (so it starts a new one); a program may still set `delete_before_replace=False`.
        opts = pulumi.ResourceOptions.merge(pulumi.ResourceOptions(delete_before_replace=True), opts)
        opts = pulumi.ResourceOptions.merge(
            opts, pulumi.ResourceOptions(additional_secret_outputs=_SECRET_OUTPUTS)
        )
        super().__init__(JobExecutionProvider(), resource_name, props, opts)
