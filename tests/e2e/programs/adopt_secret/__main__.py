"""Adopt the existing job `legacy-etl` (adopt=True) with the secret env var `AWS_SECRET`.

Config: `awsSecret` (a secret, optional: without it the env var is declared with no value, as code written
from what Blaxel shows of the job would be).
"""

import pulumi

import blaxel_pulumi as blaxel

config = pulumi.Config()
job = blaxel.BlaxelJob(
    "adopted",
    name="legacy-etl",
    adopt=True,
    runtime=blaxel.JobRuntimeArgs(
        image="blaxel/legacy:0.9",
        memory=1024,
        envs=[
            blaxel.EnvVarArgs(name="MODE", value="full"),
            blaxel.EnvVarArgs(name="AWS_SECRET", value=config.get_secret("awsSecret"), secret=True),
        ],
    ),
)
pulumi.export("name", job.name)
