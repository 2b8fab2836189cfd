"""The base of the resource classes of every kind but jobs (`BlaxelPolicy`, `BlaxelVolume`, ...; generated in
:mod:`blaxel_pulumi.dynamic.kinds`): what each adds to its inputs, and its provider; and their lookups
(`BlaxelPolicy.get(...)`, see :mod:`blaxel_pulumi.dynamic.lookup`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, TypeVar

import pulumi
import pulumi.dynamic

from blaxel_pulumi.core.kind_keys import INTERNAL_KEYS, OUTPUT_KEYS
from blaxel_pulumi.core.numbers import FLOAT_PATHS_KEY, float_paths
from blaxel_pulumi.dynamic.args import to_plain
from blaxel_pulumi.dynamic.lookup import lookup_inputs
from blaxel_pulumi.dynamic.ownership_props import with_ownership
from blaxel_pulumi.dynamic.secret_split import split_secret_envs
from blaxel_pulumi.provider.objects import ObjectProvider

__all__ = ["BlaxelObject"]

_R = TypeVar("_R", bound="BlaxelObject")


class BlaxelObject(pulumi.dynamic.Resource):
    """A Blaxel object of one kind as a Pulumi resource (the generated classes name the kind)."""

    _KIND: ClassVar[str]
    """The word of the kind (``policy``; set by each generated class)."""
    _PROPERTIES: ClassVar[tuple[str, ...]]
    """Every property of the kind's resource (set by each generated class)."""
    _SECRET_PROPERTIES: ClassVar[tuple[str, ...]]
    """The properties that hold secrets (set by each generated class)."""

    def __init__(
        self,
        kind: str,
        type_token: str,
        resource_name: str,
        given: Mapping[str, Any],
        properties: Sequence[str],
        secret_properties: Sequence[str],
        opts: pulumi.ResourceOptions | None,
    ) -> None:
        """Declare the object.

        Args:
            kind: The word of the kind (``policy``).
            type_token: The resource's type as its URN has it (``pulumi-python:dynamic/blaxel:Policy``).
            resource_name: The Pulumi name of the resource.
            given: The inputs the program gave, by property name.
            properties: Every property of the resource (each is registered, so each is an output).
            secret_properties: The properties that hold secrets (Pulumi secrets in the state).
            opts: Pulumi resource options.
        """
        props: dict[str, Any] = {k: to_plain(v) for k, v in given.items()}
        # The program's own whole floats: the engine cannot tell them from integers.
        props[FLOAT_PATHS_KEY] = float_paths(props, skip=(pulumi.Output,)) or None
        for key in secret_properties:
            if props.get(key) is not None:
                props[key] = pulumi.Output.secret(props[key])
        if "secret_env_values" in secret_properties:
            props["runtime"], props["secret_env_values"] = split_secret_envs(props.get("runtime"))
        with_ownership(props, resource_name, type_token, opts)
        for key in (*properties, *INTERNAL_KEYS, *OUTPUT_KEYS, *secret_properties):
            props.setdefault(key, None)
        secret_outputs = pulumi.ResourceOptions(additional_secret_outputs=list(secret_properties))
        super().__init__(
            ObjectProvider(kind), resource_name, props, pulumi.ResourceOptions.merge(opts, secret_outputs)
        )

    @classmethod
    def _lookup(
        cls: type[_R], resource_name: str, id_: pulumi.Input[str], opts: pulumi.ResourceOptions | None
    ) -> _R:
        """A resource of this class that reads the existing object ``id_`` (its name on Blaxel; the generated
        classes' ``get``): never created, updated or deleted by Pulumi, its outputs the object as Blaxel has
        it now, its secret properties Pulumi secrets."""
        resource = cls.__new__(cls)
        secrets = cls._SECRET_PROPERTIES
        keys = (*cls._PROPERTIES, *INTERNAL_KEYS, *OUTPUT_KEYS, *secrets)
        props, read_opts = lookup_inputs(id_, keys, secrets, opts)
        pulumi.dynamic.Resource.__init__(resource, ObjectProvider(cls._KIND), resource_name, props, read_opts)
        return resource
