"""Property values of the native face: the engine's `PropertyValue`s <-> the plain values the job logic uses.

The shared job logic works on plain Python values, with ``pulumi.output.Unknown`` standing for a value not
known yet (preview), exactly as the dynamic face hands them over. Secrets arrive marked (the provider
accepts secrets); the marks are dropped on the way in and put back on the way out, by top-level property: a
property that held a secret anywhere inside it is a secret as a whole in what the provider returns (inputs
and outputs), and the properties that always hold secrets (``secretEnvValues``,
``triggerCallbackSecrets``) are secrets whatever came in. The engine stores what the provider returns as
is, so a mark dropped here would be a secret in plaintext in the state.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pulumi.output import Unknown
from pulumi.provider.experimental.property_value import Computed, PropertyValue
from pulumi.runtime.rpc import UNKNOWN as UNKNOWN_SENTINEL

__all__ = ["ALWAYS_SECRET", "from_values", "secret_keys", "to_values"]

ALWAYS_SECRET = frozenset({"secretEnvValues", "triggerCallbackSecrets"})
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
    """The top-level properties that hold a secret anywhere inside them."""
    return {k for k, v in props.items() if v.contains_secret()}


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
