"""Wire models of Blaxel's kinds other than jobs, generated from the vendored OpenAPI spec.

Do not edit: written by ``scripts/gen_models.py`` (datamodel-code-generator, with the overlay of markers
and name rules that script declares). Markers live in each field's ``json_schema_extra`` (read them with
:func:`blaxel_pulumi.api.wire.marker`): ``read_only`` (filled by Blaxel, never sent),
``replace_on_change`` (a change replaces the object), ``secret`` (a Pulumi secret, never quoted).
"""

# ruff: noqa: E501

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from blaxel_pulumi.api.models import WireModel


class CoreEvent(WireModel):
    """
    Core event
    """

    canary_revision: Annotated[
        str | None,
        Field(alias="canaryRevision", description="Canary revisionID link to the event"),
    ] = None
    message: Annotated[
        str | None,
        Field(description="Event message", examples=["Deployment successful"]),
    ] = None
    revision: Annotated[
        str | None,
        Field(description="RevisionID link to the event", examples=["rev-abc123"]),
    ] = None
    status: Annotated[str | None, Field(description="Event status", examples=["DEPLOYED"])] = None
    time: Annotated[str | None, Field(description="Event time", examples=["2025-01-15T10:30:00Z"])] = None
    type: Annotated[str | None, Field(description="Event type", examples=["deployment"])] = None


class DrivePermission(WireModel):
    """
    Permission that controls which workloads can access a drive. A workload must have ALL specified labels (AND logic). Permissions are evaluated with OR logic — the first matching permission grants access.
    """

    labels: Annotated[
        dict[str, Any] | None,
        Field(
            description="Labels that the workload must have. All labels must match (AND logic). Empty labels match all workloads."
        ),
    ] = None
    mode: Annotated[
        Literal["read", "read-write"] | None,
        Field(description="Access mode granted by this permission"),
    ] = None
    path: Annotated[
        str | None,
        Field(
            description="Subfolder path to restrict access to. Defaults to / (full drive).",
            examples=["/data"],
        ),
    ] = None


class DriveSpec(WireModel):
    """
    Immutable drive configuration set at creation time
    """

    permissions: Annotated[
        list[DrivePermission] | None,
        Field(
            description="Permissions controlling which workloads can access this drive. Empty means all workloads in the workspace can access the drive. Maximum 3 permissions."
        ),
    ] = None
    region: Annotated[
        str | None,
        Field(
            description="Deployment region for the drive (e.g., us-pdx-1, eu-lon-1). Must match the region of resources it attaches to.",
            examples=["us-pdx-1"],
            json_schema_extra={"replace_on_change": True},
        ),
    ] = None


class DriveState(WireModel):
    """
    Current runtime state of the drive
    """

    s3_url: Annotated[
        str | None,
        Field(
            alias="s3Url",
            description="S3-compatible endpoint URL for accessing drive contents",
            json_schema_extra={"read_only": True},
        ),
    ] = None


class EgressPolicy(WireModel):
    """
    Egress policy routing specific destinations through dedicated or shared gateways (not yet supported)
    """

    destinations: Annotated[
        list[str] | None,
        Field(
            description="Destination domains or IPs this policy applies to",
            examples=['["api.stripe.com"]'],
        ),
    ] = None
    mode: Annotated[
        str | None,
        Field(
            description="Egress mode for these destinations (dedicated or shared)",
            examples=["dedicated"],
        ),
    ] = None
    name: Annotated[
        str | None,
        Field(description="Name of this egress policy", examples=["payment-apis"]),
    ] = None


class Env(WireModel):
    """
    Environment variable with name and value
    """

    name: Annotated[
        str | None,
        Field(description="Name of the environment variable", examples=["MY_ENV_VAR"]),
    ] = None
    secret: Annotated[bool | None, Field(description="Whether the value is a secret", examples=[True])] = None
    value: Annotated[
        str | None,
        Field(description="Value of the environment variable", examples=["my-value"]),
    ] = None


class ExpirationPolicy(WireModel):
    """
    Expiration policy for automatic sandbox cleanup based on time conditions
    """

    action: Annotated[
        Literal["delete"] | None,
        Field(
            description="Action to take when the expiration condition is met",
            examples=["delete"],
        ),
    ] = None
    type: Annotated[
        Literal["ttl-idle", "ttl-max-age", "date"] | None,
        Field(
            description="Type of expiration policy: ttl-idle (delete after inactivity), ttl-max-age (delete after total lifetime), or date (delete at specific time)",
            examples=["ttl-idle"],
        ),
    ] = None
    value: Annotated[
        str | None,
        Field(
            description="Duration value for TTL policies (e.g., '30m', '24h', '7d') or ISO 8601 date for date policies",
            examples=["24h"],
        ),
    ] = None


class FirewallConfig(WireModel):
    """
    Firewall configuration specifying which network lockdown rulesets to apply. Valid rulesets are "default" (no-op), "proxy" (restrict egress to proxy), and "dedicated-ip" (restrict egress to dedicated IP gateway).
    """

    rulesets: Annotated[
        list[str] | None,
        Field(
            description='List of firewall rulesets to apply. Valid values: "default" (no-op), "proxy" (restrict egress to proxy), "dedicated-ip" (restrict egress to dedicated IP gateway).',
            examples=['["proxy", "dedicated-ip"]'],
        ),
    ] = None


class Flavor(WireModel):
    """
    A type of hardware available for deployments
    """

    name: Annotated[str | None, Field(description="Flavor name (e.g. t4)", examples=["t4"])] = None
    type: Annotated[
        Literal["cpu", "gpu"] | None,
        Field(description="Flavor type (e.g. cpu, gpu)", examples=["cpu"]),
    ] = None


class IntegrationConnectionSpec(WireModel):
    """
    Specification defining the integration type, configuration parameters, and encrypted credentials
    """

    config: Annotated[
        dict[str, str] | None,
        Field(
            description="Non-sensitive configuration parameters for the integration (e.g., organization ID, region)"
        ),
    ] = None
    integration: Annotated[
        str | None,
        Field(
            description="Integration provider type (e.g., openai, anthropic, github, slack)",
            examples=["openai"],
        ),
    ] = None
    sandbox: Annotated[
        bool | None,
        Field(
            description="Whether this connection uses sandbox/test credentials instead of production",
            examples=[False],
        ),
    ] = None
    secret: Annotated[
        dict[str, str] | None,
        Field(
            description="Encrypted credentials and API keys for authenticating with the external service",
            json_schema_extra={"secret": True},
        ),
    ] = None


class ModelRuntime(WireModel):
    """
    Configuration identifying which external LLM provider and model this gateway endpoint proxies to
    """

    endpoint_name: Annotated[
        str | None,
        Field(
            alias="endpointName",
            description="Provider-specific endpoint name (e.g., HuggingFace Inference Endpoints name)",
        ),
    ] = None
    generation: Annotated[
        Literal["mk3", "mk2"] | None,
        Field(
            description="Infrastructure generation. Empty (default) uses the classic deployment path. mk3 deploys through the model-gateway on microVM clusters."
        ),
    ] = None
    model: Annotated[
        str | None,
        Field(
            description="Model identifier at the provider (e.g., gpt-4.1, claude-sonnet-4-20250514, mistral-large-latest)",
            examples=["gpt-4.1"],
        ),
    ] = None
    organization: Annotated[
        str | None,
        Field(
            description="Organization or account identifier at the provider (required for some providers like OpenAI)",
            examples=["org-abc123"],
        ),
    ] = None
    type: Annotated[
        Literal[
            "hf_private_endpoint",
            "hf_public_endpoint",
            "huggingface",
            "public_model",
            "mcp",
            "openai",
            "anthropic",
            "gemini",
            "mistral",
            "deepseek",
            "cohere",
            "cerebras",
            "xai",
            "vertexai",
            "azure-openai-service",
            "azure-ai-inference",
            "azure-marketplace",
            "groq",
        ]
        | None,
        Field(
            description="LLM provider type determining the API protocol and authentication method",
            examples=["openai"],
        ),
    ] = None


class OwnerFields(WireModel):
    """
    Owner fields for Persistence
    """

    created_by: Annotated[
        str | None,
        Field(
            alias="createdBy",
            description="The user or service account who created the resource",
            json_schema_extra={"read_only": True},
        ),
    ] = None
    updated_by: Annotated[
        str | None,
        Field(
            alias="updatedBy",
            description="The user or service account who updated the resource",
            json_schema_extra={"read_only": True},
        ),
    ] = None


class PolicyLocation(WireModel):
    """
    Policy location
    """

    name: Annotated[str | None, Field(description="Policy location name", examples=["EU"])] = None
    type: Annotated[
        Literal["location", "country", "continent"] | None,
        Field(description="Policy location type", examples=["continent"]),
    ] = None


class PolicyMaxTokens(WireModel):
    """
    PolicyMaxTokens is a local type that wraps a slice of PolicyMaxTokens
    """

    granularity: Annotated[str | None, Field(description="Granularity", examples=["minute"])] = None
    input: Annotated[int | None, Field(description="Input", examples=[10000])] = None
    output: Annotated[int | None, Field(description="Output", examples=[5000])] = None
    ratio_input_over_output: Annotated[
        int | None,
        Field(
            alias="ratioInputOverOutput",
            description="RatioInputOverOutput",
            examples=[2],
        ),
    ] = None
    step: Annotated[int | None, Field(description="Step", examples=[1])] = None
    total: Annotated[int | None, Field(description="Total", examples=[15000])] = None


class PolicySpec(WireModel):
    """
    Policy specification
    """

    flavors: Annotated[
        list[Flavor] | None,
        Field(description="Types of hardware available for deployments"),
    ] = None
    locations: Annotated[
        list[PolicyLocation] | None,
        Field(description="PolicyLocations is a local type that wraps a slice of Location"),
    ] = None
    max_tokens: Annotated[PolicyMaxTokens | None, Field(alias="maxTokens")] = None
    resource_types: Annotated[
        list[Literal["model", "function", "agent", "sandbox", "application"]] | None,
        Field(
            alias="resourceTypes",
            description="PolicyResourceTypes is a local type that wraps a slice of PolicyResourceType",
        ),
    ] = None
    sandbox: Annotated[bool | None, Field(description="Sandbox mode", examples=[False])] = None
    type: Annotated[
        Literal["location", "flavor", "maxToken"] | None,
        Field(description="Policy type, can be location or flavor", examples=["location"]),
    ] = None


class PolicyUsageCounts(WireModel):
    """
    Per-resource counts of how many resources reference a policy. Computed by the policies listing endpoint to avoid client-side fan-out across the agents/models/functions/sandboxes/jobs listings.
    """

    agents: int | None = None
    functions: int | None = None
    jobs: int | None = None
    models: int | None = None
    sandboxes: int | None = None


class Port(WireModel):
    """
    A port for a resource
    """

    name: Annotated[str | None, Field(description="The name of the port", examples=["http"])] = None
    protocol: Annotated[
        Literal["HTTP", "TCP", "UDP", "TLS"] | None,
        Field(description="The protocol of the port", examples=["HTTP"]),
    ] = None
    target: Annotated[int, Field(description="The target port of the port", examples=[8080])]


class ProxyTarget(WireModel):
    """
    Routing rule that injects headers and body fields into requests matching the given destinations. Use destinations ["*"] for a global rule that applies to all proxied traffic.
    """

    body: Annotated[
        dict[str, str] | None,
        Field(
            description="Body fields to inject into matching requests. Values may contain {{SECRET:name}} references resolved from this rule's secrets.",
            examples=['{"api_key": "{{SECRET:stripe-key}}"}'],
        ),
    ] = None
    destinations: Annotated[
        list[str] | None,
        Field(
            description='Destination domains this rule applies to. Use ["*"] for a global rule that matches all destinations.',
            examples=['["api.stripe.com"]'],
        ),
    ] = None
    headers: Annotated[
        dict[str, str] | None,
        Field(
            description="Headers to inject into matching requests. Values may contain {{SECRET:name}} references resolved from this rule's secrets.",
            examples=['{"Authorization": "Bearer {{SECRET:stripe-key}}"}'],
        ),
    ] = None
    secrets: Annotated[
        dict[str, str] | None,
        Field(
            description="Named secret values for this routing rule, referenced in headers/body via {{SECRET:name}}. Stored encrypted at rest. Write-only: never returned in API responses.",
            examples=['{"stripe-key": "sk-live-abc123..."}'],
        ),
    ] = None


class Repository(WireModel):
    """
    Repository
    """

    type: Annotated[str | None, Field(description="Repository type", examples=["github"])] = None
    url: Annotated[
        str | None,
        Field(
            description="Repository URL",
            examples=["https://github.com/my-org/my-agent"],
        ),
    ] = None


class RevisionConfiguration(WireModel):
    """
    Revision configuration
    """

    active: Annotated[str | None, Field(description="Active revision id", examples=["rev-abc123"])] = None
    canary: Annotated[str | None, Field(description="Canary revision id")] = None
    canary_percent: Annotated[
        int | None,
        Field(alias="canaryPercent", description="Canary revision percent", examples=[10]),
    ] = None
    sticky_session_ttl: Annotated[
        int | None,
        Field(
            alias="stickySessionTtl",
            description="Sticky session TTL in seconds (0 = disabled)",
            examples=[0],
        ),
    ] = None
    traffic: Annotated[int | None, Field(description="Traffic percentage", examples=[100])] = None


class SandboxInfrastructureError(WireModel):
    """
    Infrastructure failure the compute plane reported for a sandbox
    """

    code: Annotated[
        str | None,
        Field(
            description="Stable code of the failure pattern",
            examples=["VM_NETWORK_FAILURE"],
        ),
    ] = None
    fatal: Annotated[
        bool | None,
        Field(
            description="Whether the failure was terminal, putting the sandbox in FAILED, as opposed to being cleared by a restart"
        ),
    ] = None
    instance: Annotated[str | None, Field(description="Instance the failure was reported for")] = None
    message: Annotated[str | None, Field(description="Reason reported with the failure")] = None
    time: Annotated[str | None, Field(description="Time at which the failure was recorded")] = None


class SandboxLifecycle(WireModel):
    """
    Lifecycle configuration controlling automatic sandbox deletion based on idle time, max age, or specific dates
    """

    expiration_policies: Annotated[
        list[ExpirationPolicy] | None,
        Field(
            alias="expirationPolicies",
            description="List of expiration policies. Multiple policies can be combined; whichever condition is met first triggers the action.",
        ),
    ] = None
    terminated_retention: Annotated[
        str | None,
        Field(
            alias="terminatedRetention",
            description="Duration to keep the sandbox record after termination for log access (e.g., '1h', '24h', '7d'). Defaults to 5m. Subject to maximum quota limits.",
            examples=["24h"],
        ),
    ] = None


class SandboxRuntime(WireModel):
    """
    Runtime configuration defining how the sandbox VM is provisioned and its resource limits
    """

    envs: Annotated[
        list[Env] | None,
        Field(
            description="Environment variables injected into the sandbox. Supports Kubernetes EnvVar format with valueFrom references."
        ),
    ] = None
    expires: Annotated[
        str | None,
        Field(
            description="Absolute expiration timestamp in ISO 8601 format when the sandbox will be deleted",
            examples=["2025-12-31T23:59:59Z"],
        ),
    ] = None
    extra_args: Annotated[
        dict[str, str] | None,
        Field(
            alias="extraArgs",
            description="Extra arguments for kernel selection. Supported keys: 'iptables', 'nfs' (mk3.0), 'tun' (mk3.1). Values: 'enabled' or 'disabled'. Determines which kernel variant the workload runs on. Immutable after creation.",
            json_schema_extra={"replace_on_change": True},
        ),
    ] = None
    image: Annotated[
        str | None,
        Field(
            description="Sandbox image to use. Can be a public Blaxel image (e.g., blaxel/base-image:latest) or a custom template image built with 'bl deploy'.",
            examples=["blaxel/base-image:latest"],
        ),
    ] = None
    memory: Annotated[
        int | None,
        Field(
            description="Memory allocation in megabytes. Also determines CPU allocation (CPU cores = memory in MB / 2048, e.g., 4096MB = 2 CPUs).",
            examples=[4096],
        ),
    ] = None
    ports: Annotated[list[Port] | None, Field(description="Set of ports for a resource")] = None
    termination_grace_period_seconds: Annotated[
        int | None,
        Field(
            alias="terminationGracePeriodSeconds",
            description="Duration in seconds the pod needs to terminate gracefully. Defaults to 0 for immediate termination.",
            examples=[30],
        ),
    ] = None
    ttl: Annotated[
        str | None,
        Field(
            description="Max-age from creation: the sandbox is deleted this long after it is created, regardless of activity (not an idle timeout). Units s, m, h, d, w (e.g., '30m', '24h', '7d', '2w'). For idle-based cleanup, use a lifecycle expiration policy of type ttl-idle.",
            examples=["24h"],
        ),
    ] = None


class TimeFields(WireModel):
    """
    Time fields for Persistence
    """

    created_at: Annotated[
        str | None,
        Field(
            alias="createdAt",
            description="The date and time when the resource was created",
            json_schema_extra={"read_only": True},
        ),
    ] = None
    updated_at: Annotated[
        str | None,
        Field(
            alias="updatedAt",
            description="The date and time when the resource was updated",
            json_schema_extra={"read_only": True},
        ),
    ] = None


class TriggerConfigurationTask(WireModel):
    """
    The tasks configuration of the cronjob
    """


class VolumeAttachment(WireModel):
    """
    Configuration for attaching a volume to a sandbox at a specific filesystem path. Defaults to a persistent volume; set type to "ephemeral" for disk-backed scratch space created with the sandbox and destroyed when it stops.
    """

    mount_path: Annotated[
        str | None,
        Field(
            alias="mountPath",
            description="Absolute filesystem path where the volume will be mounted inside the sandbox",
            examples=["/mnt/data"],
        ),
    ] = None
    name: Annotated[
        str | None,
        Field(
            description="For persistent volumes, the name of the volume resource to attach (must exist in the same workspace and region). For ephemeral volumes, an identifier used to reference the volume internally.",
            examples=["my-volume"],
        ),
    ] = None
    read_only: Annotated[
        bool | None,
        Field(
            alias="readOnly",
            description="If true, the volume is mounted read-only and cannot be modified by the sandbox",
            examples=[False],
        ),
    ] = None
    size_mb: Annotated[
        int | None,
        Field(
            alias="sizeMb",
            description="Storage capacity in megabytes. Required for ephemeral volumes, ignored for persistent volumes.",
            examples=[102400],
        ),
    ] = None
    type: Annotated[
        Literal["persistent", "ephemeral"] | None,
        Field(
            description='Type of volume. Defaults to "persistent" (an existing volume resource). Use "ephemeral" for temporary disk-backed storage created with the sandbox.',
            examples=["persistent"],
        ),
    ] = None


class VolumeSpec(WireModel):
    """
    Immutable volume configuration set at creation time (size and region cannot be changed after creation)
    """

    region: Annotated[
        str | None,
        Field(
            description="Deployment region for the volume (e.g., us-pdx-1, eu-lon-1). Must match the region of sandboxes it attaches to.",
            examples=["us-pdx-1"],
            json_schema_extra={"replace_on_change": True},
        ),
    ] = None
    size: Annotated[
        int | None,
        Field(
            description="Storage capacity in megabytes. Can be increased after creation but not decreased.",
            examples=[1024],
        ),
    ] = None
    template: Annotated[
        str | None,
        Field(
            description='Volume template to initialize from, with optional revision (e.g., "mytemplate:1" or "mytemplate:latest")',
            examples=["mytemplate:latest"],
        ),
    ] = None


class VolumeState(WireModel):
    """
    Current runtime state of the volume including attachment status
    """

    attached_to: Annotated[
        str | None,
        Field(
            alias="attachedTo",
            description='Resource currently using this volume in format "type:name" (e.g., "sandbox:my-sandbox"). Empty if not attached.',
            examples=["sandbox:my-sandbox"],
        ),
    ] = None


class VolumeTemplateSpec(WireModel):
    """
    Volume template specification
    """

    default_size: Annotated[
        int | None,
        Field(alias="defaultSize", description="Default size of the volume in MB"),
    ] = None
    description: Annotated[str | None, Field(description="Description of the volume template")] = None


class VolumeTemplateState(WireModel):
    """
    Volume template state
    """

    last_version_uploaded_at: Annotated[
        str | None,
        Field(
            alias="lastVersionUploadedAt",
            description="Timestamp of last version upload",
            json_schema_extra={"read_only": True},
        ),
    ] = None
    latest_version: Annotated[
        str | None,
        Field(
            alias="latestVersion",
            description="Current/latest S3 version ID",
            json_schema_extra={"read_only": True},
        ),
    ] = None
    status: Annotated[
        Literal["created", "ready", "error"] | None,
        Field(
            description="Status of the volume template (created, ready, error)",
            json_schema_extra={"read_only": True},
        ),
    ] = None
    version_count: Annotated[
        int | None,
        Field(
            alias="versionCount",
            description="Total number of versions for this template",
            json_schema_extra={"read_only": True},
        ),
    ] = None


class VolumeTemplateVersion(WireModel):
    """
    Volume template version tracking individual versions of template content
    """

    bucket: Annotated[
        str | None,
        Field(
            description="S3 bucket name where this version is stored",
            json_schema_extra={"read_only": True},
        ),
    ] = None
    content_size: Annotated[
        int | None,
        Field(
            alias="contentSize",
            description="Size of the template content in bytes",
            json_schema_extra={"read_only": True},
        ),
    ] = None
    name: Annotated[str | None, Field(description="Name of the template version")] = None
    region: Annotated[
        str | None,
        Field(
            description="AWS region where this version is stored",
            json_schema_extra={"read_only": True},
        ),
    ] = None
    status: Annotated[
        Literal["CREATED", "READY", "FAILED"] | None,
        Field(
            description="Status of the version (CREATED, READY, FAILED)",
            json_schema_extra={"read_only": True},
        ),
    ] = None
    template_name: Annotated[
        str | None,
        Field(alias="templateName", description="Template name this version belongs to"),
    ] = None
    version_id: Annotated[
        str | None,
        Field(
            alias="versionId",
            description="S3 version ID for this template version",
            json_schema_extra={"read_only": True},
        ),
    ] = None
    workspace: Annotated[
        str | None,
        Field(description="Workspace name", json_schema_extra={"read_only": True}),
    ] = None


class AgentRuntime(WireModel):
    """
    Runtime configuration defining how the AI agent is deployed and scaled globally
    """

    envs: Annotated[
        list[Env] | None,
        Field(
            description="Environment variables injected into the agent. Supports Kubernetes EnvVar format with valueFrom references."
        ),
    ] = None
    generation: Annotated[
        Literal["mk2", "mk3"] | None,
        Field(
            description="Infrastructure generation: mk2 (containers, 2-10s cold starts, 15+ global regions) or mk3 (microVMs, sub-25ms cold starts)",
            examples=["mk3"],
        ),
    ] = None
    image: Annotated[
        str | None,
        Field(
            description="Container image built by Blaxel when deploying with 'bl deploy'. This field is auto-populated during deployment."
        ),
    ] = None
    max_scale: Annotated[
        int | None,
        Field(
            alias="maxScale",
            description="Maximum number of concurrent agent instances for auto-scaling under load",
            examples=[10],
        ),
    ] = None
    memory: Annotated[
        int | None,
        Field(
            description="Memory allocation in megabytes. Also determines CPU allocation (CPU cores = memory in MB / 2048, e.g., 4096MB = 2 CPUs).",
            examples=[2048],
        ),
    ] = None
    min_scale: Annotated[
        int | None,
        Field(
            alias="minScale",
            description="Minimum instances to keep warm. Set to 1+ to eliminate cold starts, 0 for scale-to-zero.",
            examples=[0],
        ),
    ] = None


class EgressConfig(WireModel):
    """
    Egress configuration for routing sandbox outbound traffic through a dedicated IP gateway
    """

    gateway: Annotated[
        str | None,
        Field(
            description="Name of the egress gateway to route traffic through. The gateway must exist in the default VPC.",
            examples=["egress-ip-gw-1"],
        ),
    ] = None
    mode: Annotated[
        str | None,
        Field(
            description="Egress mode. Use 'dedicated' for a dedicated egress IP.",
            examples=["dedicated"],
        ),
    ] = None
    policies: Annotated[
        list[EgressPolicy] | None,
        Field(description="Per-destination egress policies (not yet supported)"),
    ] = None


class FunctionRuntime(WireModel):
    """
    Runtime configuration defining how the MCP server function is deployed and scaled
    """

    envs: Annotated[
        list[Env] | None,
        Field(
            description="Environment variables injected into the function. Supports Kubernetes EnvVar format with valueFrom references."
        ),
    ] = None
    generation: Annotated[
        Literal["mk2", "mk3"] | None,
        Field(
            description="Infrastructure generation: mk2 (containers, 2-10s cold starts, 15+ global regions) or mk3 (microVMs, sub-25ms cold starts)",
            examples=["mk3"],
        ),
    ] = None
    image: Annotated[
        str | None,
        Field(
            description="Container image built by Blaxel when deploying with 'bl deploy'. This field is auto-populated during deployment."
        ),
    ] = None
    max_scale: Annotated[
        int | None,
        Field(
            alias="maxScale",
            description="Maximum number of concurrent function instances for auto-scaling",
            examples=[10],
        ),
    ] = None
    memory: Annotated[
        int | None,
        Field(
            description="Memory allocation in megabytes. Also determines CPU allocation (CPU cores = memory in MB / 2048, e.g., 4096MB = 2 CPUs).",
            examples=[2048],
        ),
    ] = None
    min_scale: Annotated[
        int | None,
        Field(
            alias="minScale",
            description="Minimum instances to keep warm. Set to 1+ to eliminate cold starts, 0 for scale-to-zero.",
            examples=[0],
        ),
    ] = None
    ports: Annotated[list[Port] | None, Field(description="Set of ports for a resource")] = None
    transport: Annotated[
        Literal["websocket", "http-stream"] | None,
        Field(
            description='Transport compatibility for the MCP, can be "websocket" or "http-stream"',
            examples=["http-stream"],
        ),
    ] = None


class Metadata(TimeFields, OwnerFields):
    """
    Common metadata fields shared by all Blaxel resources including name, labels, timestamps, and ownership information
    """

    display_name: Annotated[
        str | None,
        Field(
            alias="displayName",
            description="Human-readable name for display in the UI. Can contain spaces and special characters, max 63 characters.",
            examples=["My Resource"],
            max_length=63,
        ),
    ] = None
    external_id: Annotated[
        str | None,
        Field(
            alias="externalId",
            description="Caller-owned identifier for external lookups. Max 64 chars, alphanumeric + dash.",
            examples=["my-session-123"],
        ),
    ] = None
    labels: dict[str, str] | None = None
    name: Annotated[
        str,
        Field(
            description="Unique identifier for the resource within the workspace. Must be lowercase alphanumeric with hyphens, max 49 characters. Immutable after creation.",
            examples=["my-resource"],
            json_schema_extra={"replace_on_change": True},
            max_length=49,
            min_length=1,
            pattern="^[a-z0-9]+(?:-[a-z0-9]+)*$",
        ),
    ]
    plan: Annotated[
        str | None,
        Field(
            description="Billing plan tier applied to this resource (inherited from workspace account)",
            json_schema_extra={"read_only": True},
        ),
    ] = None
    url: Annotated[
        str | None,
        Field(
            description="Auto-generated endpoint URL for accessing this resource (for agents, functions, models, sandboxes)",
            json_schema_extra={"read_only": True},
        ),
    ] = None
    workspace: Annotated[
        str | None,
        Field(
            description="Name of the workspace this resource belongs to (read-only, set automatically)",
            json_schema_extra={"read_only": True},
        ),
    ] = None


class ModelSpec(WireModel):
    """
    Configuration for a model gateway endpoint including provider type, credentials, and access policies
    """

    enabled: Annotated[
        bool | None,
        Field(
            description="When false, the model endpoint is disabled and will not accept inference requests",
            examples=[True],
        ),
    ] = True
    flavors: Annotated[
        list[Flavor] | None,
        Field(description="Types of hardware available for deployments"),
    ] = None
    integration_connections: Annotated[list[str] | None, Field(alias="integrationConnections")] = None
    policies: list[str] | None = None
    runtime: ModelRuntime | None = None
    sandbox: Annotated[
        bool | None,
        Field(
            description="When true, uses sandbox/test credentials from the integration connection",
            examples=[False],
        ),
    ] = None


class Policy(WireModel):
    """
    Rule that controls how a deployment is made and served (e.g. location restrictions)
    """

    metadata: Metadata
    spec: PolicySpec
    usage: Annotated[PolicyUsageCounts | None, Field(json_schema_extra={"read_only": True})] = None


class ProxyConfig(WireModel):
    """
    Proxy configuration for routing sandbox HTTP traffic through the platform proxy with MITM inspection and per-destination header/body injection
    """

    allowed_domains: Annotated[
        list[str] | None,
        Field(
            alias="allowedDomains",
            description="List of allowed external domains (allowlist). When set, only these domains are reachable. Supports wildcards (e.g. *.s3.amazonaws.com).",
            examples=['["api.stripe.com", "api.openai.com", "*.s3.amazonaws.com"]'],
        ),
    ] = None
    bypass: Annotated[
        list[str] | None,
        Field(
            description="Domains that bypass the proxy entirely via the NO_PROXY directive. Traffic to these destinations goes direct, not through the CONNECT tunnel. Supports wildcards. Note that localhost, private ranges (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16), 169.254.169.254, .local and .internal are always bypassed by default.",
            examples=['["*.s3.amazonaws.com"]'],
        ),
    ] = None
    forbidden_domains: Annotated[
        list[str] | None,
        Field(
            alias="forbiddenDomains",
            description="List of forbidden external domains (denylist). When set, all domains except these are reachable. Supports wildcards (e.g. *.malware.com). If both allowedDomains and forbiddenDomains are set, allowedDomains takes precedence.",
            examples=['["*.malware.com", "evil.example.org"]'],
        ),
    ] = None
    routing: Annotated[
        list[ProxyTarget] | None,
        Field(
            description='Per-destination routing rules with header/body injection and secrets. Use destinations ["*"] for global rules that apply to all destinations.'
        ),
    ] = None


class SandboxNetwork(WireModel):
    """
    Network configuration for a sandbox including subnet, firewall rulesets, domain filtering, egress IP binding, and proxy settings
    """

    allowed_domains: Annotated[
        list[str] | None,
        Field(
            alias="allowedDomains",
            description="Deprecated: use proxy.allowedDomains instead. List of allowed external domains (allowlist). Kept for backward compatibility.",
            examples=['["api.stripe.com", "api.openai.com", "*.s3.amazonaws.com"]'],
        ),
    ] = None
    egress: EgressConfig | None = None
    firewall: FirewallConfig | None = None
    forbidden_domains: Annotated[
        list[str] | None,
        Field(
            alias="forbiddenDomains",
            description="Deprecated: use proxy.forbiddenDomains instead. List of forbidden external domains (denylist). Kept for backward compatibility.",
            examples=['["*.malware.com", "evil.example.org"]'],
        ),
    ] = None
    proxy: ProxyConfig | None = None
    subnet: Annotated[
        str | None,
        Field(
            description='Subnet name for the sandbox. Takes priority over any subnet derived from egress config. Defaults to "default" when absent.',
            examples=["default"],
        ),
    ] = None


class SandboxSpec(WireModel):
    """
    Configuration for a sandbox including its image, memory, ports, region, and lifecycle policies
    """

    enabled: Annotated[
        bool | None,
        Field(
            description="When false, the sandbox is disabled and will not accept connections",
            examples=[True],
        ),
    ] = True
    lifecycle: SandboxLifecycle | None = None
    network: SandboxNetwork | None = None
    region: Annotated[
        str | None,
        Field(
            description="Region where the sandbox should be created (e.g. us-pdx-1, eu-lon-1). If not specified, defaults to the region closest to the user.",
            examples=["us-pdx-1"],
        ),
    ] = None
    runtime: SandboxRuntime | None = None
    volumes: list[VolumeAttachment] | None = None
    vpc: Annotated[
        str | None,
        Field(
            description='VPC name for the sandbox. Defaults to "default" when absent.',
            examples=["default"],
        ),
    ] = None


class TriggerConfiguration(WireModel):
    """
    Trigger configuration
    """

    authentication_type: Annotated[
        str | None,
        Field(
            alias="authenticationType",
            description="The authentication type of the trigger",
            examples=["blaxel"],
        ),
    ] = None
    callback_secret: Annotated[
        str | None,
        Field(
            alias="callbackSecret",
            description="The callback secret for async triggers (auto-generated, encrypted)",
            json_schema_extra={"read_only": True},
        ),
    ] = None
    callback_url: Annotated[
        str | None,
        Field(
            alias="callbackUrl",
            description="The callback URL for async triggers (optional)",
            examples=["https://myapp.com/webhook"],
        ),
    ] = None
    path: Annotated[str | None, Field(description="The path of the trigger", examples=["/invoke"])] = None
    retry: Annotated[int | None, Field(description="The retry of the trigger", examples=[3])] = None
    schedule: Annotated[
        str | None,
        Field(
            description="The schedule of the trigger, cron expression * * * * *",
            examples=["0 * * * *"],
        ),
    ] = None
    tasks: Annotated[
        list[TriggerConfigurationTask] | None,
        Field(description="The tasks configuration of the cronjob"),
    ] = None
    timeout: Annotated[
        int | None,
        Field(
            description="The timeout in seconds for async triggers (max 900s, MK3 only)",
            examples=[300],
        ),
    ] = None


class Volume(WireModel):
    """
    Persistent storage volume that can be attached to sandboxes for durable file storage across sessions. Volumes survive sandbox deletion and can be reattached to new sandboxes.
    """

    events: Annotated[
        list[CoreEvent] | None,
        Field(description="Events happening on a resource deployed on Blaxel"),
    ] = None
    metadata: Metadata
    spec: VolumeSpec
    state: VolumeState | None = None
    status: Annotated[
        str | None,
        Field(
            description="Volume status computed from events",
            json_schema_extra={"read_only": True},
        ),
    ] = None
    terminated_at: Annotated[
        str | None,
        Field(
            alias="terminatedAt",
            description="Timestamp when the volume was marked for termination",
            json_schema_extra={"read_only": True},
        ),
    ] = None


class VolumeTemplate(WireModel):
    """
    Volume template for creating pre-configured volumes
    """

    metadata: Metadata
    spec: VolumeTemplateSpec
    state: VolumeTemplateState | None = None
    versions: Annotated[
        list[VolumeTemplateVersion] | None,
        Field(description="List of versions for this template"),
    ] = None


class Drive(WireModel):
    """
    Drive providing persistent storage that can be attached to agents, functions, and sandboxes. Drives can be mounted at runtime via the sbx API.
    """

    events: Annotated[
        list[CoreEvent] | None,
        Field(description="Events happening on a resource deployed on Blaxel"),
    ] = None
    metadata: Metadata
    spec: DriveSpec
    state: DriveState | None = None
    status: Annotated[
        str | None,
        Field(
            description="Drive status computed from events",
            json_schema_extra={"read_only": True},
        ),
    ] = None


class IntegrationConnection(WireModel):
    """
    Configured connection to an external service (LLM provider, API, SaaS, database) storing credentials and settings for use by workspace resources.
    """

    metadata: Metadata
    spec: IntegrationConnectionSpec


class Model(WireModel):
    """
    Gateway endpoint to external LLM provider APIs (OpenAI, Anthropic, etc.) with unified access control, credentials management, and usage tracking.
    """

    events: Annotated[
        list[CoreEvent] | None,
        Field(description="Events happening on a resource deployed on Blaxel"),
    ] = None
    metadata: Metadata
    spec: ModelSpec
    status: Annotated[
        Literal[
            "DELETING",
            "TERMINATED",
            "FAILED",
            "DEACTIVATED",
            "DEACTIVATING",
            "UPLOADING",
            "BUILDING",
            "DEPLOYING",
            "DEPLOYED",
            "BUILT",
        ]
        | None,
        Field(description="Deployment status of a resource deployed on Blaxel"),
    ] = None


class Sandbox(WireModel):
    """
    Lightweight virtual machine for secure AI code execution. Sandboxes resume from standby in under 25ms and automatically scale to zero after inactivity, preserving memory state including running processes and filesystem.
    """

    errors: Annotated[
        list[SandboxInfrastructureError] | None,
        Field(
            description="Infrastructure failures recorded on the sandbox, oldest first (read-only, managed by the system)",
            json_schema_extra={"read_only": True},
        ),
    ] = None
    events: Annotated[
        list[CoreEvent] | None,
        Field(description="Events happening on a resource deployed on Blaxel"),
    ] = None
    expires_in: Annotated[
        int | None,
        Field(
            alias="expiresIn",
            description="Time in seconds until the sandbox is automatically deleted based on TTL and lifecycle policies. Only present for sandboxes with lifecycle configured.",
            json_schema_extra={"read_only": True},
        ),
    ] = None
    last_used_at: Annotated[
        str | None,
        Field(
            alias="lastUsedAt",
            description="Last time the sandbox was used (read-only, managed by the system)",
            json_schema_extra={"read_only": True},
        ),
    ] = None
    metadata: Metadata
    node_generation: Annotated[
        str | None,
        Field(
            alias="nodeGeneration",
            description="Infrastructure generation this sandbox is deployed on (mk3.0 or mk3.1).",
            json_schema_extra={"read_only": True},
        ),
    ] = None
    spec: SandboxSpec
    state: Annotated[
        Literal["RUNNING", "STANDBY"] | None,
        Field(
            description="Current state of the sandbox (read-only, managed by the system)",
            json_schema_extra={"read_only": True},
        ),
    ] = None
    status: Annotated[
        Literal[
            "DELETING",
            "TERMINATED",
            "FAILED",
            "DEACTIVATED",
            "DEACTIVATING",
            "UPLOADING",
            "BUILDING",
            "DEPLOYING",
            "DEPLOYED",
            "BUILT",
        ]
        | None,
        Field(description="Deployment status of a resource deployed on Blaxel"),
    ] = None


class Trigger(WireModel):
    """
    Trigger configuration
    """

    configuration: TriggerConfiguration | None = None
    enabled: Annotated[
        bool | None,
        Field(description="Enable or disable the trigger (default: true)", examples=[True]),
    ] = None
    id: Annotated[
        str | None,
        Field(
            description="Identifier of the trigger. Optional — the server auto-generates a unique id when one is not provided, and disambiguates duplicates within a resource.",
            examples=["trigger-1"],
        ),
    ] = None
    type: Annotated[
        Literal["http", "http-async", "cron"] | None,
        Field(
            description="The type of trigger, can be http or http-async",
            examples=["http"],
        ),
    ] = None


class AgentSpec(WireModel):
    """
    Configuration for an AI agent including runtime settings, repository source, and deployment triggers
    """

    enabled: Annotated[
        bool | None,
        Field(
            description="When false, the agent is disabled and will not serve inference requests",
            examples=[True],
        ),
    ] = True
    policies: list[str] | None = None
    public: Annotated[
        bool | None,
        Field(
            description="When true, the agent is publicly accessible without authentication. Only available for mk3 generation.",
            examples=[False],
        ),
    ] = False
    region: Annotated[
        str | None,
        Field(
            description="Region where the agent should be deployed (e.g. us-pdx-1, eu-lon-1). Required when volumes are attached.",
            examples=["us-pdx-1"],
        ),
    ] = None
    repository: Repository | None = None
    revision: RevisionConfiguration | None = None
    runtime: AgentRuntime | None = None
    triggers: Annotated[list[Trigger] | None, Field(description="Triggers to use your agent")] = None
    volumes: list[VolumeAttachment] | None = None


class FunctionSpec(WireModel):
    """
    Configuration for an MCP server function including runtime settings, transport protocol, and connected integrations
    """

    enabled: Annotated[
        bool | None,
        Field(
            description="When false, the function is disabled and will not serve requests",
            examples=[True],
        ),
    ] = True
    integration_connections: Annotated[list[str] | None, Field(alias="integrationConnections")] = None
    policies: list[str] | None = None
    public: Annotated[
        bool | None,
        Field(
            description="When true, the function is publicly accessible without authentication. Only available for mk3 generation.",
            examples=[False],
        ),
    ] = False
    region: Annotated[
        str | None,
        Field(
            description="Region where the function should be deployed (e.g. us-pdx-1, eu-lon-1). If not specified, the function is deployed based on policy locations.",
            examples=["us-pdx-1"],
        ),
    ] = None
    revision: RevisionConfiguration | None = None
    runtime: FunctionRuntime | None = None
    triggers: Annotated[list[Trigger] | None, Field(description="Triggers to use your agent")] = None


class Agent(WireModel):
    """
    Serverless AI agent deployment that runs your custom agent code as an auto-scaling API endpoint. Agents are deployed from your code repository and expose a global inference URL for querying.
    """

    events: Annotated[
        list[CoreEvent] | None,
        Field(description="Events happening on a resource deployed on Blaxel"),
    ] = None
    metadata: Metadata
    spec: AgentSpec
    status: Annotated[
        Literal[
            "DELETING",
            "TERMINATED",
            "FAILED",
            "DEACTIVATED",
            "DEACTIVATING",
            "UPLOADING",
            "BUILDING",
            "DEPLOYING",
            "DEPLOYED",
            "BUILT",
        ]
        | None,
        Field(description="Deployment status of a resource deployed on Blaxel"),
    ] = None


class Function(WireModel):
    """
    MCP server deployment that exposes tools for AI agents via the Model Context Protocol (MCP). Deployed as a serverless auto-scaling endpoint using streamable HTTP transport.
    """

    events: Annotated[
        list[CoreEvent] | None,
        Field(description="Events happening on a resource deployed on Blaxel"),
    ] = None
    metadata: Metadata
    spec: FunctionSpec
    status: Annotated[
        Literal[
            "DELETING",
            "TERMINATED",
            "FAILED",
            "DEACTIVATED",
            "DEACTIVATING",
            "UPLOADING",
            "BUILDING",
            "DEPLOYING",
            "DEPLOYED",
            "BUILT",
        ]
        | None,
        Field(description="Deployment status of a resource deployed on Blaxel"),
    ] = None
