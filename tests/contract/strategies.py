"""Hypothesis strategies from a JSON Schema: the subset that Blaxel's job schemas use.

(`hypothesis-jsonschema` would do this, but it no longer runs on current Hypothesis releases.) Handles
``type`` object/array/string/integer/boolean, ``properties``, ``required``, ``additionalProperties``,
``items``, ``enum``, ``pattern``, ``minLength``/``maxLength``, ``minimum``/``maximum`` and ``allOf`` of
object parts. Optional properties are present or absent at random; sizes stay small so that examples are
quick to send.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

__all__ = ["from_schema"]

MAX_ITEMS = 4
"""Longest generated array or free-form object."""
MAX_TEXT = 24
"""Longest generated string without a ``maxLength``."""
INT_BOUND = 2**31 - 1
"""Integers stay within an int32 unless the schema says otherwise."""


def _merged(schema: dict[str, Any]) -> dict[str, Any]:
    if "allOf" not in schema:
        return schema
    out: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
    props: dict[str, Any] = dict(out.get("properties") or {})
    required: list[str] = list(out.get("required") or [])
    for part in schema["allOf"]:
        part = _merged(part)
        props.update(part.get("properties") or {})
        required += part.get("required") or []
    return {**out, "type": "object", "properties": props, "required": required}


def _string(schema: dict[str, Any]) -> st.SearchStrategy[str]:
    low, high = schema.get("minLength", 0), schema.get("maxLength", MAX_TEXT)
    if "pattern" in schema:
        return st.from_regex(schema["pattern"], fullmatch=True).filter(lambda s: low <= len(s) <= high)
    return st.text(st.characters(codec="utf-8"), min_size=low, max_size=high)


def _object(schema: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    props: dict[str, Any] = schema.get("properties") or {}
    if not props:
        extra = schema.get("additionalProperties")
        values = from_schema(extra) if isinstance(extra, dict) else st.none()
        return st.dictionaries(st.text(max_size=12), values, max_size=MAX_ITEMS)
    required = set(schema.get("required") or [])
    return st.fixed_dictionaries(
        {k: from_schema(v) for k, v in props.items() if k in required},
        optional={k: from_schema(v) for k, v in props.items() if k not in required},
    )


def from_schema(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values valid under ``schema`` (a JSON Schema without ``$ref``)."""
    schema = _merged(schema)
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kind = schema.get("type", "object")
    if kind == "object":
        return _object(schema)
    if kind == "array":
        return st.lists(from_schema(schema.get("items") or {}), max_size=MAX_ITEMS)
    if kind == "string":
        return _string(schema)
    if kind == "integer":
        return st.integers(schema.get("minimum", -INT_BOUND), schema.get("maximum", INT_BOUND))
    if kind == "boolean":
        return st.booleans()
    raise ValueError(f"no strategy for the schema type {kind!r}")
