"""The program side of secret env vars: their values leave ``runtime`` for ``secret_env_values``, a Pulumi
secret, so that ``runtime`` stays readable in diffs (jobs, and every kind whose runtime has env vars)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi

from blaxel_pulumi.core.secret_envs import split_secrets
from blaxel_pulumi.dynamic.args import to_plain

__all__ = ["split_secret_envs"]


def _known_only_later(runtime: Any) -> bool:
    """Whether which envs are secret depends on outputs of other resources (then the split waits for them)."""
    if isinstance(runtime, pulumi.Output):
        return True
    envs = runtime.get("envs") if isinstance(runtime, Mapping) else None
    if isinstance(envs, pulumi.Output):
        return True
    late_keys = ("name", "secret")
    return any(
        isinstance(env, pulumi.Output)
        or (isinstance(env, Mapping) and any(isinstance(env.get(k), pulumi.Output) for k in late_keys))
        for env in envs or []
    )


def split_secret_envs(runtime: Any) -> tuple[Any, pulumi.Output[Any] | None]:
    """``runtime`` without the values of its secret env vars, and those values (``{name: value}``) as a
    Pulumi secret (None when there are none); when ``runtime`` or its env list is an output of another
    resource, both wait for it."""
    if _known_only_later(runtime):
        parts = pulumi.Output.from_input(runtime).apply(lambda value: split_secrets(to_plain(value)))
        return parts.apply(lambda p: p[0]), pulumi.Output.secret(parts.apply(lambda p: p[1] or None))
    plain, found = split_secrets(runtime)
    return plain, pulumi.Output.secret(found) if found else None
