"""What the resource operations need to know of one kind of Blaxel object, declared once per kind.

:class:`~blaxel_pulumi.core.job_operations.JobOperations` runs check, diff, create, read, update and delete
through a :class:`ResourceKind`: the API it lives on (:class:`~blaxel_pulumi.api.kinds.ApiKind`), its
property sets, the mapping of properties to and from its wire model, its checks, and whether it rolls out.
Jobs are :data:`blaxel_pulumi.core.job_kind.JOB`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from pydantic import BaseModel

if TYPE_CHECKING:
    from blaxel_pulumi.api.kinds import ApiKind
    from blaxel_pulumi.core.field_checks import InputProblem

__all__ = ["CheckInputs", "FromWire", "ResourceKind", "ToWire"]

_O = TypeVar("_O", bound=BaseModel)
_O_co = TypeVar("_O_co", bound=BaseModel, covariant=True)
_O_contra = TypeVar("_O_contra", bound=BaseModel, contravariant=True)


class ToWire(Protocol[_O_co]):
    """Builds the wire object of a resource's properties."""

    def __call__(self, props: Mapping[str, Any], *, strict: bool = True) -> _O_co:
        """The wire object of ``props``; ``strict`` validates it (a request), else it is built as is (the
        properties of a state, compared or merged but not sent as they are)."""


class FromWire(Protocol[_O_contra]):
    """Reads a resource's properties out of its wire object."""

    def __call__(self, obj: _O_contra, /) -> dict[str, Any]:
        """The properties that ``obj`` (as Blaxel reports it) holds."""


class CheckInputs(Protocol):
    """Validates a resource's inputs before any request."""

    def __call__(
        self, olds: Mapping[str, Any], news: Mapping[str, Any]
    ) -> tuple[dict[str, Any], list[InputProblem]]:
        """The inputs to store (defaults filled in) and every mistake in ``news``."""


@dataclass(frozen=True)
class ResourceKind(Generic[_O]):
    """One kind of Blaxel object as a Pulumi resource.

    Args:
        api: Where it lives on Blaxel's API, and its wire model.
        declared_keys: The properties sent to Blaxel and compared with what it reports (its ``metadata``
            and ``spec`` fields).
        compared_keys: The properties whose change is an update (the declared ones, and the options and
            secrets whose change the resource records).
        replace_keys: The properties whose change replaces the object (its name, the workspace, and the
            fields Blaxel does not let an update change: their ``replace_on_change`` marker).
        option_keys: Resource options: they steer the provider and are never sent.
        program_option_keys: Options of the program (``replace_on_changes``, ``custom_timeouts``) that the
            dynamic face passes as inputs.
        internal_keys: Properties the resource class fills in (owner marker, secrets moved out, ...).
        output_keys: Properties only Blaxel fills in, or the provider derives from what it reports.
        secret_keys: Properties that hold secret values (``{name: value}``): never quoted.
        to_wire: Properties to the wire object.
        from_wire: The wire object to properties.
        check: The checks of its inputs.
        rolls_out: Whether a create or an update rolls out (the operations wait for ``DEPLOYED``, and a
            delete for the object to be gone); a kind that is ready at once is not waited for.
        inputs_model: The model its inputs are validated with.
        replace_paths: Paths inside a property (``runtime.extra_args``, as the program writes them) whose
            change replaces the object: the nested fields marked ``replace_on_change``.
    """

    api: ApiKind[_O]
    declared_keys: tuple[str, ...]
    compared_keys: tuple[str, ...]
    replace_keys: tuple[str, ...]
    option_keys: tuple[str, ...]
    program_option_keys: tuple[str, ...]
    internal_keys: tuple[str, ...]
    output_keys: tuple[str, ...]
    secret_keys: tuple[str, ...]
    to_wire: ToWire[_O]
    from_wire: FromWire[_O]
    check: CheckInputs
    rolls_out: bool
    inputs_model: type[BaseModel] | None = None
    """The model its inputs are validated with (the generated declarations read their types and docs)."""
    outputs_model: type[BaseModel] | None = None
    """The model of every property it stores, inputs and outputs: the native face's camelCase names of
    nested properties follow it (see :mod:`blaxel_pulumi.core.property_names`)."""
    replace_paths: tuple[str, ...] = ()
    """Paths inside a property whose change replaces the object (a sandbox's ``runtime.extra_args``)."""

    @property
    def secret_inputs(self) -> tuple[str, ...]:
        """The secret properties the program gives (``secret_env_values``), not the ones Blaxel fills in."""
        return tuple(key for key in self.secret_keys if key in self.internal_keys)

    def secret_values(self, *props: Mapping[str, Any]) -> list[str]:
        """The secret values ``props`` hold (env values, ...): never quoted in messages or events."""
        found: list[str] = []
        for p in props:
            for key in self.secret_keys:
                values = p.get(key)
                if isinstance(values, Mapping):
                    found += [v for v in values.values() if isinstance(v, str) and v]
        return found
