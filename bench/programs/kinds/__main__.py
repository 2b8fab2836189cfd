"""Benchmark program: ``count`` copies of one object of each of the 10 kinds (10 x ``count`` resources).

Config (optional): ``count`` (default 1). Each copy is shaped like ``examples/agent-platform``: the job,
the model, the function and the agent name the policy through its output; the model and the function name
the integration connection; the volume is made from the volume template; the agent and the sandbox attach
the volume. Names are ``<stack>-<kind>-<i>``. ``programs/noop`` with config ``kinds`` is its no-op twin
(``noop_kinds.py``: the same resources, type tokens, property names and references, no HTTP).
"""

import pulumi

import blaxel_pulumi as blaxel

config = pulumi.Config()
count = config.get_int("count") or 1
stack = pulumi.get_stack()


def named(kind: str, i: int) -> str:
    """The Blaxel name of copy ``i`` of ``kind``."""
    return f"{stack}-{kind}-{i}"


for i in range(count):
    policy = blaxel.BlaxelPolicy(
        f"policy-{i}",
        name=named("policy", i),
        type="location",
        locations=[{"name": "US", "type": "country"}],
        resource_types=["agent", "model", "function"],
    )
    connection = blaxel.BlaxelIntegrationConnection(
        f"connection-{i}",
        name=named("connection", i),
        integration="openai",
        config={"org": "bench"},
        secret={"apiKey": pulumi.Output.secret("sk-bench")},
    )
    template = blaxel.BlaxelVolumeTemplate(
        f"template-{i}", name=named("template", i), default_size=1024, description="Scratch space"
    )
    volume = blaxel.BlaxelVolume(
        f"volume-{i}",
        name=named("volume", i),
        size=2048,
        region="us-pdx-1",
        template=pulumi.Output.concat(template.name, ":latest"),
    )
    blaxel.BlaxelDrive(f"drive-{i}", name=named("drive", i), region="us-pdx-1")
    model = blaxel.BlaxelModel(
        f"model-{i}",
        name=named("model", i),
        runtime={"type": "openai", "model": "gpt-4.1"},
        integration_connections=[connection.name],
        policies=[policy.name],
    )
    function = blaxel.BlaxelFunction(
        f"function-{i}",
        name=named("function", i),
        runtime={"image": "registry.example.com/search-mcp:1.2", "memory": 2048},
        integration_connections=[connection.name],
        policies=[policy.name],
    )
    blaxel.BlaxelAgent(
        f"agent-{i}",
        name=named("agent", i),
        runtime={
            "image": "registry.example.com/assistant:3.0",
            "memory": 4096,
            "envs": [
                {"name": "MODEL", "value": model.name},
                {"name": "SEARCH_FUNCTION", "value": function.name},
            ],
        },
        policies=[policy.name],
        volumes=[{"name": volume.name, "mount_path": "/data"}],
    )
    blaxel.BlaxelSandbox(
        f"sandbox-{i}",
        name=named("sandbox", i),
        runtime={"image": "blaxel/base:latest", "memory": 2048},
        volumes=[{"name": volume.name, "mount_path": "/data", "read_only": True}],
    )
    blaxel.BlaxelJob(
        f"job-{i}",
        name=named("job", i),
        labels={"volume": volume.name},
        runtime=blaxel.JobRuntimeArgs(image="registry.example.com/indexer:2.1", memory=4096),
        policies=[policy.name],
    )

pulumi.export("count", count)
