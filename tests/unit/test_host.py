"""The provider process's thread pool: found only where expected, widened, never narrowed; the setting."""

from __future__ import annotations

import sys
import threading
import types
from concurrent.futures import ThreadPoolExecutor

import pytest

from blaxel_pulumi.provider import host


@pytest.fixture
def in_host(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend this process runs the SDK's dynamic-provider host (`python -m pulumi.dynamic`)."""
    main = types.ModuleType("__main__")
    main.__spec__ = types.SimpleNamespace(name=host.HOST_MODULE)  # type: ignore[assignment]
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
