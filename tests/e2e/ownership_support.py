"""The `ownership` program (tests/e2e/programs/ownership) and what must always hold of its jobs.

:func:`check_invariants` is the property of issue 25: each job resource in the state maps to exactly one job
on the server, carrying its own owner marker and claim; no two resources share a job.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from blaxel_pulumi.core.ownership import OWNER_LABEL, holder_of
from tests.e2e.blaxel_api import BlaxelApi
from tests.e2e.pulumi_cli import CommandResult, PulumiProject

PROGRAM = Path(__file__).parent / "programs" / "ownership"
TYPES = {"dynamic": "pulumi-python:dynamic/blaxel:Job", "native": "blaxel:index:Job"}
"""The job's type token on each face."""
PROJECT = "blaxel-ownership"


@dataclass(frozen=True)
class Declared:
    """One job resource of the program (the keys of its `jobs` config)."""

    resource: str
    image: str = "app:1"
    face: str = "dynamic"
    parent: str | None = None
    name: str | None = None
    adopt: bool | None = None
    memory: int = 2048
    display: str | None = None
    ignore: tuple[str, ...] = ()
    retain: bool | None = None
    aliases: tuple[str, ...] = field(default=())

    def urn(self, stack: str) -> str:
        """Its URN in ``stack``."""
        kind = TYPES[self.face]
        qualified = f"test:index:{self.parent}${kind}" if self.parent else kind
        return f"urn:pulumi:{stack}::{PROJECT}::{qualified}::{self.resource}"

    def moved(self, stack: str, **changes: Any) -> Declared:
        """The same resource with ``changes``, declaring where it was with an alias."""
        return replace(self, aliases=(self.urn(stack),), **changes)


def ownership_project(
    make_project: Callable[..., PulumiProject], blaxel: BlaxelApi, tmp_path: Path, stack: str = "dev"
) -> PulumiProject:
    """The program against ``blaxel``, the API's request log attached."""
    home = tmp_path / "user-home"
    home.mkdir(exist_ok=True)
    project = make_project(PROGRAM, env={**blaxel.env, "HOME": str(home)}, stack=stack)
    project.request_log = blaxel
    return project


def declare(project: PulumiProject, jobs: Sequence[Declared]) -> None:
    """Make the program declare ``jobs``."""
    plain = [{k: v for k, v in asdict(j).items() if v not in (None, (), False)} for j in jobs]
    project.config_set("jobs", json.dumps(plain))


def writes(result: CommandResult) -> list[str]:
    """What a command asked of Blaxel beyond reading."""
    return [f"{r['method']} {r['path']}" for r in result.requests if r["method"] != "GET"]


def state_jobs(project: PulumiProject) -> list[dict[str, Any]]:
    """The job resources of the state, both faces."""
    return [r for kind in TYPES.values() for r in project.resources(kind)]


def holders(blaxel: BlaxelApi) -> dict[str, str | None]:
    """The ownership label of each job on the server, by name."""
    return {
        name: (entry["job"]["metadata"].get("labels") or {}).get(OWNER_LABEL)
        for name, entry in blaxel.stored_jobs().items()
    }


def check_invariants(projects: Sequence[PulumiProject], blaxel: BlaxelApi) -> None:
    """Each job resource of each stack maps to exactly one job on the server, which carries its owner marker
    and claim; no two resources (of any stack) hold one job."""
    on_server = blaxel.stored_jobs()
    seen: dict[str, str] = {}
    for project in projects:
        for resource in state_jobs(project):
            name, urn, outputs = resource["id"], resource["urn"], resource["outputs"]
            assert name not in seen, f"{urn} and {seen[name]} both hold job {name}"
            seen[name] = urn
            assert name in on_server, f"{urn} holds job {name}, which is not on the server"
            holder = holder_of(on_server[name]["job"]["metadata"].get("labels"))
            assert holder.owner == outputs.get("owner"), f"job {name} is not {urn}'s: {holder}"
            if outputs.get("claim"):
                assert holder.claim == outputs["claim"], f"job {name} was taken from {urn}: {holder}"
