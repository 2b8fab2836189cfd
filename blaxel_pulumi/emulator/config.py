"""Settings of the local Blaxel API: API keys, database, lifecycle durations, failure rule.

:class:`EmulatorConfig` is immutable and fully validated on construction. It can be built in code, from
command-line flags (see ``__main__``) or from a YAML/JSON file (:func:`load_config_file`)::

    host: 127.0.0.1
    port: 8787
    db: ./emulator.sqlite
    deploy_seconds: 2
    delete_seconds: 1
    execution_seconds: 1
    execution_retention_seconds: 604800
    fail_image_pattern: "(^|/)fail[^/]*$|:fail"
    plan: free
    keys:
      - {key: local-dev-key, workspace: local, admin: true, principal: alice@example.com}
      - {key: ci-key, workspace: ci}
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "DEFAULT_API_KEY",
    "DEFAULT_FAIL_IMAGE_PATTERN",
    "DEFAULT_KEYS",
    "DEFAULT_PRINCIPAL",
    "DEFAULT_RUN_URL_TEMPLATE",
    "DEFAULT_WORKSPACE",
    "ApiKey",
    "ConfigError",
    "EmulatorConfig",
    "compile_pattern",
    "load_config_file",
]

DEFAULT_API_KEY = "local-dev-key"
"""Key seeded when no key is configured."""
DEFAULT_WORKSPACE = "local"
"""Workspace of the seeded key."""
DEFAULT_PRINCIPAL = "emulator-user"
"""Name written to ``metadata.createdBy``/``updatedBy`` for keys without a configured principal."""
DEFAULT_FAIL_IMAGE_PATTERN = r"(^|/)fail[^/]*$|:fail"
"""Images whose last path component starts with ``fail`` or whose tag starts with ``fail`` fail to deploy."""
DEFAULT_RUN_URL_TEMPLATE = "https://run.blaxel.ai/{workspace}/jobs/{name}"
"""Template of ``metadata.url``; ``{workspace}`` and ``{name}`` are substituted."""

_WORKSPACE_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class ConfigError(ValueError):
    """A setting of the local Blaxel API is invalid; the message names the setting and the fix."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class ApiKey:
    """An API key accepted by the local API, and the workspace it grants access to.

    The same key may be listed once per workspace to grant several workspaces; requests without
    ``X-Blaxel-Workspace`` then use the first one.
    """

    key: str
    """The bearer token clients send (``Authorization: Bearer <key>``)."""
    workspace: str
    """Workspace the key can read and write."""
    admin: bool = False
    """Workspace admins may read secret env values with ``?show_secrets=true``."""
    principal: str = DEFAULT_PRINCIPAL
    """Name recorded as ``createdBy``/``updatedBy`` (never the key itself)."""

    def __post_init__(self) -> None:
        if not self.key or any(c.isspace() for c in self.key):
            raise ConfigError("An API key must be a non-empty string without spaces.")
        if not _WORKSPACE_PATTERN.match(self.workspace):
            raise ConfigError(
                f"Workspace {self.workspace!r} is invalid: use lowercase letters, digits and hyphens."
            )
        if not self.principal:
            raise ConfigError(f"The principal of the key for workspace {self.workspace!r} must not be empty.")

    @classmethod
    def parse(cls, spec: str) -> ApiKey:
        """Parse ``KEY=WORKSPACE[:admin]`` (the ``--key`` flag)."""
        key, sep, rest = spec.partition("=")
        if not sep or not key or not rest:
            raise ConfigError(f"--key {spec!r} is invalid: expected KEY=WORKSPACE or KEY=WORKSPACE:admin.")
        workspace, _, role = rest.partition(":")
        if role not in ("", "admin"):
            raise ConfigError(f"--key {spec!r} is invalid: the only role is ':admin', got {role!r}.")
        return cls(key=key, workspace=workspace, admin=role == "admin")

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> ApiKey:
        """Build a key from a config-file entry ``{key, workspace, admin?, principal?}``."""
        unknown = set(data) - {"key", "workspace", "admin", "principal"}
        if unknown:
            raise ConfigError(f"Unknown setting(s) in a key entry: {', '.join(sorted(unknown))}.")
        try:
            key, workspace = data["key"], data["workspace"]
        except KeyError as exc:
            raise ConfigError(f"A key entry needs {exc.args[0]!r}.") from None
        admin = data.get("admin", False)
        principal = data.get("principal", DEFAULT_PRINCIPAL)
        if not isinstance(key, str) or not isinstance(workspace, str):
            raise ConfigError("The 'key' and 'workspace' of a key entry must be strings.")
        if not isinstance(admin, bool) or not isinstance(principal, str):
            raise ConfigError("'admin' of a key entry must be a boolean and 'principal' a string.")
        return cls(key=key, workspace=workspace, admin=admin, principal=principal)


DEFAULT_KEYS: tuple[ApiKey, ...] = (ApiKey(key=DEFAULT_API_KEY, workspace=DEFAULT_WORKSPACE, admin=True),)
"""Keys used when none is configured: ``local-dev-key``, admin of workspace ``local``."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class EmulatorConfig:
    """Settings of one local Blaxel API instance.

    ``deploy_seconds``, ``delete_seconds``, ``fail_image_pattern``, ``execution_seconds`` and
    ``execution_retention_seconds`` are initial values: they can be
    changed at run time with ``POST /_emulator/settings``.
    """

    db_path: str | Path | None = None
    """SQLite file holding the jobs (created if missing). ``None``: a temporary file removed on stop."""
    host: str = "127.0.0.1"
    """Interface to listen on."""
    port: int = 0
    """TCP port; 0 picks a free one."""
    keys: tuple[ApiKey, ...] = DEFAULT_KEYS
    """Accepted API keys and their workspaces."""
    deploy_seconds: float = 0.0
    """Time a rollout takes from ``UPLOADING`` to ``DEPLOYED``/``FAILED``; 0 settles in the response."""
    delete_seconds: float = 0.0
    """Time a job stays ``DELETING`` before it disappears; 0 removes it before the response is sent."""
    fail_image_pattern: str = DEFAULT_FAIL_IMAGE_PATTERN
    """Regular expression (``re.search``) on ``spec.runtime.image``; a match makes the rollout fail."""
    plan: str = "free"
    """Value of ``metadata.plan``."""
    run_url_template: str = DEFAULT_RUN_URL_TEMPLATE
    """Template of ``metadata.url``."""
    control_api: bool = True
    """Serve the unauthenticated ``/_emulator/`` control API (faults, request log, settings)."""
    request_log_size: int = 10_000
    """Most entries kept by the request log (oldest dropped first)."""
    shutdown_timeout: float = 1.0
    """Seconds in-flight requests (e.g. ones delayed by a fault) get to finish when the server stops."""
    execution_seconds: float = 1.0
    """Time a job execution runs, from its ``POST`` to ``succeeded``/``failed`` (see :mod:`.executions`)."""
    execution_retention_seconds: float = 7 * 86_400.0
    """Time an ended execution stays in the history; after it, ``GET`` answers 404 (expired)."""
    server_additions: Mapping[str, Any] | None = None
    """Behave as a newer Blaxel that adds these fields to every job it creates (a JSON object in the API's
    form); see :mod:`blaxel_pulumi.emulator.evolution`. None: behave as today's API."""

    def __post_init__(self) -> None:
        if not 0 <= self.port <= 65535:
            raise ConfigError(f"port {self.port} is out of range: use 0-65535 (0 picks a free port).")
        for name in ("deploy_seconds", "delete_seconds", "shutdown_timeout", "execution_seconds"):
            value = getattr(self, name)
            if not 0 <= value <= 86_400:
                raise ConfigError(f"{name} must be between 0 and 86400 seconds, got {value}.")
        if not 0 <= self.execution_retention_seconds <= 366 * 86_400:
            raise ConfigError(
                "execution_retention_seconds must be between 0 and 31622400 seconds (366 days), "
                f"got {self.execution_retention_seconds}."
            )
        compile_pattern(self.fail_image_pattern)
        if not self.keys:
            raise ConfigError("At least one API key is needed (--key KEY=WORKSPACE[:admin]).")
        seen: set[tuple[str, str]] = set()
        for key in self.keys:
            if (key.key, key.workspace) in seen:
                raise ConfigError(f"An API key is listed twice for workspace {key.workspace!r}.")
            seen.add((key.key, key.workspace))
        if self.request_log_size < 1:
            raise ConfigError("request_log_size must be at least 1.")
        try:
            self.run_url_template.format(workspace="w", name="n")
        except (KeyError, IndexError, ValueError) as exc:
            raise ConfigError(
                f"run_url_template is invalid ({exc}): only {{workspace}} and {{name}} may be used."
            ) from None

    @property
    def workspaces(self) -> tuple[str, ...]:
        """Workspaces reachable with the configured keys, in configuration order."""
        return tuple(dict.fromkeys(k.workspace for k in self.keys))

    def replace(self, **changes: Any) -> EmulatorConfig:
        """Return a copy with ``changes`` applied (validated again)."""
        return dataclasses.replace(self, **changes)


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """Compile the failure pattern, or raise :class:`ConfigError` naming the mistake."""
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ConfigError(
            f"fail_image_pattern {pattern!r} is not a valid regular expression: {exc}."
        ) from None


_FILE_SETTINGS = {
    "db": "db_path",
    "db_path": "db_path",
    "host": "host",
    "port": "port",
    "deploy_seconds": "deploy_seconds",
    "delete_seconds": "delete_seconds",
    "execution_seconds": "execution_seconds",
    "execution_retention_seconds": "execution_retention_seconds",
    "fail_image_pattern": "fail_image_pattern",
    "plan": "plan",
    "run_url_template": "run_url_template",
    "control_api": "control_api",
    "request_log_size": "request_log_size",
    "shutdown_timeout": "shutdown_timeout",
    "server_additions": "server_additions",
}


def load_config_file(path: str | Path) -> dict[str, Any]:
    """Read a YAML or JSON config file into keyword arguments of :class:`EmulatorConfig`.

    Unknown settings are rejected so a typo does not go unnoticed. A relative ``db`` path is relative to
    the current directory, as on the command line.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"Could not read the config file {str(path)!r}: {exc.strerror}.") from None
    try:
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"The config file {str(path)!r} is not valid YAML/JSON: {exc}.") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"The config file {str(path)!r} must hold a mapping of settings.")
    out: dict[str, Any] = {}
    for name, value in data.items():
        if name == "keys":
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                raise ConfigError(
                    "'keys' in the config file must be a list of {key, workspace, admin?} entries."
                )
            out["keys"] = tuple(ApiKey.from_mapping(v) for v in value)
        elif name in _FILE_SETTINGS:
            out[_FILE_SETTINGS[name]] = value
        else:
            raise ConfigError(f"Unknown setting {name!r} in the config file {str(path)!r}.")
    return out
