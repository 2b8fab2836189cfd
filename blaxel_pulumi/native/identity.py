"""Who owns a job, on the native face: the provider's own stack identity.

The dynamic face derives a job's ownership marker (the label ``blaxel-pulumi.owner``) and its auto-name from
a random identity drawn once per stack instance and kept in its state (the ``StackIdentity`` resource, see
:mod:`blaxel_pulumi.dynamic.stack_identity`), so that an interrupted ``pulumi up`` recognises the job it
created while a stack of the same name elsewhere (another backend, a copied project) never touches it.

A native program declares no such resource, but every native resource has a provider, and a provider is a
resource of the stack too, with inputs kept in its state and created before the resources that use it. So
the identity lives there: ``CheckConfig`` draws 128 random bits into the provider input ``stackIdentity`` the
first time the provider is checked, and keeps the stored one ever after (the engine hands the stored inputs
back as ``olds``), with the stack it was drawn for (``stackIdentityOf``): a provider that ``pulumi state
move`` copies into another stack draws an identity of its own there. The default provider of a stack and each
explicit provider instance have their own; an interrupted ``pulumi up`` finds the provider, and so the
identity, in the state it left (the provider is written there before any job is created), and recognises its
jobs.

A job's owner marker and auto-name then derive from the identity and the resource's place in the stack as its
URN says (qualified type, name: see :mod:`blaxel_pulumi.core.ownership`), drawn at the resource's first
``check`` and stored in its inputs: they never change afterwards (a new provider keeps them), except that a
resource moved into another stack takes that stack's owner marker
(:func:`blaxel_pulumi.core.ownership.kept_owner`). A job that ``pulumi import`` adopts gets this stack's
marker (written with its next update): importing is the explicit adoption, and the state holds it from then
on.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from blaxel_pulumi.core import ownership
from blaxel_pulumi.native.schema import IDENTITY_CONFIG_KEY, IDENTITY_STACK_KEY

__all__ = ["kept_identity"]


def kept_identity(olds: Mapping[str, Any], news: Mapping[str, Any], urn: str) -> tuple[str, str]:
    """The identity the provider of URN ``urn`` keeps, and the stack it is for: the stored one, else one
    given (never by users), else a new one. One drawn for another stack (the provider was copied here by
    ``pulumi state move``, which copies a moved resource's provider) is not kept: the two stacks would share
    owner markers, and the first could take back the jobs moved to the second. An identity stored before
    its stack was recorded is kept (and its stack recorded from now on)."""
    here = ownership.stack_of(urn)
    for props in (olds, news):
        value = props.get(IDENTITY_CONFIG_KEY)
        drawn_for = props.get(IDENTITY_STACK_KEY)
        if isinstance(value, str) and value and (not drawn_for or drawn_for == here):
            return value, here
    return ownership.draw_identity(), here
