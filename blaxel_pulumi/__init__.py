"""Manage Blaxel batch jobs as infrastructure as code with Pulumi."""

from __future__ import annotations

from blaxel_pulumi._version import __version__

__all__ = ["__version__"]
