"""The dynamic provider's diff with the detail a native provider's has: which properties changed, and where.

Kept apart from the detailed diff itself (:mod:`blaxel_pulumi.core.diff`): the provider host's glue
(:mod:`blaxel_pulumi.provider.host`) needs this class wherever a pickled provider is loaded, in every
program's process too, and nothing of the walk or of the native provider's types.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pulumi.dynamic import DiffResult

if TYPE_CHECKING:
    from pulumi.provider.experimental.provider import PropertyDiff

__all__ = ["DetailedDiffResult"]


class DetailedDiffResult(DiffResult):
    """A dynamic provider's diff that also names where the changes are, as a native provider's does: the
    host's answer carries them once :func:`~blaxel_pulumi.provider.host.detailed_diffs` is in place
    (elsewhere they are ignored)."""

    def __init__(
        self,
        *,
        changes: bool,
        replaces: list[str],
        delete_before_replace: bool,
        diffs: list[str],
        detailed_diff: dict[str, PropertyDiff],
    ) -> None:
        """``diffs``: the top-level properties that changed; ``detailed_diff``: ``{property path: kind}``
        of each change (every path starts with one of ``diffs``, each of ``diffs`` has one)."""
        super().__init__(
            changes=changes, replaces=replaces, stables=[], delete_before_replace=delete_before_replace
        )
        self.diffs = diffs
        """The top-level properties that changed (the response's ``diffs``)."""
        self.detailed_diff = detailed_diff
        """``{property path: PropertyDiff}`` (the response's ``detailedDiff``)."""
