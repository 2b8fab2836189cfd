"""Opening the HTTP client of one operation: httpx is loaded then, and only then.

A preview that sends no request never imports httpx (the settings, models and errors modules import neither).
In the SDK's dynamic-provider process (``python -m pulumi.dynamic``), httpx's command-line client is left
out when httpx is first loaded (:func:`skip_httpx_cli`); the provider host's glue
(:mod:`blaxel_pulumi.provider.host`) asks :func:`in_host` too.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

from blaxel_pulumi.api.settings import Settings

if TYPE_CHECKING:
    from blaxel_pulumi.api.client import BlaxelClient

__all__ = ["HOST_MODULE", "in_host", "open_client", "skip_httpx_cli"]

HOST_MODULE = "pulumi.dynamic.__main__"
"""The module the engine runs as the dynamic-provider process."""


def in_host() -> bool:
    """Whether this process is the SDK's dynamic-provider process."""
    spec = getattr(sys.modules.get("__main__"), "__spec__", None)
    return getattr(spec, "name", None) == HOST_MODULE


def skip_httpx_cli() -> None:
    """In the dynamic-provider process only, before httpx is first imported: leave out httpx's command-line
    client (``httpx._main``), which httpx imports at start-up whenever click, rich and pygments are installed
    (~40-100 ms on 2 CPUs) and which the provider never uses.

    A ``None`` entry in ``sys.modules`` makes that import fail with ImportError, which httpx handles by
    defining a stub ``httpx.main``. Nothing else of httpx changes.
    """
    if in_host() and "httpx" not in sys.modules:
        sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]


def open_client(settings: Settings, secrets: Iterable[str] = ()) -> BlaxelClient:
    """An HTTP client for one operation, with ``secrets`` redacted from its errors (imported here: only the
    calls that send a request load httpx)."""
    skip_httpx_cli()
    from blaxel_pulumi.api.client import BlaxelClient

    return BlaxelClient(settings, secrets=secrets)
