"""The resource's property schema, derived from the wire models, and the mapping between the two.

Pulumi properties are snake_case and flat at the top (``name``, ``display_name``, ``runtime``, ...); the wire
job nests them under ``metadata`` and ``spec``. The top-level model :class:`JobInputs` is assembled from the
wire models' own field declarations (types, constraints, descriptions), so nothing is declared twice.

Two internal properties carry what users never write directly:

* ``secret_env_values``: ``{env name: value}`` of the environment variables marked ``secret``; the resource
  moves them here so that they are a Pulumi secret while ``runtime`` stays readable in diffs.
* ``owner``: the ownership marker the job carries in its owner label (with the ``claim`` of
  the create that wrote it, an output): who holds the job, see :mod:`blaxel_pulumi.core.ownership`.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, create_model

from blaxel_pulumi.api.models import Job, JobName, JobSpec, Metadata
from blaxel_pulumi.api.wire import marker
from blaxel_pulumi.core.common_fields import (
    DEFAULT_DEPLOYMENT_TIMEOUT,
    MAX_DEPLOYMENT_TIMEOUT,
    adopt_field,
    deployment_timeout_field,
    wait_field,
    workspace_field,
)
from blaxel_pulumi.core.numbers import FLOAT_PATHS_KEY
from blaxel_pulumi.core.options import Operation, parse_duration
from blaxel_pulumi.core.paths import parse_path

__all__ = [
    "DEFAULT_DEPLOYMENT_TIMEOUT",
    "EVENTS_KEPT",
    "INTERNAL_KEYS",
    "MAX_DEPLOYMENT_TIMEOUT",
    "METADATA_KEYS",
    "OPTION_KEYS",
    "OUTPUT_KEYS",
    "PROGRAM_OPTION_KEYS",
    "REPLACE_KEYS",
    "SECRET_KEYS",
    "SERVER_METADATA_KEYS",
    "SPEC_KEYS",
    "JobInputs",
    "JobOutputs",
]

EVENTS_KEPT = 5
"""How many of the latest deployment events the `events` output keeps while a job is not DEPLOYED."""

METADATA_KEYS = tuple(n for n, f in Metadata.model_fields.items() if not marker(f, "read_only"))
"""Properties that map onto the job's ``metadata`` (its fields that are not read-only)."""
SPEC_KEYS = tuple(JobSpec.model_fields)
"""Properties that map onto the job's ``spec`` (all its fields)."""
SERVER_METADATA_KEYS = tuple(
    n for n, f in Metadata.model_fields.items() if marker(f, "read_only") and n != "workspace"
)
"""Outputs that Blaxel fills in the job's ``metadata`` (``workspace`` is an option and an output)."""
OPTION_KEYS = ("workspace", "wait_for_deployment", "deployment_timeout", "adopt")
"""Resource options: they steer the provider and are never sent to Blaxel (``workspace`` is a header)."""
PROGRAM_OPTION_KEYS = ("replace_paths", "timeouts")
"""Resource options of the program (``replace_on_changes``, ``custom_timeouts``) that ``BlaxelJob`` passes to
its provider as internal inputs (see :mod:`blaxel_pulumi.core.options`); never part of the native schema
(the engine applies those options itself there)."""
INTERNAL_KEYS = (
    "secret_env_values",
    "secret_env_versions",
    "owner",
    "auto_name",
    "owner_stack",
    "adopt_name",
    *PROGRAM_OPTION_KEYS,
    FLOAT_PATHS_KEY,
)
"""Properties the resource class fills in; see the module docstring."""
OUTPUT_KEYS = (
    "effective_labels",
    "server_fields",
    *(n for n, f in Job.model_fields.items() if marker(f, "read_only")),
    *SERVER_METADATA_KEYS,
    "trigger_callback_secrets",
    "claim",
)
"""Properties only Blaxel fills in (``workspace`` is both an option and an output): the job's read-only
fields, and what the provider derives from what Blaxel reports."""


def _valid_path(text: str) -> str:
    parse_path(text)  # a PathError is a ValueError: pydantic reports it with the path of the entry
    return text


def _valid_duration(text: str) -> str:
    parse_duration(text)
    return text


_ReplacePath = Annotated[str, AfterValidator(_valid_path)]
_Duration = Annotated[str, AfterValidator(_valid_duration)]


def _field(model: type[BaseModel], name: str) -> tuple[Any, Any]:
    info = model.model_fields[name]
    return (info.annotation, info)


_name_annotation, _name_field = _field(Metadata, "name")

_InputsBase = type(
    "_InputsBase",
    (BaseModel,),
    {
        "model_config": ConfigDict(populate_by_name=True, extra="ignore", loc_by_alias=False),
        "__module__": __name__,
    },
)

_INPUT_FIELDS: dict[str, Any] = dict(
    name=(
        JobName | None,
        Field(
            default=None,
            description=_name_field.description,
            json_schema_extra=_name_field.json_schema_extra,
        ),
    ),
    **{n: _field(Metadata, n) for n in METADATA_KEYS if n != "name"},
    **{n: _field(JobSpec, n) for n in SPEC_KEYS},
    workspace=workspace_field("job"),
    wait_for_deployment=wait_field("job"),
    deployment_timeout=deployment_timeout_field(),
    adopt=adopt_field("job"),
    secret_env_values=(
        dict[str, str] | None,
        Field(
            default=None,
            description="Values of the secret environment variables, by name (a Pulumi secret).",
            json_schema_extra={"secret": True},
        ),
    ),
    owner=(
        str | None,
        Field(default=None, description="Ownership marker written as the label `blaxel-pulumi.owner`."),
    ),
    auto_name=(
        str | None,
        Field(default=None, description="Name used when `name` is not set (from the resource name)."),
    ),
    owner_stack=(
        str | None,
        Field(
            default=None,
            description=(
                "The stack (`<project>/<stack>`) whose owner marker the job carries: a resource that "
                "`pulumi state move` brings into another stack takes that stack's marker."
            ),
        ),
    ),
    secret_env_versions=(
        dict[str, int] | None,
        Field(
            default=None,
            description=(
                "Set by `check`: how many times the value of each secret env var changed, so that a change "
                "of a secret value alone shows in a diff without the value."
            ),
        ),
    ),
    adopt_name=(
        str | None,
        Field(
            default=None,
            description=(
                "Set by `check`: the job name that this resource's first create may adopt (with `adopt`); "
                "never set for a resource that already exists, so a replacement never adopts."
            ),
        ),
    ),
    replace_paths=(
        list[_ReplacePath] | None,
        Field(
            default=None,
            description=(
                "Set by `BlaxelJob` from the resource option `replace_on_changes`: a change of a property "
                "these paths cover replaces the job (the dynamic provider applies it in its diff)."
            ),
        ),
    ),
    timeouts=(
        dict[Operation, _Duration] | None,
        Field(
            default=None,
            description=(
                "Set by `BlaxelJob` from the resource option `custom_timeouts` (Go durations by operation): "
                "each bounds the wait of its create, update or delete, with `deployment_timeout`."
            ),
        ),
    ),
    float_paths=(
        list[str] | None,
        Field(
            default=None,
            description=(
                "Where a whole number is a float (`1.0`) in a value whose type the field table does not "
                "declare (a trigger's `configuration.tasks`, `server_fields`), as JSON pointers: set by "
                "`BlaxelJob` from the program's values and from what Blaxel reports, since the engine's "
                "numbers cannot tell `1.0` from `1`; every other whole number there is sent as an integer."
            ),
        ),
    ),
)

JobInputs: type[BaseModel] = create_model(
    "JobInputs",
    __base__=_InputsBase,
    __module__=__name__,
    __doc__="Every input of a `BlaxelJob`, validated at `pulumi preview` time.",
    **_INPUT_FIELDS,
)


def _output(description: str, annotation: Any = str | None, *, secret: bool = False) -> tuple[Any, Any]:
    if secret:
        return (annotation, Field(default=None, description=description, json_schema_extra={"secret": True}))
    return (annotation, Field(default=None, description=description))


_Events = list[dict[str, Any]] | None
_OUTPUT_FIELDS: dict[str, Any] = {
    **_INPUT_FIELDS,
    "labels": (
        dict[str, str] | None,
        Field(
            default=None,
            description=(
                "The labels the program declares, as Blaxel reports them (labels added outside the program "
                "are in `effective_labels`)."
            ),
        ),
    ),
    "effective_labels": _output(
        "Every label of the job as Blaxel reports it, those added by Blaxel or other tools included (not "
        "blaxel-pulumi's ownership label).",
        dict[str, str] | None,
    ),
    "server_fields": _output(
        "What the job has beyond what the program declares (fields unknown to this package, labels and list "
        "items added outside the program, server defaults), in the API's own form; every update sends it "
        "back unchanged. Unmanaged secret env vars are not kept (Blaxel masks them).",
        dict[str, Any] | None,
    ),
    "status": _output("Deployment status reported by Blaxel, e.g. `DEPLOYED`."),
    "events": _output(
        f"The latest {EVENTS_KEPT} deployment events of a job that is not `DEPLOYED` (a deployment in "
        "progress, or why it failed); none once it is.",
        _Events,
    ),
    **{n: _field(Metadata, n) for n in SERVER_METADATA_KEYS},
    "workspace": _output("Workspace the job lives in."),
    "trigger_callback_secrets": _output(
        "Callback secrets Blaxel generated for async triggers, by trigger id (a Pulumi secret).",
        dict[str, str] | None,
        secret=True,
    ),
    "claim": _output(
        "The claim of the create that made or took over the job, written after the ownership marker in the "
        "label `blaxel-pulumi.owner`: the resource instance whose claim the job carries is the only one that "
        "updates or deletes it (None for jobs created before claims existed)."
    ),
}

JobOutputs: type[BaseModel] = create_model(
    "JobOutputs",
    __base__=_InputsBase,
    __module__=__name__,
    __doc__="Every output of a `BlaxelJob`: the inputs as Blaxel reports them, and what Blaxel fills in.",
    **_OUTPUT_FIELDS,
)

SECRET_KEYS = tuple(name for name, info in JobOutputs.model_fields.items() if marker(info, "secret"))
"""Properties that always hold secrets (``secret_env_values``, ``trigger_callback_secrets``): the fields
marked ``secret``. Both faces and the generated resource classes take them from here."""
"""The outputs' field table (types and descriptions), from which the resource's declarations and its reference
page are generated (``scripts/gen_args.py``, ``scripts/gen_docs.py``)."""

REPLACE_KEYS = tuple(n for n, f in JobInputs.model_fields.items() if marker(f, "replace_on_change"))
"""Inputs whose change replaces the job (their fields carry the ``replace_on_change`` marker)."""
