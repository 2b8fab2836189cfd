"""A kind of object whose properties are its ``metadata`` and ``spec`` fields, flattened: every kind but jobs.

:func:`flat_kind` derives everything a :class:`~blaxel_pulumi.core.resource_kind.ResourceKind` needs from
the kind's generated wire model (:mod:`blaxel_pulumi.api.spec_models`), as :mod:`blaxel_pulumi.core.schema`
does for jobs by hand: the inputs model (the metadata fields that are not read-only, every field of the
spec, the options and internals every resource has), the property sets, the mapping to and from the wire
(the owner marker in the labels, numbers as Blaxel had them), and the checks (the owner marker and
auto-name kept as for jobs, then :func:`~blaxel_pulumi.core.field_checks.check_fields`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from blaxel_pulumi.api.kinds import ApiKind
from blaxel_pulumi.api.wire import marker, read_object, submodel
from blaxel_pulumi.core import ownership
from blaxel_pulumi.core.check import on_runtime, secret_env_problems
from blaxel_pulumi.core.common_fields import (
    adopt_field,
    deployment_timeout_field,
    wait_field,
    workspace_field,
)
from blaxel_pulumi.core.field_checks import InputProblem, check_fields
from blaxel_pulumi.core.job_mapping import drop_none, known_fields
from blaxel_pulumi.core.kind_docs import is_model
from blaxel_pulumi.core.kind_keys import INTERNAL_KEYS, OPTION_KEYS
from blaxel_pulumi.core.numbers import FLOAT_PATHS_KEY, restore_numbers
from blaxel_pulumi.core.owned_inputs import owned_inputs
from blaxel_pulumi.core.resource_kind import ResourceKind
from blaxel_pulumi.core.schema import EVENTS_KEPT
from blaxel_pulumi.core.secret_envs import with_secret_values, without_secret_values
from blaxel_pulumi.core.secret_versions import merge_secret_values

__all__ = ["flat_kind"]


def _field(model: type[BaseModel], name: str) -> tuple[Any, Any]:
    info = model.model_fields[name]
    return (info.annotation, info)


def _submodel(model: type[BaseModel], name: str) -> type[BaseModel]:
    annotation = model.model_fields[name].annotation
    candidates = [annotation, *getattr(annotation, "__args__", ())]
    found: type[BaseModel] = next(c for c in candidates if is_model(c))
    return found


SECRET_ENV_VALUES_FIELD = (
    dict[str, str] | None,
    Field(
        default=None,
        description="Values of the secret environment variables, by name (a Pulumi secret).",
        json_schema_extra={"secret": True},
    ),
)
"""The internal input that holds the values of the env vars marked secret (as for jobs)."""


def _has_envs(api: ApiKind[Any]) -> bool:
    """Whether the kind's spec has ``runtime.envs`` (env vars, some of them secret)."""
    spec = _submodel(api.model, "spec")
    if "runtime" not in spec.model_fields:
        return False
    return "envs" in _submodel(spec, "runtime").model_fields


def _inputs_model(
    api: ApiKind[Any], rolls_out: bool
) -> tuple[type[BaseModel], tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The inputs model of ``api``'s kind, its metadata keys, its spec keys and its server metadata keys."""
    metadata = _submodel(api.model, "metadata")
    spec = _submodel(api.model, "spec")
    metadata_keys = tuple(n for n, f in metadata.model_fields.items() if not marker(f, "read_only"))
    server_keys = tuple(
        n for n, f in metadata.model_fields.items() if marker(f, "read_only") and n != "workspace"
    )
    spec_keys = tuple(spec.model_fields)
    name_annotation, name_info = _field(metadata, "name")
    word = api.word
    fields: dict[str, Any] = {
        "name": (
            name_annotation | None,
            Field(
                default=None,
                description=name_info.description,
                json_schema_extra=name_info.json_schema_extra,
                **_constraints(name_info),
            ),
        ),
        **{n: _field(metadata, n) for n in metadata_keys if n != "name"},
        **{n: _field(spec, n) for n in spec_keys},
        "workspace": workspace_field(word),
        "adopt": adopt_field(word),
        **(
            {"wait_for_deployment": wait_field(word), "deployment_timeout": deployment_timeout_field()}
            if rolls_out
            else {}
        ),
        **{key: (Any, Field(default=None, description="Internal.")) for key in INTERNAL_KEYS},
    }
    if _has_envs(api):
        fields["secret_env_values"] = SECRET_ENV_VALUES_FIELD
    model = create_model(
        f"{api.model.__name__}Inputs",
        __config__=ConfigDict(populate_by_name=True, extra="ignore", loc_by_alias=False),
        **fields,
    )
    return cast("type[BaseModel]", model), metadata_keys, spec_keys, server_keys


_OUTPUT_TYPES: Mapping[str, Any] = {
    "effective_labels": dict[str, str] | None,
    "server_fields": dict[str, Any] | None,
    "claim": str | None,
    "api_url": str | None,
}
"""The types of the outputs every kind has beside its fields (the others are typed by the wire model)."""


def _outputs_model(
    api: ApiKind[Any], inputs_model: type[BaseModel], output_keys: tuple[str, ...]
) -> type[BaseModel]:
    """The model of every property a resource of ``api``'s kind stores: its inputs and its outputs."""
    metadata = _submodel(api.model, "metadata")
    fields: dict[str, Any] = {}
    for key in (*output_keys, "api_url"):
        for model in (api.model, metadata):
            if key in model.model_fields:
                fields[key] = _field(model, key)
                break
        else:
            fields[key] = (_OUTPUT_TYPES[key], None)
    model = create_model(f"{api.model.__name__}Outputs", __base__=inputs_model, **fields)
    return cast("type[BaseModel]", model)


def _plain(value: Any) -> Any:
    """A reported value as plain data (models as dicts of their known fields by Python name)."""
    if isinstance(value, BaseModel):
        return known_fields(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _nested_replace_paths(model: type[BaseModel], prefix: str = "", seen: tuple[type, ...] = ()) -> list[str]:
    """The paths (``runtime.extra_args``) of the fields inside ``model``'s model-typed fields that carry the
    ``replace_on_change`` marker (a top-level one is in ``replace_keys``)."""
    found = []
    for name, info in model.model_fields.items():
        path = f"{prefix}.{name}" if prefix else name
        if prefix and marker(info, "replace_on_change"):
            found.append(path)
            continue
        sub, is_list = submodel(info.annotation)
        if sub is not None and sub not in seen:  # a model that holds itself is walked once
            found += _nested_replace_paths(sub, f"{path}[*]" if is_list else path, (*seen, model))
    return found


def _constraints(info: Any) -> dict[str, Any]:
    """The constraints of a field (pattern, lengths) as keyword arguments of :func:`pydantic.Field`."""
    out: dict[str, Any] = {}
    for item in info.metadata:
        for key in ("pattern", "min_length", "max_length"):
            value = getattr(item, key, None)
            if value is not None:
                out[key] = value
    return out


def flat_kind(api: ApiKind[Any], *, rolls_out: bool = False) -> ResourceKind[Any]:
    """The declaration of ``api``'s kind as a resource whose properties are its metadata and spec fields."""
    inputs_model, metadata_keys, spec_keys, server_keys = _inputs_model(api, rolls_out)
    declared = (*metadata_keys, *spec_keys)
    spec_model = _submodel(api.model, "spec")
    secret_keys = tuple(n for n, f in spec_model.model_fields.items() if marker(f, "secret"))
    # What the object has beside metadata and spec (status, events, state, ...): outputs, by Python name.
    reported_keys = tuple(n for n in api.model.model_fields if n not in ("metadata", "spec"))
    options = (*OPTION_KEYS, *(("wait_for_deployment", "deployment_timeout") if rolls_out else ()))
    # Env vars marked secret: their values move to `secret_env_values` (a Pulumi secret), as for jobs.
    envs = _has_envs(api)
    internal = (*INTERNAL_KEYS, *(("secret_env_values",) if envs else ()))
    secret_keys = (*secret_keys, *(("secret_env_values",) if envs else ()))

    def to_wire(props: Mapping[str, Any], *, strict: bool = True) -> Any:
        floats = props.get(FLOAT_PATHS_KEY) or ()
        given = {k: props.get(k) for k in declared if props.get(k) is not None}
        props = {**props, **restore_numbers(given, inputs_model, floats)}  # the engine's 3.0 is Blaxel's 3
        labels = ownership.labels_with_holder(props.get("labels"), props.get("owner"), props.get("claim"))
        metadata = {k: props.get(k) for k in metadata_keys}
        metadata["labels"] = labels or None
        spec = {k: props.get(k) for k in spec_keys}
        if envs:
            spec["runtime"] = with_secret_values(spec.get("runtime"), props.get("secret_env_values") or {})
        data = {"metadata": drop_none(metadata), "spec": drop_none(spec)}
        try:
            return api.model.model_validate(data)
        except ValidationError:
            if strict:
                raise
            return read_object(api.model, data)

    def from_wire(obj: Any) -> dict[str, Any]:
        meta = known_fields(obj.metadata)
        spec = known_fields(obj.spec) if obj.spec is not None else {}
        labels, holder = ownership.split_holder(meta.get("labels"))
        props: dict[str, Any] = {k: meta.get(k) for k in metadata_keys}
        props["labels"] = labels or None
        # Secret values are never taken from Blaxel (it masks them): the operations keep the known ones.
        props.update({k: spec.get(k) for k in spec_keys if k not in secret_keys})
        if envs:
            props["runtime"] = without_secret_values(props.get("runtime"))
        reported = {k: _plain(getattr(obj, k, None)) for k in reported_keys}
        if isinstance(reported.get("events"), list):
            reported["events"] = reported["events"][-EVENTS_KEPT:] or None
        props.update(
            {
                **reported,
                "effective_labels": labels or None,
                "owner": holder.owner,
                "claim": holder.claim,
                "workspace": meta.get("workspace"),
                **{k: meta.get(k) for k in server_keys},
            }
        )
        return props

    def check(olds: Mapping[str, Any], news: Mapping[str, Any]) -> tuple[dict[str, Any], list[InputProblem]]:
        no_name = (
            f"name is not set, and the auto-name is not known: set the {api.word}'s `name`, or run a "
            "`pulumi up` that creates the stack identity first."
        )
        inputs, failures = owned_inputs(olds, news, no_name)
        if failures:
            return inputs, failures
        exists = any(k != "__provider" for k in olds)
        secrets = inputs.get("secret_env_values")
        secret_values: Mapping[str, Any] | None = secrets if isinstance(secrets, Mapping) else {}
        if secrets is not None and not isinstance(secrets, Mapping):  # known at apply time only, or not a map
            secret_values = None
        inputs, failures = check_fields(inputs, inputs_model, prepare=merge_secret_values if envs else None)
        failures = [on_runtime(f) if f.property == "secret_env_values" else f for f in failures]
        if envs:
            failures += secret_env_problems(inputs, secret_values, api.word)
        inputs["adopt_name"] = inputs.get("name") if inputs.get("adopt") is True and not exists else None
        labels = inputs.get("labels")
        if isinstance(labels, Mapping):
            reserved = ownership.reserved_label_problem(labels)
            if reserved:
                failures.append(InputProblem("labels", reserved))
        return inputs, failures

    output_keys = ("effective_labels", "server_fields", *server_keys, *reported_keys, "claim")
    return ResourceKind(
        api=api,
        declared_keys=declared,
        compared_keys=(*declared, *options[1:], "timeouts"),
        replace_keys=tuple(n for n, f in inputs_model.model_fields.items() if marker(f, "replace_on_change")),
        option_keys=options,
        program_option_keys=("replace_paths", "timeouts"),
        internal_keys=internal,
        # (api_url: by the operations)
        output_keys=output_keys,
        secret_keys=secret_keys,
        to_wire=to_wire,
        from_wire=from_wire,
        check=check,
        rolls_out=rolls_out,
        inputs_model=inputs_model,
        outputs_model=_outputs_model(api, inputs_model, output_keys),
        replace_paths=tuple(_nested_replace_paths(spec_model)),
    )
