"""More calls at once in Pulumi's Python dynamic-provider process, so that deployment waits run in parallel.

The process that serves every ``pulumi-python:dynamic/...`` resource of a program (``python -m
pulumi.dynamic``, started by the engine) answers gRPC calls from ``ThreadPoolExecutor(max_workers=4)``. A
``create`` or ``update`` that waits for its job's rollout holds one of those threads for the whole wait, so
with the SDK as it is, 16 jobs whose rollouts take D seconds need 4 x D whatever ``--parallel`` says.

The process also exits when the engine that started it is gone (:func:`exit_with_engine`, run when a
provider module of this package is first loaded there: they all import this module). Two more things are
set then, so that the dynamic face reads like the native one on the engine's console:

* a failed call's error is its message alone (:func:`clean_errors`): the SDK's host sends
  ``traceback.format_exc()`` as the error of any call that raised, so a 403 came with the frames of every
  function it went through, and an unreachable API with ~90 lines of httpx frames. For a
  :class:`~blaxel_pulumi.errors.BlaxelError` (whose message names the job, the workspace and the fix) the
  engine now gets the message, and the traceback goes to the engine's debug channel under the resource:
  ``pulumi up --debug`` shows it. Any other exception is a bug of this package: its traceback stays.
* progress and warnings go to the engine's ``Log`` with the URN of the resource whose call is running
  (:func:`log_to_engine`), so they show on that resource's row, one message per call, instead of on the
  stack's row through the process's standard error (where two threads' lines could run together).
* a diff names the properties that changed (:func:`detailed_diffs`): the SDK's host builds its
  ``DiffResponse`` from ``changes``, ``replaces`` and ``deleteBeforeReplace`` only, so the engine compared
  the old and new inputs itself and ``pulumi preview --diff`` showed every input (the package's bookkeeping
  included: ``_state_version``, ``owner``, ``auto_name``) and every field of a block where one changed. A
  :class:`DetailedDiffResult` (what ``BlaxelJob``'s provider returns) also carries ``diffs`` and
  ``detailed_diff``, which the host's answer now includes, as the native face's does: the engine shows the
  changed fields only (``~ runtime: { ~ memory: 2048 => 3072 }``).

On its first call (``configure``), a provider of this package raises that pool's ``max_workers`` to
:data:`DEFAULT_THREADS` (or the configured number, see :func:`configured_threads`). Nothing else changes: no
resource moves to another provider and nothing in the state differs, so existing stacks are unaffected.

This relies on details of the SDK's host and of the standard library, checked before anything is changed:
the process runs ``pulumi.dynamic.__main__``, the current thread is a worker of a
``concurrent.futures.ThreadPoolExecutor`` (``Thread._args[0]``: a weak reference to its executor), and the
executor reads ``_max_workers`` when work is submitted (``_adjust_thread_count``). When any of it does not
hold, nothing is done (logged at debug level) and the SDK's 4 threads serve the calls, as before.
"""

from __future__ import annotations

import concurrent.futures
import concurrent.futures.thread
import importlib
import logging
import os
import sys
import threading
import traceback
import types
import weakref
from typing import TYPE_CHECKING, Any

from blaxel_pulumi.api.connect import in_host
from blaxel_pulumi.core.console import use_engine_log
from blaxel_pulumi.core.diff_result import DetailedDiffResult
from blaxel_pulumi.errors import BlaxelError

if TYPE_CHECKING:
    pass

__all__ = [
    "CONFIG_KEY",
    "DEFAULT_THREADS",
    "ENV_VAR",
    "MAX_THREADS",
    "clean_errors",
    "configured_threads",
    "current_urn",
    "detailed_diffs",
    "exit_with_engine",
    "host_pool",
    "log_to_engine",
    "warm_up",
    "widen_host_pool",
]

DEFAULT_THREADS = 32
"""Calls the provider process serves at once, by default (the SDK's own pool has 4)."""
MAX_THREADS = 256
"""The largest number accepted."""
CONFIG_KEY = "blaxel:providerThreads"
"""Stack config key of the number of calls served at once (an integer, 1 to :data:`MAX_THREADS`)."""
ENV_VAR = "BLAXEL_PULUMI_PROVIDER_THREADS"
"""Environment variable of the same, read when the stack config does not set it."""

_LOG = logging.getLogger(__name__)
_LOCK = threading.Lock()


def configured_threads(config_value: Any) -> tuple[int, str | None]:
    """The number of calls to serve at once: ``config_value`` (stack config :data:`CONFIG_KEY`), else
    :data:`ENV_VAR`, else :data:`DEFAULT_THREADS`; with a warning when the given value is not valid."""
    for raw, source in ((config_value, f"stack config {CONFIG_KEY}"), (os.environ.get(ENV_VAR), ENV_VAR)):
        if raw is None or str(raw).strip() == "":
            continue
        try:
            value = int(str(raw).strip())
        except ValueError:
            value = 0
        if 1 <= value <= MAX_THREADS:
            return value, None
        return DEFAULT_THREADS, (
            f"{source} is '{raw}', not a whole number from 1 to {MAX_THREADS}; using {DEFAULT_THREADS}. "
            f"Set it to e.g. 64 (the most rollout waits at once), or unset it."
        )
    return DEFAULT_THREADS, None


WARM_MODULES = ("blaxel_pulumi.core.job_operations",)
"""What the job provider's first check needs (pydantic, the models): imported ahead of it by :func:`warm_up`.
Not the HTTP client: a preview that sends no request never imports httpx."""


def _import_all(names: tuple[str, ...]) -> None:
    for name in names:
        try:
            importlib.import_module(name)
        except Exception:  # the call that needs it imports it again and reports the error
            _LOG.debug("warm-up import of %s failed", name, exc_info=True)
            return


def warm_up(names: tuple[str, ...] = WARM_MODULES) -> threading.Thread | None:
    """In the dynamic-provider process only, import ``names`` on a background thread.

    The stack identity's provider is the first one a program's resources call (every job waits for the
    identity's outputs), so its module starts this when the process loads it: the imports then overlap the
    engine's and the program's round trips instead of delaying the first job's check. Returns the thread
    (None outside the host process).
    """
    if not in_host():
        return None
    thread = threading.Thread(target=_import_all, args=(names,), name="blaxel-warm-up", daemon=True)
    thread.start()
    return thread


_WATCHING: list[threading.Thread] = []


def exit_with_engine() -> threading.Thread | None:
    """In the dynamic-provider process only, once: exit when the engine that started it is gone (see
    :mod:`blaxel_pulumi.core.lifeline`), so that a ``pulumi`` killed during a rollout wait leaves no provider
    process polling Blaxel behind. Returns the watching thread (None outside the host, or when the process's
    standard input is not the engine's pipe)."""
    if not in_host():
        return None
    with _LOCK:
        if not _WATCHING:
            from blaxel_pulumi.core.lifeline import watch_engine

            thread = watch_engine(sys.argv[1:])
            if thread is None:
                return None
            _WATCHING.append(thread)
        return _WATCHING[0]


def host_pool() -> concurrent.futures.ThreadPoolExecutor | None:
    """The thread pool serving the current call, when this thread is a worker of it in the SDK's
    dynamic-provider process; None in any other case (a test calling the provider directly, another host,
    a standard library or SDK whose internals differ)."""
    if not in_host():
        return None
    thread = threading.current_thread()
    worker = getattr(concurrent.futures.thread, "_worker", None)
    if worker is None or getattr(thread, "_target", None) is not worker:
        return None
    args = getattr(thread, "_args", None)
    ref = args[0] if isinstance(args, tuple) and args else None
    pool = ref() if isinstance(ref, weakref.ref) else None
    if not isinstance(pool, concurrent.futures.ThreadPoolExecutor):
        return None
    if not isinstance(getattr(pool, "_max_workers", None), int):
        return None
    if not callable(getattr(pool, "_adjust_thread_count", None)):
        return None
    return pool


def widen_host_pool(threads: int, pool: concurrent.futures.ThreadPoolExecutor | None = None) -> int | None:
    """Let the host's pool (``pool``, or :func:`host_pool`) run ``threads`` calls at once; never narrow it.

    Returns the pool's size after the call, or None when the pool was not found (nothing done).
    """
    pool = pool if pool is not None else host_pool()
    if pool is None:
        _LOG.debug("not in the dynamic-provider host's thread pool: its size is left as it is")
        return None
    with _LOCK:
        current: int = pool._max_workers  # checked by host_pool
        if threads > current:
            pool._max_workers = threads
            _LOG.debug("dynamic-provider host pool: %d -> %d threads", current, threads)
        return max(current, threads)


_RPCS = frozenset({"Check", "Diff", "Create", "Read", "Update", "Delete"})
"""The host's servicer methods that call a provider method (their ``request`` has the resource's ``urn``)."""


def _host_globals() -> dict[str, Any] | None:
    main = sys.modules.get("__main__")
    return vars(main) if main is not None and in_host() else None


def current_urn(frame: types.FrameType | None = None) -> str | None:
    """The URN of the resource whose call this thread serves, read from the host's servicer method up the
    stack (its ``request``), from ``frame`` (default: the caller's) upwards; None when there is none (not
    the host, another thread, an SDK whose host differs)."""
    host_globals = _host_globals()
    if host_globals is None:
        return None
    frame = frame if frame is not None else sys._getframe(1)
    while frame is not None:
        if frame.f_globals is host_globals and frame.f_code.co_name in _RPCS | {"wrapper"}:
            urn = getattr(frame.f_locals.get("request"), "urn", None)
            if isinstance(urn, str) and urn:
                return urn
        frame = frame.f_back
    return None


_ENGINE: list[Any] = []


def _engine_stub() -> Any:
    with _LOCK:
        if not _ENGINE:
            from blaxel_pulumi.core.lifeline import engine_address

            address = engine_address(sys.argv[1:])
            if address is None:
                raise RuntimeError("the engine's address is not among the provider's arguments")
            import grpc
            from pulumi.runtime._grpc_settings import _GRPC_CHANNEL_OPTIONS
            from pulumi.runtime.proto import engine_pb2_grpc

            channel = grpc.insecure_channel(f"{address[0]}:{address[1]}", options=_GRPC_CHANNEL_OPTIONS)
            _ENGINE.append(engine_pb2_grpc.EngineStub(channel))
        return _ENGINE[0]


def log_to_engine(severity: str, message: str, urn: str | None = None) -> bool:
    """In the host only: write ``message`` to the engine's console at ``severity`` (``debug``, ``info``,
    ``warning``, ``error``), attached to ``urn`` (default: :func:`current_urn`; the stack's row when there
    is none), in one ``Log`` call. Returns whether it was sent (never raises: the console is best effort)."""
    if not in_host():
        return False
    try:
        from pulumi.runtime.proto import engine_pb2

        levels = {
            "debug": engine_pb2.DEBUG,
            "info": engine_pb2.INFO,
            "warning": engine_pb2.WARNING,
            "error": engine_pb2.ERROR,
        }
        found = urn if urn is not None else current_urn(sys._getframe(1))
        request = engine_pb2.LogRequest(
            severity=levels.get(severity, engine_pb2.INFO), message=message, urn=found or ""
        )
        _engine_stub().Log(request, timeout=10)
    except Exception:  # the engine may be gone (killed during a wait): nothing to write to
        _LOG.debug("could not write to the engine's console", exc_info=True)
        return False
    return True


class _CleanTraceback(types.ModuleType):
    """The host module's ``traceback``: :meth:`format_exc` gives a :class:`BlaxelError`'s message alone."""

    def __getattr__(self, name: str) -> Any:
        return getattr(traceback, name)

    def format_exc(self, limit: int | None = None, chain: bool = True) -> str:
        """The current exception as the call's error: a :class:`BlaxelError`'s message (its traceback to the
        engine's debug channel, under the resource), any other exception's traceback."""
        full = traceback.format_exc(limit, chain)
        exc = sys.exc_info()[1]
        if not isinstance(exc, BlaxelError):
            return full
        caller = sys._getframe(1)
        urn = getattr(caller.f_locals.get("request"), "urn", None)
        log_to_engine("debug", f"blaxel: the traceback of the error below:\n{full}", urn or "")
        return str(exc)


def clean_errors() -> bool:
    """In the host only, once: a failed call's error is a :class:`BlaxelError`'s message alone (see the
    module's documentation). Returns whether the host's errors are clean (False outside the host, or when
    its module does not format errors with ``traceback.format_exc`` as expected: nothing is changed)."""
    host_globals = _host_globals()
    if host_globals is None:
        return False
    with _LOCK:
        current = host_globals.get("traceback")
        if isinstance(current, _CleanTraceback):
            return True
        if current is not traceback or not callable(host_globals.get("_abort_with_traceback")):
            _LOG.debug("the dynamic-provider host does not format errors as expected: left as it is")
            return False
        host_globals["traceback"] = _CleanTraceback("traceback", traceback.__doc__)
        return True


_DETAIL_FIELDS = ("diffs", "detailedDiff", "hasDetailedDiff")
"""The fields of the protocol's ``DiffResponse`` that :func:`detailed_diffs` fills in."""


class _DetailedDiffResponse:
    """The host module's ``proto.DiffResponse``: the protocol's class (its constants too), whose instances
    built by the servicer's ``Diff`` for a :class:`DetailedDiffResult` also carry its ``diffs`` and
    ``detailedDiff``."""

    def __init__(self, real: Any, property_diff: Any) -> None:
        self._real = real
        self._property_diff = property_diff

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def __call__(self, **fields: Any) -> Any:
        """The servicer's response, with the detail of the diff its ``Diff`` frame holds (``result``)."""
        caller = sys._getframe(1)
        in_diff = caller.f_code.co_name == "Diff" and caller.f_globals is _host_globals()
        result = caller.f_locals.get("result") if in_diff else None
        if isinstance(result, DetailedDiffResult) and fields.get("changes") == self._real.DIFF_SOME:
            try:
                detail = {
                    path: self._property_diff(kind=diff.kind.value, inputDiff=diff.input_diff)
                    for path, diff in result.detailed_diff.items()
                }
                diffs = list(result.diffs)
                return self._real(**fields, diffs=diffs, detailedDiff=detail, hasDetailedDiff=True)
            except Exception:  # never fail a diff over its detail: the engine then diffs the inputs itself
                _LOG.debug("the detailed diff could not be sent", exc_info=True)
        return self._real(**fields)


class _DetailedProto(types.ModuleType):
    """The host module's ``proto``: the SDK's, with :class:`_DetailedDiffResponse` as ``DiffResponse``."""

    def __init__(self, real: types.ModuleType) -> None:
        super().__init__(real.__name__, real.__doc__)
        self._real = real
        self.DiffResponse = _DetailedDiffResponse(real.DiffResponse, real.PropertyDiff)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


def detailed_diffs() -> bool:
    """In the host only, once: a :class:`DetailedDiffResult`'s ``diffs`` and ``detailed_diff`` reach the
    engine (see the module's documentation). Returns whether they do (False outside the host, or when its
    module does not build the diff's answer with ``proto.DiffResponse`` as expected, or the protocol lacks
    those fields: nothing is changed, and the engine diffs the inputs itself, as before)."""
    host_globals = _host_globals()
    if host_globals is None:
        return False
    with _LOCK:
        current = host_globals.get("proto")
        if isinstance(current, _DetailedProto):
            return True
        servicer = host_globals.get("DynamicResourceProviderServicer")
        response = getattr(current, "DiffResponse", None)
        descriptor = getattr(response, "DESCRIPTOR", None)
        fields = getattr(descriptor, "fields_by_name", {})
        if (
            not isinstance(current, types.ModuleType)
            or not callable(getattr(servicer, "Diff", None))
            or not callable(getattr(current, "PropertyDiff", None))
            or not all(name in fields for name in _DETAIL_FIELDS)
        ):
            _LOG.debug("the dynamic-provider host does not build diffs as expected: left as it is")
            return False
        host_globals["proto"] = _DetailedProto(current)
        return True


exit_with_engine()  # every provider module imports this one: in the provider process, watch the engine
clean_errors()
detailed_diffs()
use_engine_log(log_to_engine)
