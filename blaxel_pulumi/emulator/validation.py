"""Parsing and validation of request bodies (jobs and every other kind) with the shared wire models.

The body is first pruned against :class:`blaxel_pulumi.api.models.Job`: keys that are not a field's camelCase
wire name (unknown fields, snake_case spellings) and read-only fields are dropped, so what a client
sends there is ignored rather than rejected. The rest is validated in pydantic's strict mode (a string is
not accepted for a number, as in Blaxel's Go API), and the first problems are reported as
``spec.runtime.memory: Input should be greater than or equal to 128`` with wire names.
"""

from __future__ import annotations

import types
import typing
from typing import Any, Union

import pydantic
from pydantic import BaseModel

from blaxel_pulumi.api.models import Job
from blaxel_pulumi.api.wire import request_body
from blaxel_pulumi.emulator.api_errors import ApiError

__all__ = ["MAX_REPORTED_ERRORS", "parse_job", "parse_object"]

MAX_REPORTED_ERRORS = 5
"""Most validation problems listed in one error message."""


def _inner_types(annotation: Any) -> list[Any]:
    """Unwrap ``Annotated``, ``X | None`` and ``list[X]`` / ``dict[str, X]`` down to element types."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _inner_types(typing.get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        out: list[Any] = []
        for arg in typing.get_args(annotation):
            if arg is not type(None):
                out.extend(_inner_types(arg))
        return out
    return [annotation]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    for candidate in _inner_types(annotation):
        origin = typing.get_origin(candidate)  # Python 3.10: `list[X]` passes isinstance(..., type)
        if isinstance(candidate, type) and origin is None and issubclass(candidate, BaseModel):
            return candidate
        if origin in (list, dict):
            args = typing.get_args(candidate)
            element = _model_in(args[-1]) if args else None
            if element is not None:
                return element
    return None


def _is_read_only(field: Any) -> bool:
    extra = field.json_schema_extra
    return isinstance(extra, dict) and bool(extra.get("read_only"))


def _prune(data: Any, model: type[BaseModel]) -> Any:
    """Drop unknown and read-only keys of ``data`` (raw JSON) according to ``model``."""
    if not isinstance(data, dict):
        return data
    out: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        alias = field.alias or name
        if alias not in data or _is_read_only(field):
            continue
        value = data[alias]
        nested = _model_in(field.annotation)
        if nested is not None:
            if isinstance(value, list):
                value = [_prune(item, nested) for item in value]
            elif isinstance(value, dict) and typing.get_origin(_inner_types(field.annotation)[0]) is dict:
                value = {k: _prune(v, nested) for k, v in value.items()}
            else:
                value = _prune(value, nested)
        out[alias] = value
    return out


def _wire_location(loc: tuple[int | str, ...], root: type[BaseModel] = Job) -> str:
    """Render a pydantic location with wire names: ``spec.runtime.envs[0].name``."""
    model: type[BaseModel] | None = root
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
            continue
        field = model.model_fields.get(item) if model is not None else None
        if field is None:
            parts.append(f".{item}" if parts else item)
            continue
        alias = field.alias or item
        parts.append(f".{alias}" if parts else alias)
        model = _model_in(field.annotation)
    return "".join(parts) or "body"


def format_errors(error: pydantic.ValidationError, root: type[BaseModel] = Job) -> str:
    """One sentence per problem (at most :data:`MAX_REPORTED_ERRORS`), never quoting the input value."""
    problems = [f"{_wire_location(e['loc'], root)}: {e['msg']}" for e in error.errors(include_input=False)]
    more = len(problems) - MAX_REPORTED_ERRORS
    text = "; ".join(problems[:MAX_REPORTED_ERRORS])
    return text + (f"; and {more} more problem(s)" if more > 0 else "")


def parse_object(payload: Any, model: type[BaseModel]) -> dict[str, Any]:
    """Validate a ``POST``/``PUT`` body of an object of ``model``'s kind and return it as stored: camelCase,
    no ``None``, no read-only field.

    Raises a 400 :class:`ApiError` naming the offending fields.
    """
    if not isinstance(payload, dict):
        raise ApiError(
            400,
            "The request body must be a JSON object with 'metadata' and 'spec'.",
            error="Invalid request body",
        )
    try:
        parsed = model.model_validate(_prune(payload, model), strict=True)
    except pydantic.ValidationError as exc:
        raise ApiError(400, format_errors(exc, model), error="Invalid request body") from None
    return request_body(parsed)


def parse_job(payload: Any) -> dict[str, Any]:
    """Validate a job's ``POST``/``PUT`` body (see :func:`parse_object`); duplicate trigger ids are told
    apart as Blaxel does.

    Raises a 400 :class:`ApiError` naming the offending fields.
    """
    body = parse_object(payload, Job)
    triggers = body.get("spec", {}).get("triggers")
    if triggers:
        body["spec"]["triggers"] = _distinct_trigger_ids(triggers)
    return body


def _distinct_trigger_ids(triggers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Disambiguate duplicate trigger ids as Blaxel does: a repeated id gets the first free ``-2``, ``-3``...

    The spec: "the server ... disambiguates duplicates within a resource". The exact suffix is not documented.
    """
    taken = {t["id"] for t in triggers if isinstance(t.get("id"), str)}
    seen: set[str] = set()
    out = []
    for trigger in triggers:
        trigger_id = trigger.get("id")
        if isinstance(trigger_id, str) and trigger_id in seen:
            n = 2
            while f"{trigger_id}-{n}" in taken:
                n += 1
            trigger = {**trigger, "id": f"{trigger_id}-{n}"}
            taken.add(trigger["id"])
        if isinstance(trigger.get("id"), str):
            seen.add(trigger["id"])
        out.append(trigger)
    return out
