"""Drive the real `pulumi` CLI for the benchmarks: a local file backend, a throwaway passphrase, timing.

Each project is copied once into the run's work directory; every stack of it keeps its own
``Pulumi.<stack>.yaml`` there. The environment is the one of the e2e tests (tests/e2e/pulumi_cli.py): the
virtualenv's ``bin`` first on ``PATH`` (the Python language host resolves ``python`` from ``PATH``), then the
directory of ``pulumi``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
PASSPHRASE = "bench-throwaway-passphrase"  # noqa: S105 - a throwaway passphrase for a local file backend
COMMAND_TIMEOUT = 600.0
"""Longest any single pulumi command may take, in seconds."""


class PulumiUnavailableError(RuntimeError):
    """The pulumi CLI could not be found."""


class CommandFailedError(RuntimeError):
    """A pulumi command exited non-zero."""


def find_pulumi_bin_dir(given: str | None = None) -> Path:
    """The directory of `pulumi`: ``given``, ``BLAXEL_PULUMI_BIN_DIR``, PATH, or install-pulumi.sh."""
    candidates = [given, os.environ.get("BLAXEL_PULUMI_BIN_DIR")]
    on_path = shutil.which("pulumi")
    candidates.append(str(Path(on_path).parent) if on_path else None)
    for candidate in candidates:
        if candidate and (Path(candidate) / "pulumi").is_file():
            return Path(candidate)
    proc = subprocess.run(
        [str(REPO_ROOT / "scripts" / "install-pulumi.sh")], capture_output=True, text=True, check=False
    )
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines or not (Path(lines[-1]) / "pulumi").is_file():
        raise PulumiUnavailableError(
            f"no pulumi CLI found: run `make pulumi` or put pulumi on PATH ({proc.stderr.strip()[-2000:]})"
        )
    return Path(lines[-1])


def pulumi_version(bin_dir: Path) -> str:
    """`pulumi version` of the CLI in ``bin_dir``."""
    proc = subprocess.run([str(bin_dir / "pulumi"), "version"], capture_output=True, text=True, check=True)
    return proc.stdout.strip()


@dataclass(frozen=True)
class Timed:
    """One command: its arguments, exit code, output and wall time."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str
    seconds: float


@dataclass
class Workspace:
    """A run's work directory: the backend, PULUMI_HOME and one copy of each project."""

    root: Path
    bin_dir: Path
    env_extra: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        (self.root / "backend").mkdir(parents=True, exist_ok=True)
        (self.root / "home").mkdir(parents=True, exist_ok=True)

    def env(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        """The environment of every pulumi command."""
        venv_bin = str(Path(sys.executable).parent)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PULUMI_", "BL_"))}
        env.update(
            {
                "PATH": os.pathsep.join([venv_bin, str(self.bin_dir), env.get("PATH", "")]),
                "PULUMI_HOME": str(self.root / "home"),
                "PULUMI_BACKEND_URL": f"file://{self.root / 'backend'}",
                "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
                "PULUMI_SKIP_UPDATE_CHECK": "true",
                "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
                "PULUMI_SKIP_CONFIRMATIONS": "true",
                "NO_COLOR": "1",
            }
        )
        env.update(self.env_extra)
        env.update(extra or {})
        return env

    def project(self, source: Path) -> Path:
        """Copy the project ``source`` into the work directory once; return the copy."""
        target = self.root / source.name
        if not target.exists():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("Pulumi.*.yaml", "__pycache__"))
        return target


@dataclass
class Stack:
    """One stack of one project copy in a :class:`Workspace`."""

    workspace: Workspace
    project_dir: Path
    name: str
    env_extra: dict[str, str] = field(default_factory=dict)

    def run(self, *args: str, stdin: str | None = None, check: bool = True) -> Timed:
        """Run `pulumi <args> --non-interactive --stack <name>` and time it."""
        argv = [str(self.workspace.bin_dir / "pulumi"), *args, "--non-interactive", "--stack", self.name]
        started = time.perf_counter()
        proc = subprocess.run(
            argv,
            cwd=self.project_dir,
            env=self.workspace.env(self.env_extra),
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT,
            input=stdin,
            check=False,
        )
        result = Timed(tuple(args), proc.returncode, proc.stdout, proc.stderr, time.perf_counter() - started)
        if check and proc.returncode != 0:
            raise CommandFailedError(
                f"`pulumi {' '.join(args)}` ({self.project_dir.name}/{self.name}) exited {proc.returncode} "
                f"after {result.seconds:.1f}s\n--- stdout ---\n{proc.stdout[-4000:]}\n"
                f"--- stderr ---\n{proc.stderr[-4000:]}"
            )
        return result

    def init(self, config: Mapping[str, str]) -> None:
        """`pulumi stack init` and one `config set-all` with ``config`` (plain values)."""
        self.run("stack", "init")
        self.set_config(config)

    def set_config(self, config: Mapping[str, str]) -> None:
        """Set plain values of the project's namespace in ``Pulumi.<stack>.yaml`` (what `pulumi config set`
        writes, without starting a CLI process per change)."""
        path = self.project_dir / f"Pulumi.{self.name}.yaml"
        document: dict[str, Any] = (
            yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
        ) or {}
        namespace = yaml.safe_load((self.project_dir / "Pulumi.yaml").read_text(encoding="utf-8"))["name"]
        values = document.setdefault("config", {})
        values.update({f"{namespace}:{key}": str(value) for key, value in config.items()})
        path.write_text(yaml.safe_dump(document, sort_keys=True), encoding="utf-8")

    def preview(self, *extra: str) -> Timed:
        """`pulumi preview`."""
        return self.run("preview", *extra)

    def up(self, *extra: str) -> Timed:
        """`pulumi up --yes --skip-preview`."""
        return self.run("up", "--yes", "--skip-preview", *extra)

    def refresh(self, *extra: str) -> Timed:
        """`pulumi refresh --yes --skip-preview`."""
        return self.run("refresh", "--yes", "--skip-preview", *extra)

    def destroy(self, *extra: str) -> Timed:
        """`pulumi destroy --yes --skip-preview`."""
        return self.run("destroy", "--yes", "--skip-preview", *extra)

    def export(self) -> str:
        """The raw text of `pulumi stack export`."""
        return self.run("stack", "export").stdout

    def remove(self) -> None:
        """`pulumi stack rm --force --yes` (state only)."""
        self.run("stack", "rm", "--force", "--yes", check=False)
