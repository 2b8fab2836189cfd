"""Fixtures of the end-to-end suite: the real pulumi CLI, a local Blaxel API per test, project copies.

* `bin_dir`: the real CLI (the test fails, never skips, without it).
* `make_project(source, env=...)`: a copy of a Pulumi project with its own backend and stack.
* `blaxel`: a local Blaxel API over real HTTP for this test only (own SQLite file, rollouts settled at once);
  `start_blaxel(extra_keys=...)` starts one with more API keys.
* `example_project(name, blaxel, config=..., secrets=...)`: a copy of `examples/<name>` pointed at a local
  Blaxel API (environment `BL_API_URL`, `BL_WORKSPACE`, `BL_API_KEY`), its stack config set, and the API's
  request log attached so that every command's `requests` says what it sent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

import pytest

from blaxel_pulumi.emulator import ApiKey
from tests.e2e.blaxel_api import BlaxelApi, ExampleProject, StartBlaxel
from tests.e2e.pulumi_cli import (
    API_CALLS,
    EXAMPLES,
    EXECUTION_POSTS,
    RUNS,
    PulumiProject,
    PulumiUnavailable,
    pulumi_bin_dir,
)

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


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say how many end-to-end scenarios ran, how many pulumi commands they ran, by operation, and what
    those asked of the local Blaxel API."""
    outcomes: dict[str, int] = {}
    for outcome in ("passed", "failed", "error", "skipped", "xfailed", "xpassed"):
        for report in terminalreporter.stats.get(outcome, []):
            keywords = getattr(report, "keywords", {})
            if "e2e" in keywords and (report.when == "call" or outcome in ("error", "skipped")):
                outcomes[outcome] = outcomes.get(outcome, 0) + 1
    if outcomes:
        terminalreporter.section("end-to-end scenarios (pytest -m e2e)")
        total = sum(outcomes.values())
        detail = ", ".join(f"{n} {outcome}" for outcome, n in outcomes.items())
        terminalreporter.write_line(f"{total} end-to-end scenarios ran: {detail}")
    if EXECUTION_POSTS:
        terminalreporter.section("executions started per scenario (POST /v0/jobs/{job}/executions)")
        for scenario, intended, started, attempts, seconds in EXECUTION_POSTS:
            terminalreporter.write_line(
                f"{scenario}: runs intended {intended}, executions started {started}, POST attempts "
                f"{attempts}, {seconds:.1f} s"
            )
    if not RUNS:
        return
    by_op: dict[str, list[float]] = {}
    for op, seconds, _rc in RUNS:
        by_op.setdefault(op.split()[0] if op else "?", []).append(seconds)
    terminalreporter.section("real pulumi CLI commands run")
    for op, times in sorted(by_op.items()):
        terminalreporter.write_line(f"pulumi {op:<10} x{len(times):<4} {sum(times):7.1f} s")
    if not API_CALLS:
        return
    runs: dict[tuple[str, str], list[dict[str, int]]] = {}
    for command, engine_ops, methods in API_CALLS:
        runs.setdefault((command, engine_ops), []).append(methods)
    terminalreporter.section("requests to the local Blaxel API, by command and engine operations on jobs")
    terminalreporter.write_line(f"{'command':<8} {'engine ops':<52} {'runs':>4}  requests per run")
    for (command, engine_ops), seen in sorted(runs.items()):
        per_run = []
        for method in sorted({m for counts in seen for m in counts}):
            values = sorted({counts.get(method, 0) for counts in seen})
            shown = str(values[0]) if len(values) == 1 else f"{values[0]}-{values[-1]}"
            per_run.append(f"{method} {shown}")
        terminalreporter.write_line(
            f"{command:<8} {engine_ops:<52} {len(seen):>4}  {', '.join(per_run) or 'none'}"
        )


@pytest.fixture(scope="session")
def bin_dir() -> Path:
    """The directory of the real pulumi CLI (fails the test, never skips, when it cannot be had)."""
    return _resolve_bin_dir()


@pytest.fixture
def make_project(bin_dir: Path, tmp_path: Path) -> Callable[..., PulumiProject]:
    """Factory: copy a Pulumi project into tmp_path and init its stack."""

    def factory(source: Path, env: dict[str, str] | None = None, stack: str = "dev") -> PulumiProject:
        return PulumiProject.from_dir(source, tmp_path, bin_dir, env, stack)

    return factory


@pytest.fixture
def start_blaxel(tmp_path: Path) -> Iterator[StartBlaxel]:
    """Factory: start a local Blaxel API (own SQLite file under tmp_path, `deploy_seconds=0`)."""
    started: list[BlaxelApi] = []

    def start(*, extra_keys: Sequence[ApiKey] = ()) -> BlaxelApi:
        directory = tmp_path / f"blaxel-api-{len(started)}"
        directory.mkdir()
        api = BlaxelApi(directory / "jobs.sqlite", extra_keys=extra_keys).start()
        started.append(api)
        return api

    yield start
    for api in started:
        api.stop()


@pytest.fixture
def blaxel(start_blaxel: StartBlaxel) -> BlaxelApi:
    """A local Blaxel API for this test only (workspace `local`, key `local-dev-key`)."""
    return start_blaxel()


@pytest.fixture
def example_project(make_project: Callable[..., PulumiProject], tmp_path: Path) -> ExampleProject:
    """Factory: a copy of `examples/<example>` using ``api`` (its environment, unless ``env`` replaces
    it), with stack ``config`` and ``secrets`` set and the API's request log attached."""

    def factory(
        example: str,
        api: BlaxelApi,
        *,
        config: Mapping[str, str] = {},
        secrets: Mapping[str, str] = {},
        env: Mapping[str, str] | None = None,
    ) -> PulumiProject:
        user_home = tmp_path / "user-home"  # no ~/.blaxel/config.yaml of the machine can leak in
        user_home.mkdir(exist_ok=True)
        project_env = {**(api.env if env is None else env), "HOME": str(user_home)}
        project = make_project(EXAMPLES / example, env=project_env)
        project.request_log = api
        for key, value in config.items():
            project.config_set(key, value)
        for key, value in secrets.items():
            project.config_set(key, value, secret=True)
        return project

    return factory
