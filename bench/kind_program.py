"""What the 10-kind benchmark program declares and what is measured of it: shared by the runner
(:mod:`bench.kinds`) and the report (:mod:`bench.report`)."""

from __future__ import annotations

from blaxel_pulumi.core.object_kinds import OBJECT_RESOURCE_KINDS

__all__ = ["KINDS", "OPERATIONS"]

OPERATIONS: tuple[tuple[str, str], ...] = (
    ("create", "up: create 10 x N"),
    ("up_same", "up, no changes"),
    ("refresh", "refresh"),
    ("destroy", "destroy"),
)
"""Key and label of each measured operation, in the order they run."""
KINDS: tuple[tuple[str, str, str], ...] = (
    *((word, kind.api.collection, kind.api.model.__name__) for word, kind in OBJECT_RESOURCE_KINDS.items()),
    ("job", "/jobs", "Job"),
)
"""The word, collection and class title (``Blaxel<title>``, state's type token) of each of the 10 kinds."""
