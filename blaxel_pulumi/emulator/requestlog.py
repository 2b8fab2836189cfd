"""Request log and request ids of the local Blaxel API.

:class:`RequestLogMiddleware` is the outermost layer: it gives every response an ``x-request-id`` (and the
same value as ``x-cf-request-id``, the header Blaxel's edge sends) and records every request that is
not for the control API (``/_emulator/``), faulted ones included, so tests can count exactly what a
client sent. An entry is appended when the request arrives and completed when it ends::

    {"seq": 7, "time": "2026-...Z", "method": "PUT", "path": "/v0/jobs/a", "query": "",
     "status": 200, "duration_ms": 3.1, "fault": null}

``status`` and ``duration_ms`` are ``null`` while the request is in flight; ``status`` stays ``null``
for a dropped connection. ``fault`` is ``{"rule", "kind", "after"}`` (plus ``processed_status`` for
``after`` rules) when a fault rule fired. Headers, bodies and secret values are never recorded.
"""

from __future__ import annotations

import dataclasses
import re
import threading
import time
import uuid
from collections import deque
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from blaxel_pulumi.emulator.lifecycle import rfc3339

__all__ = ["CONTROL_PREFIX", "FAULT_SCOPE_KEY", "REQUEST_ID_HEADER", "RequestLog", "RequestLogMiddleware"]

REQUEST_ID_HEADER = "x-request-id"
"""Header carrying the id of each request."""
CONTROL_PREFIX = "/_emulator"
"""Path prefix of the control API (never logged, never faulted)."""
FAULT_SCOPE_KEY = "blaxel_emulator.fault"
"""Scope key where the fault layer records the fault it applied."""


@dataclasses.dataclass
class _Entry:
    seq: int
    time: str
    method: str
    path: str
    query: str
    status: int | None = None
    duration_ms: float | None = None
    fault: dict[str, Any] | None = None


class RequestLog:
    """A bounded, thread-safe log of the requests the API received."""

    def __init__(self, size: int = 10_000) -> None:
        self._entries: deque[_Entry] = deque(maxlen=size)
        self._lock = threading.Lock()
        self._seq = 0

    def start(self, method: str, path: str, query: str) -> _Entry:
        """Record a request as it arrives; numbering continues across :meth:`clear`."""
        with self._lock:
            self._seq += 1
            entry = _Entry(seq=self._seq, time=rfc3339(time.time()), method=method, path=path, query=query)
            self._entries.append(entry)
            return entry

    def finish(
        self, entry: _Entry, status: int | None, duration_ms: float, fault: dict[str, Any] | None
    ) -> None:
        """Complete an entry when its response was sent (or the connection dropped)."""
        with self._lock:
            entry.status = status
            entry.duration_ms = round(duration_ms, 3)
            entry.fault = fault

    def entries(
        self, *, since: int = 0, method: str | None = None, path: re.Pattern[str] | None = None
    ) -> list[dict[str, Any]]:
        """Entries with ``seq > since``, optionally of one method and with a path matching ``path``."""
        with self._lock:
            return [
                dataclasses.asdict(e)
                for e in self._entries
                if e.seq > since
                and (method is None or e.method == method)
                and (path is None or path.search(e.path))
            ]

    def clear(self) -> int:
        """Forget every entry; return how many there were."""
        with self._lock:
            count = len(self._entries)
            self._entries.clear()
            return count


class RequestLogMiddleware:
    """ASGI middleware adding request ids and recording requests in a :class:`RequestLog`."""

    def __init__(self, app: ASGIApp, *, log: RequestLog) -> None:
        self.app = app
        self.log = log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one ASGI call."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = f"req-{uuid.uuid4().hex}"
        path: str = scope["path"]
        logged = not (path == CONTROL_PREFIX or path.startswith(CONTROL_PREFIX + "/"))
        query = scope.get("query_string", b"").decode("latin-1")
        entry = self.log.start(scope["method"], path, query) if logged else None
        status: int | None = None

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = MutableHeaders(scope=message)
                headers[REQUEST_ID_HEADER] = request_id
                headers["x-cf-request-id"] = request_id
            await send(message)

        started = time.perf_counter()
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            if entry is not None:
                self.log.finish(
                    entry, status, (time.perf_counter() - started) * 1000, scope.get(FAULT_SCOPE_KEY)
                )
