"""The resource classes of every kind but jobs: one per kind Blaxel's `bl apply` manages.

Do not edit: written by ``scripts/gen_kinds.py`` from each kind's declaration
(:mod:`blaxel_pulumi.core.object_kinds`), whose fields come from the vendored OpenAPI spec. Each class is a
:class:`~blaxel_pulumi.dynamic.object_resource.BlaxelObject`: its inputs are the kind's ``metadata`` and
``spec`` fields, flattened; a change of ``name``, ``workspace`` or a field Blaxel does not let an update
change (each class names them) replaces the object; a kind with a ``status`` is waited for until
``DEPLOYED``. Each class's ``get`` looks up an existing object (read only).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

import pulumi

from blaxel_pulumi.dynamic.object_resource import BlaxelObject

__all__ = [
    "BlaxelAgent",
    "BlaxelDrive",
    "BlaxelFunction",
    "BlaxelIntegrationConnection",
    "BlaxelModel",
    "BlaxelPolicy",
    "BlaxelSandbox",
    "BlaxelVolume",
    "BlaxelVolumeTemplate",
]


class BlaxelPolicy(BlaxelObject, module="blaxel", name="Policy"):
    """A Blaxel policy: it is ready at once.

    Rule that controls how a deployment is made and served (e.g. location restrictions). Type token:
    `pulumi-python:dynamic/blaxel:Policy`. A change of `name` or `workspace` replaces it; any other is an
    update.
    """

    display_name: pulumi.Output[Any]
    """Human-readable name for display in the UI. Can contain spaces and special characters, max 63
    characters."""
    external_id: pulumi.Output[Any]
    """Caller-owned identifier for external lookups. Max 64 chars, alphanumeric + dash."""
    labels: pulumi.Output[Any]
    """Labels of the object (`blaxel-pulumi.owner` is reserved: the package writes it)."""
    name: pulumi.Output[Any]
    """Unique identifier for the resource within the workspace. Must be lowercase alphanumeric with
    hyphens, max 49 characters. Immutable after creation."""
    flavors: pulumi.Output[Any]
    """Types of hardware available for deployments."""
    locations: pulumi.Output[Any]
    """PolicyLocations is a local type that wraps a slice of Location."""
    max_tokens: pulumi.Output[Any]
    """PolicyMaxTokens is a local type that wraps a slice of PolicyMaxTokens."""
    resource_types: pulumi.Output[Any]
    """PolicyResourceTypes is a local type that wraps a slice of PolicyResourceType."""
    sandbox: pulumi.Output[Any]
    """Sandbox mode."""
    type: pulumi.Output[Any]
    """Policy type, can be location or flavor."""
    workspace: pulumi.Output[Any]
    """Workspace of the policy, overriding `blaxel:workspace` / BL_WORKSPACE. Changing it replaces the
    policy."""
    adopt: pulumi.Output[Any]
    """Take over a policy of the same name that already exists in the workspace (default false). Without
    it, an existing policy that no resource of this stack holds makes the create fail."""
    effective_labels: pulumi.Output[Any]
    """Every label the object has on Blaxel but the ownership label."""
    server_fields: pulumi.Output[Any]
    """What Blaxel reports beyond the fields this package knows (kept, sent back unchanged)."""
    created_by: pulumi.Output[Any]
    """Who created it."""
    updated_by: pulumi.Output[Any]
    """Who last changed it."""
    created_at: pulumi.Output[Any]
    """When Blaxel created it (RFC 3339)."""
    updated_at: pulumi.Output[Any]
    """When Blaxel last changed it (RFC 3339)."""
    plan: pulumi.Output[Any]
    """The billing plan of its workspace."""
    url: pulumi.Output[Any]
    """Its endpoint URL, for the kinds that serve one."""
    usage: pulumi.Output[Any]
    """See Blaxel's documentation of the field."""
    claim: pulumi.Output[Any]
    """The claim of the create that made it (with the owner marker, in its ownership label)."""

    _KIND = "policy"
    _PROPERTIES = (
        "display_name",
        "external_id",
        "labels",
        "name",
        "flavors",
        "locations",
        "max_tokens",
        "resource_types",
        "sandbox",
        "type",
        "workspace",
        "adopt",
        "effective_labels",
        "server_fields",
        "created_by",
        "updated_by",
        "created_at",
        "updated_at",
        "plan",
        "url",
        "usage",
        "claim",
    )
    _SECRET_PROPERTIES = ()

    def __init__(
        self,
        resource_name: str,
        *,
        display_name: pulumi.Input[str] | None = None,
        external_id: pulumi.Input[str] | None = None,
        labels: pulumi.Input[Mapping[str, pulumi.Input[str]]] | None = None,
        name: pulumi.Input[str] | None = None,
        flavors: pulumi.Input[Sequence[pulumi.Input[Mapping[str, Any]]]] | None = None,
        locations: pulumi.Input[Sequence[pulumi.Input[Mapping[str, Any]]]] | None = None,
        max_tokens: pulumi.Input[Mapping[str, Any]] | None = None,
        resource_types: pulumi.Input[
            Sequence[pulumi.Input[Literal["model", "function", "agent", "sandbox", "application"]]]
        ]
        | None = None,
        sandbox: pulumi.Input[bool] | None = None,
        type: pulumi.Input[Literal["location", "flavor", "maxToken"]] | None = None,
        workspace: pulumi.Input[str] | None = None,
        adopt: pulumi.Input[bool] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """Declare a Blaxel policy.

        Args:
            resource_name: The Pulumi name of the resource; also the prefix of the policy's name when
                `name` is not set.
            display_name: Human-readable name for display in the UI. Can contain spaces and special
                characters, max 63 characters.
            external_id: Caller-owned identifier for external lookups. Max 64 chars, alphanumeric + dash.
            labels: Labels of the object (`blaxel-pulumi.owner` is reserved: the package writes it).
            name: Unique identifier for the resource within the workspace. Must be lowercase alphanumeric
                with hyphens, max 49 characters. Immutable after creation.
            flavors: Types of hardware available for deployments.
            locations: PolicyLocations is a local type that wraps a slice of Location.
            max_tokens: PolicyMaxTokens is a local type that wraps a slice of PolicyMaxTokens.
            resource_types: PolicyResourceTypes is a local type that wraps a slice of PolicyResourceType.
            sandbox: Sandbox mode.
            type: Policy type, can be location or flavor.
            workspace: Workspace of the policy, overriding `blaxel:workspace` / BL_WORKSPACE. Changing it
                replaces the policy.
            adopt: Take over a policy of the same name that already exists in the workspace (default
                false). Without it, an existing policy that no resource of this stack holds makes the
                create fail.
            opts: Pulumi resource options.
        """
        super().__init__(
            self._KIND,
            "pulumi-python:dynamic/blaxel:Policy",
            resource_name,
            {
                "display_name": display_name,
                "external_id": external_id,
                "labels": labels,
                "name": name,
                "flavors": flavors,
                "locations": locations,
                "max_tokens": max_tokens,
                "resource_types": resource_types,
                "sandbox": sandbox,
                "type": type,
                "workspace": workspace,
                "adopt": adopt,
            },
            self._PROPERTIES,
            self._SECRET_PROPERTIES,
            opts,
        )

    @staticmethod
    def get(
        resource_name: str, id: pulumi.Input[str], opts: pulumi.ResourceOptions | None = None
    ) -> BlaxelPolicy:
        """Look up an existing policy: a resource whose outputs are the policy as Blaxel has it now.

        Pulumi reads the policy at every `pulumi up` and `pulumi refresh`, and never creates, updates or
        deletes it (`pulumi destroy` leaves it as it is); one that does not exist fails the update.

        Args:
            resource_name: The Pulumi name of the resource (the policy keeps its own name).
            id: The policy's name on Blaxel (in the workspace the stack's settings name).
            opts: Pulumi resource options.
        """
        return BlaxelPolicy._lookup(resource_name, id, opts)


class BlaxelIntegrationConnection(BlaxelObject, module="blaxel", name="IntegrationConnection"):
    """A Blaxel integration connection: it is ready at once.

    Configured connection to an external service (LLM provider, API, SaaS, database) storing credentials
    and settings for use by workspace resources. Type token: `pulumi-
    python:dynamic/blaxel:IntegrationConnection`. A change of `name` or `workspace` replaces it; any
    other is an update.
    """

    display_name: pulumi.Output[Any]
    """Human-readable name for display in the UI. Can contain spaces and special characters, max 63
    characters."""
    external_id: pulumi.Output[Any]
    """Caller-owned identifier for external lookups. Max 64 chars, alphanumeric + dash."""
    labels: pulumi.Output[Any]
    """Labels of the object (`blaxel-pulumi.owner` is reserved: the package writes it)."""
    name: pulumi.Output[Any]
    """Unique identifier for the resource within the workspace. Must be lowercase alphanumeric with
    hyphens, max 49 characters. Immutable after creation."""
    config: pulumi.Output[Any]
    """Non-sensitive configuration parameters for the integration (e.g., organization ID, region)."""
    integration: pulumi.Output[Any]
    """Integration provider type (e.g., openai, anthropic, github, slack)."""
    sandbox: pulumi.Output[Any]
    """Whether this connection uses sandbox/test credentials instead of production."""
    secret: pulumi.Output[Any]
    """Encrypted credentials and API keys for authenticating with the external service."""
    workspace: pulumi.Output[Any]
    """Workspace of the integration connection, overriding `blaxel:workspace` / BL_WORKSPACE. Changing it
    replaces the integration connection."""
    adopt: pulumi.Output[Any]
    """Take over an integration connection of the same name that already exists in the workspace (default
    false). Without it, an existing integration connection that no resource of this stack holds makes the
    create fail."""
    effective_labels: pulumi.Output[Any]
    """Every label the object has on Blaxel but the ownership label."""
    server_fields: pulumi.Output[Any]
    """What Blaxel reports beyond the fields this package knows (kept, sent back unchanged)."""
    created_by: pulumi.Output[Any]
    """Who created it."""
    updated_by: pulumi.Output[Any]
    """Who last changed it."""
    created_at: pulumi.Output[Any]
    """When Blaxel created it (RFC 3339)."""
    updated_at: pulumi.Output[Any]
    """When Blaxel last changed it (RFC 3339)."""
    plan: pulumi.Output[Any]
    """The billing plan of its workspace."""
    url: pulumi.Output[Any]
    """Its endpoint URL, for the kinds that serve one."""
    claim: pulumi.Output[Any]
    """The claim of the create that made it (with the owner marker, in its ownership label)."""

    _KIND = "integration connection"
    _PROPERTIES = (
        "display_name",
        "external_id",
        "labels",
        "name",
        "config",
        "integration",
        "sandbox",
        "secret",
        "workspace",
        "adopt",
        "effective_labels",
        "server_fields",
        "created_by",
        "updated_by",
        "created_at",
        "updated_at",
        "plan",
        "url",
        "claim",
    )
    _SECRET_PROPERTIES = ("secret",)

    def __init__(
        self,
        resource_name: str,
        *,
        display_name: pulumi.Input[str] | None = None,
        external_id: pulumi.Input[str] | None = None,
        labels: pulumi.Input[Mapping[str, pulumi.Input[str]]] | None = None,
        name: pulumi.Input[str] | None = None,
        config: pulumi.Input[Mapping[str, pulumi.Input[str]]] | None = None,
        integration: pulumi.Input[str] | None = None,
        sandbox: pulumi.Input[bool] | None = None,
        secret: pulumi.Input[Mapping[str, pulumi.Input[str]]] | None = None,
        workspace: pulumi.Input[str] | None = None,
        adopt: pulumi.Input[bool] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """Declare a Blaxel integration connection.

        Args:
            resource_name: The Pulumi name of the resource; also the prefix of the integration
                connection's name when `name` is not set.
            display_name: Human-readable name for display in the UI. Can contain spaces and special
                characters, max 63 characters.
            external_id: Caller-owned identifier for external lookups. Max 64 chars, alphanumeric + dash.
            labels: Labels of the object (`blaxel-pulumi.owner` is reserved: the package writes it).
            name: Unique identifier for the resource within the workspace. Must be lowercase alphanumeric
                with hyphens, max 49 characters. Immutable after creation.
            config: Non-sensitive configuration parameters for the integration (e.g., organization ID,
                region).
            integration: Integration provider type (e.g., openai, anthropic, github, slack).
            sandbox: Whether this connection uses sandbox/test credentials instead of production.
            secret: Encrypted credentials and API keys for authenticating with the external service.
            workspace: Workspace of the integration connection, overriding `blaxel:workspace` /
                BL_WORKSPACE. Changing it replaces the integration connection.
            adopt: Take over an integration connection of the same name that already exists in the
                workspace (default false). Without it, an existing integration connection that no
                resource of this stack holds makes the create fail.
            opts: Pulumi resource options.
        """
        super().__init__(
            self._KIND,
            "pulumi-python:dynamic/blaxel:IntegrationConnection",
            resource_name,
            {
                "display_name": display_name,
                "external_id": external_id,
                "labels": labels,
                "name": name,
                "config": config,
                "integration": integration,
                "sandbox": sandbox,
                "secret": secret,
                "workspace": workspace,
                "adopt": adopt,
            },
            self._PROPERTIES,
            self._SECRET_PROPERTIES,
            opts,
        )

    @staticmethod
    def get(
        resource_name: str, id: pulumi.Input[str], opts: pulumi.ResourceOptions | None = None
    ) -> BlaxelIntegrationConnection:
        """Look up an existing integration connection: a resource whose outputs are the integration
        connection as Blaxel has it now.

        Pulumi reads the integration connection at every `pulumi up` and `pulumi refresh`, and never
        creates, updates or deletes it (`pulumi destroy` leaves it as it is); one that does not exist
        fails the update.

        Args:
            resource_name: The Pulumi name of the resource (the integration connection keeps its own name).
            id: The integration connection's name on Blaxel (in the workspace the stack's settings name).
            opts: Pulumi resource options.
        """
        return BlaxelIntegrationConnection._lookup(resource_name, id, opts)


class BlaxelVolumeTemplate(BlaxelObject, module="blaxel", name="VolumeTemplate"):
    """A Blaxel volume template: it is ready at once.

    Volume template for creating pre-configured volumes. Type token: `pulumi-
    python:dynamic/blaxel:VolumeTemplate`. A change of `name` or `workspace` replaces it; any other is an
    update.
    """

    display_name: pulumi.Output[Any]
    """Human-readable name for display in the UI. Can contain spaces and special characters, max 63
    characters."""
    external_id: pulumi.Output[Any]
    """Caller-owned identifier for external lookups. Max 64 chars, alphanumeric + dash."""
    labels: pulumi.Output[Any]
    """Labels of the object (`blaxel-pulumi.owner` is reserved: the package writes it)."""
    name: pulumi.Output[Any]
    """Unique identifier for the resource within the workspace. Must be lowercase alphanumeric with
    hyphens, max 49 characters. Immutable after creation."""
    default_size: pulumi.Output[Any]
    """Default size of the volume in MB."""
    description: pulumi.Output[Any]
    """Description of the volume template."""
    workspace: pulumi.Output[Any]
    """Workspace of the volume template, overriding `blaxel:workspace` / BL_WORKSPACE. Changing it
    replaces the volume template."""
    adopt: pulumi.Output[Any]
    """Take over a volume template of the same name that already exists in the workspace (default false).
    Without it, an existing volume template that no resource of this stack holds makes the create fail."""
    effective_labels: pulumi.Output[Any]
    """Every label the object has on Blaxel but the ownership label."""
    server_fields: pulumi.Output[Any]
    """What Blaxel reports beyond the fields this package knows (kept, sent back unchanged)."""
    created_by: pulumi.Output[Any]
    """Who created it."""
    updated_by: pulumi.Output[Any]
    """Who last changed it."""
    created_at: pulumi.Output[Any]
    """When Blaxel created it (RFC 3339)."""
    updated_at: pulumi.Output[Any]
    """When Blaxel last changed it (RFC 3339)."""
    plan: pulumi.Output[Any]
    """The billing plan of its workspace."""
    url: pulumi.Output[Any]
    """Its endpoint URL, for the kinds that serve one."""
    state: pulumi.Output[Any]
    """See Blaxel's documentation of the field."""
    versions: pulumi.Output[Any]
    """See Blaxel's documentation of the field."""
    claim: pulumi.Output[Any]
    """The claim of the create that made it (with the owner marker, in its ownership label)."""

    _KIND = "volume template"
    _PROPERTIES = (
        "display_name",
        "external_id",
        "labels",
        "name",
        "default_size",
        "description",
        "workspace",
        "adopt",
        "effective_labels",
        "server_fields",
        "created_by",
        "updated_by",
        "created_at",
        "updated_at",
        "plan",
        "url",
        "state",
        "versions",
        "claim",
    )
    _SECRET_PROPERTIES = ()

    def __init__(
        self,
        resource_name: str,
        *,
        display_name: pulumi.Input[str] | None = None,
        external_id: pulumi.Input[str] | None = None,
        labels: pulumi.Input[Mapping[str, pulumi.Input[str]]] | None = None,
        name: pulumi.Input[str] | None = None,
        default_size: pulumi.Input[int] | None = None,
        description: pulumi.Input[str] | None = None,
        workspace: pulumi.Input[str] | None = None,
        adopt: pulumi.Input[bool] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """Declare a Blaxel volume template.

        Args:
            resource_name: The Pulumi name of the resource; also the prefix of the volume template's name
                when `name` is not set.
            display_name: Human-readable name for display in the UI. Can contain spaces and special
                characters, max 63 characters.
            external_id: Caller-owned identifier for external lookups. Max 64 chars, alphanumeric + dash.
            labels: Labels of the object (`blaxel-pulumi.owner` is reserved: the package writes it).
            name: Unique identifier for the resource within the workspace. Must be lowercase alphanumeric
                with hyphens, max 49 characters. Immutable after creation.
            default_size: Default size of the volume in MB.
            description: Description of the volume template.
            workspace: Workspace of the volume template, overriding `blaxel:workspace` / BL_WORKSPACE.
                Changing it replaces the volume template.
            adopt: Take over a volume template of the same name that already exists in the workspace
                (default false). Without it, an existing volume template that no resource of this stack
                holds makes the create fail.
            opts: Pulumi resource options.
        """
        super().__init__(
            self._KIND,
            "pulumi-python:dynamic/blaxel:VolumeTemplate",
            resource_name,
            {
                "display_name": display_name,
                "external_id": external_id,
                "labels": labels,
                "name": name,
                "default_size": default_size,
                "description": description,
                "workspace": workspace,
                "adopt": adopt,
            },
            self._PROPERTIES,
            self._SECRET_PROPERTIES,
            opts,
        )

    @staticmethod
    def get(
        resource_name: str, id: pulumi.Input[str], opts: pulumi.ResourceOptions | None = None
    ) -> BlaxelVolumeTemplate:
        """Look up an existing volume template: a resource whose outputs are the volume template as
        Blaxel has it now.

        Pulumi reads the volume template at every `pulumi up` and `pulumi refresh`, and never creates,
        updates or deletes it (`pulumi destroy` leaves it as it is); one that does not exist fails the
        update.

        Args:
            resource_name: The Pulumi name of the resource (the volume template keeps its own name).
            id: The volume template's name on Blaxel (in the workspace the stack's settings name).
            opts: Pulumi resource options.
        """
        return BlaxelVolumeTemplate._lookup(resource_name, id, opts)


class BlaxelVolume(BlaxelObject, module="blaxel", name="Volume"):
    """A Blaxel volume: it rolls out: it is waited for until `DEPLOYED`.

    Persistent storage volume that can be attached to sandboxes for durable file storage across sessions.
    Volumes survive sandbox deletion and can be reattached to new sandboxes. Type token: `pulumi-
    python:dynamic/blaxel:Volume`. A change of `name`, `region` or `workspace` replaces it; any other is
    an update.
    """

    display_name: pulumi.Output[Any]
    """Human-readable name for display in the UI. Can contain spaces and special characters, max 63
    characters."""
    external_id: pulumi.Output[Any]
    """Caller-owned identifier for external lookups. Max 64 chars, alphanumeric + dash."""
    labels: pulumi.Output[Any]
    """Labels of the object (`blaxel-pulumi.owner` is reserved: the package writes it)."""
    name: pulumi.Output[Any]
    """Unique identifier for the resource within the workspace. Must be lowercase alphanumeric with
    hyphens, max 49 characters. Immutable after creation."""
    region: pulumi.Output[Any]
    """Deployment region for the volume (e.g., us-pdx-1, eu-lon-1). Must match the region of sandboxes it
    attaches to."""
    size: pulumi.Output[Any]
    """Storage capacity in megabytes. Can be increased after creation but not decreased."""
    template: pulumi.Output[Any]
    """Volume template to initialize from, with optional revision (e.g., "mytemplate:1" or
    "mytemplate:latest")."""
    workspace: pulumi.Output[Any]
    """Workspace of the volume, overriding `blaxel:workspace` / BL_WORKSPACE. Changing it replaces the
    volume."""
    adopt: pulumi.Output[Any]
    """Take over a volume of the same name that already exists in the workspace (default false). Without
    it, an existing volume that no resource of this stack holds makes the create fail."""
    wait_for_deployment: pulumi.Output[Any]
    """Wait until the volume is DEPLOYED after a create or update (default true)."""
    deployment_timeout: pulumi.Output[Any]
    """Seconds to wait for the deployment before failing (default 1200)."""
    effective_labels: pulumi.Output[Any]
    """Every label the object has on Blaxel but the ownership label."""
    server_fields: pulumi.Output[Any]
    """What Blaxel reports beyond the fields this package knows (kept, sent back unchanged)."""
    created_by: pulumi.Output[Any]
    """Who created it."""
    updated_by: pulumi.Output[Any]
    """Who last changed it."""
    created_at: pulumi.Output[Any]
    """When Blaxel created it (RFC 3339)."""
    updated_at: pulumi.Output[Any]
    """When Blaxel last changed it (RFC 3339)."""
    plan: pulumi.Output[Any]
    """The billing plan of its workspace."""
    url: pulumi.Output[Any]
    """Its endpoint URL, for the kinds that serve one."""
    events: pulumi.Output[Any]
    """Its latest deployment events."""
    state: pulumi.Output[Any]
    """See Blaxel's documentation of the field."""
    status: pulumi.Output[Any]
    """Its deployment status (`DEPLOYED` once rolled out)."""
    terminated_at: pulumi.Output[Any]
    """See Blaxel's documentation of the field."""
    claim: pulumi.Output[Any]
    """The claim of the create that made it (with the owner marker, in its ownership label)."""

    _KIND = "volume"
    _PROPERTIES = (
        "display_name",
        "external_id",
        "labels",
        "name",
        "region",
        "size",
        "template",
        "workspace",
        "adopt",
        "wait_for_deployment",
        "deployment_timeout",
        "effective_labels",
        "server_fields",
        "created_by",
        "updated_by",
        "created_at",
        "updated_at",
        "plan",
        "url",
        "events",
        "state",
        "status",
        "terminated_at",
        "claim",
    )
    _SECRET_PROPERTIES = ()

    def __init__(
        self,
        resource_name: str,
        *,
        display_name: pulumi.Input[str] | None = None,
        external_id: pulumi.Input[str] | None = None,
        labels: pulumi.Input[Mapping[str, pulumi.Input[str]]] | None = None,
        name: pulumi.Input[str] | None = None,
        region: pulumi.Input[str] | None = None,
        size: pulumi.Input[int] | None = None,
        template: pulumi.Input[str] | None = None,
        workspace: pulumi.Input[str] | None = None,
        adopt: pulumi.Input[bool] | None = None,
        wait_for_deployment: pulumi.Input[bool] | None = None,
        deployment_timeout: pulumi.Input[int] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """Declare a Blaxel volume.

        Args:
            resource_name: The Pulumi name of the resource; also the prefix of the volume's name when
                `name` is not set.
            display_name: Human-readable name for display in the UI. Can contain spaces and special
                characters, max 63 characters.
            external_id: Caller-owned identifier for external lookups. Max 64 chars, alphanumeric + dash.
            labels: Labels of the object (`blaxel-pulumi.owner` is reserved: the package writes it).
            name: Unique identifier for the resource within the workspace. Must be lowercase alphanumeric
                with hyphens, max 49 characters. Immutable after creation.
            region: Deployment region for the volume (e.g., us-pdx-1, eu-lon-1). Must match the region of
                sandboxes it attaches to.
            size: Storage capacity in megabytes. Can be increased after creation but not decreased.
            template: Volume template to initialize from, with optional revision (e.g., "mytemplate:1" or
                "mytemplate:latest").
            workspace: Workspace of the volume, overriding `blaxel:workspace` / BL_WORKSPACE. Changing it
                replaces the volume.
            adopt: Take over a volume of the same name that already exists in the workspace (default
                false). Without it, an existing volume that no resource of this stack holds makes the
                create fail.
            wait_for_deployment: Wait until the volume is DEPLOYED after a create or update (default
                true).
            deployment_timeout: Seconds to wait for the deployment before failing (default 1200).
            opts: Pulumi resource options.
        """
        super().__init__(
            self._KIND,
            "pulumi-python:dynamic/blaxel:Volume",
            resource_name,
            {
                "display_name": display_name,
                "external_id": external_id,
                "labels": labels,
                "name": name,
                "region": region,
                "size": size,
                "template": template,
                "workspace": workspace,
                "adopt": adopt,
                "wait_for_deployment": wait_for_deployment,
                "deployment_timeout": deployment_timeout,
            },
            self._PROPERTIES,
            self._SECRET_PROPERTIES,
            opts,
        )

    @staticmethod
    def get(
        resource_name: str, id: pulumi.Input[str], opts: pulumi.ResourceOptions | None = None
    ) -> BlaxelVolume:
        """Look up an existing volume: a resource whose outputs are the volume as Blaxel has it now.

        Pulumi reads the volume at every `pulumi up` and `pulumi refresh`, and never creates, updates or
        deletes it (`pulumi destroy` leaves it as it is); one that does not exist fails the update.

        Args:
            resource_name: The Pulumi name of the resource (the volume keeps its own name).
            id: The volume's name on Blaxel (in the workspace the stack's settings name).
            opts: Pulumi resource options.
        """
        return BlaxelVolume._lookup(resource_name, id, opts)


class BlaxelDrive(BlaxelObject, module="blaxel", name="Drive"):
    """A Blaxel drive: it rolls out: it is waited for until `DEPLOYED`.

    Drive providing persistent storage that can be attached to agents, functions, and sandboxes. Drives
    can be mounted at runtime via the sbx API. Type token: `pulumi-python:dynamic/blaxel:Drive`. A change
    of `name`, `region` or `workspace` replaces it; any other is an update.
    """

    display_name: pulumi.Output[Any]
    """Human-readable name for display in the UI. Can contain spaces and special characters, max 63
    characters."""
    external_id: pulumi.Output[Any]
    """Caller-owned identifier for external lookups. Max 64 chars, alphanumeric + dash."""
    labels: pulumi.Output[Any]
    """Labels of the object (`blaxel-pulumi.owner` is reserved: the package writes it)."""
    name: pulumi.Output[Any]
    """Unique identifier for the resource within the workspace. Must be lowercase alphanumeric with
    hyphens, max 49 characters. Immutable after creation."""
    permissions: pulumi.Output[Any]
    """Permissions controlling which workloads can access this drive. Empty means all workloads in the
    workspace can access the drive. Maximum 3 permissions."""
    region: pulumi.Output[Any]
    """Deployment region for the drive (e.g., us-pdx-1, eu-lon-1). Must match the region of resources it
    attaches to."""
    workspace: pulumi.Output[Any]
    """Workspace of the drive, overriding `blaxel:workspace` / BL_WORKSPACE. Changing it replaces the
    drive."""
    adopt: pulumi.Output[Any]
    """Take over a drive of the same name that already exists in the workspace (default false). Without
    it, an existing drive that no resource of this stack holds makes the create fail."""
    wait_for_deployment: pulumi.Output[Any]
    """Wait until the drive is DEPLOYED after a create or update (default true)."""
    deployment_timeout: pulumi.Output[Any]
    """Seconds to wait for the deployment before failing (default 1200)."""
    effective_labels: pulumi.Output[Any]
    """Every label the object has on Blaxel but the ownership label."""
    server_fields: pulumi.Output[Any]
    """What Blaxel reports beyond the fields this package knows (kept, sent back unchanged)."""
    created_by: pulumi.Output[Any]
    """Who created it."""
    updated_by: pulumi.Output[Any]
    """Who last changed it."""
    created_at: pulumi.Output[Any]
    """When Blaxel created it (RFC 3339)."""
    updated_at: pulumi.Output[Any]
    """When Blaxel last changed it (RFC 3339)."""
    plan: pulumi.Output[Any]
    """The billing plan of its workspace."""
    url: pulumi.Output[Any]
    """Its endpoint URL, for the kinds that serve one."""
    events: pulumi.Output[Any]
    """Its latest deployment events."""
    state: pulumi.Output[Any]
    """See Blaxel's documentation of the field."""
    status: pulumi.Output[Any]
    """Its deployment status (`DEPLOYED` once rolled out)."""
    claim: pulumi.Output[Any]
    """The claim of the create that made it (with the owner marker, in its ownership label)."""

    _KIND = "drive"
    _PROPERTIES = (
        "display_name",
        "external_id",
        "labels",
        "name",
        "permissions",
        "region",
        "workspace",
        "adopt",
        "wait_for_deployment",
        "deployment_timeout",
        "effective_labels",
        "server_fields",
        "created_by",
        "updated_by",
        "created_at",
        "updated_at",
        "plan",
        "url",
        "events",
        "state",
        "status",
        "claim",
    )
    _SECRET_PROPERTIES = ()

    def __init__(
        self,
        resource_name: str,
        *,
        display_name: pulumi.Input[str] | None = None,
        external_id: pulumi.Input[str] | None = None,
        labels: pulumi.Input[Mapping[str, pulumi.Input[str]]] | None = None,
        name: pulumi.Input[str] | None = None,
        permissions: pulumi.Input[Sequence[pulumi.Input[Mapping[str, Any]]]] | None = None,
        region: pulumi.Input[str] | None = None,
        workspace: pulumi.Input[str] | None = None,
        adopt: pulumi.Input[bool] | None = None,
        wait_for_deployment: pulumi.Input[bool] | None = None,
        deployment_timeout: pulumi.Input[int] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """Declare a Blaxel drive.

        Args:
            resource_name: The Pulumi name of the resource; also the prefix of the drive's name when
                `name` is not set.
            display_name: Human-readable name for display in the UI. Can contain spaces and special
                characters, max 63 characters.
            external_id: Caller-owned identifier for external lookups. Max 64 chars, alphanumeric + dash.
            labels: Labels of the object (`blaxel-pulumi.owner` is reserved: the package writes it).
            name: Unique identifier for the resource within the workspace. Must be lowercase alphanumeric
                with hyphens, max 49 characters. Immutable after creation.
            permissions: Permissions controlling which workloads can access this drive. Empty means all
                workloads in the workspace can access the drive. Maximum 3 permissions.
            region: Deployment region for the drive (e.g., us-pdx-1, eu-lon-1). Must match the region of
                resources it attaches to.
            workspace: Workspace of the drive, overriding `blaxel:workspace` / BL_WORKSPACE. Changing it
                replaces the drive.
            adopt: Take over a drive of the same name that already exists in the workspace (default
                false). Without it, an existing drive that no resource of this stack holds makes the
                create fail.
            wait_for_deployment: Wait until the drive is DEPLOYED after a create or update (default
                true).
            deployment_timeout: Seconds to wait for the deployment before failing (default 1200).
            opts: Pulumi resource options.
        """
        super().__init__(
            self._KIND,
            "pulumi-python:dynamic/blaxel:Drive",
            resource_name,
            {
                "display_name": display_name,
                "external_id": external_id,
                "labels": labels,
                "name": name,
                "permissions": permissions,
                "region": region,
                "workspace": workspace,
                "adopt": adopt,
                "wait_for_deployment": wait_for_deployment,
                "deployment_timeout": deployment_timeout,
            },
            self._PROPERTIES,
            self._SECRET_PROPERTIES,
            opts,
        )

    @staticmethod
    def get(
        resource_name: str, id: pulumi.Input[str], opts: pulumi.ResourceOptions | None = None
    ) -> BlaxelDrive:
        """Look up an existing drive: a resource whose outputs are the drive as Blaxel has it now.

        Pulumi reads the drive at every `pulumi up` and `pulumi refresh`, and never creates, updates or
        deletes it (`pulumi destroy` leaves it as it is); one that does not exist fails the update.

        Args:
            resource_name: The Pulumi name of the resource (the drive keeps its own name).
            id: The drive's name on Blaxel (in the workspace the stack's settings name).
            opts: Pulumi resource options.
        """
        return BlaxelDrive._lookup(resource_name, id, opts)


class BlaxelModel(BlaxelObject, module="blaxel", name="Model"):
    """A Blaxel model: it rolls out: it is waited for until `DEPLOYED`.

    Gateway endpoint to external LLM provider APIs (OpenAI, Anthropic, etc.) with unified access control,
    credentials management, and usage tracking. Type token: `pulumi-python:dynamic/blaxel:Model`. A
    change of `name` or `workspace` replaces it; any other is an update.
    """

    display_name: pulumi.Output[Any]
    """Human-readable name for display in the UI. Can contain spaces and special characters, max 63
    characters."""
    external_id: pulumi.Output[Any]
    """Caller-owned identifier for external lookups. Max 64 chars, alphanumeric + dash."""
    labels: pulumi.Output[Any]
    """Labels of the object (`blaxel-pulumi.owner` is reserved: the package writes it)."""
    name: pulumi.Output[Any]
    """Unique identifier for the resource within the workspace. Must be lowercase alphanumeric with
    hyphens, max 49 characters. Immutable after creation."""
    enabled: pulumi.Output[Any]
    """When false, the model endpoint is disabled and will not accept inference requests."""
    flavors: pulumi.Output[Any]
    """Types of hardware available for deployments."""
    integration_connections: pulumi.Output[Any]
    """See Blaxel's documentation of the field."""
    policies: pulumi.Output[Any]
    """See Blaxel's documentation of the field."""
    runtime: pulumi.Output[Any]
    """Configuration identifying which external LLM provider and model this gateway endpoint proxies to."""
    sandbox: pulumi.Output[Any]
    """When true, uses sandbox/test credentials from the integration connection."""
    workspace: pulumi.Output[Any]
    """Workspace of the model, overriding `blaxel:workspace` / BL_WORKSPACE. Changing it replaces the
    model."""
    adopt: pulumi.Output[Any]
    """Take over a model of the same name that already exists in the workspace (default false). Without
    it, an existing model that no resource of this stack holds makes the create fail."""
    wait_for_deployment: pulumi.Output[Any]
    """Wait until the model is DEPLOYED after a create or update (default true)."""
    deployment_timeout: pulumi.Output[Any]
    """Seconds to wait for the deployment before failing (default 1200)."""
    effective_labels: pulumi.Output[Any]
    """Every label the object has on Blaxel but the ownership label."""
    server_fields: pulumi.Output[Any]
    """What Blaxel reports beyond the fields this package knows (kept, sent back unchanged)."""
    created_by: pulumi.Output[Any]
    """Who created it."""
    updated_by: pulumi.Output[Any]
    """Who last changed it."""
    created_at: pulumi.Output[Any]
    """When Blaxel created it (RFC 3339)."""
    updated_at: pulumi.Output[Any]
    """When Blaxel last changed it (RFC 3339)."""
    plan: pulumi.Output[Any]
    """The billing plan of its workspace."""
    url: pulumi.Output[Any]
    """Its endpoint URL, for the kinds that serve one."""
    events: pulumi.Output[Any]
    """Its latest deployment events."""
    status: pulumi.Output[Any]
    """Its deployment status (`DEPLOYED` once rolled out)."""
    claim: pulumi.Output[Any]
    """The claim of the create that made it (with the owner marker, in its ownership label)."""

    _KIND = "model"
    _PROPERTIES = (
        "display_name",
        "external_id",
        "labels",
        "name",
        "enabled",
        "flavors",
        "integration_connections",
        "policies",
        "runtime",
        "sandbox",
        "workspace",
        "adopt",
        "wait_for_deployment",
        "deployment_timeout",
        "effective_labels",
        "server_fields",
        "created_by",
        "updated_by",
        "created_at",
        "updated_at",
        "plan",
        "url",
        "events",
        "status",
        "claim",
    )
    _SECRET_PROPERTIES = ()

    def __init__(
        self,
        resource_name: str,
        *,
        display_name: pulumi.Input[str] | None = None,
        external_id: pulumi.Input[str] | None = None,
        labels: pulumi.Input[Mapping[str, pulumi.Input[str]]] | None = None,
        name: pulumi.Input[str] | None = None,
        enabled: pulumi.Input[bool] | None = None,
        flavors: pulumi.Input[Sequence[pulumi.Input[Mapping[str, Any]]]] | None = None,
        integration_connections: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None,
        policies: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None,
        runtime: pulumi.Input[Mapping[str, Any]] | None = None,
        sandbox: pulumi.Input[bool] | None = None,
        workspace: pulumi.Input[str] | None = None,
        adopt: pulumi.Input[bool] | None = None,
        wait_for_deployment: pulumi.Input[bool] | None = None,
        deployment_timeout: pulumi.Input[int] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """Declare a Blaxel model.

        Args:
            resource_name: The Pulumi name of the resource; also the prefix of the model's name when
                `name` is not set.
            display_name: Human-readable name for display in the UI. Can contain spaces and special
                characters, max 63 characters.
            external_id: Caller-owned identifier for external lookups. Max 64 chars, alphanumeric + dash.
            labels: Labels of the object (`blaxel-pulumi.owner` is reserved: the package writes it).
            name: Unique identifier for the resource within the workspace. Must be lowercase alphanumeric
                with hyphens, max 49 characters. Immutable after creation.
            enabled: When false, the model endpoint is disabled and will not accept inference requests.
            flavors: Types of hardware available for deployments.
            integration_connections: See Blaxel's documentation of the field.
            policies: See Blaxel's documentation of the field.
            runtime: Configuration identifying which external LLM provider and model this gateway
                endpoint proxies to.
            sandbox: When true, uses sandbox/test credentials from the integration connection.
            workspace: Workspace of the model, overriding `blaxel:workspace` / BL_WORKSPACE. Changing it
                replaces the model.
            adopt: Take over a model of the same name that already exists in the workspace (default
                false). Without it, an existing model that no resource of this stack holds makes the
                create fail.
            wait_for_deployment: Wait until the model is DEPLOYED after a create or update (default
                true).
            deployment_timeout: Seconds to wait for the deployment before failing (default 1200).
            opts: Pulumi resource options.
        """
        super().__init__(
            self._KIND,
            "pulumi-python:dynamic/blaxel:Model",
            resource_name,
            {
                "display_name": display_name,
                "external_id": external_id,
                "labels": labels,
                "name": name,
                "enabled": enabled,
                "flavors": flavors,
                "integration_connections": integration_connections,
                "policies": policies,
                "runtime": runtime,
                "sandbox": sandbox,
                "workspace": workspace,
                "adopt": adopt,
                "wait_for_deployment": wait_for_deployment,
                "deployment_timeout": deployment_timeout,
            },
            self._PROPERTIES,
            self._SECRET_PROPERTIES,
            opts,
        )

    @staticmethod
    def get(
        resource_name: str, id: pulumi.Input[str], opts: pulumi.ResourceOptions | None = None
    ) -> BlaxelModel:
        """Look up an existing model: a resource whose outputs are the model as Blaxel has it now.

        Pulumi reads the model at every `pulumi up` and `pulumi refresh`, and never creates, updates or
        deletes it (`pulumi destroy` leaves it as it is); one that does not exist fails the update.

        Args:
            resource_name: The Pulumi name of the resource (the model keeps its own name).
            id: The model's name on Blaxel (in the workspace the stack's settings name).
            opts: Pulumi resource options.
        """
        return BlaxelModel._lookup(resource_name, id, opts)


class BlaxelFunction(BlaxelObject, module="blaxel", name="Function"):
    """A Blaxel function: it rolls out: it is waited for until `DEPLOYED`.

    MCP server deployment that exposes tools for AI agents via the Model Context Protocol (MCP). Deployed
    as a serverless auto-scaling endpoint using streamable HTTP transport. Type token: `pulumi-
    python:dynamic/blaxel:Function`. A change of `name` or `workspace` replaces it; any other is an
    update.
    """

    display_name: pulumi.Output[Any]
    """Human-readable name for display in the UI. Can contain spaces and special characters, max 63
    characters."""
    external_id: pulumi.Output[Any]
    """Caller-owned identifier for external lookups. Max 64 chars, alphanumeric + dash."""
    labels: pulumi.Output[Any]
    """Labels of the object (`blaxel-pulumi.owner` is reserved: the package writes it)."""
    name: pulumi.Output[Any]
    """Unique identifier for the resource within the workspace. Must be lowercase alphanumeric with
    hyphens, max 49 characters. Immutable after creation."""
    enabled: pulumi.Output[Any]
    """When false, the function is disabled and will not serve requests."""
    integration_connections: pulumi.Output[Any]
    """See Blaxel's documentation of the field."""
    policies: pulumi.Output[Any]
    """See Blaxel's documentation of the field."""
    public: pulumi.Output[Any]
    """When true, the function is publicly accessible without authentication. Only available for mk3
    generation."""
    region: pulumi.Output[Any]
    """Region where the function should be deployed (e.g. us-pdx-1, eu-lon-1). If not specified, the
    function is deployed based on policy locations."""
    revision: pulumi.Output[Any]
    """Revision configuration."""
    runtime: pulumi.Output[Any]
    """Runtime configuration defining how the MCP server function is deployed and scaled."""
    triggers: pulumi.Output[Any]
    """Triggers to use your agent."""
    workspace: pulumi.Output[Any]
    """Workspace of the function, overriding `blaxel:workspace` / BL_WORKSPACE. Changing it replaces the
    function."""
    adopt: pulumi.Output[Any]
    """Take over a function of the same name that already exists in the workspace (default false).
    Without it, an existing function that no resource of this stack holds makes the create fail."""
    wait_for_deployment: pulumi.Output[Any]
    """Wait until the function is DEPLOYED after a create or update (default true)."""
    deployment_timeout: pulumi.Output[Any]
    """Seconds to wait for the deployment before failing (default 1200)."""
    effective_labels: pulumi.Output[Any]
    """Every label the object has on Blaxel but the ownership label."""
    server_fields: pulumi.Output[Any]
    """What Blaxel reports beyond the fields this package knows (kept, sent back unchanged)."""
    created_by: pulumi.Output[Any]
    """Who created it."""
    updated_by: pulumi.Output[Any]
    """Who last changed it."""
    created_at: pulumi.Output[Any]
    """When Blaxel created it (RFC 3339)."""
    updated_at: pulumi.Output[Any]
    """When Blaxel last changed it (RFC 3339)."""
    plan: pulumi.Output[Any]
    """The billing plan of its workspace."""
    url: pulumi.Output[Any]
    """Its endpoint URL, for the kinds that serve one."""
    events: pulumi.Output[Any]
    """Its latest deployment events."""
    status: pulumi.Output[Any]
    """Its deployment status (`DEPLOYED` once rolled out)."""
    claim: pulumi.Output[Any]
    """The claim of the create that made it (with the owner marker, in its ownership label)."""
    secret_env_values: pulumi.Output[Any]
    """Values of the secret environment variables, by name (a Pulumi secret)."""

    _KIND = "function"
    _PROPERTIES = (
        "display_name",
        "external_id",
        "labels",
        "name",
        "enabled",
        "integration_connections",
        "policies",
        "public",
        "region",
        "revision",
        "runtime",
        "triggers",
        "workspace",
        "adopt",
        "wait_for_deployment",
        "deployment_timeout",
        "effective_labels",
        "server_fields",
        "created_by",
        "updated_by",
        "created_at",
        "updated_at",
        "plan",
        "url",
        "events",
        "status",
        "claim",
    )
    _SECRET_PROPERTIES = ("secret_env_values",)

    def __init__(
        self,
        resource_name: str,
        *,
        display_name: pulumi.Input[str] | None = None,
        external_id: pulumi.Input[str] | None = None,
        labels: pulumi.Input[Mapping[str, pulumi.Input[str]]] | None = None,
        name: pulumi.Input[str] | None = None,
        enabled: pulumi.Input[bool] | None = None,
        integration_connections: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None,
        policies: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None,
        public: pulumi.Input[bool] | None = None,
        region: pulumi.Input[str] | None = None,
        revision: pulumi.Input[Mapping[str, Any]] | None = None,
        runtime: pulumi.Input[Mapping[str, Any]] | None = None,
        triggers: pulumi.Input[Sequence[pulumi.Input[Mapping[str, Any]]]] | None = None,
        workspace: pulumi.Input[str] | None = None,
        adopt: pulumi.Input[bool] | None = None,
        wait_for_deployment: pulumi.Input[bool] | None = None,
        deployment_timeout: pulumi.Input[int] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """Declare a Blaxel function.

        Args:
            resource_name: The Pulumi name of the resource; also the prefix of the function's name when
                `name` is not set.
            display_name: Human-readable name for display in the UI. Can contain spaces and special
                characters, max 63 characters.
            external_id: Caller-owned identifier for external lookups. Max 64 chars, alphanumeric + dash.
            labels: Labels of the object (`blaxel-pulumi.owner` is reserved: the package writes it).
            name: Unique identifier for the resource within the workspace. Must be lowercase alphanumeric
                with hyphens, max 49 characters. Immutable after creation.
            enabled: When false, the function is disabled and will not serve requests.
            integration_connections: See Blaxel's documentation of the field.
            policies: See Blaxel's documentation of the field.
            public: When true, the function is publicly accessible without authentication. Only available
                for mk3 generation.
            region: Region where the function should be deployed (e.g. us-pdx-1, eu-lon-1). If not
                specified, the function is deployed based on policy locations.
            revision: Revision configuration.
            runtime: Runtime configuration defining how the MCP server function is deployed and scaled.
            triggers: Triggers to use your agent.
            workspace: Workspace of the function, overriding `blaxel:workspace` / BL_WORKSPACE. Changing
                it replaces the function.
            adopt: Take over a function of the same name that already exists in the workspace (default
                false). Without it, an existing function that no resource of this stack holds makes the
                create fail.
            wait_for_deployment: Wait until the function is DEPLOYED after a create or update (default
                true).
            deployment_timeout: Seconds to wait for the deployment before failing (default 1200).
            opts: Pulumi resource options.
        """
        super().__init__(
            self._KIND,
            "pulumi-python:dynamic/blaxel:Function",
            resource_name,
            {
                "display_name": display_name,
                "external_id": external_id,
                "labels": labels,
                "name": name,
                "enabled": enabled,
                "integration_connections": integration_connections,
                "policies": policies,
                "public": public,
                "region": region,
                "revision": revision,
                "runtime": runtime,
                "triggers": triggers,
                "workspace": workspace,
                "adopt": adopt,
                "wait_for_deployment": wait_for_deployment,
                "deployment_timeout": deployment_timeout,
            },
            self._PROPERTIES,
            self._SECRET_PROPERTIES,
            opts,
        )

    @staticmethod
    def get(
        resource_name: str, id: pulumi.Input[str], opts: pulumi.ResourceOptions | None = None
    ) -> BlaxelFunction:
        """Look up an existing function: a resource whose outputs are the function as Blaxel has it now.

        Pulumi reads the function at every `pulumi up` and `pulumi refresh`, and never creates, updates
        or deletes it (`pulumi destroy` leaves it as it is); one that does not exist fails the update.

        Args:
            resource_name: The Pulumi name of the resource (the function keeps its own name).
            id: The function's name on Blaxel (in the workspace the stack's settings name).
            opts: Pulumi resource options.
        """
        return BlaxelFunction._lookup(resource_name, id, opts)


class BlaxelAgent(BlaxelObject, module="blaxel", name="Agent"):
    """A Blaxel agent: it rolls out: it is waited for until `DEPLOYED`.

    Serverless AI agent deployment that runs your custom agent code as an auto-scaling API endpoint.
    Agents are deployed from your code repository and expose a global inference URL for querying. Type
    token: `pulumi-python:dynamic/blaxel:Agent`. A change of `name` or `workspace` replaces it; any other
    is an update.
    """

    display_name: pulumi.Output[Any]
    """Human-readable name for display in the UI. Can contain spaces and special characters, max 63
    characters."""
    external_id: pulumi.Output[Any]
    """Caller-owned identifier for external lookups. Max 64 chars, alphanumeric + dash."""
    labels: pulumi.Output[Any]
    """Labels of the object (`blaxel-pulumi.owner` is reserved: the package writes it)."""
    name: pulumi.Output[Any]
    """Unique identifier for the resource within the workspace. Must be lowercase alphanumeric with
    hyphens, max 49 characters. Immutable after creation."""
    enabled: pulumi.Output[Any]
    """When false, the agent is disabled and will not serve inference requests."""
    policies: pulumi.Output[Any]
    """See Blaxel's documentation of the field."""
    public: pulumi.Output[Any]
    """When true, the agent is publicly accessible without authentication. Only available for mk3
    generation."""
    region: pulumi.Output[Any]
    """Region where the agent should be deployed (e.g. us-pdx-1, eu-lon-1). Required when volumes are
    attached."""
    repository: pulumi.Output[Any]
    """Repository."""
    revision: pulumi.Output[Any]
    """Revision configuration."""
    runtime: pulumi.Output[Any]
    """Runtime configuration defining how the AI agent is deployed and scaled globally."""
    triggers: pulumi.Output[Any]
    """Triggers to use your agent."""
    volumes: pulumi.Output[Any]
    """See Blaxel's documentation of the field."""
    workspace: pulumi.Output[Any]
    """Workspace of the agent, overriding `blaxel:workspace` / BL_WORKSPACE. Changing it replaces the
    agent."""
    adopt: pulumi.Output[Any]
    """Take over an agent of the same name that already exists in the workspace (default false). Without
    it, an existing agent that no resource of this stack holds makes the create fail."""
    wait_for_deployment: pulumi.Output[Any]
    """Wait until the agent is DEPLOYED after a create or update (default true)."""
    deployment_timeout: pulumi.Output[Any]
    """Seconds to wait for the deployment before failing (default 1200)."""
    effective_labels: pulumi.Output[Any]
    """Every label the object has on Blaxel but the ownership label."""
    server_fields: pulumi.Output[Any]
    """What Blaxel reports beyond the fields this package knows (kept, sent back unchanged)."""
    created_by: pulumi.Output[Any]
    """Who created it."""
    updated_by: pulumi.Output[Any]
    """Who last changed it."""
    created_at: pulumi.Output[Any]
    """When Blaxel created it (RFC 3339)."""
    updated_at: pulumi.Output[Any]
    """When Blaxel last changed it (RFC 3339)."""
    plan: pulumi.Output[Any]
    """The billing plan of its workspace."""
    url: pulumi.Output[Any]
    """Its endpoint URL, for the kinds that serve one."""
    events: pulumi.Output[Any]
    """Its latest deployment events."""
    status: pulumi.Output[Any]
    """Its deployment status (`DEPLOYED` once rolled out)."""
    claim: pulumi.Output[Any]
    """The claim of the create that made it (with the owner marker, in its ownership label)."""
    secret_env_values: pulumi.Output[Any]
    """Values of the secret environment variables, by name (a Pulumi secret)."""

    _KIND = "agent"
    _PROPERTIES = (
        "display_name",
        "external_id",
        "labels",
        "name",
        "enabled",
        "policies",
        "public",
        "region",
        "repository",
        "revision",
        "runtime",
        "triggers",
        "volumes",
        "workspace",
        "adopt",
        "wait_for_deployment",
        "deployment_timeout",
        "effective_labels",
        "server_fields",
        "created_by",
        "updated_by",
        "created_at",
        "updated_at",
        "plan",
        "url",
        "events",
        "status",
        "claim",
    )
    _SECRET_PROPERTIES = ("secret_env_values",)

    def __init__(
        self,
        resource_name: str,
        *,
        display_name: pulumi.Input[str] | None = None,
        external_id: pulumi.Input[str] | None = None,
        labels: pulumi.Input[Mapping[str, pulumi.Input[str]]] | None = None,
        name: pulumi.Input[str] | None = None,
        enabled: pulumi.Input[bool] | None = None,
        policies: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None,
        public: pulumi.Input[bool] | None = None,
        region: pulumi.Input[str] | None = None,
        repository: pulumi.Input[Mapping[str, Any]] | None = None,
        revision: pulumi.Input[Mapping[str, Any]] | None = None,
        runtime: pulumi.Input[Mapping[str, Any]] | None = None,
        triggers: pulumi.Input[Sequence[pulumi.Input[Mapping[str, Any]]]] | None = None,
        volumes: pulumi.Input[Sequence[pulumi.Input[Mapping[str, Any]]]] | None = None,
        workspace: pulumi.Input[str] | None = None,
        adopt: pulumi.Input[bool] | None = None,
        wait_for_deployment: pulumi.Input[bool] | None = None,
        deployment_timeout: pulumi.Input[int] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """Declare a Blaxel agent.

        Args:
            resource_name: The Pulumi name of the resource; also the prefix of the agent's name when
                `name` is not set.
            display_name: Human-readable name for display in the UI. Can contain spaces and special
                characters, max 63 characters.
            external_id: Caller-owned identifier for external lookups. Max 64 chars, alphanumeric + dash.
            labels: Labels of the object (`blaxel-pulumi.owner` is reserved: the package writes it).
            name: Unique identifier for the resource within the workspace. Must be lowercase alphanumeric
                with hyphens, max 49 characters. Immutable after creation.
            enabled: When false, the agent is disabled and will not serve inference requests.
            policies: See Blaxel's documentation of the field.
            public: When true, the agent is publicly accessible without authentication. Only available
                for mk3 generation.
            region: Region where the agent should be deployed (e.g. us-pdx-1, eu-lon-1). Required when
                volumes are attached.
            repository: Repository.
            revision: Revision configuration.
            runtime: Runtime configuration defining how the AI agent is deployed and scaled globally.
            triggers: Triggers to use your agent.
            volumes: See Blaxel's documentation of the field.
            workspace: Workspace of the agent, overriding `blaxel:workspace` / BL_WORKSPACE. Changing it
                replaces the agent.
            adopt: Take over an agent of the same name that already exists in the workspace (default
                false). Without it, an existing agent that no resource of this stack holds makes the
                create fail.
            wait_for_deployment: Wait until the agent is DEPLOYED after a create or update (default
                true).
            deployment_timeout: Seconds to wait for the deployment before failing (default 1200).
            opts: Pulumi resource options.
        """
        super().__init__(
            self._KIND,
            "pulumi-python:dynamic/blaxel:Agent",
            resource_name,
            {
                "display_name": display_name,
                "external_id": external_id,
                "labels": labels,
                "name": name,
                "enabled": enabled,
                "policies": policies,
                "public": public,
                "region": region,
                "repository": repository,
                "revision": revision,
                "runtime": runtime,
                "triggers": triggers,
                "volumes": volumes,
                "workspace": workspace,
                "adopt": adopt,
                "wait_for_deployment": wait_for_deployment,
                "deployment_timeout": deployment_timeout,
            },
            self._PROPERTIES,
            self._SECRET_PROPERTIES,
            opts,
        )

    @staticmethod
    def get(
        resource_name: str, id: pulumi.Input[str], opts: pulumi.ResourceOptions | None = None
    ) -> BlaxelAgent:
        """Look up an existing agent: a resource whose outputs are the agent as Blaxel has it now.

        Pulumi reads the agent at every `pulumi up` and `pulumi refresh`, and never creates, updates or
        deletes it (`pulumi destroy` leaves it as it is); one that does not exist fails the update.

        Args:
            resource_name: The Pulumi name of the resource (the agent keeps its own name).
            id: The agent's name on Blaxel (in the workspace the stack's settings name).
            opts: Pulumi resource options.
        """
        return BlaxelAgent._lookup(resource_name, id, opts)


class BlaxelSandbox(BlaxelObject, module="blaxel", name="Sandbox"):
    """A Blaxel sandbox: it rolls out: it is waited for until `DEPLOYED`.

    Lightweight virtual machine for secure AI code execution. Sandboxes resume from standby in under 25ms
    and automatically scale to zero after inactivity, preserving memory state including running processes
    and filesystem. Type token: `pulumi-python:dynamic/blaxel:Sandbox`. A change of `name`, `workspace`
    or `runtime.extra_args` replaces it; any other is an update.
    """

    display_name: pulumi.Output[Any]
    """Human-readable name for display in the UI. Can contain spaces and special characters, max 63
    characters."""
    external_id: pulumi.Output[Any]
    """Caller-owned identifier for external lookups. Max 64 chars, alphanumeric + dash."""
    labels: pulumi.Output[Any]
    """Labels of the object (`blaxel-pulumi.owner` is reserved: the package writes it)."""
    name: pulumi.Output[Any]
    """Unique identifier for the resource within the workspace. Must be lowercase alphanumeric with
    hyphens, max 49 characters. Immutable after creation."""
    enabled: pulumi.Output[Any]
    """When false, the sandbox is disabled and will not accept connections."""
    lifecycle: pulumi.Output[Any]
    """Lifecycle configuration controlling automatic sandbox deletion based on idle time, max age, or
    specific dates."""
    network: pulumi.Output[Any]
    """Network configuration for a sandbox including subnet, firewall rulesets, domain filtering, egress
    IP binding, and proxy settings."""
    region: pulumi.Output[Any]
    """Region where the sandbox should be created (e.g. us-pdx-1, eu-lon-1). If not specified, defaults
    to the region closest to the user."""
    runtime: pulumi.Output[Any]
    """Runtime configuration defining how the sandbox VM is provisioned and its resource limits."""
    volumes: pulumi.Output[Any]
    """See Blaxel's documentation of the field."""
    vpc: pulumi.Output[Any]
    """VPC name for the sandbox. Defaults to "default" when absent."""
    workspace: pulumi.Output[Any]
    """Workspace of the sandbox, overriding `blaxel:workspace` / BL_WORKSPACE. Changing it replaces the
    sandbox."""
    adopt: pulumi.Output[Any]
    """Take over a sandbox of the same name that already exists in the workspace (default false). Without
    it, an existing sandbox that no resource of this stack holds makes the create fail."""
    wait_for_deployment: pulumi.Output[Any]
    """Wait until the sandbox is DEPLOYED after a create or update (default true)."""
    deployment_timeout: pulumi.Output[Any]
    """Seconds to wait for the deployment before failing (default 1200)."""
    effective_labels: pulumi.Output[Any]
    """Every label the object has on Blaxel but the ownership label."""
    server_fields: pulumi.Output[Any]
    """What Blaxel reports beyond the fields this package knows (kept, sent back unchanged)."""
    created_by: pulumi.Output[Any]
    """Who created it."""
    updated_by: pulumi.Output[Any]
    """Who last changed it."""
    created_at: pulumi.Output[Any]
    """When Blaxel created it (RFC 3339)."""
    updated_at: pulumi.Output[Any]
    """When Blaxel last changed it (RFC 3339)."""
    plan: pulumi.Output[Any]
    """The billing plan of its workspace."""
    url: pulumi.Output[Any]
    """Its endpoint URL, for the kinds that serve one."""
    errors: pulumi.Output[Any]
    """See Blaxel's documentation of the field."""
    events: pulumi.Output[Any]
    """Its latest deployment events."""
    expires_in: pulumi.Output[Any]
    """See Blaxel's documentation of the field."""
    last_used_at: pulumi.Output[Any]
    """See Blaxel's documentation of the field."""
    node_generation: pulumi.Output[Any]
    """See Blaxel's documentation of the field."""
    state: pulumi.Output[Any]
    """See Blaxel's documentation of the field."""
    status: pulumi.Output[Any]
    """Its deployment status (`DEPLOYED` once rolled out)."""
    claim: pulumi.Output[Any]
    """The claim of the create that made it (with the owner marker, in its ownership label)."""
    secret_env_values: pulumi.Output[Any]
    """Values of the secret environment variables, by name (a Pulumi secret)."""

    _KIND = "sandbox"
    _PROPERTIES = (
        "display_name",
        "external_id",
        "labels",
        "name",
        "enabled",
        "lifecycle",
        "network",
        "region",
        "runtime",
        "volumes",
        "vpc",
        "workspace",
        "adopt",
        "wait_for_deployment",
        "deployment_timeout",
        "effective_labels",
        "server_fields",
        "created_by",
        "updated_by",
        "created_at",
        "updated_at",
        "plan",
        "url",
        "errors",
        "events",
        "expires_in",
        "last_used_at",
        "node_generation",
        "state",
        "status",
        "claim",
    )
    _SECRET_PROPERTIES = ("secret_env_values",)

    def __init__(
        self,
        resource_name: str,
        *,
        display_name: pulumi.Input[str] | None = None,
        external_id: pulumi.Input[str] | None = None,
        labels: pulumi.Input[Mapping[str, pulumi.Input[str]]] | None = None,
        name: pulumi.Input[str] | None = None,
        enabled: pulumi.Input[bool] | None = None,
        lifecycle: pulumi.Input[Mapping[str, Any]] | None = None,
        network: pulumi.Input[Mapping[str, Any]] | None = None,
        region: pulumi.Input[str] | None = None,
        runtime: pulumi.Input[Mapping[str, Any]] | None = None,
        volumes: pulumi.Input[Sequence[pulumi.Input[Mapping[str, Any]]]] | None = None,
        vpc: pulumi.Input[str] | None = None,
        workspace: pulumi.Input[str] | None = None,
        adopt: pulumi.Input[bool] | None = None,
        wait_for_deployment: pulumi.Input[bool] | None = None,
        deployment_timeout: pulumi.Input[int] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """Declare a Blaxel sandbox.

        Args:
            resource_name: The Pulumi name of the resource; also the prefix of the sandbox's name when
                `name` is not set.
            display_name: Human-readable name for display in the UI. Can contain spaces and special
                characters, max 63 characters.
            external_id: Caller-owned identifier for external lookups. Max 64 chars, alphanumeric + dash.
            labels: Labels of the object (`blaxel-pulumi.owner` is reserved: the package writes it).
            name: Unique identifier for the resource within the workspace. Must be lowercase alphanumeric
                with hyphens, max 49 characters. Immutable after creation.
            enabled: When false, the sandbox is disabled and will not accept connections.
            lifecycle: Lifecycle configuration controlling automatic sandbox deletion based on idle time,
                max age, or specific dates.
            network: Network configuration for a sandbox including subnet, firewall rulesets, domain
                filtering, egress IP binding, and proxy settings.
            region: Region where the sandbox should be created (e.g. us-pdx-1, eu-lon-1). If not
                specified, defaults to the region closest to the user.
            runtime: Runtime configuration defining how the sandbox VM is provisioned and its resource
                limits.
            volumes: See Blaxel's documentation of the field.
            vpc: VPC name for the sandbox. Defaults to "default" when absent.
            workspace: Workspace of the sandbox, overriding `blaxel:workspace` / BL_WORKSPACE. Changing
                it replaces the sandbox.
            adopt: Take over a sandbox of the same name that already exists in the workspace (default
                false). Without it, an existing sandbox that no resource of this stack holds makes the
                create fail.
            wait_for_deployment: Wait until the sandbox is DEPLOYED after a create or update (default
                true).
            deployment_timeout: Seconds to wait for the deployment before failing (default 1200).
            opts: Pulumi resource options.
        """
        super().__init__(
            self._KIND,
            "pulumi-python:dynamic/blaxel:Sandbox",
            resource_name,
            {
                "display_name": display_name,
                "external_id": external_id,
                "labels": labels,
                "name": name,
                "enabled": enabled,
                "lifecycle": lifecycle,
                "network": network,
                "region": region,
                "runtime": runtime,
                "volumes": volumes,
                "vpc": vpc,
                "workspace": workspace,
                "adopt": adopt,
                "wait_for_deployment": wait_for_deployment,
                "deployment_timeout": deployment_timeout,
            },
            self._PROPERTIES,
            self._SECRET_PROPERTIES,
            opts,
        )

    @staticmethod
    def get(
        resource_name: str, id: pulumi.Input[str], opts: pulumi.ResourceOptions | None = None
    ) -> BlaxelSandbox:
        """Look up an existing sandbox: a resource whose outputs are the sandbox as Blaxel has it now.

        Pulumi reads the sandbox at every `pulumi up` and `pulumi refresh`, and never creates, updates or
        deletes it (`pulumi destroy` leaves it as it is); one that does not exist fails the update.

        Args:
            resource_name: The Pulumi name of the resource (the sandbox keeps its own name).
            id: The sandbox's name on Blaxel (in the workspace the stack's settings name).
            opts: Pulumi resource options.
        """
        return BlaxelSandbox._lookup(resource_name, id, opts)
