"""`BlaxelPolicy`: a Blaxel governance policy as a Pulumi resource.

```python
import blaxel_pulumi as blaxel

eu_only = blaxel.BlaxelPolicy(
    "eu-only",
    type="location",
    locations=[{"name": "EU", "type": "continent"}],
    resource_types=["agent", "model"],
)
job = blaxel.BlaxelJob("etl", runtime={"image": "etl:1"}, policies=[eu_only.name])
```
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

import pulumi
import pulumi.dynamic

from blaxel_pulumi.core.kind_keys import INTERNAL_KEYS, OUTPUT_KEYS
from blaxel_pulumi.core.numbers import FLOAT_PATHS_KEY, float_paths
from blaxel_pulumi.dynamic.args import to_plain
from blaxel_pulumi.dynamic.ownership_props import with_ownership
from blaxel_pulumi.provider.policy import BlaxelPolicyProvider

__all__ = ["BlaxelPolicy"]

TYPE_TOKEN = "pulumi-python:dynamic/blaxel:Policy"  # noqa: S105 (a type, not a password)
"""The type of a `BlaxelPolicy` resource, as its URN has it."""

_INPUT_KEYS = (
    "name",
    "display_name",
    "external_id",
    "labels",
    "type",
    "locations",
    "flavors",
    "max_tokens",
    "resource_types",
    "sandbox",
    "workspace",
    "adopt",
)
_SERVER_METADATA_KEYS = ("created_at", "updated_at", "created_by", "updated_by", "plan", "url")


class BlaxelPolicy(pulumi.dynamic.Resource, module="blaxel", name="Policy"):
    """A Blaxel governance policy (type token `pulumi-python:dynamic/blaxel:Policy`): where deployments of
    agents, functions, models and sandboxes may run, on which hardware, with which token limits.

    Credentials come from the same places as for `BlaxelJob`. Changing `name` or `workspace` replaces the
    policy; everything else updates it in place with one `PUT`. A policy is ready at once: nothing is
    waited for.
    """

    name: pulumi.Output[str]
    """The policy's name in its workspace (the auto-name when the program gives none)."""
    display_name: pulumi.Output[str | None]
    """Human-readable name."""
    external_id: pulumi.Output[str | None]
    """Caller-owned identifier for external lookups."""
    labels: pulumi.Output[dict[str, str] | None]
    """The labels the program declares."""
    effective_labels: pulumi.Output[dict[str, str] | None]
    """Every label the policy has on Blaxel but the ownership label."""
    type: pulumi.Output[str | None]
    """`location`, `flavor` or `maxToken`."""
    locations: pulumi.Output[list[dict[str, Any]] | None]
    """The locations deployments are restricted to (a `location` policy)."""
    flavors: pulumi.Output[list[dict[str, Any]] | None]
    """The hardware flavors deployments are restricted to (a `flavor` policy)."""
    max_tokens: pulumi.Output[dict[str, Any] | None]
    """Token limits (a `maxToken` policy)."""
    resource_types: pulumi.Output[list[str] | None]
    """The kinds of resource it applies to (`model`, `function`, `agent`, `sandbox`, ...)."""
    sandbox: pulumi.Output[bool | None]
    """Sandbox mode."""
    workspace: pulumi.Output[str]
    """The workspace the policy lives in."""
    created_at: pulumi.Output[str | None]
    """When Blaxel created it (RFC 3339)."""
    updated_at: pulumi.Output[str | None]
    """When Blaxel last changed it (RFC 3339)."""
    created_by: pulumi.Output[str | None]
    """Who created it."""
    updated_by: pulumi.Output[str | None]
    """Who last changed it."""
    server_fields: pulumi.Output[dict[str, Any] | None]
    """What Blaxel reports beyond the fields this package knows (kept as reported, sent back unchanged)."""
    api_url: pulumi.Output[str]
    """The base URL of the API the policy lives on."""

    def __init__(
        self,
        resource_name: str,
        *,
        type: pulumi.Input[Literal["location", "flavor", "maxToken"]] | None = None,
        locations: pulumi.Input[Sequence[pulumi.Input[Mapping[str, Any]]]] | None = None,
        flavors: pulumi.Input[Sequence[pulumi.Input[Mapping[str, Any]]]] | None = None,
        max_tokens: pulumi.Input[Mapping[str, Any]] | None = None,
        resource_types: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None,
        sandbox: pulumi.Input[bool] | None = None,
        name: pulumi.Input[str] | None = None,
        display_name: pulumi.Input[str] | None = None,
        external_id: pulumi.Input[str] | None = None,
        labels: pulumi.Input[Mapping[str, pulumi.Input[str]]] | None = None,
        workspace: pulumi.Input[str] | None = None,
        adopt: pulumi.Input[bool] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """Declare a Blaxel policy.

        Args:
            resource_name: The Pulumi name of the resource; also the prefix of the policy's name when
                `name` is not set.
            type: The policy's type: `location` (where deployments run), `flavor` (on which hardware) or
                `maxToken` (token limits).
            locations: For a `location` policy: `{"name": "EU", "type": "continent"}` items (`type`:
                `location`, `country` or `continent`).
            flavors: For a `flavor` policy: `{"name": ..., "type": "cpu" | "gpu"}` items.
            max_tokens: For a `maxToken` policy: `input`, `output`, `total`, `ratio_input_over_output`,
                `step` and `granularity` (e.g. `minute`).
            resource_types: The kinds of resource the policy applies to (`model`, `function`, `agent`,
                `sandbox`, `application`).
            sandbox: Sandbox mode.
            name: The policy's name: lowercase letters, digits and hyphens, at most 49 characters.
                Default: the resource name with a suffix unique to this resource of this stack. Changing it
                replaces the policy.
            display_name: Human-readable name, at most 63 characters.
            external_id: Caller-owned identifier for external lookups (at most 64 characters).
            labels: Labels (`blaxel-pulumi.owner` is reserved: the package writes it).
            workspace: Workspace of the policy, overriding `blaxel:workspace` / BL_WORKSPACE. Changing it
                replaces the policy.
            adopt: Take over a policy of the same name that already exists in the workspace (default
                false); without it, an existing policy that no resource of this stack holds makes the
                create fail.
            opts: Pulumi resource options.
        """
        given = {
            "type": type,
            "locations": locations,
            "flavors": flavors,
            "max_tokens": max_tokens,
            "resource_types": resource_types,
            "sandbox": sandbox,
            "name": name,
            "display_name": display_name,
            "external_id": external_id,
            "labels": labels,
            "workspace": workspace,
            "adopt": adopt,
        }
        props: dict[str, Any] = {k: to_plain(v) for k, v in given.items()}
        # The program's own whole floats: the engine cannot tell them from integers.
        props[FLOAT_PATHS_KEY] = float_paths(props, skip=(pulumi.Output,)) or None
        with_ownership(props, resource_name, TYPE_TOKEN, opts)
        for key in (*_INPUT_KEYS, *INTERNAL_KEYS, *OUTPUT_KEYS, *_SERVER_METADATA_KEYS):
            props.setdefault(key, None)
        super().__init__(BlaxelPolicyProvider(), resource_name, props, opts)
