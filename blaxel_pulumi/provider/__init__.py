"""The dynamic provider behind `BlaxelJob`: validation, diffs, CRUD and deployment waits."""

from __future__ import annotations

from blaxel_pulumi.provider.provider import BlaxelJobProvider

__all__ = ["BlaxelJobProvider"]
