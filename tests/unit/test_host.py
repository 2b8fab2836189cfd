"""The provider process's thread pool: found only where expected, widened, never narrowed; the setting."""

from __future__ import annotations

import asyncio
import sys
import threading
import types
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from blaxel_pulumi.api.connect import HOST_MODULE
from blaxel_pulumi.provider import host


@pytest.fixture
def in_host(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend this process runs the SDK's dynamic-provider host (`python -m pulumi.dynamic`)."""
    main = types.ModuleType("__main__")
    main.__spec__ = types.SimpleNamespace(name=HOST_MODULE)  # type: ignore[assignment]
    monkeypatch.setitem(sys.modules, "__main__", main)


def test_the_pool_is_found_from_a_worker_of_the_host_only(in_host: None) -> None:
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert pool.submit(host.host_pool).result() is pool
    assert host.host_pool() is None  # not a pool worker


def test_outside_the_host_nothing_is_found() -> None:
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert pool.submit(host.host_pool).result() is None  # pytest is not pulumi.dynamic
        assert pool.submit(host.widen_host_pool, 32).result() is None


def test_widening_lets_more_calls_run_at_once_and_never_narrows(in_host: None) -> None:
    with ThreadPoolExecutor(max_workers=2) as pool:
        assert pool.submit(host.widen_host_pool, 8).result() == 8
        assert pool.submit(host.widen_host_pool, 3).result() == 8
        barrier = threading.Barrier(8, timeout=10)  # breaks (and fails the test) unless 8 run at once
        assert all(f.result() is not None for f in [pool.submit(barrier.wait) for _ in range(8)])


@pytest.mark.parametrize(
    ("config", "env", "expected", "warned"),
    [
        (None, None, host.DEFAULT_THREADS, False),
        ("64", None, 64, False),
        (None, "12", 12, False),
        ("6", "12", 6, False),
        ("", "12", 12, False),
        ("0", None, host.DEFAULT_THREADS, True),
        ("many", None, host.DEFAULT_THREADS, True),
        (None, "1000", host.DEFAULT_THREADS, True),
    ],
)
def test_the_setting_comes_from_config_then_environment(
    monkeypatch: pytest.MonkeyPatch, config: str | None, env: str | None, expected: int, warned: bool
) -> None:
    if env is None:
        monkeypatch.delenv(host.ENV_VAR, raising=False)
    else:
        monkeypatch.setenv(host.ENV_VAR, env)
    threads, problem = host.configured_threads(config)
    assert threads == expected
    assert (problem is not None) is warned
    if problem is not None:
        assert "whole number from 1 to 256" in problem


def test_the_warm_up_imports_in_the_background_in_the_host_only(
    in_host: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delitem(sys.modules, "colorsys", raising=False)
    thread = host.warm_up(("colorsys",))
    assert thread is not None
    thread.join(timeout=30)
    assert "colorsys" in sys.modules


def test_no_warm_up_outside_the_host() -> None:
    assert host.warm_up(("colorsys",)) is None


def test_a_failed_warm_up_import_is_left_to_the_call_that_needs_it(in_host: None) -> None:
    thread = host.warm_up(("blaxel_pulumi.no_such_module",))
    assert thread is not None
    thread.join(timeout=30)  # no exception escapes the thread; nothing imported
    assert "blaxel_pulumi.no_such_module" not in sys.modules


@pytest.fixture
def host_module(monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    """A stand-in for the SDK's host module as `__main__`: it formats a call's error as the SDK does."""
    import traceback

    main = types.ModuleType("__main__")
    main.__spec__ = types.SimpleNamespace(name=HOST_MODULE)  # type: ignore[assignment]
    source = (
        "def _abort_with_traceback(fn):\n"
        "    def wrapper(self, request, context):\n"
        "        try:\n"
        "            return fn(self, request, context)\n"
        "        except Exception:\n"
        "            return traceback.format_exc()\n"
        "    return wrapper\n"
    )
    main.traceback = traceback  # type: ignore[attr-defined]
    exec(compile(source, "<host>", "exec"), vars(main))  # noqa: S102 - a module of known text
    monkeypatch.setitem(sys.modules, "__main__", main)
    return main


def test_a_blaxel_error_becomes_its_message_alone_and_a_bug_keeps_its_traceback(
    host_module: types.ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    from blaxel_pulumi.errors import Forbidden

    logged: list[tuple[str, str, str | None]] = []

    def log(severity: str, message: str, urn: str | None = None) -> bool:
        logged.append((severity, message, urn))
        return True

    monkeypatch.setattr(host, "log_to_engine", log)
    assert host.clean_errors() and host.clean_errors()  # once; a second call changes nothing

    def failing(_self: object, _request: object, _context: object) -> None:
        raise Forbidden(
            "403 from Blaxel on POST /jobs: the key has no access.", status=403, method="POST", path="/jobs"
        )

    def buggy(_self: object, _request: object, _context: object) -> None:
        raise KeyError("oops")

    request = types.SimpleNamespace(urn="urn:pulumi:dev::p::pulumi-python:dynamic/blaxel:Job::j")
    wrapper = host_module._abort_with_traceback
    assert wrapper(failing)(None, request, None) == "403 from Blaxel on POST /jobs: the key has no access."
    assert [(s, u) for s, _m, u in logged] == [("debug", request.urn)]
    assert "Traceback (most recent call last):" in logged[0][1]
    bug = wrapper(buggy)(None, request, None)
    assert bug.startswith("Traceback (most recent call last):") and "KeyError: 'oops'" in bug


def test_errors_are_left_alone_outside_the_host_or_in_a_host_that_differs(
    host_module: types.ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    del host_module._abort_with_traceback
    assert not host.clean_errors()
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
    assert not host.clean_errors()


def test_the_urn_is_that_of_the_call_this_thread_serves(host_module: types.ModuleType) -> None:
    def Create(_self: object, request: object, _context: object) -> str | None:
        return host.current_urn()

    host_module.host = host  # type: ignore[attr-defined]
    served = types.FunctionType(Create.__code__, vars(host_module))  # a servicer method of the host module
    request = types.SimpleNamespace(urn="urn:pulumi:dev::p::pulumi-python:dynamic/blaxel:Job::j")
    assert served(None, request, None) == request.urn
    assert Create(None, request, None) is None  # not the host's method


@pytest.fixture
def sdk_host(monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    """The installed SDK's own host module (`pulumi/dynamic/__main__.py`) as `__main__`, loaded as the
    provider process loads it but without serving (its last line, `main()`, is left out)."""
    import pulumi.dynamic

    path = Path(pulumi.dynamic.__file__).with_name("__main__.py")
    source = path.read_text(encoding="utf-8").rstrip()
    assert source.endswith("\nmain()"), "the SDK's host module no longer ends by serving"
    main = types.ModuleType("__main__")
    main.__spec__ = types.SimpleNamespace(name=HOST_MODULE)  # type: ignore[assignment]
    main.__file__ = str(path)
    exec(compile(source[: -len("main()")], str(path), "exec"), vars(main))  # noqa: S102 - the SDK's file
    main.configure = lambda _settings: None  # type: ignore[attr-defined]  # the test process's runtime stays
    monkeypatch.setitem(sys.modules, "__main__", main)
    return main


def _diff(host_module: types.ModuleType, memory: int) -> Any:
    """The host servicer's answer to the engine's `Diff` of a job stored with 2048 MB, now ``memory``."""
    from pulumi.dynamic.dynamic import serialize_provider
    from pulumi.runtime import proto, rpc

    from blaxel_pulumi.provider.provider import BlaxelJobProvider

    pickled = serialize_provider(BlaxelJobProvider())
    provider = BlaxelJobProvider.with_config(
        {"blaxel:apiKey": "k", "blaxel:workspace": "w", "blaxel:apiUrl": "http://127.0.0.1:9/v0"}
    )

    def inputs(mb: int) -> dict[str, Any]:
        news = {"name": "etl", "runtime": {"image": "registry/etl:1", "memory": mb}}
        checked = provider.check({}, news)
        assert not checked.failures, checked.failures
        return {**checked.inputs, "owner": "o" * 32, "auto_name": "etl", "__provider": pickled}

    olds, news = (asyncio.run(rpc.serialize_properties(p, {})) for p in (inputs(2048), inputs(memory)))
    request = proto.DiffRequest(id="etl", urn="urn:pulumi:dev::p::pulumi-python:dynamic/blaxel:Job::etl")
    request.olds.CopyFrom(olds)
    request.news.CopyFrom(news)
    return host_module.DynamicResourceProviderServicer().Diff(request, None)


def test_the_sdk_hosts_diff_names_the_changed_fields_as_the_native_face_does(
    sdk_host: types.ModuleType,
) -> None:
    from pulumi.runtime import proto

    before = _diff(sdk_host, 3072)  # the SDK's answer: a change, not where
    assert before.changes == proto.DiffResponse.DIFF_SOME and not before.hasDetailedDiff

    assert host.detailed_diffs() and host.detailed_diffs()  # once; a second call changes nothing

    after = _diff(sdk_host, 3072)
    assert after.changes == proto.DiffResponse.DIFF_SOME
    assert after.hasDetailedDiff and list(after.diffs) == ["runtime"]
    assert {k: (v.kind, v.inputDiff) for k, v in after.detailedDiff.items()} == {
        "runtime.memory": (proto.PropertyDiff.UPDATE, False)
    }
    same = _diff(sdk_host, 2048)
    assert same.changes == proto.DiffResponse.DIFF_NONE and not same.hasDetailedDiff
    assert sdk_host.proto.DiffResponse.DIFF_SOME == proto.DiffResponse.DIFF_SOME  # constants pass through


def test_diffs_are_left_as_the_sdk_makes_them_in_a_host_that_differs(
    sdk_host: types.ModuleType, host_module: types.ModuleType
) -> None:
    assert not host.detailed_diffs()  # `host_module`: no `proto`, no servicer
    sdk_host.proto = types.ModuleType("proto")  # type: ignore[attr-defined]
    sys.modules["__main__"] = sdk_host
    assert not host.detailed_diffs()
    assert isinstance(sdk_host.proto, types.ModuleType) and not hasattr(sdk_host.proto, "DiffResponse")
