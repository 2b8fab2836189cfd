"""Secret env values: set them with `pulumi config set --secret dbPassword ...`.

Values of env vars with `secret=True` are Pulumi secrets in the state (`secret_env_values`), are masked by
Blaxel on read, and never appear in `pulumi preview --diff`. Non-secret fields stay readable.
"""

import pulumi

import blaxel_pulumi as blaxel

config = pulumi.Config()

job = blaxel.BlaxelJob(
    "secrets-job",
    runtime=blaxel.JobRuntimeArgs(
        image="blaxel/etl:2.0",
        memory=2048,
        envs=[
            blaxel.EnvVarArgs(name="DB_HOST", value=config.get("dbHost") or "db.internal"),
            blaxel.EnvVarArgs(name="DB_PASSWORD", value=config.require_secret("dbPassword"), secret=True),
            blaxel.EnvVarArgs(name="API_KEY", value=config.require_secret("apiKey"), secret=True),
        ],
    ),
)

pulumi.export("name", job.name)
pulumi.export("runtime", job.runtime)
