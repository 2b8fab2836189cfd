"""A real HTTP/1.1 server on 127.0.0.1 whose replies each test scripts, one per request, in order.

A reply can answer, answer late (to cause a read timeout), close the connection without answering,
or reset it. Every request is recorded (method, path, query, headers, body, client port), so tests can
assert what the client sent and how many requests reached the server.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal
from urllib.parse import parse_qs, urlsplit

__all__ = ["Recorded", "Reply", "ScriptedServer"]


@dataclass
class Reply:
    """What the server does with one request."""

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    action: Literal["respond", "drop", "reset"] = "respond"

    @classmethod
    def json(cls, data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Reply:
        """Answer ``status`` with ``data`` as a JSON body."""
        return cls(
            status=status,
            body=json.dumps(data).encode(),
            headers={"Content-Type": "application/json", **(headers or {})},
        )

    @classmethod
    def error(
        cls, status: int, error: str, message: str = "", headers: dict[str, str] | None = None
    ) -> Reply:
        """Answer with Blaxel's error body ``{"error", "code", "message"}``."""
        return cls(
            status=status, body={"error": error, "code": status, "message": message}, headers=headers or {}
        )

    @classmethod
    def drop(cls) -> Reply:
        """Read the request, then close the connection without answering."""
        return cls(action="drop")

    @classmethod
    def reset(cls) -> Reply:
        """Read the request, then reset the connection (TCP RST)."""
        return cls(action="reset")

    def encoded(self) -> tuple[bytes, str | None]:
        """The body as bytes, and its default content type."""
        if self.body is None:
            return b"", None
        if isinstance(self.body, bytes):
            return self.body, None
        if isinstance(self.body, str):
            return self.body.encode(), "text/plain; charset=utf-8"
        return json.dumps(self.body).encode(), "application/json"


@dataclass
class Recorded:
    """A request as the server received it."""

    method: str
    target: str
    headers: dict[str, str]
    body: bytes
    client_port: int

    @property
    def path(self) -> str:
        """The path, without the query string."""
        return urlsplit(self.target).path

    @property
    def query(self) -> dict[str, list[str]]:
        """The parsed query string."""
        return parse_qs(urlsplit(self.target).query)

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.body)


ReplySource = Reply | Callable[[Recorded], Reply]


class _QuietServer(ThreadingHTTPServer):
    """A threading server that stays silent when a client hangs up first (timeouts, drops)."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        return


class ScriptedServer:
    """Serve scripted replies on ``127.0.0.1`` at a free port; ``url`` is the API base URL (``.../v0``)."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self._replies: deque[ReplySource] = deque()
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out in two writes

            def log_message(self, format: str, *args: Any) -> None:
                return

            def do_GET(self) -> None:
                server._handle(self)

            def do_POST(self) -> None:
                server._handle(self)

            def do_PUT(self) -> None:
                server._handle(self)

            def do_DELETE(self) -> None:
                server._handle(self)

        self._httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.01,), daemon=True)
        self._thread.start()

    @property
    def port(self) -> int:
        """The TCP port the server listens on."""
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        """The base URL of the fake API, version prefix included."""
        return f"http://127.0.0.1:{self.port}/v0"

    def script(self, *replies: ReplySource) -> None:
        """Queue replies for the next requests, in order."""
        with self._lock:
            self._replies.extend(replies)

    @property
    def pending(self) -> int:
        """Scripted replies not used yet."""
        with self._lock:
            return len(self._replies)

    def close(self) -> None:
        """Stop serving."""
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        recorded = Recorded(
            method=handler.command,
            target=handler.path,
            headers={k.lower(): v for k, v in handler.headers.items()},
            body=body,
            client_port=int(handler.client_address[1]),
        )
        with self._lock:
            self.requests.append(recorded)
            source = self._replies.popleft() if self._replies else None
        if source is None:
            reply = Reply.error(599, "unscripted", f"no reply scripted for {handler.command} {handler.path}")
        else:
            reply = source(recorded) if callable(source) else source
        if reply.delay:
            time.sleep(reply.delay)
        if reply.action != "respond":
            handler.close_connection = True
            if reply.action == "reset":
                handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            return
        data, content_type = reply.encoded()
        handler.send_response(reply.status)
        headers = {k.lower(): v for k, v in reply.headers.items()}
        if content_type and "content-type" not in headers:
            handler.send_header("Content-Type", content_type)
        for name, value in reply.headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)
