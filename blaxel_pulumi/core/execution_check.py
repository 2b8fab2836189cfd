"""Validation of `BlaxelJobExecution`'s inputs at preview (``check``): every mistake is a failure naming the
field and the fix, no request is sent, values not known yet are skipped, and no env value is ever quoted."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from pulumi.dynamic import CheckFailure

from blaxel_pulumi.api.names import JOB_NAME_MAX_LENGTH, JOB_NAME_PATTERN
from blaxel_pulumi.core.normalize import contains_unknown

__all__ = [
    "DEFAULT_EXECUTION_TIMEOUT",
    "MAX_EXECUTION_TIMEOUT",
    "MAX_RUN_KEY_LENGTH",
    "MAX_TASKS",
    "RUN_KEYS",
    "check_execution",
    "integral",
]

RUN_KEYS = ("job", "workspace", "tasks", "env", "memory", "run_key")
"""Inputs whose change runs a new execution (a replacement); any other change is an update sending nothing."""
DEFAULT_EXECUTION_TIMEOUT = 3600.0
"""Seconds `create` waits for the execution to end, unless `timeout` says otherwise."""
MAX_EXECUTION_TIMEOUT = 86_400.0
"""The longest `timeout`."""
MAX_TASKS = 1000
"""Most tasks in one execution."""
MAX_RUN_KEY_LENGTH = 256
"""The longest `run_key`."""

_JOB_NAME = re.compile(JOB_NAME_PATTERN)
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ENV_VALUE_MAX = 32768


def integral(value: Any) -> int | None:
    """``value`` as an int when it is a whole number (the engine sends numbers as floats), else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value) if float(value).is_integer() else None


def _check_job(value: Any) -> str | None:
    if not isinstance(value, str) or not value:
        return "job is required: give the job's name or the BlaxelJob resource."
    if len(value) > JOB_NAME_MAX_LENGTH or not _JOB_NAME.match(value):
        return (
            f"job '{value}' is not a job name: use lowercase letters, digits and hyphens, at most "
            f"{JOB_NAME_MAX_LENGTH} characters (or pass the BlaxelJob resource itself)."
        )
    return None


def _check_tasks(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(t, Mapping) or contains_unknown(t) for t in value):
        return 'tasks must be a list of objects, one per task, e.g. [{"shard": 1}, {"shard": 2}].'
    if not 1 <= len(value) <= MAX_TASKS:
        return f"tasks has {len(value)} items: give between 1 and {MAX_TASKS} (or leave it out for one task)."
    for index, task in enumerate(value):
        if contains_unknown(task):
            continue
        try:
            json.dumps(task, allow_nan=False)
        except (TypeError, ValueError):
            return f"tasks[{index}] is not JSON: use strings, numbers, booleans, lists and objects only."
    return None


def _check_env(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        return 'env must be a mapping of variable names to string values, e.g. {"MODE": "migrate"}.'
    for name, item in value.items():
        if not isinstance(name, str) or not _ENV_NAME.match(name):
            return f"env name {name!r} is invalid: use letters, digits and '_', not starting with a digit."
        if contains_unknown(item):
            continue
        if not isinstance(item, str):
            return f"env value of {name} must be a string: convert it with str()."
        if len(item) > _ENV_VALUE_MAX:
            return f"env value of {name} is longer than {_ENV_VALUE_MAX} characters: shorten it."
    return None


def _check_memory(value: Any) -> str | None:
    if value is None:
        return None
    number = integral(value)
    if number is None or number < 1:
        return "memory must be a whole number of megabytes (at most the job's own memory), e.g. 2048."
    return None


def _check_run_key(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > MAX_RUN_KEY_LENGTH:
        return (
            f"run_key must be a string of at most {MAX_RUN_KEY_LENGTH} characters, e.g. the image tag or a "
            "migration version."
        )
    return None


def _check_flag(name: str, value: Any) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    return f"{name} is {json.dumps(value)}, not a boolean: use true or false."


def _check_timeout(value: Any) -> str | None:
    if value is None:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not 1 <= value <= MAX_EXECUTION_TIMEOUT
    ):
        return f"timeout must be a number of seconds between 1 and {MAX_EXECUTION_TIMEOUT:.0f}, e.g. 1800."
    return None


def _check_workspace(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _JOB_NAME.match(value):
        return "workspace must be a workspace name (lowercase letters, digits, hyphens), or left out."
    return None


_CHECKS = {
    "job": _check_job,
    "workspace": _check_workspace,
    "tasks": _check_tasks,
    "env": _check_env,
    "memory": _check_memory,
    "run_key": _check_run_key,
    "timeout": _check_timeout,
}


def check_execution(news: Mapping[str, Any]) -> list[CheckFailure]:
    """The failures of ``news`` (the resource's inputs); values not known yet are not checked.

    Each failure has no property: its message names the field, and the engine then prints "resource 'x'
    has a problem: <message>", as for a `BlaxelJob`, instead of "property p value {0} has a problem" (with
    the value, which may be an env's)."""
    failures = []
    for key, rule in _CHECKS.items():
        value = news.get(key)
        if isinstance(value, list | Mapping) and key in ("tasks", "env"):
            problem = rule(value)
        elif contains_unknown(value):
            continue
        else:
            problem = rule(value)
        if problem is not None:
            failures.append(CheckFailure("", problem))  # the message names the field
    for flag in ("wait", "allow_queue"):
        value = news.get(flag)
        problem = None if contains_unknown(value) else _check_flag(flag, value)
        if problem is not None:
            failures.append(CheckFailure("", problem))
    return failures
