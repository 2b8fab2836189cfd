"""One job named `envs-job` with `count` env vars `V0..V<count-1>` (value `value-<i>`).

Config: `count` (default 100), `changed` (index of an env var whose value becomes `changed`), `memory`
(default 2048), `secretValue` (a secret: the value of the secret env var `TOKEN`).
"""

import pulumi

import blaxel_pulumi as blaxel

config = pulumi.Config()
count = config.get_int("count") or 100
changed = config.get_int("changed")
secret = config.get_secret("secretValue") or pulumi.Output.secret("initial-secret")
envs = [
    blaxel.EnvVarArgs(name=f"V{i}", value="changed" if i == changed else f"value-{i}") for i in range(count)
]
envs.append(blaxel.EnvVarArgs(name="TOKEN", value=secret, secret=True))
job = blaxel.BlaxelJob(
    "envs",
    name="envs-job",
    labels={"team": "data"},
    runtime=blaxel.JobRuntimeArgs(
        image="blaxel/worker:1", memory=config.get_int("memory") or 2048, envs=envs
    ),
)
pulumi.export("name", job.name)
