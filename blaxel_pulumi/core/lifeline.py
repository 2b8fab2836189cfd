"""A provider process never outlives the Pulumi engine that started it.

The engine stops its plugins itself (SIGINT, then SIGKILL after 5 s), but only when it lives to do so: a
``pulumi`` killed with SIGKILL (a CI runner's timeout, the OOM killer), or crashing, leaves its plugins
behind, each in a process group of its own. A provider in the middle of a 20-minute rollout wait would
then go on polling Blaxel for nobody, and a CI machine would collect such processes.

So each provider process (the dynamic-provider host ``python -m pulumi.dynamic``, see
:mod:`blaxel_pulumi.provider.host`, and the native plugin ``pulumi-resource-blaxel``) runs
:func:`watch_engine`. The engine starts every plugin with a pipe on its standard input that it never writes
to nor closes while the plugin runs: when the engine process dies, the pipe's last writer is gone and
reading standard input returns end of file, at once. The provider then makes sure the engine is gone (its
gRPC address, the plugin's first argument, no longer accepts connections; while it does, it is checked
every :data:`ENGINE_POLL` seconds) and exits without waiting for the calls in progress, whose answers
nobody would read. A process whose standard input is not a pipe (a terminal, ``/dev/null``: a plugin
started by hand to debug it) is not watched.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import socket
import stat
import sys
import threading
import time
from collections.abc import Callable, Sequence

__all__ = ["ENGINE_POLL", "engine_address", "engine_alive", "watch_engine"]

ENGINE_POLL = 2.0
"""Seconds between checks of the engine's address once standard input has ended but the engine answers."""

_ADDRESS = re.compile(r"^(?P<host>[^\s:]+|\[[0-9a-fA-F:]+\]):(?P<port>\d{1,5})$")
_LOG = logging.getLogger(__name__)


def engine_address(args: Sequence[str]) -> tuple[str, int] | None:
    """The engine's gRPC address among a plugin's arguments (the first ``host:port`` one), if any."""
    for arg in args:
        found = _ADDRESS.match(arg)
        if found and not arg.startswith("-"):
            return found["host"].strip("[]"), int(found["port"])
    return None


def engine_alive(address: tuple[str, int], timeout: float = 1.0) -> bool:
    """Whether something accepts connections at the engine's ``address``."""
    try:
        with socket.create_connection(address, timeout=timeout):
            return True
    except OSError:
        return False


def _exit_now() -> None:
    _LOG.debug("the Pulumi engine is gone: exiting")
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(0)


def _watch(fd: int, address: tuple[str, int] | None, on_gone: Callable[[], None], poll: float) -> None:
    with contextlib.suppress(OSError):
        while os.read(fd, 4096):
            pass
    # The engine's pipe and its listener close as it dies, not quite at once: first look a moment later.
    time.sleep(min(poll, 0.2))
    while address is not None and engine_alive(address):
        time.sleep(poll)
    on_gone()


def watch_engine(
    args: Sequence[str],
    *,
    stdin_fd: int = 0,
    on_gone: Callable[[], None] = _exit_now,
    poll: float = ENGINE_POLL,
) -> threading.Thread | None:
    """Call ``on_gone`` (default: exit the process at once) when the engine that started this plugin is gone.

    Args:
        args: The plugin's arguments (the engine's address is the first ``host:port`` one).
        stdin_fd: The file descriptor of the pipe from the engine.
        on_gone: What to do then.
        poll: Seconds between checks of the engine's address after the pipe ended.

    Returns the watching thread (a daemon), or None when ``stdin_fd`` is not a pipe (nothing is watched).
    """
    try:
        is_pipe = stat.S_ISFIFO(os.fstat(stdin_fd).st_mode)
    except OSError:
        is_pipe = False
    if not is_pipe:
        _LOG.debug("standard input is not a pipe from the engine: not watching the engine")
        return None
    thread = threading.Thread(
        target=_watch,
        args=(stdin_fd, engine_address(args), on_gone, poll),
        name="blaxel-engine-watch",
        daemon=True,
    )
    thread.start()
    return thread
