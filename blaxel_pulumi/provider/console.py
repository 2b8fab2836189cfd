"""The engine's console, as the providers write to it: best effort, since the CLI may be gone (killed while a
create or a wait goes on) and a progress message must never fail the operation it describes."""

from __future__ import annotations

import pulumi

__all__ = ["report", "warn"]


def report(message: str) -> None:
    """Progress (info) on the engine's console, prefixed `blaxel:`."""
    try:
        pulumi.log.info(f"blaxel: {message}")
    except Exception:  # progress messages are best effort
        return


def warn(message: str) -> None:
    """A warning on the engine's console, prefixed `blaxel:`."""
    try:
        pulumi.log.warn(f"blaxel: {message}")
    except Exception:  # like report
        return
