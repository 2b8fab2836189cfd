"""The client at the boundary: a whole-request timeout, secrets echoed by the server, an unknown status."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timezone

import pytest

from blaxel_pulumi.api.client import BlaxelClient
from blaxel_pulumi.api.messages import redact
from blaxel_pulumi.api.retry import RetryPolicy
from blaxel_pulumi.api.settings import Settings
from blaxel_pulumi.api.waits import wait_for_deployment
from blaxel_pulumi.errors import BlaxelTimeoutError, InvalidRequest
from tests.unit._scripted_server import Reply, ScriptedServer

MakeClient = Callable[..., BlaxelClient]

PEM = (
    "-----BEGIN PRIVATE KEY-----\n"
    "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7canary1\n"
    "X9f3kQ2pL0sZr8canary2ab7Yt4Wq1vE5nM3oP6uR9sT2wX8yZ1aB4cD7e\n"
    "-----END PRIVATE KEY-----"
)
TOKEN = "tok-straddling-the-cut-3f9a1c"


@pytest.fixture
def trickling_server() -> Iterator[str]:
    """A server that answers headers at once, then one byte of a 400-byte body every 0.1 s (40 s)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    stop = threading.Event()

    def serve() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            with conn:
                conn.recv(65536)
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n"
                )
                for _ in range(400):
                    if stop.is_set():
                        return
                    try:
                        conn.sendall(b" ")
                    except OSError:
                        break
                    time.sleep(0.1)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/v0"
    stop.set()
    thread.join(timeout=5)
    listener.close()


def test_request_timeout_bounds_the_whole_response(trickling_server: str) -> None:
    """Before: httpx's timeouts bound each read, so a byte every 0.1 s held a 1 s timeout for the whole
    40 s body. Now the request gives up once `request_timeout` has passed since it started."""
    settings = Settings(api_key="k", workspace="w", api_url=trickling_server, request_timeout=1.0)
    started = time.monotonic()
    with BlaxelClient(settings, retry=RetryPolicy.none()) as client, pytest.raises(BlaxelTimeoutError):
        client.get_job("slow")
    assert time.monotonic() - started < 10, "the trickle was not cut at the request timeout"


def test_a_multi_line_secret_echoed_by_the_server_is_redacted(
    server: ScriptedServer, make_client: MakeClient
) -> None:
    """Before: the message was folded onto one line and cut at 500 characters, then redacted: a PEM key
    (its newlines folded) and a value cut in two by the truncation were shown."""
    message = f"bad value for KEY:\n{PEM}\n" + "x" * (480 - len(PEM)) + TOKEN + " and more " * 30
    server.script(Reply.error(400, "Invalid request body", message))
    client = make_client(secrets=[PEM, TOKEN], retry=RetryPolicy.none())
    with pytest.raises(InvalidRequest) as info:
        client.get_job("x")
    text = str(info.value)
    assert "[redacted]" in text
    for line in PEM.splitlines()[1:-1]:
        assert line not in text
    assert TOKEN[:12] not in text
    assert "canary" not in text


def test_redaction_finds_a_json_escaped_secret() -> None:
    escaped = PEM.replace("\n", "\\n")
    assert "canary" not in redact(f'{{"value": "{escaped}"}}', [PEM])


def test_redaction_finds_a_one_line_secret_echoed_json_escaped() -> None:
    """A one-line secret with a quote and a backslash, quoted by a server as JSON: only the escaped form is
    in the text (the multi-line test above would also be caught line by line)."""
    secret = 'p@ss"w\\ord-canary-7'
    echoed = json.dumps({"value": secret})
    assert secret not in echoed  # the raw form is not there: only the escaped one can be found
    assert "canary" not in redact(echoed, [secret])


def test_events_are_scrubbed_of_secret_values(server: ScriptedServer, make_client: MakeClient) -> None:
    """Deployment events may quote the environment; they enter the state as outputs."""
    server.script(
        Reply.json(
            {
                "metadata": {"name": "x"},
                "spec": {},
                "status": "FAILED",
                "events": [{"status": "FAILED", "message": f"env TOKEN={TOKEN} rejected"}],
            }
        )
    )
    job = make_client(secrets=[TOKEN]).get_job("x")
    assert job.events is not None
    assert job.events[0].message == "env TOKEN=[redacted] rejected"


def test_a_status_unknown_to_the_package_is_waited_through_and_reported_by_name(
    server: ScriptedServer, make_client: MakeClient
) -> None:
    """A status Blaxel adds tomorrow (here `WARMING`) is reported by name while the wait goes on."""
    body = {"metadata": {"name": "x"}, "spec": {}}
    server.script(Reply.json({**body, "status": "WARMING"}), Reply.json({**body, "status": "DEPLOYED"}))
    client = make_client()
    first = client.get_job("x")
    said: list[str] = []
    job = wait_for_deployment(client, first, timeout=30, since=datetime.now(timezone.utc), report=said.append)
    assert job.status == "DEPLOYED"
    assert any("WARMING" in line for line in said), said
