"""The figures the suites collect as they run (pulumi commands, requests to the local API, executions
started, reliability scenarios), carried from pytest-xdist's workers to the process that prints the
session's summaries.

Each test appends to module-level lists (:data:`tests.e2e.pulumi_cli.RUNS`, ...). Without xdist those
lists are the summaries' own. With it, each worker attaches what its test added to the test's teardown
report (``user_properties``, which xdist sends to the controller), and the controller appends it to its
own lists: the summaries then count every test of every worker, once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Generator
from typing import Any

import pytest

from tests.e2e.pulumi_cli import API_CALLS, EXECUTION_POSTS, RUNS
from tests.reliability.support import SCENARIOS, Scenario

FIGURES = "session-figures"
"""The name of the user property that carries a test's figures."""
_LISTS: dict[str, list[Any]] = {
    "runs": RUNS,
    "api_calls": API_CALLS,
    "execution_posts": EXECUTION_POSTS,
    "scenarios": SCENARIOS,
}
_sent = dict.fromkeys(_LISTS, 0)


def _plain(entry: Any) -> Any:
    """An entry as xdist can send it (tuples and dicts of plain values)."""
    return dataclasses.astuple(entry) if isinstance(entry, Scenario) else entry


def _restored(kind: str, entry: Any) -> Any:
    return Scenario(*entry) if kind == "scenarios" else tuple(entry)


def _is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def _has_workers(config: pytest.Config) -> bool:
    return not _is_worker(config) and bool(getattr(config.option, "numprocesses", None))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, None]:
    """On a worker: attach to each teardown report what the test added to the lists."""
    outcome = yield
    if call.when != "teardown" or not _is_worker(item.config):
        return
    added = {}
    for kind, entries in _LISTS.items():
        added[kind] = [_plain(e) for e in entries[_sent[kind] :]]
        _sent[kind] = len(entries)
    if any(added.values()):
        outcome.get_result().user_properties.append((FIGURES, added))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """On the controller of xdist workers: take the figures a worker's test report carries."""
    if report.when != "teardown" or not _CONFIG or not _has_workers(_CONFIG[0]):
        return
    for name, value in report.user_properties:
        if name == FIGURES and isinstance(value, dict):
            for kind, entries in value.items():
                _LISTS[kind].extend(_restored(kind, e) for e in entries)


_CONFIG: list[pytest.Config] = []


def pytest_configure(config: pytest.Config) -> None:
    """Keep the session's config (the logreport hook has none)."""
    _CONFIG[:] = [config]
