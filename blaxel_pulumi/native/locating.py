"""Which API the native provider's jobs live on, from its settings: a change of it replaces the provider
(and with it every job it manages), since the jobs are elsewhere."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi.output import Unknown

from blaxel_pulumi.api.settings import CONFIG_KEYS, resolve_api_url
from blaxel_pulumi.errors import BlaxelError
from blaxel_pulumi.native.schema import config_keys

__all__ = ["LOCATING_KEYS", "api_moved", "api_url_of"]

LOCATING_KEYS = ("apiUrl", "env", "workspace")
"""Provider settings that can say which API the jobs live on: ``apiUrl``, else ``env``, else the
environment of the workspace's entry in ``~/.blaxel/config.yaml``."""


def api_url_of(settings: Mapping[str, Any]) -> str | None:
    """The API URL of the provider settings ``settings`` (schema names), the environment's variables and
    ``~/.blaxel/config.yaml`` filling in what they leave out, as
    :meth:`~blaxel_pulumi.native.provider.JobProvider.configure` resolves it;
    None when it is not known (a value not known yet, or an invalid one that ``configure`` reports)."""
    config: dict[str, str] = {}
    for name, setting in config_keys().items():
        value = settings.get(name)
        if isinstance(value, Unknown):
            return None
        if value is not None:
            config[CONFIG_KEYS[setting]] = str(value)
    try:
        return resolve_api_url(config=config)
    except BlaxelError:
        return None


def api_moved(olds: Mapping[str, Any], news: Mapping[str, Any]) -> bool:
    """Whether the jobs of settings ``olds`` live on another API than those of ``news``: their URLs
    differ, or, when one is not known, ``apiUrl`` or ``env`` do."""
    if not any(olds.get(k) != news.get(k) for k in LOCATING_KEYS):
        return False
    old, new = api_url_of(olds), api_url_of(news)
    if old is None or new is None:
        return any(olds.get(k) != news.get(k) for k in ("apiUrl", "env"))
    return old != new
