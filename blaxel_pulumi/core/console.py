"""The engine's console, as the providers write to it: best effort, since the CLI may be gone (killed while a
create or a wait goes on) and a progress message must never fail the operation it describes.

The dynamic face writes to the engine's ``Log`` with the URN of the resource whose call is running (see
the provider host's glue, :mod:`blaxel_pulumi.provider.host`), so that a message shows on that resource's
row; outside the provider process (a test calling a provider directly) through ``pulumi.log``. The native face
(:mod:`blaxel_pulumi.native`) serves several calls at once from one process and attaches each message to
its resource: it sets :data:`SINK` for the duration of one call (a context variable, so each call has its
own).
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

import pulumi

__all__ = ["SINK", "Sink", "report", "use_engine_log", "warn"]

Sink = Callable[[str, str], None]
"""``sink(severity, message)``: writes one message (``severity`` is ``"info"`` or ``"warning"``)."""

SINK: ContextVar[Sink | None] = ContextVar("blaxel_console_sink", default=None)
"""Where the current call's messages go; None: the engine's log (the dynamic face), see below."""

EngineLog = Callable[[str, str], bool]
"""``engine_log(severity, message)``: writes one message to the engine's ``Log`` with the current resource's
URN; returns whether it was sent."""

_engine_log: list[EngineLog] = []


def use_engine_log(engine_log: EngineLog) -> None:
    """Write the dynamic face's messages with ``engine_log`` (the provider host's glue sets it when it
    loads, see :func:`blaxel_pulumi.provider.host.log_to_engine`); when it sends nothing, ``pulumi.log``."""
    _engine_log[:] = [engine_log]


def _write(severity: str, message: str) -> None:
    text = f"blaxel: {message}"
    try:
        sink = SINK.get()
        if sink is not None:
            sink(severity, text)
        elif _engine_log and _engine_log[0](severity, text):
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
