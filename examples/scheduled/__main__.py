"""A nightly job: a cron trigger that starts one task per dataset.

Config: `schedule` (cron, five fields, default `0 2 * * *`), `datasets` (comma-separated, default `a,b`).
"""

import pulumi

import blaxel_pulumi as blaxel

config = pulumi.Config()
datasets = (config.get("datasets") or "a,b").split(",")

job = blaxel.BlaxelJob(
    "nightly-etl",
    runtime=blaxel.JobRuntimeArgs(image="blaxel/etl:2.0", memory=4096, max_retries=2, max_concurrent_tasks=4),
    triggers=[
        blaxel.TriggerArgs(
            id="nightly",
            type="cron",
            configuration=blaxel.TriggerConfigurationArgs(
                schedule=config.get("schedule") or "0 2 * * *",
                tasks=[{"dataset": name.strip()} for name in datasets],
            ),
        )
    ],
)

pulumi.export("name", job.name)
pulumi.export("triggers", job.triggers)
