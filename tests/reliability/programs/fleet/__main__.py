"""N jobs named `rel-<i>`, shaped by stack config (the reliability suite's workhorse).

Config (all optional): `count` (default 3), `image` (default `blaxel/worker:1.0`), `images` (a JSON object
`{"<i>": image}` overriding the image of some jobs), `secretEnv` (a secret: every job gets it as the secret
env var `TOKEN`), `asyncTrigger` (true: every job gets an `http-async` trigger `hook`), `memory`, `prefix`
(default `rel`: the jobs' names and resource names), `autoNamed` (true: no `name`, the jobs are auto-named).
"""

import pulumi

import blaxel_pulumi as blaxel

config = pulumi.Config()
count = config.get_int("count") or 3
image = config.get("image") or "blaxel/worker:1.0"
images: dict[str, str] = config.get_object("images") or {}
secret = config.get_secret("secretEnv")
async_trigger = config.get_bool("asyncTrigger") or False
memory = config.get_int("memory") or 2048
prefix = config.get("prefix") or "rel"
auto_named = config.get_bool("autoNamed") or False

jobs = []
for index in range(count):
    envs = [blaxel.EnvVarArgs(name="INDEX", value=str(index))]
    if secret is not None:
        envs.append(blaxel.EnvVarArgs(name="TOKEN", value=secret, secret=True))
    triggers = [blaxel.TriggerArgs(id="hook", type="http-async")] if async_trigger else None
    jobs.append(
        blaxel.BlaxelJob(
            f"{prefix}-{index}",
            name=None if auto_named else f"{prefix}-{index}",
            labels={"suite": "reliability"},
            runtime=blaxel.JobRuntimeArgs(image=images.get(str(index), image), memory=memory, envs=envs),
            triggers=triggers,
        )
    )

pulumi.export("names", [job.name for job in jobs])
pulumi.export("statuses", [job.status for job in jobs])
pulumi.export("callback_secrets", [job.trigger_callback_secrets for job in jobs])
pulumi.export("secret_env_values", [job.secret_env_values for job in jobs])
