"""The dynamic provider of every kind but jobs (`BlaxelPolicy`, `BlaxelVolume`, ...): the class every stack's
state of those resources refers to.

Each resource stores its provider pickled by reference, as ``blaxel_pulumi.provider.objects.ObjectProvider``
with the word of its kind (``policy``, ``volume``, ...): that path and those words stay for good. The
program imports this module to pickle the provider, so it imports nothing heavy: each call builds an
:class:`~blaxel_pulumi.core.object_kinds.ObjectOperations` of the kind with the stack configuration kept by
``configure()``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from blaxel_pulumi.provider.base import OperationsProvider

if TYPE_CHECKING:
    from blaxel_pulumi.core.object_kinds import ObjectOperations

__all__ = ["ObjectProvider"]


class ObjectProvider(OperationsProvider):
    """Manages one Blaxel object of one kind per resource through Blaxel's REST API."""

    def __init__(self, kind: str) -> None:
        """A provider of the kind called ``kind`` (``policy``, ``volume``, ...)."""
        super().__init__()
        self.kind = kind
        """The word of the kind (its :class:`~blaxel_pulumi.api.kinds.ApiKind`)."""

    def __getstate__(self) -> dict[str, Any]:
        """Pickle the class and the kind's word: configuration never reaches the state."""
        return {"kind": self.kind}

    def _ops(self) -> ObjectOperations:
        from blaxel_pulumi.core.object_kinds import ObjectOperations

        return ObjectOperations.of(self.kind, self._config)
