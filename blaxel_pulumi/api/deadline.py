"""One deadline for a whole HTTP request: connecting, sending, the response headers and the body.

httpx's timeouts bound each network operation, not their sum: a server (or a proxy) that sends one byte of
its headers every second never trips a 5 s read timeout, and keeps the call for as long as it likes. Here
every socket operation of the request in progress gets the time left before its deadline as its timeout
(or its own timeout, when shorter), and an operation that starts after the deadline fails at once, so the
request ends within the deadline whatever the server does, and httpx closes the connection it gave up on.

How: :func:`bound_in_time` wraps the network backend of an ``httpx.Client``'s connection pools (the one
of its own transport and those of its proxies) in a :class:`DeadlineBackend`; :func:`request_deadline`
sets the deadline of the requests the current thread (or task) sends meanwhile. The network backend is
httpcore's public interface, but where a pool keeps it (``HTTPTransport._pool``,
``ConnectionPool._network_backend``) is not: :func:`bound_in_time` checks what it finds and says whether
it could wrap every pool, and the client's tests fail when it cannot.

A timeout caused by the deadline is one of httpcore's timeout exceptions, so httpx maps it to its own as
usual, and also a :class:`DeadlineExceeded`, found as the ``__cause__`` of httpx's exception.
"""

from __future__ import annotations

import contextlib
import contextvars
import ssl
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

import httpcore
import httpx

__all__ = [
    "DeadlineBackend",
    "DeadlineExceeded",
    "bound_in_time",
    "request_deadline",
]

_T = TypeVar("_T")
_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "blaxel_request_deadline", default=None
)


class DeadlineExceeded(Exception):  # noqa: N818 (a marker mixed into httpcore's timeouts)
    """Marks a timeout caused by the request's deadline rather than by one operation's own timeout."""


class _ConnectExpired(httpcore.ConnectTimeout, DeadlineExceeded):
    pass


class _ReadExpired(httpcore.ReadTimeout, DeadlineExceeded):
    pass


class _WriteExpired(httpcore.WriteTimeout, DeadlineExceeded):
    pass


@contextlib.contextmanager
def request_deadline(seconds: float) -> Iterator[float]:
    """Within the block, requests sent by this thread through a :func:`bound_in_time` client end at the
    latest ``seconds`` from now; yields the deadline (a :func:`time.monotonic` value)."""
    deadline = time.monotonic() + seconds
    token = _DEADLINE.set(deadline)
    try:
        yield deadline
    finally:
        _DEADLINE.reset(token)


def _bounded(
    operation: Callable[[float | None], _T], timeout: float | None, expired: type[httpcore.TimeoutException]
) -> _T:
    """Run ``operation(timeout)`` with ``timeout`` cut to the time left before the current deadline."""
    deadline = _DEADLINE.get()
    if deadline is None:
        return operation(timeout)
    left = deadline - time.monotonic()
    if left <= 0:
        raise expired("the request's deadline passed")
    cut = timeout is None or left < timeout  # the deadline, not the operation's own timeout, bounds it
    try:
        return operation(left if cut else timeout)
    except httpcore.TimeoutException as exc:
        if cut:
            raise expired("the request's deadline passed") from exc
        raise


class _DeadlineStream(httpcore.NetworkStream):
    """A network stream whose reads and writes end by the deadline of the request in progress."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return _bounded(lambda t: self._inner.read(max_bytes, t), timeout, _ReadExpired)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        _bounded(lambda t: self._inner.write(buffer, t), timeout, _WriteExpired)

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        def start(t: float | None) -> httpcore.NetworkStream:
            return self._inner.start_tls(ssl_context, server_hostname, t)

        return _DeadlineStream(_bounded(start, timeout, _ConnectExpired))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's network backend ``inner``, with every connection bounded by the current deadline."""

    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        """Wrap ``inner`` (usually httpcore's ``SyncBackend``)."""
        self.inner = inner
        """The wrapped backend."""

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        """Connect as ``inner`` does, by the deadline."""
        extra = {} if socket_options is None else {"socket_options": socket_options}

        def connect(t: float | None) -> httpcore.NetworkStream:
            return self.inner.connect_tcp(host, port, timeout=t, local_address=local_address, **extra)

        return _DeadlineStream(_bounded(connect, timeout, _ConnectExpired))

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        """Connect as ``inner`` does, by the deadline."""
        extra = {} if socket_options is None else {"socket_options": socket_options}

        def connect(t: float | None) -> httpcore.NetworkStream:
            return self.inner.connect_unix_socket(path, timeout=t, **extra)

        return _DeadlineStream(_bounded(connect, timeout, _ConnectExpired))

    def sleep(self, seconds: float) -> None:
        """Sleep as ``inner`` does."""
        self.inner.sleep(seconds)


def _wrap_pool(transport: httpx.BaseTransport | None) -> bool:
    """Wrap the backend of ``transport``'s pool; whether it was found (or already wrapped)."""
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if isinstance(backend, DeadlineBackend):
        return True
    if not isinstance(backend, httpcore.NetworkBackend):
        return False
    pool._network_backend = DeadlineBackend(backend)  # type: ignore[union-attr]
    return True


def bound_in_time(client: httpx.Client) -> bool:
    """Make every request of ``client`` (its transport and its proxies' transports) honour
    :func:`request_deadline`; whether every network transport could be wrapped. A transport that is not
    httpx's ``HTTPTransport`` (e.g. a test's ``MockTransport``) is left as it is and counts as wrapped."""
    transports: list[httpx.BaseTransport | None] = [client._transport]
    transports += list(client._mounts.values())
    done = True
    for transport in transports:
        if isinstance(transport, httpx.HTTPTransport):
            done = _wrap_pool(transport) and done
    return done
