"""Quickstart: one Blaxel batch job.

Config (all optional): `image`, `memory` (MB), `name` (the job's name; derived from the resource name when
unset). Changing `image` or `memory` updates the job in place; changing `name` replaces it.
"""

import pulumi

import blaxel_pulumi as blaxel

config = pulumi.Config()

job = blaxel.BlaxelJob(
    "hello-job",
    name=config.get("name"),
    display_name="Hello job",
    labels={"team": "platform"},
    runtime=blaxel.JobRuntimeArgs(
        image=config.get("image") or "blaxel/hello-world:latest",
        memory=config.get_int("memory") or 2048,
        timeout=600,
    ),
)

pulumi.export("name", job.name)
pulumi.export("workspace", job.workspace)
pulumi.export("status", job.status)
pulumi.export("url", job.url)
