"""The job `nightly-etl` as a `BlaxelJob` (config `face=dynamic`, the default) or as the native provider's
`Job` (`face=native`); `adopt=true` sets `adopt` on the dynamic one; `alias=true` gives the native one an
alias to the dynamic type; `token` (secret) becomes the secret env var TOKEN."""

import pulumi
import pulumi_blaxel as native  # the generated Python SDK (sdk/python)

import blaxel_pulumi as blaxel

config = pulumi.Config()
token = config.get_secret("token")
image, memory, labels = "registry.example.com/etl:1.4", 2048, {"team": "data"}
if config.get("face") == "native":
    aliases = [pulumi.Alias(type_="pulumi-python:dynamic/blaxel:Job")] if config.get_bool("alias") else None
    secret = [native.EnvArgs(name="TOKEN", value=token, secret=True)] if token is not None else None
    job = native.Job(
        "nightly",
        native.JobArgs(
            name="nightly-etl",
            runtime=native.JobRuntimeArgs(image=image, memory=memory, envs=secret),
            labels=labels,
        ),
        opts=pulumi.ResourceOptions(aliases=aliases),
    )
    pulumi.export("url", job.url)
else:
    envs = [blaxel.EnvVarArgs(name="TOKEN", value=token, secret=True)] if token is not None else None
    args = blaxel.BlaxelJobArgs(
        name="nightly-etl",
        runtime=blaxel.JobRuntimeArgs(image=image, memory=memory, envs=envs),
        labels=labels,
    )
    dynamic = blaxel.BlaxelJob("nightly", args, adopt=config.get_bool("adopt"))
    pulumi.export("url", dynamic.url)
