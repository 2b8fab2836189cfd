"""An agent platform: what a team that ships an agent on Blaxel declares with it.

A residency policy, a volume, a connection to an LLM provider (its API key a secret), a model gateway on
that connection, an MCP server (function), the agent itself, and an indexing job that uses the policy and
runs once per corpus version. Each resource names the others through their outputs, so Pulumi creates what
is named first and deletes it last.

Config: `openaiKey` (secret, required), `region` (default `us-pdx-1`), `agentImage`, `corpusVersion` (the
run key of the indexing run: change it to index again; default `v1`).
"""

import pulumi

import blaxel_pulumi as blaxel

config = pulumi.Config()
region = config.get("region") or "us-pdx-1"

residency = blaxel.BlaxelPolicy(
    "residency",
    type="location",
    locations=[{"name": "US", "type": "country"}],
    resource_types=["agent", "model", "function"],
)
knowledge = blaxel.BlaxelVolume("knowledge", size=4096, region=region)
openai = blaxel.BlaxelIntegrationConnection(
    "openai",
    integration="openai",
    secret={"apiKey": config.require_secret("openaiKey")},
)
gpt = blaxel.BlaxelModel(
    "gpt",
    runtime={"type": "openai", "model": "gpt-4.1"},
    integration_connections=[openai.name],
    policies=[residency.name],
)
search = blaxel.BlaxelFunction(
    "search",
    runtime={"image": "registry.example.com/search-mcp:1.2", "memory": 2048},
    policies=[residency.name],
)
assistant = blaxel.BlaxelAgent(
    "assistant",
    runtime={
        "image": config.get("agentImage") or "registry.example.com/assistant:3.0",
        "memory": 4096,
        "envs": [
            {"name": "MODEL", "value": gpt.name},
            {"name": "SEARCH_FUNCTION", "value": search.name},
        ],
    },
    policies=[residency.name],
)
indexer = blaxel.BlaxelJob(
    "indexer",
    display_name="Knowledge indexer",
    runtime=blaxel.JobRuntimeArgs(image="registry.example.com/indexer:2.1", memory=4096, timeout=1800),
    policies=[residency.name],
    labels={"volume": knowledge.name},
)
indexing = blaxel.BlaxelJobExecution(
    "index-corpus",
    job=indexer,
    run_key=config.get("corpusVersion") or "v1",
    tasks=[{"shard": 1}, {"shard": 2}],
)

pulumi.export("agent", assistant.name)
pulumi.export("agent_status", assistant.status)
pulumi.export("model", gpt.name)
pulumi.export("indexing_status", indexing.status)
