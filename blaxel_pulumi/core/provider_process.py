"""Which process this is: the SDK's dynamic-provider process (``python -m pulumi.dynamic``) or another.

Both faces share what depends on it: the provider host's glue (:mod:`blaxel_pulumi.provider.host`) changes
the SDK's host only there, and an operation that opens the HTTP client leaves out httpx's command-line
client there (:func:`skip_httpx_cli`).
"""

from __future__ import annotations

import sys

__all__ = ["HOST_MODULE", "in_host", "skip_httpx_cli"]

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
