"""The descriptions of every kind's properties, for the declarations generated from them (the Python classes
of :mod:`blaxel_pulumi.dynamic.kinds`, the native face's schema).

A field of the kind's spec or metadata has the spec's own description (or, when it has none, its model's);
the outputs every kind has beside them are described here once.
"""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel

__all__ = ["INTERNAL_DOCS", "OUTPUT_DOCS", "description", "is_model"]

OUTPUT_DOCS = {
    "effective_labels": "Every label the object has on Blaxel but the ownership label.",
    "server_fields": "What Blaxel reports beyond the fields this package knows (kept, sent back unchanged).",
    "created_at": "When Blaxel created it (RFC 3339).",
    "updated_at": "When Blaxel last changed it (RFC 3339).",
    "created_by": "Who created it.",
    "updated_by": "Who last changed it.",
    "plan": "The billing plan of its workspace.",
    "url": "Its endpoint URL, for the kinds that serve one.",
    "claim": "The claim of the create that made it (with the owner marker, in its ownership label).",
    "status": "Its deployment status (`DEPLOYED` once rolled out).",
    "events": "Its latest deployment events.",
}
"""Descriptions of the outputs every kind has (the spec describes the kind's own fields)."""

INTERNAL_DOCS: dict[str, tuple[Any, str]] = {
    "owner": (str, "Ownership marker written as the label `blaxel-pulumi.owner`."),
    "auto_name": (str, "Name used when `name` is not set (from the resource name)."),
    "owner_stack": (
        str,
        "The stack (`<project>/<stack>`) whose owner marker the object carries: a resource that "
        "`pulumi state move` brings into another stack takes that stack's marker.",
    ),
    "adopt_name": (
        str,
        "Set by `check`: the name that this resource's first create may adopt (with `adopt`); never set for "
        "a resource that already exists, so a replacement never adopts.",
    ),
    "float_paths": (
        list[str],
        "Where a whole number is a float (`1.0`) in a value whose type the spec does not declare, as JSON "
        "pointers: every other whole number there is sent as an integer.",
    ),
}
"""Type and description of the properties every kind's ``check`` fills in (outputs of the native face)."""

LABELS_DOC = "Labels of the object (`blaxel-pulumi.owner` is reserved: the package writes it)."
"""The description of ``labels`` (the spec's says nothing of the label this package reserves)."""


def is_model(value: Any) -> bool:
    """Whether ``value`` is a model class (on Python 3.10 ``list[X]`` passes ``isinstance(..., type)``)."""
    return isinstance(value, type) and typing.get_origin(value) is None and issubclass(value, BaseModel)


def description(model: type[BaseModel], key: str) -> str | None:
    """The description of property ``key`` of a kind whose inputs are ``model``: the field's own, its
    model's (a field whose type is a model), or the one every kind's output ``key`` has."""
    field = model.model_fields.get(key)
    if field is None:
        return OUTPUT_DOCS.get(key)
    if field.description:
        return field.description
    for candidate in (field.annotation, *typing.get_args(field.annotation)):
        if is_model(candidate) and candidate.__doc__:
            return str(candidate.__doc__)
    if key == "labels":
        return LABELS_DOC
    return OUTPUT_DOCS.get(key)
