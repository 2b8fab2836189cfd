"""Benchmark program: ``count`` BlaxelJob resources whose memory comes from config ``memory``.

Config (all optional): ``count`` (default 1), ``memory`` (MB, default 2048), and for the concurrency
experiments ``wait`` (false: ``wait_for_deployment=False``), ``barrier`` (true: one ``BlaxelJobsReady``
waits for every job's deployment), ``shards`` (k > 0: spread the jobs over k explicit
``pulumi-python`` provider instances, i.e. k provider processes) and ``types`` (2: every other job is declared
with a second resource type, ``BlaxelJobTwin``, same provider).
"""

import pulumi

import blaxel_pulumi as blaxel

config = pulumi.Config()
count = config.get_int("count") or 1
memory = config.get_int("memory") or 2048
wait = config.get_bool("wait")
shards = config.get_int("shards") or 0
types = config.get_int("types") or 1
stack = pulumi.get_stack()


class BlaxelJobTwin(blaxel.BlaxelJob, module="benchtwin", name="Job"):
    """``BlaxelJob`` under a second type token (``pulumi-python:dynamic/benchtwin:Job``)."""


classes = [blaxel.BlaxelJob, BlaxelJobTwin][:types]

providers = [pulumi.ProviderResource("pulumi-python", f"shard-{k}") for k in range(shards)]

jobs = []
for i in range(count):
    opts = pulumi.ResourceOptions(provider=providers[i % shards]) if shards else None
    jobs.append(
        classes[i % len(classes)](
            f"job-{i}",
            name=f"{stack}-{i}",
            labels={"bench": "jobs"},
            runtime=blaxel.JobRuntimeArgs(image="blaxel/bench-worker:1.0", memory=memory),
            wait_for_deployment=wait,
            opts=opts,
        )
    )

if config.get_bool("barrier"):
    blaxel.BlaxelJobsReady("deployed", jobs=jobs)

pulumi.export("count", len(jobs))
