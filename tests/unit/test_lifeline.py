"""A provider process exits when its engine is gone (the end of the engine's stdin pipe, confirmed by the
engine's address no longer accepting connections), and only then."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator

import pytest

from blaxel_pulumi.core.lifeline import engine_address, watch_engine
from blaxel_pulumi.provider import host

CHILD = textwrap.dedent(
    """
    import sys, time
    from blaxel_pulumi.core.lifeline import watch_engine
    thread = watch_engine(sys.argv[1:], poll=0.1)
    print("watching" if thread else "not watching", flush=True)
    time.sleep(120)  # a rollout wait that nobody will read the end of
    """
)


@pytest.fixture
def engine() -> Iterator[socket.socket]:
    """A listening socket standing for the engine's gRPC server."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    yield listener
    listener.close()


def spawn(engine: socket.socket, stdin: int) -> subprocess.Popen[str]:
    address = f"127.0.0.1:{engine.getsockname()[1]}"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, "--logtostderr", address],
        stdin=stdin,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    child.stdout.readline()  # started
    return child


def exited_within(child: subprocess.Popen[str], seconds: float) -> bool:
    try:
        child.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        return False
    return True


def test_the_process_exits_when_the_engine_dies(engine: socket.socket) -> None:
    child = spawn(engine, subprocess.PIPE)
    try:
        assert not exited_within(child, 0.5)
        engine.close()  # the engine process dies: its listener and its end of the pipe close
        assert child.stdin is not None
        child.stdin.close()
        assert exited_within(child, 20), "the provider process outlived its engine"
        assert child.returncode == 0
    finally:
        child.kill()
        child.wait()


def test_an_ended_stdin_with_the_engine_still_answering_is_not_enough(engine: socket.socket) -> None:
    child = spawn(engine, subprocess.PIPE)
    try:
        assert child.stdin is not None
        child.stdin.close()
        assert not exited_within(child, 1.0), "exited while the engine still answered"
        engine.close()
        assert exited_within(child, 20)
    finally:
        child.kill()
        child.wait()


def test_a_process_whose_stdin_is_not_a_pipe_is_not_watched(engine: socket.socket) -> None:
    address = f"127.0.0.1:{engine.getsockname()[1]}"
    done = subprocess.run(
        [sys.executable, "-c", CHILD.replace("time.sleep(120)", "pass"), address],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.strip() == "not watching"


def test_on_gone_is_called_when_the_pipe_ends_and_nothing_answers() -> None:
    read_end, write_end = os.pipe()
    gone: list[float] = []
    thread = watch_engine(["127.0.0.1:1"], stdin_fd=read_end, on_gone=lambda: gone.append(time.monotonic()))
    assert thread is not None
    os.close(write_end)
    thread.join(timeout=10)
    os.close(read_end)
    assert gone


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["127.0.0.1:43567"], ("127.0.0.1", 43567)),
        (["--logtostderr", "-v=9", "localhost:9"], ("localhost", 9)),
        (["[::1]:80"], ("::1", 80)),
        (["--tracing", "http://x"], None),
        ([], None),
    ],
)
def test_engine_address(args: list[str], expected: tuple[str, int] | None) -> None:
    assert engine_address(args) == expected


def test_outside_the_provider_process_nothing_is_watched() -> None:
    assert host.exit_with_engine() is None
