"""A job's properties to and from the wire: what ``BlaxelJob`` declares becomes the request's ``Job``, and
what Blaxel reports becomes the resource's outputs.

Both directions follow the field table (:mod:`blaxel_pulumi.core.schema` over the wire models): the owner
label is written and taken out by :mod:`blaxel_pulumi.core.ownership`, secret env values move between
``runtime.envs`` and ``secret_env_values``, and numbers keep the type they came with.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from blaxel_pulumi.api.models import Job
from blaxel_pulumi.api.wire import read_job
from blaxel_pulumi.core.numbers import FLOAT_PATHS_KEY, restore_numbers
from blaxel_pulumi.core.ownership import labels_with_holder, split_holder
from blaxel_pulumi.core.schema import EVENTS_KEPT, METADATA_KEYS, SERVER_METADATA_KEYS, SPEC_KEYS, JobInputs
from blaxel_pulumi.core.secret_envs import with_secret_values, without_secret_values

__all__ = ["drop_none", "from_wire", "known_fields", "to_wire"]


def drop_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [drop_none(v) for v in value]
    return value


def _events(job: Job) -> list[dict[str, Any]] | None:
    """The events worth keeping: the latest :data:`EVENTS_KEPT` of a job that is not DEPLOYED (a deployment
    in progress, or one that failed, says why); none once it is DEPLOYED, so that the state stays small and
    a diff never shows deployment history that says nothing new."""
    if job.status == "DEPLOYED" or not job.events:
        return None
    return [known_fields(e) for e in job.events[-EVENTS_KEPT:]]


def known_fields(model: BaseModel) -> dict[str, Any]:
    """The fields of ``model`` that the models declare, by Python name, nested ones too; no ``None``, no
    unknown field (those are kept in the wire form, see :mod:`blaxel_pulumi.api.unmanaged`)."""
    out: dict[str, Any] = {}
    for name in type(model).model_fields:
        value = _known(getattr(model, name, None))
        if value is not None:
            out[name] = value
    return out


def _known(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return known_fields(value)
    if isinstance(value, list):
        return [_known(v) for v in value]
    if isinstance(value, dict):
        return {k: _known(v) for k, v in value.items()}
    if isinstance(value, enum.Enum):
        return value.value
    return value


def to_wire(props: Mapping[str, Any], *, strict: bool = True) -> Job:
    """Build the wire job from validated, fully known properties (secret env values merged back in).

    ``strict=False`` is for properties read back from Blaxel (outputs), which may hold values the inputs
    would not accept (an enum value newer than this package): they are validated (and so normalised, e.g.
    the engine's ``2048.0`` to ``2048``) where they can be, and taken as they are otherwise."""
    floats = props.get(FLOAT_PATHS_KEY) or ()
    declared = {k: props.get(k) for k in (*METADATA_KEYS, *SPEC_KEYS) if props.get(k) is not None}
    props = {**props, **restore_numbers(declared, JobInputs, floats)}  # the engine's 3.0 is Blaxel's 3
    secrets: Mapping[str, str] = props.get("secret_env_values") or {}
    labels = labels_with_holder(props.get("labels"), props.get("owner"), props.get("claim"))
    metadata = {k: props.get(k) for k in METADATA_KEYS}
    metadata["labels"] = labels or None
    spec = {k: props.get(k) for k in SPEC_KEYS}
    spec["runtime"] = with_secret_values(spec.get("runtime"), secrets)
    data = {"metadata": drop_none(metadata), "spec": drop_none(spec)}
    try:
        return Job.model_validate(data)
    except ValidationError:
        if strict:
            raise
        return read_job(data)


def from_wire(job: Job) -> dict[str, Any]:
    """Map a job read from Blaxel onto properties: declared fields, outputs, the owner marker.

    Secret env values are not taken from the server (it masks them): the caller keeps the known ones.
    Callback secrets move to ``trigger_callback_secrets`` so that ``triggers`` stays readable.
    """
    meta = known_fields(job.metadata)
    spec = known_fields(job.spec)
    labels, holder = split_holder(meta.get("labels"))
    props: dict[str, Any] = {k: meta.get(k) for k in METADATA_KEYS}
    props["labels"] = labels or None
    props.update({k: spec.get(k) for k in SPEC_KEYS})
    props["runtime"] = without_secret_values(props.get("runtime"))
    callback_secrets: dict[str, str] = {}
    for index, trigger in enumerate(props.get("triggers") or []):
        config = trigger.get("configuration") or {}
        secret = config.pop("callback_secret", None)
        if secret is not None:
            callback_secrets[str(trigger.get("id") or index)] = secret
    props.update(
        {
            "effective_labels": labels or None,
            "owner": holder.owner,
            "claim": holder.claim,
            "workspace": meta.get("workspace"),
            "status": job.status,
            "events": _events(job),
            **{k: meta.get(k) for k in SERVER_METADATA_KEYS},
            "trigger_callback_secrets": callback_secrets or None,
        }
    )
    return props
