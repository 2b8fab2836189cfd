"""Secret env values in ``check``: validated where they belong, and counted (not shown) in diffs.

The values of env vars marked ``secret`` travel under ``secret_env_values`` (see
:mod:`blaxel_pulumi.core.secret_envs`). ``check`` validates them at their place in ``runtime.envs``
(:func:`merge_secret_values`) and records a version per env var (:func:`secret_versions`), so that a
change of a secret value shows in a diff as ``~ secret_env_versions`` without the value or a digest of it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi.output import Unknown

from blaxel_pulumi.core.normalize import contains_unknown

__all__ = ["merge_secret_values", "secret_versions"]

_UNKNOWN: Any = Unknown()  # type: ignore[no-untyped-call]
"""A value known only at apply time (a secret that is an output of another resource, during preview)."""


def merge_secret_values(data: dict[str, Any]) -> dict[str, Any]:
    """Validate secret env values where they belong (``runtime.envs[i].value``), not under their own key."""
    secrets = data.get("secret_env_values")
    runtime = data.get("runtime")
    if not isinstance(secrets, Mapping) or not isinstance(runtime, Mapping):
        return data
    envs = runtime.get("envs")
    if not isinstance(envs, list):
        return data
    merged = []
    for env in envs:
        if isinstance(env, Mapping) and env.get("name") in secrets:
            env = {**env, "value": secrets[env["name"]]}
        merged.append(env)
    return {**data, "runtime": {**runtime, "envs": merged}, "secret_env_values": None}


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def secret_versions(olds: Mapping[str, Any], news: Mapping[str, Any]) -> Any:
    """``{env name: n}``, raised by one each time the value of secret env var ``name`` changes: a change of
    a secret value alone then shows in a diff (``~ secret_env_versions``) without showing the value, or any
    digest of it."""
    values = news.get("secret_env_values")
    if isinstance(values, Unknown) or (isinstance(values, Mapping) and contains_unknown(values)):
        return _UNKNOWN
    if not isinstance(values, Mapping) or not values:
        return None
    before: Mapping[str, Any] = _mapping(olds.get("secret_env_values"))
    known: Mapping[str, Any] = _mapping(olds.get("secret_env_versions"))
    versions = {}
    for name, value in values.items():
        version = known.get(name)
        if not isinstance(version, int | float) or name not in before:
            versions[name] = 1 if not isinstance(version, int | float) else int(version) + 1
        else:
            versions[name] = int(version) + (0 if before.get(name) == value else 1)
    return versions
