"""Run the local Blaxel API in a background thread of the current process.

::

    from blaxel_pulumi.emulator import EmulatorConfig, EmulatorServer

    with EmulatorServer(EmulatorConfig(db_path=tmp_path / "jobs.sqlite", deploy_seconds=0.3)) as server:
        httpx.get(f"{server.api_url}/jobs", headers={"Authorization": "Bearer local-dev-key"})

The listening socket is bound before the server starts, so ``port=0`` yields a free port known at once;
:meth:`EmulatorServer.start` returns once uvicorn accepts connections.
"""

from __future__ import annotations

import math
import socket
import threading
import time
from types import TracebackType

import uvicorn
from starlette.applications import Starlette

from blaxel_pulumi.emulator.app import create_app
from blaxel_pulumi.emulator.config import ApiKey, EmulatorConfig
from blaxel_pulumi.emulator.state import EmulatorState

__all__ = ["EmulatorServer", "url_host"]

STARTUP_TIMEOUT = 10.0
"""Seconds :meth:`EmulatorServer.start` waits for uvicorn to accept connections."""


def url_host(host: str) -> str:
    """Host to put in URLs for a listening address (wildcards become loopback, IPv6 gets brackets)."""
    if host in ("", "0.0.0.0"):  # noqa: S104 - a comparison, not a bind
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP (not 0) so that asyncio disables Nagle on accepted connections (else ~40 ms per call).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except BaseException:
        sock.close()
        raise
    return sock


class EmulatorServer:
    """The local Blaxel API served by uvicorn in a daemon thread; a context manager.

    ``url`` is the root (``http://127.0.0.1:PORT``), ``api_url`` the base clients use (``url + "/v0"``).
    """

    def __init__(
        self,
        config: EmulatorConfig | None = None,
        *,
        log_level: str = "warning",
        access_log: bool = False,
    ) -> None:
        self.config = config or EmulatorConfig()
        """Settings of this server."""
        self.state: EmulatorState | None = None
        """Database, settings, faults and request log, while running."""
        self.app: Starlette | None = None
        """The ASGI application, while running."""
        self.port = 0
        """The TCP port actually listened on (known after :meth:`start`)."""
        self._log_level = log_level
        self._access_log = access_log
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    @property
    def url(self) -> str:
        """Root URL, e.g. ``http://127.0.0.1:8787``."""
        if not self.port:
            raise RuntimeError("The emulator is not running: call start() or use it as a context manager.")
        return f"http://{url_host(self.config.host)}:{self.port}"

    @property
    def api_url(self) -> str:
        """Base URL of the API (``BL_API_URL``), e.g. ``http://127.0.0.1:8787/v0``."""
        return f"{self.url}/v0"

    @property
    def keys(self) -> tuple[ApiKey, ...]:
        """The configured API keys."""
        return self.config.keys

    def environment(self, key: ApiKey | None = None) -> dict[str, str]:
        """``BL_API_URL``, ``BL_WORKSPACE`` and ``BL_API_KEY`` for ``key`` (default: the first key)."""
        key = key or self.config.keys[0]
        return {"BL_API_URL": self.api_url, "BL_WORKSPACE": key.workspace, "BL_API_KEY": key.key}

    @property
    def running(self) -> bool:
        """Whether the server thread is alive."""
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> EmulatorServer:
        """Open the database, bind the socket and serve until :meth:`stop`; idempotent."""
        if self._thread is not None:
            return self
        state = EmulatorState.open(self.config)
        try:
            sock = _bind(self.config.host, self.config.port)
        except BaseException:
            state.close()
            raise
        self.state = state
        self.app = create_app(state=state)
        self.port = sock.getsockname()[1]
        uv_config = uvicorn.Config(
            self.app,
            log_config=None,
            log_level=self._log_level,
            access_log=self._access_log,
            lifespan="off",
            http="h11",
            ws="none",
            timeout_graceful_shutdown=max(1, math.ceil(self.config.shutdown_timeout)),
        )
        server = uvicorn.Server(uv_config)
        self._server = server

        def serve() -> None:
            try:
                server.run(sockets=[sock])
            except BaseException as exc:  # reported by start() / stop()
                self._error = exc
            finally:
                sock.close()

        self._thread = threading.Thread(target=serve, name=f"blaxel-emulator-{self.port}", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"The local Blaxel API did not start: {self._error or 'timed out'}.")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        """Stop serving (in-flight requests get ``shutdown_timeout`` seconds) and close the database."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=self.config.shutdown_timeout + 10)
        if self.state is not None:
            self.state.close()
        self._server = None
        self._thread = None
        self.state = None

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
