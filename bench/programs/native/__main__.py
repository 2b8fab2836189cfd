"""Benchmark program: ``count`` native jobs (``blaxel:index:Job``), shaped like ``programs/jobs``.

Config (all optional): ``count`` (default 1), ``memory`` (MB, default 2048). The jobs are declared with the
generated Python SDK's ``pulumi_blaxel.Job`` (``sdk/python``), as a Python program would; the engine starts
the provider plugin ``pulumi-resource-blaxel`` from PATH (the benchmark's virtualenv), and credentials come
from the ``BL_*`` environment of the local Blaxel API. Every job waits for its deployment (the provider's
default).
"""

import pulumi
import pulumi_blaxel as blaxel

config = pulumi.Config()
count = config.get_int("count") or 1
memory = config.get_int("memory") or 2048
stack = pulumi.get_stack()

jobs = [
    blaxel.Job(
        f"job-{i}",
        name=f"{stack}-{i}",
        labels={"bench": "jobs"},
        runtime=blaxel.JobRuntimeArgs(image="blaxel/bench-worker:1.0", memory=memory),
    )
    for i in range(count)
]

pulumi.export("count", len(jobs))
