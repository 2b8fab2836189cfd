"""One job with `adopt=True`, named by stack config.

Config: `name` (the job to adopt), `adopt` (default true), `image` (default `blaxel/adopter:1`), `memory`
(default 2048).
"""

import pulumi

import blaxel_pulumi as blaxel

config = pulumi.Config()
job = blaxel.BlaxelJob(
    "adopted",
    name=config.require("name"),
    adopt=config.get_bool("adopt") is not False,
    runtime=blaxel.JobRuntimeArgs(
        image=config.get("image") or "blaxel/adopter:1", memory=config.get_int("memory") or 2048
    ),
)
pulumi.export("name", job.name)
