"""N jobs `rel-<i>` on the native provider (`blaxel:index:Job`). Config: `count` (default 3), `autoNamed`
(true: no `name`, the jobs are auto-named from the provider's stack identity)."""

import pulumi
import pulumi_blaxel as blaxel  # the generated Python SDK (sdk/python)

config = pulumi.Config()
auto_named = config.get_bool("autoNamed") or False
jobs = [
    blaxel.Job(
        f"rel-{index}",
        name=None if auto_named else f"rel-{index}",
        runtime=blaxel.JobRuntimeArgs(image="blaxel/worker:1.0", memory=2048),
    )
    for index in range(config.get_int("count") or 3)
]
pulumi.export("names", [job.name for job in jobs])
