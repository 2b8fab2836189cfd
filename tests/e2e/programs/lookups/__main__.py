"""Lookups of objects that exist outside this stack, and resources of the stack that name them.

Config (each optional): `volume` (a volume looked up, and an agent that mounts it), `policy` (a policy looked
up, and a job it applies to), `connection` (an integration connection looked up), `agent` (an agent looked
up), `job` (a job looked up).
"""

import pulumi

import blaxel_pulumi as blaxel

config = pulumi.Config()

if volume_name := config.get("volume"):
    volume = blaxel.BlaxelVolume.get("data", volume_name)
    worker = blaxel.BlaxelAgent(
        "worker",
        runtime={"image": "registry.example.com/agent:1", "memory": 2048},
        region=volume.region,
        volumes=[{"name": volume.name, "mount_path": "/data", "type": "persistent"}],
    )
    pulumi.export("volumeSize", volume.size)
    pulumi.export("volumeStatus", volume.status)
    pulumi.export("agentName", worker.name)

if policy_name := config.get("policy"):
    policy = blaxel.BlaxelPolicy.get("residency", policy_name)
    job = blaxel.BlaxelJob(
        "etl",
        runtime=blaxel.JobRuntimeArgs(image="registry.example.com/etl:1.0", memory=2048),
        policies=[policy.name],
    )
    pulumi.export("policyLocations", policy.locations)
    pulumi.export("jobName", job.name)

if connection_name := config.get("connection"):
    connection = blaxel.BlaxelIntegrationConnection.get("openai", connection_name)
    pulumi.export("connectionSecret", connection.secret)
    pulumi.export("connectionConfig", connection.config)

if agent_name := config.get("agent"):
    agent = blaxel.BlaxelAgent.get("assistant", agent_name)
    pulumi.export("agentSecretEnvs", agent.secret_env_values)

if job_name := config.get("job"):
    looked_up_job = blaxel.BlaxelJob.get("nightly", job_name)
    pulumi.export("jobSecretEnvs", looked_up_job.secret_env_values)
