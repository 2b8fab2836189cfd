"""Every field of the `PUT /v0/jobs/{jobId}` request body, plus the newer spec's job fields.

Config: `apiToken` (secret, required: `pulumi config set --secret apiToken ...`), `memory` (optional).
"""

import pulumi

import blaxel_pulumi as blaxel

config = pulumi.Config()

job = blaxel.BlaxelJob(
    "full-spec",
    name="full-spec-job",
    display_name="Full spec job",
    labels={"team": "data", "tier": "batch"},
    external_id="ext-full-spec-1",
    enabled=True,
    policies=["eu-only"],
    region="us-was-1",
    revision=blaxel.RevisionArgs(
        active="rev-abc123",
        canary="rev-def456",
        canary_percent=10,
        sticky_session_ttl=0,
        traffic=100,
    ),
    runtime=blaxel.JobRuntimeArgs(
        envs=[
            blaxel.EnvVarArgs(name="MY_ENV_VAR", value="my-value"),
            blaxel.EnvVarArgs(name="API_TOKEN", value=config.require_secret("apiToken"), secret=True),
        ],
        generation="mk3",
        image="blaxel/full-spec:1.0",
        max_concurrent_tasks=10,
        max_retries=3,
        memory=config.get_int("memory") or 2048,
        ports=[blaxel.PortArgs(target=8080, name="http", protocol="HTTP")],
        timeout=3600,
        disk_percent=50,
    ),
    triggers=[
        blaxel.TriggerArgs(
            id="hourly",
            type="cron",
            enabled=True,
            configuration=blaxel.TriggerConfigurationArgs(
                schedule="0 * * * *",
                tasks=[{"dataset": "daily"}, {"dataset": "weekly"}],
            ),
        ),
        blaxel.TriggerArgs(
            id="trigger-1",
            type="http-async",
            enabled=True,
            configuration=blaxel.TriggerConfigurationArgs(
                authentication_type="blaxel",
                callback_url="https://myapp.com/webhook",
                path="/invoke",
                retry=3,
                timeout=300,
            ),
        ),
    ],
    volumes=[blaxel.VolumeArgs(name="scratch", mount_path="/mnt/scratch", type="ephemeral", size_mb=1024)],
    github_runner=blaxel.GithubRunnerArgs(repositories=["my-org/repo-a"]),
)

pulumi.export("name", job.name)
pulumi.export("status", job.status)
pulumi.export("created_at", job.created_at)
pulumi.export("trigger_callback_secrets", job.trigger_callback_secrets)
