"""The provider of the stack identity: a random value made once per stack instance, kept in its state.

Nothing is sent anywhere: ``create`` draws 128 random bits, ``diff`` never sees a change, ``read`` returns
what the state holds. See :mod:`blaxel_pulumi.dynamic.stack_identity` for why it exists.
"""

from __future__ import annotations

from typing import Any

from pulumi.dynamic import CreateResult, DiffResult, ReadResult, ResourceProvider, UpdateResult

from blaxel_pulumi.core.ownership import draw_identity
from blaxel_pulumi.provider import host

__all__ = ["IDENTITY_KEY", "StackIdentityProvider"]

IDENTITY_KEY = "value"
"""The output holding the identity (32 hex digits)."""


host.warm_up()  # the first provider a program calls: prepare the jobs' provider meanwhile (host process only)


class StackIdentityProvider(ResourceProvider):
    """Makes the identity on create and keeps it for the life of the stack."""

    serialize_as_secret_always = False
    """Pickled by reference with no state: nothing in it is secret."""

    def create(self, props: dict[str, Any]) -> CreateResult:
        """Draw the identity (the id and the output ``value``)."""
        value = draw_identity()
        return CreateResult(id_=value, outs={IDENTITY_KEY: value})

    def diff(self, _id: str, _olds: dict[str, Any], _news: dict[str, Any]) -> DiffResult:
        """Never a change: the identity lives as long as the stack's jobs."""
        return DiffResult(changes=False, replaces=[], stables=[IDENTITY_KEY], delete_before_replace=False)

    def update(self, _id: str, olds: dict[str, Any], _news: dict[str, Any]) -> UpdateResult:
        """Not reached (``diff`` reports no change); kept so that outputs are never wiped."""
        return UpdateResult(outs={IDENTITY_KEY: olds.get(IDENTITY_KEY)})

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """The identity as stored (it exists only in the state)."""
        return ReadResult(id_, {IDENTITY_KEY: props.get(IDENTITY_KEY) or id_})

    def delete(self, _id: str, _props: dict[str, Any]) -> None:
        """Nothing to delete outside the state."""
