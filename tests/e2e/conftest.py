"""Fixtures of the end-to-end suite: the real pulumi CLI, and a project copy per test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.e2e.pulumi_cli import RUNS, PulumiProject, PulumiUnavailable, pulumi_bin_dir, pulumi_version

_BIN_DIR: Path | None = None
_BIN_ERROR: str | None = None


def _resolve_bin_dir() -> Path:
    global _BIN_DIR, _BIN_ERROR
    if _BIN_DIR is None and _BIN_ERROR is None:
        try:
            _BIN_DIR = pulumi_bin_dir()
        except PulumiUnavailable as exc:
            _BIN_ERROR = str(exc)
    if _BIN_DIR is None:
        pytest.fail(f"the real pulumi CLI is required and could not be obtained: {_BIN_ERROR}", pytrace=False)
    return _BIN_DIR


def pytest_report_header(config: pytest.Config) -> list[str]:
    """Show the engine's version in the session header."""
    try:
        bin_dir = pulumi_bin_dir()
    except PulumiUnavailable as exc:
        return [f"pulumi CLI: UNAVAILABLE ({str(exc).splitlines()[0]})"]
    return [f"pulumi CLI: {pulumi_version(bin_dir)} ({bin_dir})"]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say how many pulumi commands ran, by operation."""
    if not RUNS:
        return
    by_op: dict[str, list[float]] = {}
    for op, seconds, _rc in RUNS:
        by_op.setdefault(op.split()[0] if op else "?", []).append(seconds)
    terminalreporter.section("real pulumi CLI commands run")
    for op, times in sorted(by_op.items()):
        terminalreporter.write_line(f"pulumi {op:<10} x{len(times):<4} {sum(times):7.1f} s")


@pytest.fixture(scope="session")
def bin_dir() -> Path:
    """The directory of the real pulumi CLI (fails the test, never skips, when it cannot be had)."""
    return _resolve_bin_dir()


@pytest.fixture
def make_project(bin_dir: Path, tmp_path: Path) -> Iterator[Callable[..., PulumiProject]]:
    """Factory: copy a Pulumi project into tmp_path and init its stack."""
    made: list[PulumiProject] = []

    def factory(source: Path, env: dict[str, str] | None = None, stack: str = "dev") -> PulumiProject:
        project = PulumiProject.from_dir(source, tmp_path, bin_dir, env, stack)
        made.append(project)
        return project

    yield factory
