"""Benchmark baseline: ``count`` NoopJob resources shaped like the jobs program (config: count, memory)."""

import pulumi
from noop_job import NoopJob  # type: ignore[import-not-found,unused-ignore]  # beside this file

config = pulumi.Config()
count = config.get_int("count") or 1
memory = config.get_int("memory") or 2048
stack = pulumi.get_stack()

jobs = [
    NoopJob(
        f"job-{i}",
        name=f"{stack}-{i}",
        labels={"bench": "jobs"},
        runtime={"image": "blaxel/bench-worker:1.0", "memory": memory},
    )
    for i in range(count)
]

pulumi.export("count", len(jobs))
