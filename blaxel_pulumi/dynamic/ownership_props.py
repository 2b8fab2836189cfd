"""What every resource class of this package adds to its inputs: who it is, as the engine identifies it.

The owner marker and the auto-name derive from the stack instance's identity (see
:mod:`blaxel_pulumi.dynamic.stack_identity`) and the resource's qualified type (its type token and its
parent chain's) and name, so two resources never share an object, and the resource options a dynamic
provider never sees (``replace_on_changes``, ``custom_timeouts``) are passed as internal inputs.
"""

from __future__ import annotations

from typing import Any

import pulumi

from blaxel_pulumi.core import ownership
from blaxel_pulumi.core.options import program_options
from blaxel_pulumi.dynamic.stack_identity import stack_identity

__all__ = ["parent_urn", "with_ownership"]


def parent_urn(opts: pulumi.ResourceOptions | None) -> pulumi.Output[str]:
    """The URN of the resource's parent ("" for the stack), without a dependency on it: a resource depends
    on what it names, never on the component it belongs to (depending on a component means depending on all
    its children)."""
    parent = opts.parent if opts is not None else None
    if parent is None:
        return pulumi.Output.from_input("")
    urn = parent.urn
    return pulumi.Output(set(), urn.future(), urn.is_known())  # type: ignore[arg-type]


def with_ownership(
    props: dict[str, Any], resource_name: str, type_token: str, opts: pulumi.ResourceOptions | None
) -> dict[str, Any]:
    """``props`` with the owner marker, the auto-name, the stack's name and the program's options."""
    identity = stack_identity()
    place = pulumi.Output.all(identity, parent_urn(opts)).apply(
        lambda v: (str(v[0]), ownership.qualified_type(type_token, str(v[1])))
    )
    props["owner"] = place.apply(lambda p: ownership.owner_marker(p[0], p[1], resource_name))
    props["auto_name"] = place.apply(lambda p: ownership.auto_name(resource_name, p[0], p[1]))
    props["owner_stack"] = f"{pulumi.get_project()}/{pulumi.get_stack()}"
    # replace_on_changes and custom_timeouts never reach a dynamic provider: passed as inputs
    props.update(program_options(opts))
    return props
