"""Numbers stay numbers: integers sent as integers, floats as floats, whatever the engine did to them.

The Pulumi engine has one kind of number (a double): every value that goes through it, the program's inputs
and the state alike, comes back as a float (``3`` becomes ``3.0``). Blaxel validates integers strictly
(``"maxConcurrentTasks": 3.0`` is a 400, "Input should be a valid integer"), so every request body is built
with the types the values had before the engine touched them:

* where the field table declares a type (``runtime.timeout`` is an ``int``), that type, at any depth, in
  the program's properties and in ``server_fields`` alike;
* where it does not (a trigger's ``configuration.tasks``, a field this package does not know, kept in
  ``server_fields``), a whole number is an integer unless it is recorded as a float: the record
  (``float_paths``, JSON pointers such as ``/triggers/0/configuration/tasks/1/ratio``) is made where the
  types are still known, from the program's own values (``BlaxelJob``) and from Blaxel's responses (every
  output). An integer is what a JSON encoder writes for a whole number (JavaScript, Go), so a value nobody
  recorded (the native face's inputs: its programs hand the engine numbers only) is an integer.

A non-whole float (``0.5``) is always a float.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Collection, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeGuard, Union

if TYPE_CHECKING:  # the program imports this module (``BlaxelJob``), which must not need pydantic
    from pydantic import BaseModel

__all__ = ["FLOAT_PATHS_KEY", "float_paths", "pointer", "restore_numbers"]

FLOAT_PATHS_KEY = "float_paths"
"""The property that records where a whole number is a float (see the module docstring)."""

_FREE = object()
"""A position the field table does not type (``Any``, a field it does not know)."""


def pointer(parts: Iterable[str | int]) -> str:
    """The JSON pointer (RFC 6901) of a path of keys and list indexes: ``("a/b", 0)`` -> ``/a~1b/0``."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _is_whole_float(value: Any) -> bool:
    return isinstance(value, float) and value.is_integer()


def float_paths(value: Any, at: str = "", *, skip: tuple[type, ...] = ()) -> list[str]:
    """JSON pointers (under ``at``) of the whole numbers in ``value`` that are floats (``1.0``), at any
    depth, in maps and lists; values of the types ``skip`` are not looked into (a program's outputs of other
    resources, whose numbers went through the engine)."""
    if skip and isinstance(value, skip):
        return []
    if _is_whole_float(value):
        return [at]
    found: list[str] = []
    if isinstance(value, Mapping):
        for key, item in value.items():
            found += float_paths(item, at + pointer([key]), skip=skip)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found += float_paths(item, at + pointer([index]), skip=skip)
    return found


def _unwrap(annotation: Any) -> list[Any]:
    """The alternatives of ``annotation`` without ``Annotated`` and ``None``."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return [a for arg in typing.get_args(annotation) if arg is not type(None) for a in _unwrap(arg)]
    return [annotation]


def _is_model(annotation: Any) -> TypeGuard[type[BaseModel]]:
    return isinstance(annotation, type) and hasattr(annotation, "model_fields")


def _field(model: type[BaseModel], key: str) -> Any:
    """The annotation of ``model``'s field named ``key`` (Python name or wire alias); free when none."""
    field = model.model_fields.get(key)
    if field is None:
        field = next((f for f in model.model_fields.values() if f.alias == key), None)
    return field.annotation if field is not None else _FREE


def _pick(annotation: Any, value: Any) -> Any:
    """The alternative of ``annotation`` that describes ``value`` (a model for a map, a list for a list)."""
    for alt in _unwrap(annotation):
        origin = typing.get_origin(alt) or alt
        if isinstance(value, Mapping) and (origin in (dict, Mapping) or _is_model(alt)):
            return alt
        if isinstance(value, list | tuple) and origin in (list, tuple):
            return alt
        if isinstance(value, int | float) and not isinstance(value, bool) and alt in (int, float):
            return alt
    return _FREE


def restore_numbers(value: Any, annotation: Any, floats: Collection[str] = (), at: str = "") -> Any:
    """``value`` (found at pointer ``at``) with each number of the type it had before the engine.

    ``annotation`` is the declared type of ``value`` (a wire model, ``int | None``, ``list[X]``, ...; ``Any``
    when nothing is declared): a declared ``int`` is an integer and a declared ``float`` a float; an
    undeclared whole number is an integer unless its pointer is in ``floats``. Maps are matched with models
    by Python name or wire alias, so properties and wire bodies both work."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    declared = _pick(annotation, value) if annotation is not _FREE else _FREE
    if isinstance(value, Mapping):
        model = declared if _is_model(declared) else None
        args = typing.get_args(declared) if model is None and declared is not _FREE else ()
        inner = args[-1] if args else _FREE
        return {
            k: restore_numbers(
                v, _field(model, str(k)) if model is not None else inner, floats, at + pointer([k])
            )
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        args = typing.get_args(declared) if declared is not _FREE else ()
        inner = args[0] if args else _FREE
        return [restore_numbers(v, inner, floats, at + pointer([i])) for i, v in enumerate(value)]
    if not isinstance(value, int | float):
        return value
    if declared is int:
        return int(value) if _is_whole_float(value) else value
    if declared is float or at in floats:
        return float(value)
    return int(value) if _is_whole_float(value) else value
