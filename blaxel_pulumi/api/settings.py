"""Where the API key, workspace and API URL come from.

Each value is taken from the first of these places that has it:

1. the explicit argument of :func:`resolve_settings`;
2. the Pulumi stack config (``blaxel:apiKey``, ``blaxel:workspace``, ``blaxel:apiUrl``, ``blaxel:env``),
   as a dynamic provider's ``configure()`` receives it;
3. the environment (``BL_API_KEY``, ``BL_WORKSPACE``, ``BL_API_URL``, ``BL_ENV``), as Blaxel's own tools
   read it;
4. ``~/.blaxel/config.yaml`` as written by ``bl login``: ``context.workspace`` names the workspace, and that
   workspace's entry gives the key (``credentials.apiKey``) and the environment (``env``).

The base URL is the explicit ``api_url``, else ``blaxel:apiUrl``, else ``BL_API_URL``, else the URL of
the environment name (``prod`` -> ``https://api.blaxel.ai/v0``, ``dev`` -> ``https://api.blaxel.dev/v0``),
where the name comes from the argument, ``blaxel:env``, ``BL_ENV``, the workspace's entry in the file, or
``prod``. A given URL must include the version prefix (``/v0``): it is used as given, minus trailing
slashes.
Blank values count as unset.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from blaxel_pulumi.api.login_file import LoginFile, blank_to_none, default_config_file
from blaxel_pulumi.errors import BlaxelConfigError

__all__ = [
    "CONFIG_KEYS",
    "DEFAULT_API_VERSION",
    "DEFAULT_ENV",
    "DEFAULT_REQUEST_TIMEOUT",
    "ENV_URLS",
    "ENV_VARS",
    "ConfigSource",
    "LabelledConfig",
    "Settings",
    "credentials_check_skipped",
    "default_config_file",
    "resolve_api_url",
    "resolve_settings",
]

DEFAULT_API_VERSION = "2026-04-28"
"""The ``Blaxel-Version`` this package is written against (paginated listings start with it)."""
DEFAULT_ENV = "prod"
"""The Blaxel environment used when none is named."""
ENV_URLS: Mapping[str, str] = {"dev": "https://api.blaxel.dev/v0", "prod": "https://api.blaxel.ai/v0"}
"""Base URL of each Blaxel environment name, as ``BL_ENV`` understands them."""
CONFIG_KEYS: Mapping[str, str] = {
    "api_key": "blaxel:apiKey",
    "workspace": "blaxel:workspace",
    "api_url": "blaxel:apiUrl",
    "env": "blaxel:env",
    "request_timeout": "blaxel:requestTimeout",
    "skip_credentials_check": "blaxel:skipCredentialsCheck",
}
"""Pulumi stack config key of each setting."""
ENV_VARS: Mapping[str, str] = {
    "api_key": "BL_API_KEY",
    "workspace": "BL_WORKSPACE",
    "api_url": "BL_API_URL",
    "env": "BL_ENV",
    "request_timeout": "BL_REQUEST_TIMEOUT",
    "skip_credentials_check": "BL_SKIP_CREDENTIALS_CHECK",
}
"""Environment variable of each setting."""
DEFAULT_REQUEST_TIMEOUT = 30.0
"""Seconds to wait for Blaxel to answer (or accept) one request, unless configured otherwise."""
REQUEST_TIMEOUT_RANGE = (1.0, 600.0)
"""Accepted request timeouts, in seconds."""


class ConfigSource(Protocol):
    """A ``get(key)`` source: a ``Mapping[str, str]``, or the ``pulumi.dynamic.Config`` of ``configure()``."""

    def get(self, key: str, /) -> Any:
        """Return the value of the namespaced ``key`` (e.g. ``blaxel:apiKey``), or ``None``."""


@dataclass(frozen=True)
class Settings:
    """Everything needed to talk to Blaxel's API. Its ``repr`` and ``str`` never show the API key.

    Attributes:
        api_key: The API key sent as ``Authorization: Bearer``. Hidden from ``repr``.
        workspace: The workspace sent as ``X-Blaxel-Workspace``.
        api_url: Base URL including the version prefix, without trailing slash, e.g. ``https://api.blaxel.ai/v0``.
        api_version: The pinned ``Blaxel-Version`` header value.
        request_timeout: Seconds to wait for Blaxel to read a request or answer it (connection and pool
            timeouts have their own, shorter, defaults in the client).
        sources: Where each value came from (never the values themselves), e.g.
            ``{"api_key": "environment variable BL_API_KEY"}``.
    """

    api_key: str = field(repr=False)
    workspace: str
    api_url: str
    api_version: str = DEFAULT_API_VERSION
    sources: Mapping[str, str] = field(default_factory=dict, compare=False)
    request_timeout: float = DEFAULT_REQUEST_TIMEOUT


class LabelledConfig(dict[str, str]):
    """Configuration values (``{"blaxel:workspace": "w", ...}``) that say where each came from when it was
    not the stack config: e.g. ``{"blaxel:workspace": "the provider's `workspace` argument"}`` for an
    explicit provider of the native face, so that messages name the place the user wrote the value."""

    def __init__(self, values: Mapping[str, str], labels: Mapping[str, str]) -> None:
        """``values`` as a dict; ``labels[key]``: where the value of ``key`` came from."""
        super().__init__(values)
        self.labels: dict[str, str] = dict(labels)


def _first(
    name: str, argument: str | None, config: Mapping[str, str] | ConfigSource, environ: Mapping[str, str]
) -> tuple[str | None, str]:
    """Return setting ``name`` from the argument, the stack config or the environment, and its source."""
    if (value := blank_to_none(argument)) is not None:
        return value, f"the `{name}` argument"
    if (value := blank_to_none(config.get(CONFIG_KEYS[name]))) is not None:
        labels: Mapping[str, str] = getattr(config, "labels", None) or {}
        return value, labels.get(CONFIG_KEYS[name]) or f"stack config {CONFIG_KEYS[name]}"
    if (value := blank_to_none(environ.get(ENV_VARS[name]))) is not None:
        return value, f"environment variable {ENV_VARS[name]}"
    return None, ""


def _looked_in(name: str) -> list[str]:
    """The places a user can set ``name``: only those that exist (a resource has a ``workspace`` input, and no
    key or URL input), so a message never names an argument the user cannot give."""
    places = [f"stack config `{CONFIG_KEYS[name]}`", f"environment variable {ENV_VARS[name]}"]
    if name == "workspace":
        places.insert(0, "the resource's `workspace` input")
    return places


def _check_header_value(what: str, value: str, source: str) -> None:
    if not (value.isascii() and value.isprintable()) or any(c.isspace() for c in value):
        raise BlaxelConfigError(
            f"The Blaxel {what} from {source} contains spaces or characters that cannot be sent in an HTTP "
            "header (a copy-paste mistake?). Set it again without them."
        )


def _check_url(url: str, source: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise BlaxelConfigError(
            f"The Blaxel API URL '{url}' (from {source}) is not an http(s) URL. Give the full base URL, "
            f"scheme and version prefix included, e.g. {ENV_URLS[DEFAULT_ENV]}."
        )
    return url.rstrip("/")


def resolve_settings(
    *,
    api_key: str | None = None,
    workspace: str | None = None,
    api_url: str | None = None,
    env: str | None = None,
    request_timeout: float | None = None,
    config: Mapping[str, str] | ConfigSource | None = None,
    environ: Mapping[str, str] | None = None,
    config_file: Path | None = None,
) -> Settings:
    """Find the API key, workspace and base URL (see the module docstring for the order).

    Args:
        api_key: Explicit API key; wins over every other source.
        workspace: Explicit workspace name.
        api_url: Explicit base URL; must include the version prefix (``.../v0``).
        env: Explicit Blaxel environment name (``prod`` or ``dev``), used when no URL is given.
        request_timeout: Explicit request timeout in seconds; else ``blaxel:requestTimeout``, else
            ``BL_REQUEST_TIMEOUT``, else :data:`DEFAULT_REQUEST_TIMEOUT`.
        config: The Pulumi stack config with namespaced keys (``blaxel:apiKey``...): a mapping, or the
            ``req.config`` object a dynamic provider's ``configure(req)`` receives.
        environ: Environment variables; defaults to ``os.environ``.
        config_file: The ``bl login`` file; defaults to ``~/.blaxel/config.yaml``. Read only when needed.

    Raises:
        BlaxelConfigError: A value is missing (the message names every place looked at), the URL or
            environment name is invalid, or the config file cannot be parsed.
    """
    if config is None:
        config = {}
    environ = os.environ if environ is None else environ
    file = LoginFile(config_file if config_file is not None else default_config_file())
    sources: dict[str, str] = {}

    ws, ws_source = _first("workspace", workspace, config, environ)
    if ws is None and (ws := file.context_workspace()) is not None:
        ws_source = f"{file.shown} (context.workspace)"

    key, key_source = _first("api_key", api_key, config, environ)
    if key is None and ws is not None and (key := file.api_key(ws)) is not None:
        key_source = f"{file.shown} (workspace '{ws}')"

    missing = []
    if key is None:
        places = [*_looked_in("api_key"), file.key_place(ws)]
        missing.append(
            f"No Blaxel API key found. Looked in: {', '.join(places)}. Set one with "
            f"`pulumi config set --secret {CONFIG_KEYS['api_key']} <key>`, export {ENV_VARS['api_key']}, "
            f"or run `bl login` (it writes {file.shown})."
        )
    if ws is None:
        places = [*_looked_in("workspace"), file.workspace_place()]
        missing.append(
            f"No Blaxel workspace found. Looked in: {', '.join(places)}. Set one with "
            f"`pulumi config set {CONFIG_KEYS['workspace']} <name>`, export {ENV_VARS['workspace']}, "
            "give the resource `workspace=`, or run `bl login`."
        )
    if key is None or ws is None:
        raise BlaxelConfigError(" ".join(missing))
    _check_header_value("API key", key, key_source)
    _check_header_value("workspace name", ws, ws_source)
    sources["api_key"] = key_source
    sources["workspace"] = ws_source

    url, url_source = _api_url(api_url, env, config, environ, file, ws)
    sources["api_url"] = url_source
    sources["api_version"] = "the default"

    explicit = None if request_timeout is None else str(request_timeout)
    text, timeout_source = _first("request_timeout", explicit, config, environ)
    timeout = DEFAULT_REQUEST_TIMEOUT
    if text is not None:
        timeout = _check_timeout(text, timeout_source)
    sources["request_timeout"] = timeout_source or "the default"

    return Settings(api_key=key, workspace=ws, api_url=url, sources=sources, request_timeout=timeout)


def _api_url(
    api_url: str | None,
    env: str | None,
    config: Mapping[str, str] | ConfigSource,
    environ: Mapping[str, str],
    file: LoginFile,
    workspace: str | None,
) -> tuple[str, str]:
    """The base URL and where it came from (see the module docstring for the order)."""
    url, url_source = _first("api_url", api_url, config, environ)
    if url is not None:
        return _check_url(url, url_source), url_source
    name, env_source = _first("env", env, config, environ)
    if name is None and workspace is not None and (name := file.env(workspace)) is not None:
        env_source = f"{file.shown} (workspace '{workspace}')"
    if name is None:
        name, env_source = DEFAULT_ENV, "the default"
    if name not in ENV_URLS:
        raise BlaxelConfigError(
            f"Unknown Blaxel environment '{name}' (from {env_source}); valid names are "
            f"{', '.join(sorted(ENV_URLS))}. To use another API, set {CONFIG_KEYS['api_url']} or "
            f"{ENV_VARS['api_url']} to its base URL, including /v0."
        )
    return ENV_URLS[name], f"environment '{name}' (from {env_source})"


def resolve_api_url(
    *,
    config: Mapping[str, str] | ConfigSource | None = None,
    environ: Mapping[str, str] | None = None,
    config_file: Path | None = None,
) -> str:
    """The base URL that :func:`resolve_settings` would use with ``config``, needing no key or workspace:
    where the jobs of that configuration live.

    Args:
        config: The Pulumi stack config with namespaced keys (``blaxel:apiUrl``, ``blaxel:env``, ...).
        environ: Environment variables; defaults to ``os.environ``.
        config_file: The ``bl login`` file; defaults to ``~/.blaxel/config.yaml``. Read only when needed.

    Raises:
        BlaxelConfigError: The URL or environment name is invalid, or the config file cannot be parsed.
    """
    if config is None:
        config = {}
    environ = os.environ if environ is None else environ
    file = LoginFile(config_file if config_file is not None else default_config_file())
    workspace = None
    if (
        _first("api_url", None, config, environ)[0] is None
        and _first("env", None, config, environ)[0] is None
    ):
        workspace = _first("workspace", None, config, environ)[0] or file.context_workspace()
    return _api_url(None, None, config, environ, file, workspace)[0]


_TRUE = ("true", "1", "yes", "on")
_FALSE = ("false", "0", "no", "off")


def credentials_check_skipped(
    config: Mapping[str, str] | ConfigSource | None = None, environ: Mapping[str, str] | None = None
) -> bool:
    """Whether ``check`` (so ``pulumi preview``) should accept missing or invalid settings.

    True when ``blaxel:skipCredentialsCheck`` (else ``BL_SKIP_CREDENTIALS_CHECK``) is ``true`` (or ``1``,
    ``yes``, ``on``): a preview without secrets, e.g. of a pull request from a fork. Operations that send
    requests still need the settings and fail without them.

    Raises:
        BlaxelConfigError: The value is not a boolean.
    """
    environ = os.environ if environ is None else environ
    text, source = _first("skip_credentials_check", None, config if config is not None else {}, environ)
    if text is None or text.lower() in _FALSE:
        return False
    if text.lower() in _TRUE:
        return True
    raise BlaxelConfigError(
        f"'{text}' (from {source}) is not true or false; set {CONFIG_KEYS['skip_credentials_check']} or "
        f"{ENV_VARS['skip_credentials_check']} to true to preview without credentials, or unset it."
    )


def _check_timeout(text: str, source: str) -> float:
    low, high = REQUEST_TIMEOUT_RANGE
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not low <= value <= high:
        raise BlaxelConfigError(
            f"The request timeout '{text}' (from {source}) is not a number of seconds between {low:g} and "
            f"{high:g}; set {CONFIG_KEYS['request_timeout']} or {ENV_VARS['request_timeout']} to e.g. 60."
        )
    return value
