"""Property names of the native face: the camelCase forms of `BlaxelJob`'s snake_case properties.

The native provider speaks the schema's names (``runtime.maxRetries``, ``secretEnvValues``); the shared job
logic (``check``, the diff, the wire mapping) speaks the dynamic resource's (``runtime.max_retries``,
``secret_env_values``). Both are the field table's own names: the wire models' fields and their camelCase
aliases, and the resource's :class:`~blaxel_pulumi.core.schema.JobInputs`/``JobOutputs``. The two
functions here convert whole property dicts at the boundary, guided by that table: keys of declared fields
are renamed, keys that are user data (label keys, env names in ``secretEnvValues``, a trigger task's own
dict) and the API-form ``serverFields`` are kept as they are.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pulumi
from pydantic import BaseModel
from pydantic.alias_generators import to_camel, to_snake

from blaxel_pulumi.api.models import CoreEvent
from blaxel_pulumi.api.wire import submodel
from blaxel_pulumi.core.schema import JobOutputs
from blaxel_pulumi.core.state import VERSION_KEY

__all__ = ["camel", "camel_text", "from_camel", "snake", "to_camel_props"]

_VERBATIM = frozenset({"server_fields", VERSION_KEY})
"""Properties kept exactly as they are: the API's own form, and the state version."""
_SUBMODELS: Mapping[str, type[BaseModel]] = {"events": CoreEvent}
"""Outputs declared as plain dicts in the field table whose items are a wire model."""


def camel(name: str) -> str:
    """The schema's (camelCase) name of a snake_case property or field name; a name without an underscore
    is its own (pydantic before 2.5 would turn ``displayName`` into ``displayname``)."""
    return name if name.startswith("_") or "_" not in name else to_camel(name)


def snake(name: str) -> str:
    """The snake_case name of a camelCase property or field name (unknown names too, for messages)."""
    return name if name.startswith("_") else to_snake(name)


def _model_of(model: type[BaseModel] | None, key: str) -> type[BaseModel] | None:
    if model is None or key not in model.model_fields:
        return None
    if model is JobOutputs and key in _SUBMODELS:
        return _SUBMODELS[key]
    return submodel(model.model_fields[key].annotation)[0]


def _convert(value: Any, model: type[BaseModel] | None, to_snake_case: bool) -> Any:
    if isinstance(value, pulumi.Output):  # a program's input known later (the typed resource class)
        return value.apply(lambda v: _convert(v, model, to_snake_case))
    if isinstance(value, list | tuple):
        return [_convert(v, model, to_snake_case) for v in value]
    if not isinstance(value, Mapping) or model is None:
        return value
    if to_snake_case:
        by_camel = {camel(n): n for n in model.model_fields}
        names = {k: by_camel.get(k, k if k in model.model_fields else snake(k)) for k in value}
    else:
        names = {k: camel(k) if k in model.model_fields else k for k in value}
    out: dict[str, Any] = {}
    for key, item in value.items():
        name = names[key]
        field = name if to_snake_case else key
        out[name] = item if field in _VERBATIM else _convert(item, _model_of(model, field), to_snake_case)
    return out


def from_camel(props: Mapping[str, Any], model: type[BaseModel] = JobOutputs) -> dict[str, Any]:
    """Schema-named properties (camelCase, nested too) as the shared logic names them (snake_case), for a
    resource whose stored properties ``model`` declares (a job's, unless given)."""
    return dict(_convert(props, model, True))


def to_camel_props(props: Mapping[str, Any], model: type[BaseModel] = JobOutputs) -> dict[str, Any]:
    """The shared logic's snake_case properties under the schema's names (camelCase, nested too), for a
    resource whose stored properties ``model`` declares (a job's, unless given)."""
    return dict(_convert(props, model, False))


_IDENTIFIER = re.compile(r"(?<![A-Za-z0-9_:-])([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\b")


_PYTHON_FLAG = re.compile(r"`([a-z_]+)=(True|False)`")


def camel_text(text: str) -> str:
    """A message of the shared job logic with its snake_case property names in the schema's form
    (``runtime.max_retries`` -> ``runtime.maxRetries``, `` `adopt=True` `` -> `` `adopt: true` ``);
    upper-case names (``BL_API_KEY``) are kept."""
    text = _PYTHON_FLAG.sub(lambda m: f"`{camel(m.group(1))}: {m.group(2).lower()}`", text)
    return _IDENTIFIER.sub(lambda m: camel(m.group(1)), text)
