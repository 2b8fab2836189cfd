"""Migrate, then serve: deploy a migration job, then run it once per migration version.

Config (all optional): `migrationVersion` (the run key: change it to run the migration again; default
`0001`), `image`, `shards` (how many tasks, default 2), `failShard` (a shard number whose task fails, to see
a failed run; the local Blaxel API fails a task whose parameters hold `"fail": true`), `wait` (`false`:
start the run and return), `timeout` (seconds to wait), `databaseUrl` (secret: passed to this run only).
"""

from typing import Any

import pulumi

import blaxel_pulumi as blaxel

config = pulumi.Config()
shards = config.get_int("shards") or 2
fail_shard = config.get_int("failShard")

job = blaxel.BlaxelJob(
    "migrate",
    display_name="Database migration",
    runtime=blaxel.JobRuntimeArgs(
        image=config.get("image") or "blaxel/migrate:1.0",
        memory=2048,
        timeout=900,
    ),
)

tasks: list[dict[str, Any]] = [
    {"shard": shard, **({"fail": True} if shard == fail_shard else {})} for shard in range(1, shards + 1)
]
migration = blaxel.BlaxelJobExecution(
    "migrate-run",
    job=job,  # runs after the job's deployment
    run_key=config.get("migrationVersion") or "0001",
    tasks=tasks,
    env={"DATABASE_URL": config.get_secret("databaseUrl") or "postgres://localhost/app"},
    wait=config.get_bool("wait"),
    timeout=config.get_float("timeout"),
)

pulumi.export("job", job.name)
pulumi.export("execution_id", migration.execution_id)
pulumi.export("status", migration.status)
pulumi.export("stats", migration.stats)
pulumi.export("run_key", migration.run_key)
