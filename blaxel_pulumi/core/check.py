"""`check` of a job: every input validated locally, before any request, and defaults filled in.

The checks every kind shares (unknown keys, booleans, the models' rules) are
:func:`~blaxel_pulumi.core.field_checks.check_fields`; a job adds its own across fields (duplicate keys and
mount paths, cron schedules, canary settings, reserved labels, secret env vars without a value), its name
(the auto-name), trigger ids, the version of each secret value, and what ``adopt`` names. Each mistake is an
:class:`~blaxel_pulumi.core.field_checks.InputProblem` on the top-level property, never quoting a value.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi.output import Unknown

from blaxel_pulumi.api.wire import SECRET_MASK
from blaxel_pulumi.core import ownership
from blaxel_pulumi.core.cron import cron_problem
from blaxel_pulumi.core.field_checks import InputProblem, check_fields, path_text
from blaxel_pulumi.core.normalize import KEYED_LISTS
from blaxel_pulumi.core.schema import JobInputs
from blaxel_pulumi.core.secret_envs import is_secret_flag
from blaxel_pulumi.core.secret_versions import merge_secret_values, secret_versions

__all__ = ["check_inputs"]


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
                where = path_text((*path, index, key))
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


def _on_runtime(failure: InputProblem) -> InputProblem:
    """A mistake in the (internal) secret values, reported where the program wrote them: on the env var in
    ``runtime.envs``, by name (its place is not known when the list is not)."""
    if len(failure.path) > 1:
        return InputProblem("runtime", f"runtime.envs: the value of `{failure.path[1]}`: {failure.rule}")
    return InputProblem("runtime", f"runtime.envs: the secret values: {failure.rule}")


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

    secrets = inputs.get("secret_env_values")
    secret_values: Mapping[str, Any] | None = secrets if isinstance(secrets, Mapping) else {}
    if secrets is not None and not isinstance(secrets, Mapping):  # known at apply time only, or not a map
        secret_values = None  # (reported once, below)
    # Secret env values are validated inside runtime.envs, and stay as given.
    inputs, failures = check_fields(inputs, JobInputs, prepare=merge_secret_values)
    failures = [
        _on_runtime(failure) if failure.property == "secret_env_values" else failure for failure in failures
    ]
    inputs["adopt_name"] = inputs.get("name") if inputs.get("adopt") is True and not exists else None
    inputs["secret_env_versions"] = secret_versions(olds, inputs)
    failures += _duplicates(inputs)
    failures += _semantic(inputs, secret_values)
    unique: list[InputProblem] = []
    for failure in failures:
        if failure not in unique:
            unique.append(failure)
    return inputs, unique
