"""Property values of the native face: the engine's `PropertyValue`s <-> the plain values the job logic uses.

The shared job logic works on plain Python values, with ``pulumi.output.Unknown`` standing for a value not
known yet (preview), exactly as the dynamic face hands them over. Secrets arrive marked (the provider
accepts secrets); the marks are dropped on the way in and put back on the way out, by top-level property: a
property that held a secret anywhere inside it is a secret as a whole in what the provider returns (inputs
and outputs; ``runtime`` apart from the values of env vars marked ``secret``, which move out of it), and
the properties that always hold secrets (``secretEnvValues``, ``triggerCallbackSecrets``) are secrets
whatever came in. The engine stores what the provider returns as is, so a mark dropped here would be a
secret in plaintext in the state.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pulumi.output import Unknown
from pulumi.provider.experimental.property_value import Computed, PropertyValue
from pulumi.runtime.rpc import UNKNOWN as UNKNOWN_SENTINEL

from blaxel_pulumi.core.property_names import camel
from blaxel_pulumi.core.schema import SECRET_KEYS
from blaxel_pulumi.core.secret_envs import is_secret_flag

__all__ = ["ALWAYS_SECRET", "from_values", "secret_keys", "to_values"]

ALWAYS_SECRET = frozenset(camel(name) for name in SECRET_KEYS)
"""Properties that are secrets whatever their inputs were (schema names)."""

_UNKNOWN: Any = Unknown()  # type: ignore[no-untyped-call]


def _plain(value: PropertyValue) -> Any:
    inner = value.value
    if isinstance(inner, Computed) or inner == UNKNOWN_SENTINEL:
        return _UNKNOWN
    if isinstance(inner, Mapping):
        return {k: _plain(v) for k, v in inner.items()}
    if isinstance(inner, tuple | list):
        return [_plain(v) for v in inner]
    return inner


def from_values(props: Mapping[str, PropertyValue]) -> dict[str, Any]:
    """Plain values (secret marks dropped, computed values as ``Unknown``) of the engine's properties."""
    return {k: _plain(v) for k, v in props.items()}


def secret_keys(props: Mapping[str, PropertyValue]) -> set[str]:
    """The top-level properties that hold a secret anywhere inside them; for ``runtime``, apart from the
    values of env vars marked ``secret`` (see :func:`_runtime_holds_secret`)."""
    return {
        k for k, v in props.items() if (_runtime_holds_secret(v) if k == "runtime" else v.contains_secret())
    }


def _is_list(value: PropertyValue) -> bool:
    return isinstance(value.value, Sequence) and not isinstance(value.value, str)


def _moves_out(env: Mapping[str, PropertyValue]) -> bool:
    """Whether the value of ``env`` moves to ``secretEnvValues`` (the same rule as ``split_secrets``)."""
    flag, name = env.get("secret"), env.get("name")
    return (
        flag is not None and name is not None and is_secret_flag(_plain(flag)) and isinstance(name.value, str)
    )


def _runtime_holds_secret(runtime: PropertyValue) -> bool:
    """Whether ``runtime`` holds a secret other than the values of env vars marked ``secret``: those move to
    ``secretEnvValues`` (always a secret), so that ``runtime`` stays readable in diffs and in the state, as
    with ``BlaxelJob``. A runtime, env list or env marked secret as a whole stays a secret as a whole."""
    if runtime.is_secret or not isinstance(runtime.value, Mapping):
        return runtime.contains_secret()
    for key, item in runtime.value.items():
        if key != "envs" or item.is_secret or not _is_list(item):
            if item.contains_secret():
                return True
            continue
        envs: Sequence[PropertyValue] = item.value  # type: ignore[assignment]  # a list (_is_list)
        for env in envs:
            if env.is_secret or not isinstance(env.value, Mapping):
                if env.contains_secret():
                    return True
                continue
            moved = _moves_out(env.value)
            if any(v.contains_secret() for k, v in env.value.items() if not (moved and k == "value")):
                return True
    return False


def _value(value: Any) -> PropertyValue:
    if isinstance(value, PropertyValue):
        return value
    if isinstance(value, Unknown):
        # The wire form of a value not known yet (the SDK cannot marshal its own `Computed`).
        return PropertyValue(UNKNOWN_SENTINEL)
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return PropertyValue(value)
    if isinstance(value, int | float):
        return PropertyValue(float(value))
    if isinstance(value, Mapping):
        return PropertyValue({str(k): _value(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return PropertyValue([_value(v) for v in value])
    return PropertyValue(str(value))


def to_values(props: Mapping[str, Any], secrets: Iterable[str] = ()) -> dict[str, PropertyValue]:
    """The engine's properties for plain ``props``; ``secrets`` and :data:`ALWAYS_SECRET` marked secret.
    Properties that are None are left out (an absent property is null to the engine)."""
    marked = ALWAYS_SECRET | set(secrets)
    out: dict[str, PropertyValue] = {}
    for key, value in props.items():
        if value is None:
            continue
        item = _value(value)
        out[key] = item.with_secret(True) if key in marked else item
    return out
