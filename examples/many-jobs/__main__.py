"""Many jobs from a config list: `pulumi config set --path 'jobs[0].name' ingest` and so on.

Config: `jobs`, a list of objects `{name, image, memory, schedule}` (only `name` is required); `count`, used
when `jobs` is not set, generates `count` jobs named `job-0`, `job-1`, ... (default 3); `waitTogether`
(default false): the jobs do not wait for their own deployment, one `BlaxelJobsReady` waits for all of them
at once (faster for large fleets: see docs/guides/concurrency.md).
"""

from typing import Any

import pulumi

import blaxel_pulumi as blaxel

config = pulumi.Config()
specs: list[dict[str, Any]] = config.get_object("jobs") or [
    {"name": f"job-{i}"} for i in range(config.get_int("count") or 3)
]
image = config.get("image") or "blaxel/worker:1.0"
wait_together = config.get_bool("waitTogether") or False

jobs = []
for spec in specs:
    triggers = None
    if spec.get("schedule"):
        triggers = [
            blaxel.TriggerArgs(id="schedule", type="cron", configuration={"schedule": spec["schedule"]})
        ]
    jobs.append(
        blaxel.BlaxelJob(
            spec["name"],
            name=spec["name"],
            labels={"fleet": pulumi.get_stack()},
            runtime=blaxel.JobRuntimeArgs(
                image=spec.get("image") or image, memory=int(spec.get("memory", 2048))
            ),
            triggers=triggers,
            wait_for_deployment=not wait_together,
        )
    )

pulumi.export("names", [job.name for job in jobs])
if wait_together:
    ready = blaxel.BlaxelJobsReady("fleet-ready", jobs=jobs, timeout=1200)
    pulumi.export("statuses", ready.statuses)
