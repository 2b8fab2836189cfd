"""One job `nightly` on either face, with resource options from stack config (tests/e2e/test_options.py).

Config: `face` (`dynamic`: `BlaxelJob`, the default; `native`: `blaxel:index:Job`), `jobName` (the job's
`name`; unset: an auto-name), `image` (default `registry.example.com/etl:1`), `memory` (default 2048),
`replaceOnChanges` (comma-separated property paths), `createTimeout`, `updateTimeout`, `deleteTimeout`
(Go durations of `custom_timeouts`). Exports `jobName` and `image`.
"""

import pulumi
import pulumi_blaxel as native  # the generated Python SDK (sdk/python)

import blaxel_pulumi as blaxel

config = pulumi.Config()
paths = [p.strip() for p in (config.get("replaceOnChanges") or "").split(",") if p.strip()]
timeouts = {op: config.get(f"{op}Timeout") for op in ("create", "update", "delete")}
opts = pulumi.ResourceOptions(
    replace_on_changes=paths or None,
    custom_timeouts=pulumi.CustomTimeouts(**timeouts) if any(timeouts.values()) else None,
)
image = config.get("image") or "registry.example.com/etl:1"
memory = config.get_int("memory") or 2048
if config.get("face") == "native":
    job = native.Job(
        "nightly",
        name=config.get("jobName"),
        runtime=native.JobRuntimeArgs(image=image, memory=memory),
        opts=opts,
    )
    pulumi.export("jobName", job.name)
    pulumi.export("image", job.runtime.apply(lambda r: r.image if r else None))
else:
    dynamic = blaxel.BlaxelJob(
        "nightly",
        name=config.get("jobName"),
        runtime=blaxel.JobRuntimeArgs(image=image, memory=memory),
        opts=opts,
    )
    pulumi.export("jobName", dynamic.name)
    pulumi.export("image", dynamic.runtime.apply(lambda r: (r or {}).get("image")))
