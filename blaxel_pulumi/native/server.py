"""Serving the native provider: the SDK's gRPC server, with clean errors and messages on the engine's console.

``pulumi.provider.experimental.server`` does the plugin protocol (the engine's address as first argument,
the port printed on stdout, ``grpc.aio``). Two things are added here: a failed call sends the provider's
message alone (the SDK appends a Python traceback), and progress messages go to the engine's ``Log`` with
the resource's URN, so that they show under the resource like any provider's. And the plugin exits when the
engine that started it dies without stopping it (see :mod:`blaxel_pulumi.lifeline`).
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from collections.abc import Awaitable, Callable
from typing import Any

import grpc
import grpc.aio
from pulumi.provider.experimental import provider as p
from pulumi.provider.experimental.server import ProviderServicer
from pulumi.runtime._grpc_settings import _GRPC_CHANNEL_OPTIONS
from pulumi.runtime.proto import engine_pb2, engine_pb2_grpc, provider_pb2_grpc

from blaxel_pulumi.lifeline import watch_engine
from blaxel_pulumi.native.errors import find_native_error

__all__ = ["STOP_GRACE", "EngineLog", "serve"]

STOP_GRACE = 5.0
"""Seconds the calls in flight get to finish when the engine stops the plugin."""

_RPCS = (
    "GetSchema",
    "CheckConfig",
    "DiffConfig",
    "Configure",
    "Check",
    "Diff",
    "Create",
    "Read",
    "Update",
    "Delete",
)
_SEVERITY = {"info": engine_pb2.INFO, "warning": engine_pb2.WARNING, "error": engine_pb2.ERROR}


class EngineLog:
    """Writes messages to the engine's console (its ``Log`` RPC), attached to a resource; best effort."""

    def __init__(self, address: str) -> None:
        """Connect (lazily) to the engine at ``address``."""
        self._channel = grpc.insecure_channel(address, options=_GRPC_CHANNEL_OPTIONS)
        self._engine = engine_pb2_grpc.EngineStub(self._channel)

    def __call__(self, severity: str, message: str, urn: str) -> None:
        """Log ``message`` at ``severity`` (``info``, ``warning``, ``error``) under ``urn``."""
        request = engine_pb2.LogRequest(
            severity=_SEVERITY.get(severity, engine_pb2.INFO), message=message, urn=urn
        )
        self._engine.Log(request, timeout=10)


def _clean(name: str) -> Callable[..., Awaitable[Any]]:
    handler = getattr(ProviderServicer, name)

    async def rpc(self: ProviderServicer, request: Any, context: grpc.aio.ServicerContext[Any, Any]) -> Any:
        try:
            return await handler(self, request, context)
        except Exception as exc:
            found = find_native_error(exc)
            if found is None:
                raise
            await context.abort(grpc.StatusCode.UNKNOWN, str(found))

    rpc.__name__ = name
    return rpc


_CleanServicer: type[ProviderServicer] = type(
    "_CleanServicer", (ProviderServicer,), {name: _clean(name) for name in _RPCS}
)


def serve(args: list[str], version: str, make_provider: Callable[[EngineLog], p.Provider]) -> None:
    """Serve the provider ``make_provider(engine_log)`` as a plugin (``args``: the plugin's arguments)."""
    parser = argparse.ArgumentParser(description="Pulumi resource plugin of the blaxel package (gRPC server)")
    parser.add_argument("engine", help="the Pulumi engine's address")
    parser.add_argument("--logflow", action="store_true", help="ignored")
    parser.add_argument("--logtostderr", action="store_true", help="ignored")
    known, _ = parser.parse_known_args(args)
    watch_engine([known.engine])  # exit if the engine dies without stopping the plugin (killed, crashed)
    provider = make_provider(EngineLog(known.engine))

    async def run() -> None:
        server = grpc.aio.server(options=_GRPC_CHANNEL_OPTIONS)
        servicer = _CleanServicer(args, version, provider, engine_address=known.engine)
        provider_pb2_grpc.add_ResourceProviderServicer_to_server(servicer, server)
        port = server.add_insecure_port(address="127.0.0.1:0")
        await server.start()
        stopping = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):  # the engine stops plugins with a signal
            loop.add_signal_handler(signum, stopping.set)
        sys.stdout.buffer.write(f"{port}\n".encode())
        sys.stdout.buffer.flush()
        await stopping.wait()
        await server.stop(grace=STOP_GRACE)

    asyncio.run(run())
