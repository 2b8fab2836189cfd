"""A job and one run of it with the secret env override `DATABASE_URL`; its second task fails with a
message that quotes the URL, plainly and JSON-escaped (the local Blaxel API expands `${NAME}` and
`${NAME:json}` in a task's `"fail_message"` from the execution's env).

Config: `databaseUrl` (a secret, required), `wait` (default true), `runKey` (default `1`).
"""

import pulumi

import blaxel_pulumi as blaxel

config = pulumi.Config()
job = blaxel.BlaxelJob(
    "worker", runtime=blaxel.JobRuntimeArgs(image="blaxel/worker:1.0", memory=1024, timeout=900)
)
run = blaxel.BlaxelJobExecution(
    "run",
    job=job,
    run_key=config.get("runKey") or "1",
    tasks=[
        {"shard": 1},
        {
            "shard": 2,
            "fail_message": 'cannot connect to ${DATABASE_URL}; settings {"url": "${DATABASE_URL:json}"}',
        },
    ],
    env={"DATABASE_URL": config.require_secret("databaseUrl")},
    wait=config.get_bool("wait"),
)
pulumi.export("execution_id", run.execution_id)
pulumi.export("status", run.status)
pulumi.export("failed_tasks", run.failed_tasks)
