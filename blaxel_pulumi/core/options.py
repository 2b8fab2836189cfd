"""Pulumi resource options that the engine does not hand to a dynamic provider, carried as internal inputs.

The engine applies ``replace_on_changes`` to the changed properties a provider's diff names, and passes
``custom_timeouts`` to a provider's create, update and delete; a dynamic provider gets neither (its diff
names no property, its calls carry no timeout). So ``BlaxelJob`` reads both options from its
``ResourceOptions`` in the program and passes them as two internal inputs, which the provider applies itself:

* ``replace_paths``: the ``replace_on_changes`` paths. The diff walks what changed
  (:mod:`blaxel_pulumi.core.paths`) and replaces the job when a changed path is covered by one of them.
* ``timeouts``: ``{"create" | "update" | "delete": Go duration}`` of ``custom_timeouts`` (``"3s"``, ``"5m"``,
  ``"1h30m"``). Each bounds the wait of its operation (the rollout, the deletion), with
  ``deployment_timeout``: the shorter wins.

Both are only read by the provider: neither is sent to Blaxel, and a change of either alone is no change of
the job. The native face gets the timeouts from the engine (``CreateRequest.timeout``, ...) and leaves
``replaceOnChanges`` to the engine; it sets ``timeouts`` in seconds for the call (``{"create": 3.0}``).

This module is imported by the program: it imports nothing heavy.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal

__all__ = [
    "OPERATIONS",
    "Operation",
    "option_timeout",
    "parse_duration",
    "program_options",
]

Operation = Literal["create", "update", "delete"]
"""The operations ``custom_timeouts`` bounds."""
OPERATIONS: tuple[Operation, ...] = ("create", "update", "delete")

_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "μs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)")


def parse_duration(text: str) -> float:
    """Seconds in a Go duration string, as the engine reads ``custom_timeouts`` (``time.ParseDuration``):
    ``"3s"``, ``"1.5m"``, ``"1h30m"``, ``"250ms"``, ``"0"``. Raises ``ValueError`` for anything else."""
    value = text.strip()
    if value in ("0", "+0", "-0"):
        return 0.0
    if value.startswith("-"):
        raise ValueError(f"`{text}` is negative; a timeout is a positive Go duration such as `5m`.")
    value = value.removeprefix("+")
    seconds, position = 0.0, 0
    for part in _PART.finditer(value):
        if part.start() != position:
            break
        seconds += float(part.group(1)) * _UNITS[part.group(2)]
        position = part.end()
    if not value or position != len(value):
        raise ValueError(
            f"`{text}` is not a Go duration: write numbers with units (h, m, s, ms), e.g. `30s`, `5m`, "
            "`1h30m`."
        )
    return seconds


def program_options(opts: Any) -> dict[str, Any]:
    """The internal inputs ``replace_paths`` and ``timeouts`` of a resource declared with ``opts`` (a
    ``pulumi.ResourceOptions`` or None): None where the option is not set."""
    paths = getattr(opts, "replace_on_changes", None)
    custom = getattr(opts, "custom_timeouts", None)
    timeouts = {op: getattr(custom, op, None) for op in OPERATIONS}
    return {
        "replace_paths": list(paths) if paths else None,
        "timeouts": {op: str(value) for op, value in timeouts.items() if value} or None,
    }


def option_timeout(props: Mapping[str, Any], operation: Operation) -> tuple[float, str] | None:
    """``(seconds, how the resource said it)`` of the ``custom_timeouts`` of ``operation`` recorded in
    ``props`` (``timeouts``), or None when there is none (or it is zero: no timeout, as the engine reads
    it)."""
    timeouts = props.get("timeouts")
    value = timeouts.get(operation) if isinstance(timeouts, Mapping) else None
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        seconds = float(value)
        said = f"{seconds:g}s"
    else:
        try:
            seconds = parse_duration(str(value))
        except ValueError:
            return None  # reported by check; never fails a delete or a refresh
        said = str(value)
    return (seconds, said) if seconds > 0 else None
