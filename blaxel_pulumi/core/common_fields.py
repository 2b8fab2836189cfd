"""The input fields every kind has besides its own (``workspace``, ``adopt``), declared once, in the kind's
word (``job``, ``policy``, ...)."""

from __future__ import annotations

from typing import Any

from pydantic import Field

__all__ = [
    "DEFAULT_DEPLOYMENT_TIMEOUT",
    "MAX_DEPLOYMENT_TIMEOUT",
    "a",
    "adopt_field",
    "deployment_timeout_field",
    "wait_field",
    "workspace_field",
]

DEFAULT_DEPLOYMENT_TIMEOUT = 1200
"""Seconds to wait for a deployment by default (Blaxel rollouts can take up to ~20 minutes)."""
MAX_DEPLOYMENT_TIMEOUT = 86400
"""The longest wait for a deployment a resource may ask for (a day)."""


def a(word: str) -> str:
    """``word`` with its indefinite article (``a job``, ``an agent``)."""
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


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
                f"Take over {a(word)} of the same name that already exists in the workspace (default "
                f"false). Without it, an existing {word} that no resource of this stack holds makes the "
                "create fail."
            ),
        ),
    )


def wait_field(word: str) -> tuple[Any, Any]:
    """The ``wait_for_deployment`` input of a kind that rolls out."""
    return (
        bool | None,
        Field(
            default=None,
            description=f"Wait until the {word} is DEPLOYED after a create or update (default true).",
        ),
    )


def deployment_timeout_field() -> tuple[Any, Any]:
    """The ``deployment_timeout`` input of a kind that rolls out."""
    return (
        int | None,
        Field(
            default=None,
            ge=1,
            le=MAX_DEPLOYMENT_TIMEOUT,
            description=(
                f"Seconds to wait for the deployment before failing (default {DEFAULT_DEPLOYMENT_TIMEOUT})."
            ),
        ),
    )
