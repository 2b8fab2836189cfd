"""A job named `etl` in each of two workspaces, through two explicit provider instances with their own keys.

Config: `apiUrl`, `keyA` and `keyB` (secrets), `workspaceA`, `workspaceB`.
"""

import pulumi
import pulumi_blaxel as blaxel  # the generated Python SDK (sdk/python)

config = pulumi.Config()
runtime = blaxel.JobRuntimeArgs(image="registry.example.com/etl:1.4", memory=1024)
for team in ("A", "B"):
    provider = blaxel.Provider(
        f"team-{team.lower()}",
        api_key=config.require_secret(f"key{team}"),
        workspace=config.require(f"workspace{team}"),
        api_url=config.require("apiUrl"),
    )
    job = blaxel.Job(
        f"etl-{team.lower()}", name="etl", runtime=runtime, opts=pulumi.ResourceOptions(provider=provider)
    )
    pulumi.export(f"url{team}", job.url)
