"""One job on the native provider, shaped by stack config (the contract of tests/e2e/test_native.py's faces).

Config: `jobName` (the job's `name`; unset: an auto-name), `memory` (default 2048), `mode` (value of env
MODE, default `full`), `token` (secret: env TOKEN, marked secret), `schedule` (the cron trigger's, default
`0 2 * * *`). Exports `jobName` and `url`.
"""

import pulumi
import pulumi_blaxel as blaxel  # the generated Python SDK (sdk/python)

config = pulumi.Config()
envs = [blaxel.EnvArgs(name="MODE", value=config.get("mode") or "full")]
token = config.get_secret("token")
if token is not None:
    envs.append(blaxel.EnvArgs(name="TOKEN", value=token, secret=True))

job = blaxel.Job(
    "nightly",
    name=config.get("jobName"),
    display_name="Nightly ETL",
    runtime=blaxel.JobRuntimeArgs(
        image="registry.example.com/etl:1.4", memory=config.get_int("memory") or 2048, envs=envs
    ),
    triggers=[
        blaxel.TriggerArgs(
            type="cron",
            configuration=blaxel.TriggerConfigurationArgs(schedule=config.get("schedule") or "0 2 * * *"),
        )
    ],
)

pulumi.export("jobName", job.name)
pulumi.export("url", job.url)
