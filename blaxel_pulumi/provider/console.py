"""The engine's console, as the providers write to it: best effort, since the CLI may be gone (killed while a
create or a wait goes on) and a progress message must never fail the operation it describes.

The dynamic face writes to the engine's ``Log`` with the URN of the resource whose call is running (see
:func:`blaxel_pulumi.provider.host.log_to_engine`), so that a message shows on that resource's row; outside
the provider process (a test calling a provider directly) through ``pulumi.log``. The native face
(:mod:`blaxel_pulumi.native`) serves several calls at once from one process and attaches each message to
its resource: it sets :data:`SINK` for the duration of one call (a context variable, so each call has its
own).
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

import pulumi

from blaxel_pulumi.provider import host

__all__ = ["SINK", "Sink", "report", "warn"]

Sink = Callable[[str, str], None]
"""``sink(severity, message)``: writes one message (``severity`` is ``"info"`` or ``"warning"``)."""

SINK: ContextVar[Sink | None] = ContextVar("blaxel_console_sink", default=None)
"""Where the current call's messages go; None: ``pulumi.log`` (the dynamic face)."""


def _write(severity: str, message: str) -> None:
    text = f"blaxel: {message}"
    try:
        sink = SINK.get()
        if sink is not None:
            sink(severity, text)
        elif host.log_to_engine(severity, text):
            return
        elif severity == "warning":
            pulumi.log.warn(text)
        else:
            pulumi.log.info(text)
    except Exception:  # progress messages are best effort
        return


def report(message: str) -> None:
    """Progress (info) on the engine's console, prefixed `blaxel:`."""
    _write("info", message)


def warn(message: str) -> None:
    """A warning on the engine's console, prefixed `blaxel:`."""
    _write("warning", message)
