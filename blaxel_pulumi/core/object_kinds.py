"""Every kind but jobs, declared as resources (:func:`~blaxel_pulumi.core.object_kind.flat_kind` over each
:class:`~blaxel_pulumi.api.kinds.ApiKind`), and their operations.

A kind whose objects have a ``status`` rolls out (agents, functions, models, sandboxes, volumes, drives: the
operations wait for ``DEPLOYED``); the others are ready at once (policies, integration connections, volume
templates).
"""

from __future__ import annotations

from typing import Any

from blaxel_pulumi.api.kinds import OBJECT_KINDS, ApiKind
from blaxel_pulumi.core.kind_operations import KindOperations
from blaxel_pulumi.core.object_kind import flat_kind
from blaxel_pulumi.core.resource_kind import ResourceKind

__all__ = ["OBJECT_RESOURCE_KINDS", "ObjectOperations", "resource_kind"]


def _declared(api: ApiKind[Any]) -> ResourceKind[Any]:
    return flat_kind(api, rolls_out="status" in api.model.model_fields)


OBJECT_RESOURCE_KINDS: dict[str, ResourceKind[Any]] = {api.word: _declared(api) for api in OBJECT_KINDS}
"""Each kind's declaration, by its word (``policy``, ``integration connection``, ...)."""


def resource_kind(word: str) -> ResourceKind[Any]:
    """The declaration of the kind called ``word``.

    Raises:
        KeyError: No kind is called so.
    """
    return OBJECT_RESOURCE_KINDS[word]


class ObjectOperations(KindOperations):
    """Manages one Blaxel object of one kind per resource (the implementation of
    :class:`~blaxel_pulumi.provider.objects.ObjectProvider`; never pickled)."""

    kind: ResourceKind[Any]

    @classmethod
    def of(cls, word: str, config: Any) -> ObjectOperations:
        """The operations on the kind called ``word``, with the provider's configuration ``config``."""
        operations = cls.with_config(config)
        operations.kind = resource_kind(word)
        return operations
