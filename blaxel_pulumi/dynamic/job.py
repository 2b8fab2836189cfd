"""`BlaxelJob`: a Blaxel batch job as a Pulumi resource.

```python
import blaxel_pulumi as blaxel

job = blaxel.BlaxelJob(
    "nightly",
    runtime=blaxel.JobRuntimeArgs(image="my-registry/etl:1.4", memory=4096, max_retries=2),
    triggers=[blaxel.TriggerArgs(type="cron", configuration={"schedule": "0 2 * * *"})],
)
pulumi.export("job_url", job.url)
```
"""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi.dynamic
from typing_extensions import Unpack

from blaxel_pulumi.core import ownership
from blaxel_pulumi.core.numbers import FLOAT_PATHS_KEY, float_paths
from blaxel_pulumi.dynamic.args import BlaxelJobArgs, BlaxelJobArgsDict, to_plain
from blaxel_pulumi.dynamic.lookup import lookup_inputs
from blaxel_pulumi.dynamic.outputs import SECRET_OUTPUTS, BlaxelJobOutputs
from blaxel_pulumi.dynamic.ownership_props import with_ownership
from blaxel_pulumi.dynamic.secret_split import split_secret_envs
from blaxel_pulumi.provider.provider import BlaxelJobProvider

__all__ = ["BlaxelJob"]

TYPE_TOKEN = "pulumi-python:dynamic/blaxel:Job"  # noqa: S105 (a type, not a password)
"""The type of a `BlaxelJob` resource, as its URN has it."""


def auto_name(resource_name: str, identity: str, qualified: str = "") -> str:
    """A valid job name for ``resource_name``: a cleaned prefix and a suffix stable for this resource
    (qualified type ``qualified``, see :func:`blaxel_pulumi.core.ownership.auto_name`) of this stack instance
    (``identity``, see :mod:`blaxel_pulumi.dynamic.stack_identity`)."""
    return ownership.auto_name(resource_name, identity, qualified or TYPE_TOKEN)


PROPERTY_KEYS = tuple(BlaxelJobOutputs.__annotations__)
"""Every property of the resource (inputs, options, internals, outputs), as the generated output
declarations list them: each is registered, so that each is an output of the resource."""


class BlaxelJob(BlaxelJobOutputs, pulumi.dynamic.Resource, module="blaxel", name="Job"):
    """A Blaxel batch job (type token `pulumi-python:dynamic/blaxel:Job`).

    Credentials come from stack config (`blaxel:apiKey`, `blaxel:workspace`, `blaxel:apiUrl`, `blaxel:env`),
    then the environment (`BL_API_KEY`, `BL_WORKSPACE`, `BL_API_URL`, `BL_ENV`), then `~/.blaxel/config.yaml`.
    Changing `name` or `workspace` replaces the job; everything else updates it in place with one `PUT`.
    Its output properties are declared (and documented) by `BlaxelJobOutputs`, generated from the field table.
    """

    def __init__(
        self,
        resource_name: str,
        args: BlaxelJobArgs | BlaxelJobArgsDict | None = None,
        opts: pulumi.ResourceOptions | None = None,
        **kwargs: Unpack[BlaxelJobArgsDict],
    ) -> None:
        """Declare a Blaxel batch job.

        Args:
            resource_name: The Pulumi name of the resource; also the prefix of the job's name when `name` is
                not set.
            args: The job's inputs as `BlaxelJobArgs` or a plain dict; keyword arguments are merged over it.
            opts: Pulumi resource options.
            **kwargs: The job's inputs (see `BlaxelJobArgs` for each one).
        """
        props: dict[str, Any] = dict(to_plain(args) or {})
        props.update({k: to_plain(v) for k, v in kwargs.items()})
        # The program's own whole floats (`{"ratio": 1.0}`): the engine cannot tell them from integers.
        props[FLOAT_PATHS_KEY] = float_paths(props, skip=(pulumi.Output,)) or None
        props["runtime"], secrets = split_secret_envs(props.get("runtime"))
        props["secret_env_values"] = secrets
        # The owner marker and auto-name identify this resource as the engine does (stack instance, type
        # with the parent chain's, name): see blaxel_pulumi.core.ownership.
        with_ownership(props, resource_name, TYPE_TOKEN, opts)
        for key in PROPERTY_KEYS:
            props.setdefault(key, None)
        secret_outputs = pulumi.ResourceOptions(additional_secret_outputs=list(SECRET_OUTPUTS))
        opts = pulumi.ResourceOptions.merge(opts, secret_outputs)
        super().__init__(BlaxelJobProvider(), resource_name, props, opts)

    @staticmethod
    def get(
        resource_name: str, id: pulumi.Input[str], opts: pulumi.ResourceOptions | None = None
    ) -> BlaxelJob:
        """Look up an existing job: a resource whose outputs are the job as Blaxel has it now.

        Pulumi reads the job at every `pulumi up` and `pulumi refresh`, and never creates, updates or
        deletes it (`pulumi destroy` leaves it as it is); one that does not exist fails the update.

        Args:
            resource_name: The Pulumi name of the resource (the job keeps its own name).
            id: The job's name on Blaxel (in the workspace the stack's settings name).
            opts: Pulumi resource options.
        """
        job = BlaxelJob.__new__(BlaxelJob)
        props, read_opts = lookup_inputs(id, PROPERTY_KEYS, SECRET_OUTPUTS, opts)
        pulumi.dynamic.Resource.__init__(job, BlaxelJobProvider(), resource_name, props, read_opts)
        return job
