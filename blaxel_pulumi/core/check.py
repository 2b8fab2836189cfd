"""`check`: validate every input locally, before any request, and fill in defaults.

Each mistake becomes a ``CheckFailure`` whose property is the top-level input and whose reason names the
full path of the field and says how to fix it. Unknown values (outputs of other resources during
``pulumi preview``) are never validated or touched; the parts around them are.

A failure never quotes a value: the engine prints the property next to the reason, and secret values must
not reach the console.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pulumi.output import Unknown
from pydantic import BaseModel, ValidationError

from blaxel_pulumi.api.wire import SECRET_MASK, submodel
from blaxel_pulumi.core import ownership
from blaxel_pulumi.core.cron import cron_problem
from blaxel_pulumi.core.normalize import KEYED_LISTS
from blaxel_pulumi.core.schema import JobInputs
from blaxel_pulumi.core.secret_envs import is_secret_flag
from blaxel_pulumi.core.secret_versions import merge_secret_values, secret_versions

__all__ = ["InputProblem", "check_inputs"]


@dataclass(frozen=True)
class InputProblem:
    """One input mistake: the top-level property and what to do about it."""

    property: str
    reason: str


def _path_text(loc: Iterable[Any]) -> str:
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
                InputProblem(str(loc[0] if loc else key), f"{_path_text((*loc, key))}: unknown field.{hint}")
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
                        f"{_path_text((*loc, key))} is {json.dumps(item)}, not a boolean: use true or false.",
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


def _describe(loc: tuple[Any, ...]) -> str | None:
    """The field's own description, used as the hint of how to fix a value."""
    model: type[BaseModel] | None = JobInputs
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
    data: Mapping[str, Any], unknown: set[tuple[Any, ...]]
) -> tuple[BaseModel | None, list[InputProblem]]:
    """Validate with the schema; return the validated model (None when invalid) and the failures."""
    try:
        return JobInputs.model_validate(data), []
    except ValidationError as exc:
        failures = []
        for error in exc.errors(include_url=False, include_input=False):
            loc = tuple(error["loc"])
            if _under_unknown(loc, unknown):
                continue
            path = _path_text(loc)
            hint = _describe(loc)
            message = error["msg"].rstrip(".")
            reason = f"{path}: {message}." + (f" Expected: {hint}" if hint else "")
            if error["type"] == "missing":
                reason = f"{path} is required." + (f" {hint}" if hint else "")
            prop = str(loc[0]) if loc else ""
            if prop == "secret_env_values":  # report on `runtime`: the engine prints the property's value
                prop, reason = "runtime", f"runtime.envs[{loc[1] if len(loc) > 1 else '?'}].value: {message}."
            failures.append(InputProblem(prop, reason))
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


def _list(value: Any) -> list[Any] | tuple[Any, ...]:
    """``value`` if it is a known list, else an empty one (an unknown list is checked at apply time)."""
    return value if isinstance(value, list | tuple) else []


def _duplicates(data: Mapping[str, Any]) -> list[InputProblem]:
    failures = []
    for path, key in KEYED_LISTS.items():
        items: Any = data
        for part in path:
            items = items.get(part) if isinstance(items, Mapping) else None
        if not isinstance(items, list | tuple):
            continue
        seen: dict[Any, int] = {}
        for index, item in enumerate(items):
            ident = item.get(key) if isinstance(item, Mapping) else None
            if ident is None or isinstance(ident, Unknown):
                continue
            if ident in seen:
                where = _path_text((*path, index, key))
                failures.append(
                    InputProblem(
                        path[0],
                        f"{where}: `{ident}` is used twice (also at index {seen[ident]}); "
                        f"each {key} must be unique.",
                    )
                )
            seen.setdefault(ident, index)
    runtime = data.get("runtime")
    ports = runtime.get("ports") if isinstance(runtime, Mapping) else None
    names = [p.get("name") for p in _list(ports) if isinstance(p, Mapping) and isinstance(p.get("name"), str)]
    for name in {n for n in names if names.count(n) > 1}:
        failures.append(
            InputProblem(
                "runtime", f"runtime.ports: the port name `{name}` is used twice; names must be unique."
            )
        )
    volumes = data.get("volumes")
    mounts = [
        v.get("mount_path")
        for v in _list(volumes)
        if isinstance(v, Mapping) and isinstance(v.get("mount_path"), str)
    ]
    for mount in {m for m in mounts if mounts.count(m) > 1}:
        failures.append(
            InputProblem(
                "volumes", f"volumes: two volumes are mounted at `{mount}`; use distinct mount_path values."
            )
        )
    return failures


def _semantic(data: Mapping[str, Any], secret_values: Mapping[str, Any] | None) -> list[InputProblem]:
    """Mistakes across fields; ``secret_values`` are the values of secret env vars moved out of ``runtime``
    (``{name: value}``, a value None when the program gives none; None when they are not known yet)."""
    failures = []
    for index, trigger in enumerate(_list(data.get("triggers"))):
        if not isinstance(trigger, Mapping) or isinstance(trigger.get("configuration"), Unknown):
            continue
        kind = trigger.get("type")
        raw_config = trigger.get("configuration")
        config: Mapping[str, Any] = raw_config if isinstance(raw_config, Mapping) else {}
        where = f"triggers[{index}]"
        schedule = config.get("schedule")
        if kind == "cron" and schedule is None:
            failures.append(
                InputProblem(
                    "triggers",
                    f"{where}.configuration.schedule is required for a cron trigger, "
                    "e.g. `0 * * * *` (every hour).",
                )
            )
        problem = cron_problem(schedule) if isinstance(schedule, str) else None
        if problem is not None:
            failures.append(
                InputProblem(
                    "triggers",
                    f"{where}.configuration.schedule is not a valid cron expression: in `{schedule}`, "
                    f"{problem}. Use five fields: minute (0-59) hour (0-23) day-of-month (1-31) month (1-12) "
                    "day-of-week (0-7), e.g. `*/15 * * * *`.",
                )
            )
    revision = data.get("revision")
    if isinstance(revision, Mapping) and revision.get("canary_percent") and revision.get("canary") is None:
        failures.append(
            InputProblem(
                "revision",
                "revision.canary_percent is set but revision.canary is not; "
                "name the canary revision or remove canary_percent.",
            )
        )
    labels = data.get("labels")
    if isinstance(labels, Mapping):
        reserved = ownership.reserved_label_problem(labels)
        if reserved:
            failures.append(InputProblem("labels", reserved))
        for key in labels:
            if not isinstance(key, str) or not key or len(key) > 63:
                failures.append(InputProblem("labels", "labels: label keys must be 1-63 characters."))
    runtime = data.get("runtime")
    envs = runtime.get("envs") if isinstance(runtime, Mapping) else None
    for index, env in enumerate(_list(envs)):
        if not isinstance(env, Mapping) or isinstance(env.get("name"), Unknown):
            continue
        if secret_values is None or not is_secret_flag(env.get("secret")):
            continue
        name = str(env.get("name"))
        value = secret_values[name] if name in secret_values else env.get("value")
        if value is None:
            failures.append(
                InputProblem(
                    "runtime",
                    f"runtime.envs[{index}] (`{name}`) is secret but has no value; give it a value (e.g. "
                    "from `pulumi config set --secret`). Blaxel never shows a secret value (it answers "
                    f"`{SECRET_MASK}`), so the value the job has cannot be kept for you: a job imported or "
                    "adopted with secret env vars needs each value in the program, or nothing is sent.",
                )
            )
        elif value == SECRET_MASK:
            failures.append(
                InputProblem(
                    "runtime",
                    f"runtime.envs[{index}] (`{name}`) is secret and its value is the mask Blaxel shows "
                    "in place of secret values (three asterisks): sent, it would replace the real value. "
                    "Give it the real value (e.g. from `pulumi config set --secret`).",
                )
            )
    return failures


def _auto_name(olds: Mapping[str, Any], news: Mapping[str, Any]) -> str | Unknown | None:
    """Keep the name an earlier run chose; else the resource's auto-name (a stable, valid name; unknown in
    the first preview of a stack, whose identity is not drawn yet)."""
    auto = news.get("auto_name")
    if isinstance(olds.get("name"), str) and olds.get("auto_name") == auto and olds.get("name"):
        return str(olds["name"])
    return auto if isinstance(auto, str | Unknown) else None


def _no_auto_name() -> str:
    """Why a job with no ``name`` has no auto-name either: its stack identity is not known (the auto-name of
    a new resource always derives from it, see :mod:`blaxel_pulumi.dynamic.stack_identity`), because the
    run does not create it (``pulumi up --target`` left it out; the identity warns of it too)."""
    from blaxel_pulumi.core.ownership import IDENTITY_RESOURCE_NAME as IDENTITY

    return (
        f"name is not set, and the auto-name is not known: it derives from the stack identity `{IDENTITY}`, "
        "which this run does not create (`pulumi up --target` left it out). On the stack's first targeted "
        f"run, target the identity too (`--target '**::{IDENTITY}'`), or set `name`."
    )


def check_inputs(
    olds: Mapping[str, Any], news: Mapping[str, Any]
) -> tuple[dict[str, Any], list[InputProblem]]:
    """Validate ``news``; return the inputs to store (name and trigger ids filled in) and the failures.

    A resource that exists (``olds`` is not empty) keeps the ownership marker and auto-name it was created
    with: they are never recomputed, so a new way of computing them never renames or disowns a job (a
    resource moved into another stack takes that stack's marker: see
    :func:`blaxel_pulumi.core.ownership.kept_owner`). Only the first create of a resource may adopt, and only
    the job it names then (``adopt_name``): a replacement never does.
    """
    inputs = {k: v for k, v in news.items() if k != "__provider"}
    inputs.pop("adopt_name", None)
    exists = any(k != "__provider" for k in olds)
    if exists:
        for key in ("owner", "auto_name"):
            if olds.get(key) is not None:
                inputs[key] = olds[key]
        inputs["owner"], inputs["owner_stack"] = ownership.kept_owner(
            inputs.get("owner"), olds.get("owner_stack"), news.get("owner"), news.get("owner_stack")
        )
    if inputs.get("name") is None:
        inputs["name"] = _auto_name(olds, inputs)
        if inputs["name"] is None:
            return inputs, [InputProblem("name", _no_auto_name())]
    triggers = inputs.get("triggers")
    if isinstance(triggers, list):
        filled = []
        for index, trigger in enumerate(triggers):
            if isinstance(trigger, Mapping) and trigger.get("id") is None:
                kind = trigger.get("type") if isinstance(trigger.get("type"), str) else "trigger"
                trigger = {**trigger, "id": f"{kind}-{index}"}
            filled.append(trigger)
        inputs["triggers"] = filled

    unknown: set[tuple[Any, ...]] = set()
    data = _strip_unknowns(inputs, (), unknown)
    secrets = inputs.get("secret_env_values")
    secret_values: Mapping[str, Any] | None = secrets if isinstance(secrets, Mapping) else {}
    if isinstance(secrets, Unknown):  # known at apply time only: checked then
        secret_values = None
    failures = _unknown_keys(data, JobInputs, ()) + _word_booleans(data, JobInputs, ())
    model, invalid = _validate(merge_secret_values(data), unknown)
    failures += invalid
    if model is not None:  # secret env values were validated inside runtime.envs and stay as given
        inputs = _coerce(inputs, model)
    inputs["adopt_name"] = inputs.get("name") if inputs.get("adopt") is True and not exists else None
    inputs["secret_env_versions"] = secret_versions(olds, inputs)
    failures += _duplicates(inputs)
    failures += _semantic(inputs, secret_values)
    unique: list[InputProblem] = []
    for failure in failures:
        if failure not in unique:
            unique.append(failure)
    return inputs, unique
