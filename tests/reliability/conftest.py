"""Fixtures of the reliability suite: the real pulumi CLI, the local Blaxel API (in-process or subprocess)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from blaxel_pulumi.emulator import EmulatorConfig, EmulatorServer
from blaxel_pulumi.emulator.process import EmulatorProcess
from tests.e2e.pulumi_cli import RUNS, PulumiProject, PulumiUnavailable, pulumi_bin_dir
from tests.reliability.support import SCENARIOS, LocalApi, RestartableApi

MakeProject = Callable[..., PulumiProject]
MakeApi = Callable[..., LocalApi]
MakeProcess = Callable[..., RestartableApi]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print what each reliability scenario did: pulumi runs, faults injected, outcome."""
    if not SCENARIOS:
        return
    terminalreporter.section("reliability scenarios")
    for s in SCENARIOS:
        terminalreporter.write_line(
            f"{s.name} | {s.seconds:.1f} s | runs: {s.runs} | faults: {s.faults} | outcome: {s.outcome}"
        )
    terminalreporter.write_line(f"pulumi commands run in this session: {len(RUNS)}")


@pytest.fixture(scope="session")
def bin_dir() -> Path:
    """The directory of the real pulumi CLI (the test fails, never skips, when it cannot be had)."""
    try:
        return pulumi_bin_dir()
    except PulumiUnavailable as exc:
        pytest.fail(f"the real pulumi CLI is required and could not be obtained: {exc}", pytrace=False)


@pytest.fixture
def make_project(bin_dir: Path, tmp_path: Path) -> MakeProject:
    """Factory: a copy of a Pulumi project with its own backend, PULUMI_HOME and HOME, its stack initialised.

    HOME points into the test's directory so that no real `~/.blaxel/config.yaml` is ever read.
    """
    counter = itertools.count()

    def factory(source: Path, env: Mapping[str, str] | None = None, stack: str = "dev") -> PulumiProject:
        root = tmp_path / f"project-{next(counter)}"
        (root / "user-home").mkdir(parents=True)
        full_env = {"HOME": str(root / "user-home"), **(env or {})}
        return PulumiProject.from_dir(source, root, bin_dir, full_env, stack)

    return factory


@pytest.fixture
def local_api(tmp_path: Path) -> Iterator[MakeApi]:
    """Factory: an in-process local Blaxel API on a SQLite file of the test (stopped at teardown).

    Keyword arguments are `EmulatorConfig` fields (`keys`, `deploy_seconds`, ...).
    """
    servers: list[EmulatorServer] = []
    counter = itertools.count()

    def factory(**config: Any) -> LocalApi:
        config.setdefault("db_path", tmp_path / f"api-{next(counter)}.sqlite")
        server = EmulatorServer(EmulatorConfig(**config)).start()
        servers.append(server)
        first = server.config.keys[0]
        return LocalApi(url=server.url, workspace=first.workspace, key=first.key)

    yield factory
    for server in servers:
        server.stop()


@pytest.fixture
def emulator_process(tmp_path: Path) -> Iterator[MakeProcess]:
    """Factory: the local Blaxel API as a subprocess on a SQLite file of the test (stopped at teardown)."""
    made: list[EmulatorProcess] = []

    def factory(*args: str) -> RestartableApi:
        process = EmulatorProcess(tmp_path / f"emulator-{len(made)}", args=args)
        made.append(process)
        return RestartableApi(process)

    yield factory
    for process in made:
        process.stop()
