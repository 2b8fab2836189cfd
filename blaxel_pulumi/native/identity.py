"""Who owns a job, on the native face: the provider's own stack identity.

The dynamic face derives a job's ownership marker (the label ``blaxel-pulumi.owner``) and its auto-name from
a random identity drawn once per stack instance and kept in its state (the ``StackIdentity`` resource, see
:mod:`blaxel_pulumi.identity`), so that an interrupted ``pulumi up`` recognises the job it created while a
stack of the same name elsewhere (another backend, a copied project) never touches it.

A native program declares no such resource, but every native resource has a provider, and a provider is a
resource of the stack too, with inputs kept in its state and created before the resources that use it. So
the identity lives there: ``CheckConfig`` draws 128 random bits into the provider input ``stackIdentity``
the first time the provider is checked, and keeps the stored one ever after (the engine hands the stored
inputs back as ``olds``). The default provider of a stack and each explicit provider instance have their own;
an interrupted ``pulumi up`` finds the provider, and so the identity, in the state it left (the provider is
written there before any job is created), and recognises its jobs.

A job's owner marker and auto-name then derive from the identity and the resource's place in the stack as its
URN says (qualified type, name: see :mod:`blaxel_pulumi.ownership`), drawn at the resource's first ``check``
and stored in its inputs: they never change afterwards (a new provider, a moved resource keep them).
A job that ``pulumi import`` adopts gets this stack's marker (written with its next update): importing is
the explicit adoption, and the state holds it from then on.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

from blaxel_pulumi import ownership
from blaxel_pulumi.native.schema import IDENTITY_CONFIG_KEY

__all__ = ["OWNER_LENGTH", "draw_identity", "job_auto_name", "job_owner", "kept_identity"]

OWNER_LENGTH = ownership.OWNER_LENGTH
"""Hex digits of an ownership marker (as on the dynamic face)."""


def draw_identity() -> str:
    """A new identity: 32 hex digits."""
    return secrets.token_hex(16)


def kept_identity(olds: Mapping[str, Any], news: Mapping[str, Any]) -> str:
    """The identity the provider keeps: the stored one, else one given (never by users), else a new one."""
    for props in (olds, news):
        value = props.get(IDENTITY_CONFIG_KEY)
        if isinstance(value, str) and value:
            return value
    return draw_identity()


def job_owner(identity: str, urn: str) -> str:
    """The ownership marker of the job of the resource with URN ``urn``."""
    qualified, name = ownership.urn_parts(urn)
    return ownership.owner_marker(identity, qualified, name)


def job_auto_name(identity: str, urn: str) -> str:
    """The job name used when ``name`` is not set: the resource name and a suffix stable for the resource."""
    qualified, name = ownership.urn_parts(urn)
    return ownership.auto_name(name, identity, qualified)
