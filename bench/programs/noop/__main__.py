"""Benchmark baseline: ``count`` NoopJob resources shaped like the jobs program (config: count, memory); with
config ``kinds`` true, the no-op twin of ``programs/kinds`` instead (``noop_kinds.py``)."""

import pulumi
from noop_job import NoopJob  # type: ignore[import-not-found,unused-ignore]  # beside this file

config = pulumi.Config()
count = config.get_int("count") or 1
memory = config.get_int("memory") or 2048
stack = pulumi.get_stack()

if config.get_bool("kinds"):
    from noop_kinds import declare  # type: ignore[import-not-found,unused-ignore]  # beside this file

    declare(count, stack)
    pulumi.export("count", count)
else:
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
