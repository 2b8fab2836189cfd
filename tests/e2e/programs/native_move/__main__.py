"""The job `nightly-etl` as a `BlaxelJob` (config `face=dynamic`, the default) or as the native provider's
`Job` (`face=native`); `adopt=true` sets `adopt` on the dynamic one; `alias=true` gives the native one an
alias to the dynamic type; `token` (secret) becomes the secret env var TOKEN."""

import pulumi

import blaxel_pulumi as blaxel
from blaxel_pulumi.native_sdk import Job

config = pulumi.Config()
token = config.get_secret("token")
envs = [blaxel.EnvVarArgs(name="TOKEN", value=token, secret=True)] if token is not None else None
args = blaxel.BlaxelJobArgs(
    name="nightly-etl",
    runtime=blaxel.JobRuntimeArgs(image="registry.example.com/etl:1.4", memory=2048, envs=envs),
    labels={"team": "data"},
)
if config.get("face") == "native":
    aliases = [pulumi.Alias(type_="pulumi-python:dynamic/blaxel:Job")] if config.get_bool("alias") else None
    job = Job("nightly", args, opts=pulumi.ResourceOptions(aliases=aliases))
    pulumi.export("url", job.url)
else:
    dynamic = blaxel.BlaxelJob("nightly", args, adopt=config.get_bool("adopt"))
    pulumi.export("url", dynamic.url)
