"""The upgrade test's program: written against the public API of blaxel-pulumi 0.1.0 only, it is run first
with a released version, then unchanged with the working tree's package (tests/e2e/test_upgrade.py).

Never change what it declares in a way the oldest release in `tests/e2e/releases.py` cannot run: the point is
that the same program text keeps working. Config: `apiToken` and `dbPassword` (secrets), `memory` (optional).

* `full`: every field of the job (as examples/full-spec), a secret env var, cron, http and http-async
  triggers (Blaxel generates a callback secret for the last), its name chosen per stack;
* `auto`: no `name` (auto-named), given as a plain dict, a secret env var, an http-async trigger without an
  id (the provider fills it in), `wait_for_deployment=False`;
* `ready`: a `BlaxelJobsReady` waiting for `auto` (its pickled provider is in the state too).
"""

import pulumi

import blaxel_pulumi as blaxel

config = pulumi.Config()
stack = pulumi.get_stack()

full = blaxel.BlaxelJob(
    "full",
    name=f"upgrade-full-{stack}",
    display_name="Upgrade test, every field",
    labels={"team": "data", "tier": "batch"},
    external_id=f"ext-upgrade-{stack}",
    enabled=True,
    policies=["eu-only", "audit"],
    region="us-was-1",
    revision=blaxel.RevisionArgs(
        active="rev-abc123", canary="rev-def456", canary_percent=10, sticky_session_ttl=0, traffic=100
    ),
    runtime=blaxel.JobRuntimeArgs(
        envs=[
            blaxel.EnvVarArgs(name="MY_ENV_VAR", value="my-value"),
            blaxel.EnvVarArgs(name="API_TOKEN", value=config.require_secret("apiToken"), secret=True),
        ],
        generation="mk3",
        image="blaxel/upgrade:1.0",
        max_concurrent_tasks=10,
        max_retries=3,
        memory=config.get_int("memory") or 2048,
        ports=[
            blaxel.PortArgs(target=8080, name="http", protocol="HTTP"),
            blaxel.PortArgs(target=9090, name="metrics"),
        ],
        timeout=3600,
        disk_percent=50,
    ),
    triggers=[
        blaxel.TriggerArgs(
            id="hourly",
            type="cron",
            enabled=True,
            configuration=blaxel.TriggerConfigurationArgs(
                schedule="0 * * * *", tasks=[{"dataset": "daily"}, {"dataset": "weekly"}]
            ),
        ),
        blaxel.TriggerArgs(
            id="async",
            type="http-async",
            configuration=blaxel.TriggerConfigurationArgs(
                authentication_type="blaxel",
                callback_url="https://example.com/webhook",
                path="/invoke",
                retry=3,
                timeout=300,
            ),
        ),
        blaxel.TriggerArgs(id="sync", type="http", configuration={"path": "/run"}),
    ],
    volumes=[blaxel.VolumeArgs(name="scratch", mount_path="/mnt/scratch", type="ephemeral", size_mb=1024)],
    github_runner=blaxel.GithubRunnerArgs(repositories=["my-org/repo-b", "my-org/repo-a"]),
    deployment_timeout=300,
)

auto = blaxel.BlaxelJob(
    "auto-named",
    {
        "runtime": {
            "image": "blaxel/upgrade-auto:1.0",
            "memory": 1024,
            "envs": [
                {"name": "DB_PASSWORD", "value": config.require_secret("dbPassword"), "secret": True},
                {"name": "DB_HOST", "value": "db.internal"},
            ],
        },
        "triggers": [{"type": "http-async", "configuration": {"callback_url": "https://example.com/done"}}],
        "wait_for_deployment": False,
    },
)

ready = blaxel.BlaxelJobsReady("ready", jobs=[auto], timeout=120)

pulumi.export("package_file", blaxel.__file__)
pulumi.export("names", [full.name, auto.name])
pulumi.export("statuses", ready.statuses)
