"""Governance policies, declared as a :class:`~blaxel_pulumi.core.resource_kind.ResourceKind`, and their
operations: ready at once (no rollout to wait for)."""

from __future__ import annotations

from typing import Any

from blaxel_pulumi.api.kinds import POLICIES
from blaxel_pulumi.core.kind_operations import KindOperations
from blaxel_pulumi.core.object_kind import flat_kind
from blaxel_pulumi.core.resource_kind import ResourceKind

__all__ = ["POLICY", "PolicyOperations"]

POLICY: ResourceKind[Any] = flat_kind(POLICIES)
"""Policies: their metadata and spec fields, flattened; ready at once."""


class PolicyOperations(KindOperations):
    """Manages one Blaxel policy per resource (the implementation of
    :class:`~blaxel_pulumi.provider.policy.BlaxelPolicyProvider`; never pickled)."""

    kind: ResourceKind[Any] = POLICY
    """Policies."""
