"""The job in the API's own form: request bodies, lenient reading of responses, the models' markers.

* :func:`request_body`: a validated job as a ``POST``/``PUT`` body.
* :func:`read_object` (:func:`read_job`): an object (a job) from a response, without validation
  (responses are not inputs: an enum value, a constraint or a field Blaxel adds tomorrow never fails a
  read); every field the models do not know is kept in their ``model_extra``, at any depth, and
  :func:`wire_dump` gives it back in the API's form.
* :func:`marker`, :func:`paths_marked`, :data:`LIST_KEYS`, :data:`SET_LISTS`: what the field table's markers
  say (see :mod:`blaxel_pulumi.api.models`).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any, TypeVar, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from blaxel_pulumi.api.models import Job, JobSpec

__all__ = [
    "LIST_KEYS",
    "SECRET_MASK",
    "SET_LISTS",
    "marker",
    "masked_secret_envs",
    "paths_marked",
    "read_job",
    "read_lenient",
    "read_object",
    "request_body",
    "submodel",
    "wire_dump",
]


SECRET_MASK = "***"  # noqa: S105 - the mask, not a password
"""What Blaxel answers in place of the value of a secret env var. Sent back, it would become the value."""


def request_body(job: BaseModel) -> dict[str, Any]:
    """Serialize ``job`` (or an object of another kind) as a ``POST``/``PUT`` body: camelCase keys, no
    ``None``, no read-only field, no unknown field (what the server reported beyond the models is merged in
    by the caller, on purpose)."""
    body: dict[str, Any] = wire_dump(job, read_only=False, extras=False)
    return body


def masked_secret_envs(body: Mapping[str, Any]) -> list[str]:
    """The names of the secret env vars whose value in the job ``body`` (wire form) is :data:`SECRET_MASK`:
    a body that has any must not be sent (it would replace each secret by the mask)."""
    spec = body.get("spec")
    runtime = spec.get("runtime") if isinstance(spec, Mapping) else None
    envs = runtime.get("envs") if isinstance(runtime, Mapping) else None
    return [
        str(env.get("name"))
        for env in (envs if isinstance(envs, list) else [])
        if isinstance(env, Mapping) and env.get("secret") and env.get("value") == SECRET_MASK
    ]


_M = TypeVar("_M", bound=BaseModel)


def submodel(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """The pydantic model inside ``X | None`` or ``list[X] | None``, and whether it is a list of them."""
    # get_origin: on Python 3.10, `list[X]` passes isinstance(..., type) but not issubclass
    if isinstance(annotation, type) and get_origin(annotation) is None and issubclass(annotation, BaseModel):
        return annotation, False
    is_list = get_origin(annotation) is list
    for arg in get_args(annotation):
        found, inner_list = submodel(arg)
        if found is not None:
            return found, is_list or inner_list
    return None, False


def _read(model: type[_M], data: Mapping[str, Any]) -> _M:
    """``model`` built from ``data`` without validation: known fields by wire or Python name, nested models
    built the same way, every value as sent, unknown keys kept as extras, missing fields None."""
    names = {(field.alias or name): name for name, field in model.model_fields.items()}
    values: dict[str, Any] = dict.fromkeys(model.model_fields)
    for key, raw in data.items():
        name = names.get(key) or (key if key in model.model_fields else None)
        if name is None:
            values[key] = raw
            continue
        sub, is_list = submodel(model.model_fields[name].annotation)
        if sub is not None and is_list and isinstance(raw, list):
            raw = [_read(sub, item) if isinstance(item, Mapping) else item for item in raw]
        elif sub is not None and not is_list and isinstance(raw, Mapping):
            raw = _read(sub, raw)
        values[name] = raw
    return model.model_construct(**values)


def read_lenient(model: type[_M], data: Mapping[str, Any]) -> _M:
    """``model`` built from a response's ``data`` without validation (see :func:`read_job`): every value as
    sent, unknown keys kept, missing fields None. For the wire models of other resources."""
    return _read(model, data)


def read_object(model: type[_M], data: Any) -> _M:
    """An object of ``model``'s kind (a job, ...) from a response body, read leniently (responses are not
    inputs).

    Only what every object has is required: a JSON object with ``metadata.name`` a string. Unknown enum
    values, values outside the documented constraints, unknown fields at any depth and missing optional
    fields are all accepted; unknown fields are kept (see :func:`wire_dump`). A ``status`` that is not a
    string is read as its text, ``events`` that are not a list as none, and an event that is not an object
    is left out.

    Raises:
        ValueError: ``data`` is not an object at all; the message says what is missing.
    """
    if not isinstance(data, Mapping):
        raise ValueError("the body is not a JSON object")
    metadata = data.get("metadata")
    if not isinstance(metadata, Mapping) or not isinstance(metadata.get("name"), str):
        raise ValueError("metadata.name is missing or not a string")
    spec = data.get("spec")
    found = _read(model, {**data, "spec": spec if isinstance(spec, Mapping) else {}})
    status = getattr(found, "status", None)
    if not isinstance(status, str | None):
        found.status = str(status)  # type: ignore[attr-defined]
    events = getattr(found, "events", None)
    if events is not None:
        # Each kind's event model (a job's `CoreEvent`, the generated one of the other kinds): any model.
        kept = [e for e in events if isinstance(e, BaseModel)] if isinstance(events, list) else None
        found.events = kept  # type: ignore[attr-defined]
    return found


def read_job(data: Any) -> Job:
    """A job from a response body, read leniently (see :func:`read_object`).

    Raises:
        ValueError: ``data`` is not a job at all; the message says what is missing.
    """
    return read_object(Job, data)


def wire_dump(value: Any, *, read_only: bool = True, extras: bool = True) -> Any:
    """``value`` (a model, or lists and maps of them) in the API's form: camelCase keys, no ``None``;
    without ``read_only``, fields marked read-only are left out; without ``extras``, unknown fields too."""
    if isinstance(value, BaseModel):
        out: dict[str, Any] = {}
        for name, field in type(value).model_fields.items():
            extra = field.json_schema_extra
            if not read_only and isinstance(extra, dict) and extra.get("read_only"):
                continue
            item = getattr(value, name, None)
            if item is not None:
                out[field.alias or name] = wire_dump(item, read_only=read_only, extras=extras)
        for key, item in (value.model_extra or {}).items() if extras else ():
            if item is not None:
                out[key] = wire_dump(item, read_only=read_only, extras=extras)
        return out
    if isinstance(value, list):
        return [wire_dump(v, read_only=read_only, extras=extras) for v in value]
    if isinstance(value, dict):
        return {k: wire_dump(v, read_only=read_only, extras=extras) for k, v in value.items()}
    if isinstance(value, enum.Enum):
        return value.value
    return value


def marker(field: FieldInfo, name: str) -> Any:
    """The value of marker ``name`` on ``field`` (see the module docstring), None when it is not set."""
    extra = field.json_schema_extra
    return extra.get(name) if isinstance(extra, dict) else None


def paths_marked(model: type[BaseModel], name: str, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    """``{path: value}`` of every field under ``model`` (nested models too) that carries marker ``name``;
    paths are tuples of Python field names."""
    found: dict[tuple[str, ...], Any] = {}
    for field_name, field in model.model_fields.items():
        here = (*path, field_name)
        value = marker(field, name)
        if value is not None:
            found[here] = value
        sub, _ = submodel(field.annotation)
        if sub is not None:
            found.update(paths_marked(sub, name, here))
    return found


LIST_KEYS: dict[tuple[str, ...], str] = paths_marked(JobSpec, "keyed_by")
"""Lists of the job's spec whose items have an identity, by path under ``spec``, and the key that holds it
(every name in these paths is one word: the same in Python and on the wire). Their order does not matter."""

SET_LISTS: frozenset[tuple[str, ...]] = frozenset(paths_marked(JobSpec, "unordered"))
"""Lists of strings of the job's spec that are sets, by path under ``spec``."""
