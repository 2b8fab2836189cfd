"""Adopt an existing job: `pulumi import` does not work for dynamic providers, so adoption is an input.

Config: `name` (required, the existing job's name), `image`, `adopt` (default true). With `adopt=False`, a job
of that name that this stack did not create makes `pulumi up` fail with a message that explains `adopt`.
"""

import pulumi

import blaxel_pulumi as blaxel

config = pulumi.Config()
adopt = config.get_bool("adopt")

job = blaxel.BlaxelJob(
    "adopted",
    name=config.require("name"),
    adopt=True if adopt is None else adopt,
    runtime=blaxel.JobRuntimeArgs(image=config.get("image") or "blaxel/legacy:1.0", memory=2048),
)

pulumi.export("name", job.name)
pulumi.export("created_at", job.created_at)
