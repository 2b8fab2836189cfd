"""Adopt an existing job: `pulumi import` does not work for dynamic providers, so adoption is an input.

Config: `name` (required, the existing job's name), `image`, `adopt` (default false). The safe pattern:
`pulumi config set adopt true` for the one `pulumi up` that adopts the job, then `pulumi config rm adopt`.
Adoption only ever happens at the resource's first create, and only of the job it names then; a job of the
same name that this stack did not create is otherwise never taken over.
"""

import pulumi

import blaxel_pulumi as blaxel

config = pulumi.Config()

job = blaxel.BlaxelJob(
    "adopted",
    name=config.require("name"),
    adopt=config.get_bool("adopt") or False,
    runtime=blaxel.JobRuntimeArgs(image=config.get("image") or "blaxel/legacy:1.0", memory=2048),
)

pulumi.export("name", job.name)
pulumi.export("created_at", job.created_at)
