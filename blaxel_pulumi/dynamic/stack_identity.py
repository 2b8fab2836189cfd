"""The identity of one stack instance, which makes the jobs' ownership marker and auto-names unique to it.

A job that blaxel-pulumi creates carries a label (``blaxel-pulumi.owner``) whose value says which
resource of which stack made it. A rerun after an interrupted ``pulumi up`` recognises its own job by that
label and takes it over; any other job of the same name is left alone. Project and stack names alone cannot
tell two stacks apart (two developers' local backends, a copied project, a second organisation all have a
stack ``dev`` of project ``etl``), so the marker is derived from a random identity drawn once per stack
instance and kept in its state: the resource ``blaxel-stack-identity`` of type
``pulumi-python:dynamic/blaxel:StackIdentity``. It sends nothing anywhere, and it is created before any job
(every job depends on it), so an interrupted ``pulumi up`` always finds it again.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import cast

import pulumi
import pulumi.dynamic

from blaxel_pulumi.core.ownership import IDENTITY_RESOURCE_NAME, digest
from blaxel_pulumi.provider.identity import IDENTITY_KEY, StackIdentityProvider

__all__ = ["IDENTITY_RESOURCE_NAME", "StackIdentity", "marker", "stack_identity"]


_IDENTITIES: dict[tuple[str, str, int], StackIdentity] = {}
_VALUES: dict[tuple[str, str, int], pulumi.Output[str]] = {}

LEFT_OUT = (
    "The stack identity `{name}` is not in this stack's state yet, and this run does not create it: "
    "`--target` left it out, so no job that needs it can be created (the engine reports each one). On the "
    "stack's first `pulumi up --target`, name the identity too: `--target '{urn}'` (or `--target "
    "'**::{name}'`); later runs need only the jobs' URNs."
)
"""Said when a `pulumi up --target <job>` of a stack that has no identity yet leaves the identity out."""


class StackIdentity(pulumi.dynamic.Resource, module="blaxel", name="StackIdentity"):
    """A random value drawn once per stack instance (see the module docstring). Declared for you by the
    first `BlaxelJob` of a program; never declare it yourself."""

    value: pulumi.Output[str]
    """32 hex digits, drawn on the first `pulumi up` of the stack and kept in its state."""

    def __init__(self, resource_name: str, opts: pulumi.ResourceOptions | None = None) -> None:
        """Declare the identity (the provider draws it on create)."""
        super().__init__(StackIdentityProvider(), resource_name, {IDENTITY_KEY: None}, opts)


def stack_identity() -> pulumi.Output[str]:
    """The identity of the stack this program deploys: one `StackIdentity` per program, declared on first
    use."""
    # Keyed by the engine connection too: a process that runs several programs (tests, the Automation API)
    # declares one identity in each.
    key = (pulumi.get_project(), pulumi.get_stack(), id(pulumi.runtime.settings.get_monitor()))
    if key not in _IDENTITIES:
        _IDENTITIES[key] = StackIdentity(IDENTITY_RESOURCE_NAME)
        _VALUES[key] = _explained(_IDENTITIES[key])
    return _VALUES[key]


def _explained(identity: StackIdentity) -> pulumi.Output[str]:
    """``identity.value``, and a warning that says how to target jobs when a run that changes the stack
    (not a preview) gets no value: the engine skipped creating the identity, which only `--target` does
    (the engine's own error names the identity but not why, nor how to include it)."""
    value = identity.value

    async def is_known() -> bool:
        known = await value.is_known()
        if not known and not pulumi.runtime.is_dry_run():
            urn = await identity.urn.future()
            pulumi.log.warn(LEFT_OUT.format(name=IDENTITY_RESOURCE_NAME, urn=urn), resource=identity)
        return known

    future = cast("Awaitable[str]", value.future())  # None only while unknown, which is_known says
    return pulumi.Output(value.resources(), future, is_known(), value.is_secret())


marker = digest
"""A short, stable digest of an identity and parts (hex): :func:`blaxel_pulumi.core.ownership.digest`."""
