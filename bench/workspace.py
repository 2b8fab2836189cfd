"""A benchmark run's work directory: one file backend, one PULUMI_HOME, one copy of each project, its stacks.

Each stack is a :class:`~tests.e2e.pulumi_cli.PulumiProject` of the e2e tests' driver of the `pulumi` CLI
(the one driver: same environment, same runner, each command's wall time in ``seconds``). The benchmarks
run the console-text forms of `preview`, `up`, `refresh` and `destroy` (no ``--json``), as a user would.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from tests.e2e.pulumi_cli import PulumiProject

__all__ = ["DESTROY", "PREVIEW", "REFRESH", "UP", "Workspace"]

PREVIEW = ("preview",)
UP = ("up", "--yes", "--skip-preview")
REFRESH = ("refresh", "--yes", "--skip-preview")
DESTROY = ("destroy", "--yes", "--skip-preview")


@dataclass(frozen=True)
class Workspace:
    """The work directory ``root`` of a run, the CLI in ``bin_dir``, and ``env`` for every command."""

    root: Path
    bin_dir: Path
    env: Mapping[str, str] = field(default_factory=dict)

    def stack(
        self, source: Path, name: str, config: Mapping[str, str], env: Mapping[str, str] | None = None
    ) -> PulumiProject:
        """A new stack ``name`` of the project ``source`` (copied once), with plain ``config`` values."""
        project = PulumiProject.from_dir(source, self.root, self.bin_dir, {**self.env, **(env or {})}, name)
        project.write_config(config)
        return project
