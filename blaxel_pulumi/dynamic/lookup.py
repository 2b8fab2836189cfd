"""What a lookup (``BlaxelPolicy.get(...)``, ``BlaxelJob.get(...)``) registers: a resource the engine reads by
its id, with the lookup's marker as its only input.

With ``opts.id`` set, the engine reads the object (the provider's ``read``, at every ``pulumi up`` and
``pulumi refresh``) and never creates, updates or deletes it: ``pulumi destroy`` only forgets it. Every
property is registered, so each is an output; the secret ones stay Pulumi secrets in the state.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pulumi

from blaxel_pulumi.core.kind_keys import LOOKUP_KEY

__all__ = ["lookup_inputs"]


def lookup_inputs(
    id_: pulumi.Input[str],
    properties: Iterable[str],
    secret_properties: Iterable[str],
    opts: pulumi.ResourceOptions | None,
) -> tuple[dict[str, Any], pulumi.ResourceOptions]:
    """The properties and options of a lookup of object ``id_`` (its name on Blaxel): every property
    registered (none given but the marker), ``opts`` with the id and the secret outputs."""
    props: dict[str, Any] = dict.fromkeys(properties)
    props[LOOKUP_KEY] = True
    read = pulumi.ResourceOptions(id=id_, additional_secret_outputs=list(secret_properties))
    return props, pulumi.ResourceOptions.merge(opts, read)
