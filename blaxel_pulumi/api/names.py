"""What a job name may be: shared by the wire models and the resource classes (which import no pydantic)."""

from __future__ import annotations

__all__ = ["JOB_NAME_MAX_LENGTH", "JOB_NAME_PATTERN"]

JOB_NAME_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
"""A job name: lowercase letters, digits and single hyphens, starting and ending with a letter or digit."""
JOB_NAME_MAX_LENGTH = 49
"""The longest job name Blaxel accepts."""
