"""The checks every kind of resource shares, against its inputs model, before any request.

Each mistake becomes an :class:`InputProblem` whose property is the top-level input and whose reason names
the full path of the field and says how to fix it: keys the model does not have (with the closest one as a
suggestion), words given for booleans, and the model's own rules (types, constraints, required fields, each
with the field's description as the hint). Unknown values (outputs of other resources during ``pulumi
preview``) are never validated or touched; the parts around them are.

A failure never quotes a value: the engine prints the property next to the reason, and secret values must
not reach the console. A kind's own checks across fields come on top (jobs: :mod:`blaxel_pulumi.core.check`).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pulumi.output import Unknown
from pydantic import BaseModel, ValidationError

from blaxel_pulumi.api.wire import submodel

__all__ = ["InputProblem", "check_fields", "path_text"]


@dataclass(frozen=True)
class InputProblem:
    """One input mistake: the top-level property and what to do about it."""

    property: str
    reason: str
    path: tuple[Any, ...] = field(default=(), compare=False)
    """Where in the inputs, when a model's rule found it (for a kind that reports it elsewhere)."""
    rule: str = field(default="", compare=False)
    """The model's rule that the value breaks, without the path or the hint."""


def path_text(loc: Iterable[Any]) -> str:
    """A field's path as the messages write it: ``runtime.envs[0].value``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _strip_unknowns(value: Any, loc: tuple[Any, ...], unknown: set[tuple[Any, ...]]) -> Any:
    """A copy of ``value`` with unknowns replaced by None; their locations are collected in ``unknown``."""
    if isinstance(value, Unknown):
        unknown.add(loc)
        return None
    if isinstance(value, Mapping):
        return {k: _strip_unknowns(v, (*loc, k), unknown) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_strip_unknowns(v, (*loc, i), unknown) for i, v in enumerate(value)]
    return value


def _under_unknown(loc: tuple[Any, ...], unknown: set[tuple[Any, ...]]) -> bool:
    return any(loc[: len(u)] == u for u in unknown) or any(u[: len(loc)] == loc for u in unknown)


def _unknown_keys(value: Any, model: type[BaseModel], loc: tuple[Any, ...]) -> list[InputProblem]:
    """Keys that the schema does not have (typos in plain-dict inputs), with a suggestion."""
    failures: list[InputProblem] = []
    if not isinstance(value, Mapping):
        return failures
    fields = model.model_fields
    for key, item in value.items():
        if key not in fields:
            close = difflib.get_close_matches(str(key), list(fields), n=1)
            hint = f" Did you mean `{close[0]}`?" if close else f" Known fields: {', '.join(sorted(fields))}."
            failures.append(
                InputProblem(str(loc[0] if loc else key), f"{path_text((*loc, key))}: unknown field.{hint}")
            )
            continue
        sub = submodel(fields[key].annotation)[0]
        if sub is None:
            continue
        if isinstance(item, list | tuple):
            for index, element in enumerate(item):
                failures += _unknown_keys(element, sub, (*loc, key, index))
        else:
            failures += _unknown_keys(item, sub, (*loc, key))
    return failures


_BOOLEAN_WORDS = ("true", "false")
"""The only strings taken as booleans (any case): a string config value such as `config.get("x")`."""


def _is_boolean(annotation: Any) -> bool:
    args: tuple[Any, ...] = getattr(annotation, "__args__", None) or ()
    return annotation is bool or (bool in args and set(args) <= {bool, type(None)})


def _word_booleans(value: Any, model: type[BaseModel], loc: tuple[Any, ...]) -> list[InputProblem]:
    """Boolean fields given anything but a boolean or the string true/false: pydantic would read "yes",
    "no", "on", "off", "1" or 1 as a boolean; a word is more likely a mistake than a choice."""
    failures: list[InputProblem] = []
    if not isinstance(value, Mapping):
        return failures
    for key, item in value.items():
        field = model.model_fields.get(str(key))
        if field is None or item is None:
            continue
        if _is_boolean(field.annotation):
            if not isinstance(item, bool) and not (isinstance(item, str) and item.lower() in _BOOLEAN_WORDS):
                failures.append(
                    InputProblem(
                        str(loc[0] if loc else key),
                        f"{path_text((*loc, key))} is {json.dumps(item)}, not a boolean: use true or false.",
                    )
                )
            continue
        sub = submodel(field.annotation)[0]
        if sub is None:
            continue
        if isinstance(item, list | tuple):
            for index, element in enumerate(item):
                failures += _word_booleans(element, sub, (*loc, key, index))
        else:
            failures += _word_booleans(item, sub, (*loc, key))
    return failures


def _describe(loc: tuple[Any, ...], inputs_model: type[BaseModel]) -> str | None:
    """The field's own description, used as the hint of how to fix a value."""
    model: type[BaseModel] | None = inputs_model
    description = None
    for part in loc:
        if isinstance(part, int) or model is None:
            continue
        field = model.model_fields.get(str(part))
        if field is None:
            return description
        description = field.description
        model = submodel(field.annotation)[0]
    return description


def _validate(
    data: Mapping[str, Any], unknown: set[tuple[Any, ...]], model: type[BaseModel]
) -> tuple[BaseModel | None, list[InputProblem]]:
    """Validate with ``model``; return the validated model (None when invalid) and the failures."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        failures = []
        for error in exc.errors(include_url=False, include_input=False):
            loc = tuple(error["loc"])
            if _under_unknown(loc, unknown) or error["type"] == "extra_forbidden":  # (keys: reported above)
                continue
            path = path_text(loc)
            hint = _describe(loc, model)
            message = error["msg"].rstrip(".")
            reason = f"{path}: {message}." + (f" Expected: {hint}" if hint else "")
            if error["type"] == "missing":
                reason = f"{path} is required." + (f" {hint}" if hint else "")
            failures.append(InputProblem(str(loc[0]) if loc else "", reason, loc, f"{message}."))
        return None, failures


def _coerce(value: Any, validated: Any) -> Any:
    """``value`` with each known leaf replaced by its validated form (``"2048"`` -> 2048, ``"true"`` -> True),
    so that the stored inputs compare equal to what Blaxel reports; unknowns and structure are kept."""
    if isinstance(value, Unknown) or validated is None:
        return value
    if isinstance(value, Mapping):
        if isinstance(validated, BaseModel):
            return {k: _coerce(v, getattr(validated, k, None)) for k, v in value.items()}
        if isinstance(validated, Mapping):
            return {k: _coerce(v, validated.get(k)) for k, v in value.items()}
        return value
    if isinstance(value, list | tuple):
        if isinstance(validated, list | tuple) and len(validated) == len(value):
            return [_coerce(v, w) for v, w in zip(value, validated, strict=True)]
        return value
    if isinstance(validated, BaseModel | Mapping | list | tuple):
        return value
    return validated


def check_fields(
    inputs: Mapping[str, Any],
    model: type[BaseModel],
    *,
    prepare: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> tuple[dict[str, Any], list[InputProblem]]:
    """The checks every kind shares, against its inputs ``model``: keys it does not have (with the closest
    one as a suggestion), words given for booleans, and the model's own rules (types, constraints, required
    fields). Unknown values are left out of every check, and so are the failures about them. Return
    ``inputs`` with each known leaf in its validated form (``"2048"`` -> 2048), and the failures.

    ``prepare`` turns the inputs into what ``model`` validates (jobs put their secret env values back
    into ``runtime.envs``).
    """
    unknown: set[tuple[Any, ...]] = set()
    data = _strip_unknowns(inputs, (), unknown)
    failures = _unknown_keys(data, model, ()) + _word_booleans(data, model, ())
    validated, invalid = _validate(prepare(data) if prepare else data, unknown, model)
    failures += invalid
    coerced = _coerce(inputs, validated) if validated is not None else dict(inputs)
    return coerced, failures
