"""Secret env values, moved out of ``runtime``: shared by both faces (the dynamic resource in the program, the
native provider in ``check``).

A Pulumi secret is marked by property, so the values of env vars marked ``secret`` move to the property
``secret_env_values`` (``{env name: value}``, a secret), and ``runtime`` stays readable in diffs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["is_secret_flag", "split_secrets", "with_secret_values", "without_secret_values"]


def is_secret_flag(flag: Any) -> bool:
    """Whether an env's `secret` flag is set, read by the same rule as `check` validates it (pydantic's
    lax booleans: True, 1, "true", "yes", "on", ...). A plain bool or None (nearly always) is read here;
    anything else by pydantic, imported then (the program side never imports it otherwise)."""
    if flag is None or isinstance(flag, bool):
        return flag is True
    from pydantic import TypeAdapter, ValidationError

    try:
        return TypeAdapter(bool).validate_python(flag)
    except ValidationError:
        return False


def _split_env(env: Any, secrets: dict[str, Any]) -> Any:
    """Move the value of a secret env var into ``secrets`` (keyed by name); return the env without it. An
    env var listed without a value (inputs already in the stored form) adds nothing: the value kept under
    ``secret_env_values`` stays."""
    if isinstance(env, Mapping) and is_secret_flag(env.get("secret")) and isinstance(env.get("name"), str):
        if "value" in env:
            secrets[env["name"]] = env["value"]
        return {k: v for k, v in env.items() if k != "value"}
    return env


def split_secrets(runtime: Any) -> tuple[Any, dict[str, Any]]:
    """Separate the values of secret env vars from ``runtime`` (when it is known at this point)."""
    secrets: dict[str, Any] = {}
    if isinstance(runtime, Mapping) and isinstance(runtime.get("envs"), list | tuple):
        runtime = {**runtime, "envs": [_split_env(env, secrets) for env in runtime["envs"]]}
    return runtime, secrets


def with_secret_values(runtime: Any, secrets: Mapping[str, Any]) -> Any:
    """``runtime`` with the values of its secret env vars put back from ``secrets`` (``{name: value}``)."""
    if not isinstance(runtime, Mapping) or not runtime.get("envs"):
        return runtime
    envs = []
    for env in runtime["envs"]:
        env = dict(env)
        if env.get("secret") and env.get("name") in secrets:
            env["value"] = secrets[env["name"]]
        envs.append(env)
    return {**runtime, "envs": envs}


def without_secret_values(runtime: Any) -> Any:
    """``runtime`` (as Blaxel reports it) without the values of its secret env vars (Blaxel masks them)."""
    if not isinstance(runtime, Mapping) or not runtime.get("envs"):
        return runtime
    envs = [
        {k: v for k, v in env.items() if not (k == "value" and env.get("secret"))} for env in runtime["envs"]
    ]
    return {**runtime, "envs": envs}
