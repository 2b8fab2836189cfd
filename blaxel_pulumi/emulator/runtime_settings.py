"""Lifecycle settings that can change while the local API runs (``POST /_emulator/settings``).

A rollout or deletion copies the values current when it starts, so changing them never alters the
course of one already under way.
"""

from __future__ import annotations

import dataclasses
import re
import threading
from collections.abc import Mapping
from typing import Any

from blaxel_pulumi.emulator.config import ConfigError, EmulatorConfig, compile_pattern

__all__ = ["LifecycleSettings", "RuntimeSettings"]

_MAX_SECONDS = 86_400.0
_SECONDS = {
    "deploy_seconds": _MAX_SECONDS,
    "delete_seconds": _MAX_SECONDS,
    "execution_seconds": _MAX_SECONDS,
    "execution_retention_seconds": 366 * _MAX_SECONDS,
}


@dataclasses.dataclass(frozen=True, kw_only=True)
class LifecycleSettings:
    """A snapshot of the run-time settings."""

    deploy_seconds: float
    """Duration of a rollout."""
    delete_seconds: float
    """Duration of a deletion."""
    fail_image_pattern: str
    """Failure rule on ``spec.runtime.image``."""
    execution_seconds: float
    """Duration of a job execution."""
    execution_retention_seconds: float
    """Time an ended execution stays in the history."""

    @property
    def pattern(self) -> re.Pattern[str]:
        """The compiled failure rule."""
        return compile_pattern(self.fail_image_pattern)

    def as_json(self) -> dict[str, Any]:
        """The settings as the control API shows them."""
        return dataclasses.asdict(self)


def _seconds(name: str, value: Any, most: float = _MAX_SECONDS) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= most:
        raise ConfigError(f"{name} must be a number of seconds between 0 and {most:.0f}.")
    return float(value)


class RuntimeSettings:
    """Thread-safe holder of the current :class:`LifecycleSettings`."""

    def __init__(self, config: EmulatorConfig) -> None:
        self._lock = threading.Lock()
        self._current = LifecycleSettings(
            deploy_seconds=float(config.deploy_seconds),
            delete_seconds=float(config.delete_seconds),
            fail_image_pattern=config.fail_image_pattern,
            execution_seconds=float(config.execution_seconds),
            execution_retention_seconds=float(config.execution_retention_seconds),
        )

    def current(self) -> LifecycleSettings:
        """The settings in force."""
        with self._lock:
            return self._current

    def update(self, changes: Mapping[str, Any]) -> LifecycleSettings:
        """Apply ``changes`` (any of the settings) atomically, or raise :class:`ConfigError`."""
        unknown = set(changes) - {*_SECONDS, "fail_image_pattern"}
        if unknown:
            raise ConfigError(
                f"Unknown setting(s) {', '.join(sorted(unknown))}: use {', '.join(_SECONDS)} "
                "or fail_image_pattern."
            )
        values: dict[str, Any] = {}
        for name, most in _SECONDS.items():
            if name in changes:
                values[name] = _seconds(name, changes[name], most)
        if "fail_image_pattern" in changes:
            pattern = changes["fail_image_pattern"]
            if not isinstance(pattern, str):
                raise ConfigError("fail_image_pattern must be a string (a regular expression).")
            compile_pattern(pattern)
            values["fail_image_pattern"] = pattern
        with self._lock:
            self._current = dataclasses.replace(self._current, **values)
            return self._current
