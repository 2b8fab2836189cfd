"""One job whose cron trigger's tasks hold whole numbers, on the face that config `face` names.

Config: `face` (`dynamic`: `BlaxelJob`; `native`: `blaxel:index:Job`), `displayName` (default `Numbers`),
`shard` (the first task's shard, default 1). The program never declares `runtime.maxConcurrentTasks`.
"""

from typing import Any

import pulumi
import pulumi_blaxel as native  # the generated Python SDK (sdk/python)

import blaxel_pulumi as blaxel

config = pulumi.Config()
face = config.require("face")
tasks: list[dict[str, Any]] = [
    {"shard": config.get_int("shard") or 1, "ratio": 0.5, "weight": 1.0, "nested": {"ids": [1, 2, {"n": 3}]}},
    {"shard": 2},
]
name = f"numbers-{face}"
display_name = config.get("displayName") or "Numbers"
image = "registry.example.com/numbers:1.0"
if face == "dynamic":
    dynamic = blaxel.BlaxelJob(
        "numbers",
        name=name,
        display_name=display_name,
        runtime=blaxel.JobRuntimeArgs(image=image, memory=2048),
        triggers=[
            blaxel.TriggerArgs(
                id="nightly",
                type="cron",
                configuration=blaxel.TriggerConfigurationArgs(schedule="0 2 * * *", tasks=tasks),
            )
        ],
    )
    pulumi.export("jobName", dynamic.name)
else:
    job = native.Job(
        "numbers",
        name=name,
        display_name=display_name,
        runtime=native.JobRuntimeArgs(image=image, memory=2048),
        triggers=[
            native.TriggerArgs(
                id="nightly",
                type="cron",
                configuration=native.TriggerConfigurationArgs(schedule="0 2 * * *", tasks=tasks),
            )
        ],
    )
    pulumi.export("jobName", job.name)
