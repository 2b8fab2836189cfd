"""The `spec` of one object of each kind but jobs, as Blaxel's API takes it (camelCase), without secrets:
what the native provider tests and the e2e tests create, import or declare; and each kind's native token
and API collection."""

from __future__ import annotations

from typing import Any

from blaxel_pulumi.native.schema import OBJECT_KIND_TOKENS

__all__ = ["COLLECTIONS", "SPECS", "TOKENS"]

TOKENS = {kind.api.word: token for token, kind in OBJECT_KIND_TOKENS.items()}
"""The native resource token of each kind (``blaxel:index:Volume``), by its word (``volume``)."""
COLLECTIONS = {kind.api.word: kind.api.collection for kind in OBJECT_KIND_TOKENS.values()}
"""The API collection of each kind (``/volumes``), by its word."""

SPECS: dict[str, dict[str, Any]] = {
    "policy": {
        "type": "location",
        "locations": [{"name": "EU", "type": "continent"}],
        "resourceTypes": ["agent"],
    },
    "integration connection": {"integration": "openai", "config": {"org": "acme"}},
    "volume template": {"defaultSize": 1024, "description": "Scratch space"},
    "volume": {"size": 1024, "region": "us-pdx-1"},
    "drive": {"region": "us-pdx-1"},
    "model": {"runtime": {"type": "openai", "model": "gpt-4.1"}, "enabled": True},
    "function": {"runtime": {"image": "registry.example.com/mcp:1"}},
    "agent": {
        "runtime": {"image": "registry.example.com/agent:1", "envs": [{"name": "MODE", "value": "batch"}]}
    },
    "sandbox": {"runtime": {"image": "blaxel/base:latest", "memory": 2048}},
}
"""By the kind's word (``integration connection``)."""
