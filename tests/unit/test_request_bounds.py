"""Each request is bounded in time (one deadline from connecting to the last byte) and in memory (a size
limit), against raw socket servers that misbehave on purpose (issue 25 point 8)."""

from __future__ import annotations

import select
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import httpx
import pytest

from blaxel_pulumi.api.client import BlaxelClient
from blaxel_pulumi.api.deadline import DeadlineBackend, bound_in_time
from blaxel_pulumi.api.retry import RetryPolicy
from blaxel_pulumi.api.settings import Settings
from blaxel_pulumi.api.transport import MAX_RESPONSE_BYTES
from blaxel_pulumi.errors import BlaxelProtocolError, BlaxelTimeoutError, ServerError
from tests.unit._jobs import minimal_job

MiB = 1024 * 1024


@dataclass
class Seen:
    """What the raw server saw of the one connection it served."""

    sent: int = 0
    """Bytes it managed to send."""
    closed_by_client: threading.Event = field(default_factory=threading.Event)
    """Set when the client closed the connection before the server was done."""
    done: threading.Event = field(default_factory=threading.Event)
    """Set when the server stopped serving the connection (for whatever reason)."""


Script = Callable[[socket.socket, Seen], None]


@pytest.fixture
def raw_server() -> Iterator[Callable[[Script], tuple[str, Seen]]]:
    """Start a one-connection server on 127.0.0.1 that reads a request and runs a script on the socket."""
    started: list[tuple[socket.socket, threading.Thread]] = []

    def start(script: Script) -> tuple[str, Seen]:
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        seen = Seen()

        def serve() -> None:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn:
                conn.recv(65536)
                try:
                    script(conn, seen)
                except OSError:  # the client reset the connection
                    seen.closed_by_client.set()
                finally:
                    seen.done.set()

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        started.append((listener, thread))
        return f"http://127.0.0.1:{listener.getsockname()[1]}/v0", seen

    yield start
    for listener, thread in started:
        listener.close()
        thread.join(timeout=30)


def _client_gone(conn: socket.socket, wait: float) -> bool:
    """Whether the client closed the connection (checked for ``wait`` seconds)."""
    readable, _, _ = select.select([conn], [], [], wait)
    return bool(readable) and conn.recv(1) == b""


def trickle_headers(conn: socket.socket, seen: Seen) -> None:
    """The status line, then headers one byte per 0.25 s: 30 s in all, unless the client hangs up."""
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Slow: " + b"a" * 100 + b"\r\n"
    for byte in head:
        conn.sendall(bytes([byte]))
        seen.sent += 1
        if _client_gone(conn, 0.25):
            seen.closed_by_client.set()
            return


def test_a_server_trickling_its_headers_is_cut_at_the_request_timeout(
    raw_server: Callable[[Script], tuple[str, Seen]],
) -> None:
    """Before: httpx's read timeout bounds each read, and each byte of the headers arrived within it, so
    a 1 s request timeout held the call for the whole 30 s trickle. Now the request ends by its deadline
    and closes the connection: the server sees the client hang up long before it is done."""
    url, seen = raw_server(trickle_headers)
    settings = Settings(api_key="k", workspace="w", api_url=url, request_timeout=1.0)
    started = time.monotonic()
    client = BlaxelClient(settings, retry=RetryPolicy.none())
    with client, pytest.raises(BlaxelTimeoutError) as info:
        client.get_job("slow")
    assert time.monotonic() - started < 15, "the call was not cut at its deadline"
    assert seen.done.wait(15)
    assert seen.closed_by_client.is_set(), "the server sent every byte: the client waited for them all"
    assert seen.sent < 120
    assert "did not answer GET /jobs/slow within 1 s (blaxel:requestTimeout" in str(info.value)


def test_a_post_cut_at_its_deadline_is_checked_like_a_lost_answer(
    raw_server: Callable[[Script], tuple[str, Seen]],
) -> None:
    """A create cut by the deadline after sending may have been carried out: it is followed by a GET (here
    to a closed server: the message says the job may exist)."""
    url, seen = raw_server(trickle_headers)
    settings = Settings(api_key="k", workspace="w", api_url=url, request_timeout=1.0)
    retry = RetryPolicy(max_attempts=1)
    with BlaxelClient(settings, retry=retry) as client, pytest.raises(BlaxelTimeoutError) as info:
        client.create_job(minimal_job(owner="me"))
    assert seen.done.wait(15) and seen.closed_by_client.is_set()
    assert "Could not check whether job 'nightly-report' was created anyway" in str(info.value)


def endless_body(conn: socket.socket, seen: Seen, status: bytes = b"200 OK") -> None:
    """A 1 GiB body announced, sent in 64 KiB pieces as fast as the client reads (the client stops it)."""
    head = b"Content-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n"
    conn.sendall(b"HTTP/1.1 " + status + b"\r\n" + head)
    piece = b" " * 65536
    while seen.sent < 128 * MiB:  # a bound for the test only: before the fix the client read it all
        conn.sendall(piece)
        seen.sent += len(piece)


def test_a_huge_body_fails_with_the_size_limit_without_being_read(
    raw_server: Callable[[Script], tuple[str, Seen]],
) -> None:
    """Before: the whole body was buffered (2 GB of RSS for 2 GB), then refused as not JSON. Now reading
    stops past MAX_RESPONSE_BYTES and the connection is closed: the server could not send much more."""
    url, seen = raw_server(endless_body)
    settings = Settings(api_key="k", workspace="w", api_url=url, request_timeout=30.0)
    client = BlaxelClient(settings, retry=RetryPolicy.none())
    with client, pytest.raises(BlaxelProtocolError) as info:
        client.get_job("big")
    assert seen.done.wait(30)
    assert seen.closed_by_client.is_set()
    assert seen.sent < MAX_RESPONSE_BYTES + 16 * MiB, f"the server sent {seen.sent} bytes"
    text = str(info.value)
    assert "200 from Blaxel on GET /jobs/big" in text
    limit = f"(MAX_RESPONSE_BYTES, {MAX_RESPONSE_BYTES} bytes)"
    assert f"larger than 8 MiB, the most this client reads {limit}" in text


def test_a_huge_error_body_is_judged_on_its_first_bytes(
    raw_server: Callable[[Script], tuple[str, Seen]],
) -> None:
    url, seen = raw_server(lambda conn, seen: endless_body(conn, seen, b"502 Bad Gateway"))
    settings = Settings(api_key="k", workspace="w", api_url=url, request_timeout=30.0)
    with BlaxelClient(settings, retry=RetryPolicy.none()) as client, pytest.raises(ServerError) as info:
        client.get_job("big")
    assert seen.done.wait(30)
    assert seen.sent < MAX_RESPONSE_BYTES + 16 * MiB
    assert info.value.status == 502


def test_every_network_transport_of_the_client_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """The deadline relies on where httpx keeps its network backend: this fails if that changes (the
    headers of a response would no longer be bounded), proxies from the environment included."""
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    settings = Settings(api_key="k", workspace="w", api_url="https://api.example.invalid/v0")
    with BlaxelClient(settings) as client:
        session = client._session
        assert session.bounded_in_time
        http = session._http
        transports = [http._transport, *http._mounts.values()]
        assert len(transports) >= 2  # the proxy is mounted
        for transport in transports:
            assert isinstance(transport, httpx.HTTPTransport)
            assert isinstance(transport._pool._network_backend, DeadlineBackend)
        assert bound_in_time(http)  # idempotent
        assert not isinstance(
            transports[0]._pool._network_backend.inner,  # type: ignore[union-attr]
            DeadlineBackend,
        )
