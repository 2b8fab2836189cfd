"""Authentication of the local Blaxel API: API keys mapped to workspaces.

A request authenticates with ``Authorization: Bearer <key>`` (or ``X-Blaxel-Authorization``, with or
without the ``Bearer`` prefix) and picks a workspace with ``X-Blaxel-Workspace``. Without that header the
key's first workspace is used. A missing or unknown key gets 401; a workspace the key cannot access 403.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from blaxel_pulumi.emulator.api_errors import ApiError
from blaxel_pulumi.emulator.config import ApiKey

__all__ = ["KeyRing", "Principal"]


@dataclasses.dataclass(frozen=True, kw_only=True)
class Principal:
    """Who is calling: the workspace the call acts on, and the key's rights there."""

    workspace: str
    """Workspace of the call."""
    admin: bool
    """Whether the key is a workspace admin (may see secrets)."""
    name: str
    """Name recorded as ``createdBy``/``updatedBy``."""


def _bearer(value: str) -> str:
    scheme, _, token = value.strip().partition(" ")
    if token and scheme.lower() == "bearer":
        return token.strip()
    return value.strip()


class KeyRing:
    """The configured API keys, looked up by token."""

    def __init__(self, keys: Iterable[ApiKey]) -> None:
        self._grants: dict[str, list[ApiKey]] = {}
        for key in keys:
            self._grants.setdefault(key.key, []).append(key)

    def authenticate(self, headers: Mapping[str, str]) -> Principal:
        """Resolve the caller from request headers, or raise a 401/403 :class:`ApiError`."""
        raw = headers.get("authorization") or headers.get("x-blaxel-authorization")
        if not raw or not raw.strip():
            raise ApiError(
                401,
                "No API key was sent: add the header 'Authorization: Bearer <key>' "
                "(the keys are printed when the emulator starts).",
            )
        grants = self._grants.get(_bearer(raw))
        if not grants:
            raise ApiError(401, "The API key is not valid for this emulator: use one of the configured keys.")
        wanted = (headers.get("x-blaxel-workspace") or "").strip()
        if not wanted:
            grant = grants[0]
        else:
            matching = [g for g in grants if g.workspace == wanted]
            if not matching:
                raise ApiError(
                    403,
                    f"The API key has no access to workspace {wanted!r}: use a key of that workspace "
                    "or change X-Blaxel-Workspace.",
                )
            grant = matching[0]
        return Principal(workspace=grant.workspace, admin=grant.admin, name=grant.principal)
