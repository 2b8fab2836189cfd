"""The `ownership` program (tests/e2e/programs/ownership) and what must always hold of its objects.

:func:`check_invariants` is the property of issue 25: each resource in the state (a job's, or any other
kind's) maps to exactly one object of its kind on the server, carrying its own owner marker and claim; no two
resources share an object.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from blaxel_pulumi.core.job_kind import JOB
from blaxel_pulumi.core.object_kinds import OBJECT_RESOURCE_KINDS
from blaxel_pulumi.core.ownership import OWNER_LABEL, holder_of
from blaxel_pulumi.core.resource_kind import ResourceKind
from tests.e2e.blaxel_api import BlaxelApi
from tests.e2e.pulumi_cli import CommandResult, PulumiProject

PROGRAM = Path(__file__).parent / "programs" / "ownership"
KINDS: dict[str, ResourceKind[Any]] = {JOB.api.word: JOB, **OBJECT_RESOURCE_KINDS}
"""Every kind the program declares, by its word (``job``, ``policy``, ``volume``, ...)."""


def types_of(kind: str) -> dict[str, str]:
    """The type token of a resource of ``kind`` on each face (``dynamic``: ``Blaxel<Kind>``; ``native``:
    ``blaxel:index:<Kind>``)."""
    title = KINDS[kind].api.model.__name__
    return {"dynamic": f"pulumi-python:dynamic/blaxel:{title}", "native": f"blaxel:index:{title}"}


TYPES = types_of("job")
"""The job's type token on each face."""
PROJECT = "blaxel-ownership"


@dataclass(frozen=True)
class Declared:
    """One resource of the program (the keys of its `jobs` config): a job unless ``kind`` says otherwise."""

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
    kind: str = "job"
    """Its kind's word (a key of :data:`KINDS`)."""

    def urn(self, stack: str) -> str:
        """Its URN in ``stack``."""
        kind = types_of(self.kind)[self.face]
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


def state_objects(project: PulumiProject) -> dict[str, list[dict[str, Any]]]:
    """The resources of the state of every kind (both faces), by kind (one export of the state)."""
    resources = project.export_stack()["deployment"].get("resources") or []
    return {
        kind: [r for r in resources if r.get("type") in types_of(kind).values()] for kind in sorted(KINDS)
    }


def stored_objects(blaxel: BlaxelApi, kind: str) -> dict[str, dict[str, Any]]:
    """The objects of ``kind`` on the server, by name (``{"metadata", "spec", ...}``, secret values shown)."""
    if kind == JOB.api.word:
        return {name: entry["job"] for name, entry in blaxel.stored_jobs().items()}
    return blaxel.stored_objects(KINDS[kind].api.collection)


def holders(blaxel: BlaxelApi) -> dict[str, str | None]:
    """The ownership label of each job on the server, by name."""
    return {
        name: (entry["job"]["metadata"].get("labels") or {}).get(OWNER_LABEL)
        for name, entry in blaxel.stored_jobs().items()
    }


def check_invariants(
    projects: Sequence[PulumiProject], blaxel: BlaxelApi, kinds: Sequence[str] = ("job",)
) -> None:
    """Each resource of ``kinds`` (default: jobs) of each stack maps to exactly one object of its kind on the
    server, which carries its owner marker and claim; no two resources (of any stack) hold one object."""
    states = [state_objects(project) for project in projects]
    for kind in kinds:
        on_server = stored_objects(blaxel, kind)
        seen: dict[str, str] = {}
        for state in states:
            for resource in state[kind]:
                name, urn, outputs = resource["id"], resource["urn"], resource["outputs"]
                assert name not in seen, f"{urn} and {seen[name]} both hold {kind} {name}"
                seen[name] = urn
                assert name in on_server, f"{urn} holds {kind} {name}, which is not on the server"
                holder = holder_of(on_server[name]["metadata"].get("labels"))
                assert holder.owner == outputs.get("owner"), f"{kind} {name} is not {urn}'s: {holder}"
                if outputs.get("claim"):
                    assert holder.claim == outputs["claim"], f"{kind} {name} was taken from {urn}: {holder}"
