"""What every provider of this package shares: the stack configuration, and nothing pickled.

The program imports this module (to pickle a provider), so it imports neither pydantic nor httpx: the
settings and errors modules import neither, and :func:`~blaxel_pulumi.api.connect.open_client` imports the
client (httpx) when a call is about to send a request.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pulumi.dynamic import CheckFailure, ConfigureRequest, ResourceProvider
from pulumi.output import Unknown

from blaxel_pulumi.api.settings import (
    CONFIG_KEYS as SETTING_CONFIG_KEYS,
    LabelledConfig,
    Settings,
    credentials_check_skipped,
    resolve_api_url,
    resolve_settings,
)
from blaxel_pulumi.errors import BlaxelConfigError

__all__ = ["CONFIG_KEYS", "ConfiguredProvider"]

P = TypeVar("P", bound="ConfiguredProvider")

CONFIG_KEYS = tuple(SETTING_CONFIG_KEYS.values())
"""Stack configuration keys the providers read in ``configure()``: those of every setting."""
SKIP_HINT = (
    "To preview without credentials (e.g. a pull request without secrets), set "
    f"`pulumi config set {SETTING_CONFIG_KEYS['skip_credentials_check']} true`; `pulumi up` still needs them."
)
"""The opt-out, named after a settings failure at preview."""


class ConfiguredProvider(ResourceProvider):
    """A stateless provider that keeps the ``blaxel:*`` stack configuration given to ``configure()``.

    It pickles by reference (it lives in this installed package and pickles no state), so the pickled
    provider in the state is a few dozen bytes, the same for every resource, and holds no credentials.
    """

    serialize_as_secret_always = False
    """The pickled provider is a reference to the class with no state, so it need not be a secret (a smaller
    state and no encryption per resource); it still becomes one if it ever captured a secret."""

    _config: Mapping[str, str] | None = None

    def configure(self, req: ConfigureRequest) -> None:
        """Keep the ``blaxel:*`` stack configuration (secrets arrive decrypted; nothing is pickled)."""
        self._config = {key: str(value) for key in CONFIG_KEYS if (value := req.config.get(key)) is not None}

    @classmethod
    def with_config(cls: type[P], config: Mapping[str, str] | None) -> P:
        """An instance of ``cls`` holding ``config`` (another provider's, as ``configure()`` kept it)."""
        provider = cls()
        provider._config = config
        return provider

    def use_config(self, config: Mapping[str, str], origins: Mapping[str, str] | None = None) -> None:
        """Use ``config`` (``{"blaxel:apiKey": ..., ...}``) as the stack configuration: the native provider's
        ``configure``, which gets it from the engine in another form; ``origins[key]`` says where a value
        came from when not from the stack config (e.g. an explicit provider's argument), for messages."""
        values = {key: str(value) for key, value in config.items() if key in CONFIG_KEYS}
        self._config = LabelledConfig(values, origins) if origins else values

    def __getstate__(self) -> dict[str, Any]:
        """Pickle nothing but the class: configuration never reaches the state."""
        return {}

    def settings(self, workspace: Any = None, api_url: Any = None) -> Settings:
        """The settings for ``workspace`` (a resource's override; None: the configured one) on ``api_url``
        (the API a stored job lives on; None: the configured one)."""
        override = workspace if isinstance(workspace, str) and workspace else None
        url = api_url if isinstance(api_url, str) and api_url else None
        return resolve_settings(workspace=override, api_url=url, config=self._config or {})

    def configured_api_url(self) -> str | None:
        """The API URL the settings name (stack config, environment, config file, default), or None when
        they name an invalid one (``check`` reports it)."""
        try:
            return resolve_api_url(config=self._config or {})
        except BlaxelConfigError:
            return None

    def secret_settings(self) -> list[str]:
        """The values of the secret settings (the API key, wherever it comes from), to redact from error
        text; none when no key is configured."""
        try:
            key = self.settings().api_key
        except Exception:  # no usable settings: there is no key to hide
            return []
        return [key] if key else []

    def settings_failures(self, workspace: Any = None) -> list[CheckFailure]:
        """Check the settings for ``workspace`` as ``check`` does, at preview, before any request.

        A missing API key or workspace, or an invalid URL, environment or timeout, becomes one
        ``CheckFailure`` saying where to set it, so ``pulumi preview`` fails with that message alone (no
        traceback), and ``pulumi up`` before sending anything. Nothing is reported when
        ``blaxel:skipCredentialsCheck`` / ``BL_SKIP_CREDENTIALS_CHECK`` is true, nor when the workspace is
        not known yet (an output of another resource; ``create`` checks it then).
        """
        if isinstance(workspace, Unknown):
            return []
        try:
            if credentials_check_skipped(self._config or {}):
                return []
            self.settings(workspace)
        except BlaxelConfigError as exc:
            # no property: the engine then prints "resource 'x' has a problem: <message>", not a value
            return [CheckFailure("", f"{exc} {SKIP_HINT}")]
        return []
