"""Canary traffic: send `canaryPercent` of executions to a canary revision.

Config: `canaryPercent` (0-100, default 10), `canary` (canary revision id, default `rev-2`).
Raise the percentage step by step with `pulumi config set canaryPercent 50 && pulumi up`.
"""

import pulumi

import blaxel_pulumi as blaxel

config = pulumi.Config()

job = blaxel.BlaxelJob(
    "canary-job",
    runtime=blaxel.JobRuntimeArgs(image="blaxel/etl:2.0", memory=2048),
    revision=blaxel.RevisionArgs(
        active="rev-1",
        canary=config.get("canary") or "rev-2",
        canary_percent=config.get_int("canaryPercent") or 10,
        traffic=100,
    ),
)

pulumi.export("name", job.name)
pulumi.export("revision", job.revision)
