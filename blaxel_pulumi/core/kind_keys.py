"""The property names every kind but jobs has besides its own fields (imported by the resource classes, so
it imports nothing heavy)."""

from __future__ import annotations

from blaxel_pulumi.core.numbers import FLOAT_PATHS_KEY

__all__ = ["INTERNAL_KEYS", "LOOKUP_KEY", "OPTION_KEYS", "OUTPUT_KEYS"]

OPTION_KEYS = ("workspace", "adopt")
"""Resource options of a kind that is ready at once: they steer the provider and are never sent."""
INTERNAL_KEYS = (
    "owner",
    "auto_name",
    "owner_stack",
    "adopt_name",
    "replace_paths",
    "timeouts",
    FLOAT_PATHS_KEY,
)
"""Properties the resource class or ``check`` fills in (see :mod:`blaxel_pulumi.core.schema` for each)."""
OUTPUT_KEYS = ("effective_labels", "server_fields", "claim", "api_url")
"""Outputs of every kind besides the server-filled metadata: the labels but the owner's, what Blaxel
reports beyond the known fields, the claim of the create that made it, and the API it lives on."""
LOOKUP_KEY = "lookup"
"""The marker of a lookup (``BlaxelPolicy.get(...)``, ``BlaxelJob.get(...)``): the only input the program
gives such a resource, kept in its outputs so that a ``pulumi refresh`` reads it as a lookup too. The
engine never creates, updates or deletes a looked-up object; its provider reads it without ownership
checks."""
