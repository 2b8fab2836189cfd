"""A location policy and a job that names it (through the policy's output, so the engine orders them).

Config: `continent` (default `EU`), `policyName` (default: the auto-name), `bad` (`true`: a policy type
Blaxel does not have).
"""

import pulumi

import blaxel_pulumi as blaxel

config = pulumi.Config()
policy = blaxel.BlaxelPolicy(
    "residency",
    name=config.get("policyName"),
    type="region" if config.get_bool("bad") else "location",  # type: ignore[arg-type]
    locations=[{"name": config.get("continent") or "EU", "type": "continent"}],
    resource_types=["agent", "model"],
    labels={"team": "platform"},
)
job = blaxel.BlaxelJob(
    "etl",
    runtime=blaxel.JobRuntimeArgs(image="registry.example.com/etl:1.0", memory=2048),
    policies=[policy.name],
)

pulumi.export("policyName", policy.name)
pulumi.export("jobName", job.name)
