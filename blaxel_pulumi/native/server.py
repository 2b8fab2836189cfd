"""Serving the native provider: the SDK's gRPC server, with clean errors and messages on the engine's console.

``pulumi.provider.experimental.server`` does the plugin protocol (the engine's address as first argument,
the port printed on stdout, ``grpc.aio``). Four things are added here: a failed call sends the provider's
message alone (the SDK appends a Python traceback); progress messages go to the engine's ``Log`` with
the resource's URN, so that they show under the resource like any provider's; ``DiffConfig`` answers
in the protocol's terms (:func:`diff_config_response`): the SDK (3.216 to 3.274 at least) passes the
provider's ``changes`` boolean through as the ``DiffChanges`` enum, where ``True`` is 1, ``DIFF_NONE``, so a
changed setting read as "no change", and it cannot send a detailed diff at all (it reads ``inputDiff`` where
the class has ``input_diff``); and the plugin exits when the engine that started it dies without stopping it
(see :mod:`blaxel_pulumi.core.lifeline`). ``Configure`` also tells the provider its id (the SDK's request
has none), so that it knows a preview of a provider the stack does not hold yet. A create that made its job
but did not see it roll out in time is sent as a partial create (:func:`unfinished_create_status`), which
the SDK's servicer cannot send.
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
from pulumi.provider.experimental.property_value import PropertyValue
from pulumi.provider.experimental.server import ProviderServicer
from pulumi.runtime._grpc_settings import _GRPC_CHANNEL_OPTIONS
from pulumi.runtime.proto import engine_pb2, engine_pb2_grpc, provider_pb2, provider_pb2_grpc, status_pb2

from blaxel_pulumi.core.lifeline import watch_engine
from blaxel_pulumi.native.errors import UnfinishedCreate, find_native_error

__all__ = ["STOP_GRACE", "EngineLog", "diff_config_response", "serve", "unfinished_create_status"]

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


_DIFF_KINDS = {
    p.PropertyDiffKind.ADD: provider_pb2.PropertyDiff.ADD,
    p.PropertyDiffKind.ADD_REPLACE: provider_pb2.PropertyDiff.ADD_REPLACE,
    p.PropertyDiffKind.DELETE: provider_pb2.PropertyDiff.DELETE,
    p.PropertyDiffKind.DELETE_REPLACE: provider_pb2.PropertyDiff.DELETE_REPLACE,
    p.PropertyDiffKind.UPDATE: provider_pb2.PropertyDiff.UPDATE,
    p.PropertyDiffKind.UPDATE_REPLACE: provider_pb2.PropertyDiff.UPDATE_REPLACE,
}


def diff_config_response(response: p.DiffResponse) -> provider_pb2.DiffResponse:
    """The protocol's ``DiffResponse`` for the provider's answer to ``DiffConfig``: ``changes`` None, False,
    True become ``DIFF_UNKNOWN``, ``DIFF_NONE``, ``DIFF_SOME`` (as the SDK does for ``Diff``), and the
    detailed diff is sent with its kinds."""
    changes = provider_pb2.DiffResponse.DIFF_UNKNOWN
    if response.changes is not None:
        changes = (
            provider_pb2.DiffResponse.DIFF_SOME if response.changes else provider_pb2.DiffResponse.DIFF_NONE
        )
    return provider_pb2.DiffResponse(
        replaces=response.replaces,
        stables=response.stables,
        deleteBeforeReplace=response.delete_before_replace,
        changes=changes,
        diffs=response.diffs,
        detailedDiff={
            key: provider_pb2.PropertyDiff(kind=_DIFF_KINDS[diff.kind], inputDiff=diff.input_diff)
            for key, diff in response.detailed_diff.items()
        },
        hasDetailedDiff=bool(response.detailed_diff),
    )


async def _diff_config(
    self: ProviderServicer, request: Any, context: grpc.aio.ServicerContext[Any, Any]
) -> Any:
    """``DiffConfig``, answered by :func:`diff_config_response` (the SDK's own mapping is wrong)."""
    response = await self._provider.diff_config(
        p.DiffRequest(
            request.urn,
            request.id,
            PropertyValue.unmarshal_map(request.olds),
            PropertyValue.unmarshal_map(request.news),
            list(request.ignoreChanges),
        )
    )
    return diff_config_response(response)


async def _configure(
    self: ProviderServicer, request: Any, context: grpc.aio.ServicerContext[Any, Any]
) -> Any:
    """``Configure``, after telling the provider the id the engine configures it under (the SDK's request
    leaves it out): the unknown id in the preview of a provider that the stack does not hold yet."""
    configured_as = getattr(self._provider, "configured_as", None)
    if callable(configured_as):
        configured_as(str(getattr(request, "id", "") or ""))
    return await ProviderServicer.Configure(self, request, context)


class _Status(grpc.Status):  # type: ignore[misc]  # grpc is untyped
    """A gRPC status with details (``grpc.Status`` is an interface without a constructor)."""

    def __init__(self, code: grpc.StatusCode, details: str, trailing_metadata: tuple[tuple[str, bytes], ...]):
        self.code = code
        self.details = details
        self.trailing_metadata = trailing_metadata


def unfinished_create_status(error: UnfinishedCreate) -> grpc.Status:
    """The failed ``Create``'s status for an unfinished create: its message, and the protocol's
    ``ErrorResourceInitFailed`` detail with the job's id and outputs, from which the engine records the job
    in the state (with the message as its init error) instead of forgetting it."""
    detail = provider_pb2.ErrorResourceInitFailed(
        id=error.resource_id, properties=PropertyValue.marshal_map(error.properties), reasons=[str(error)]
    )
    code = grpc.StatusCode.UNKNOWN
    status = status_pb2.Status(code=code.value[0], message=str(error))
    status.details.add().Pack(detail)
    return _Status(code, str(error), (("grpc-status-details-bin", status.SerializeToString()),))


_HANDLERS: dict[str, Callable[..., Awaitable[Any]]] = {"DiffConfig": _diff_config, "Configure": _configure}
"""RPCs answered here instead of by the SDK's servicer."""


def _clean(name: str) -> Callable[..., Awaitable[Any]]:
    handler = _HANDLERS.get(name) or getattr(ProviderServicer, name)

    async def rpc(self: ProviderServicer, request: Any, context: grpc.aio.ServicerContext[Any, Any]) -> Any:
        try:
            return await handler(self, request, context)
        except Exception as exc:
            found = find_native_error(exc)
            if found is None:
                raise
            if isinstance(found, UnfinishedCreate):
                await context.abort_with_status(unfinished_create_status(found))
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
