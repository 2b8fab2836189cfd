"""The input fields every kind has besides its own (``workspace``, ``adopt``), declared once, in the kind's
word (``job``, ``policy``, ...)."""

from __future__ import annotations

from typing import Any

from pydantic import Field

__all__ = ["adopt_field", "workspace_field"]


def workspace_field(word: str) -> tuple[Any, Any]:
    """The ``workspace`` input: it overrides the configured workspace; a change replaces the object."""
    return (
        str | None,
        Field(
            default=None,
            min_length=1,
            max_length=128,
            pattern=r"^[a-z0-9][a-z0-9-]*$",
            description=(
                f"Workspace of the {word}, overriding `blaxel:workspace` / BL_WORKSPACE. "
                f"Changing it replaces the {word}."
            ),
            json_schema_extra={"replace_on_change": True},
        ),
    )


def adopt_field(word: str) -> tuple[Any, Any]:
    """The ``adopt`` input: take over an object of the same name that no resource of the stack holds."""
    return (
        bool | None,
        Field(
            default=None,
            description=(
                f"Take over a {word} of the same name that already exists in the workspace (default false). "
                f"Without it, an existing {word} that no resource of this stack holds makes the create fail."
            ),
        ),
    )
