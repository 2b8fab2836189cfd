"""What a sequence of ordinary program edits does to the objects, as a property (issue 25, point 10).

Hypothesis draws sequences of edits of a program of two resources of one kind on the real CLI: rename a
resource with and without an alias, move it into or out of a component with and without one, change its
explicit name or switch to an auto-name, toggle `adopt` and `retain_on_delete`, drop a resource and declare
it again, change its object out of band, refresh, `up --replace`, `pulumi state move` of a resource to a
second stack (whose `up` follows, and the first stack's program then declares a new resource in its place);
each edit is followed by `up`. After every step:

* each resource of the state maps to exactly one object of its kind on the server, carrying its owner marker
  and claim, and no two resources hold one object (:func:`~tests.e2e.ownership_support.check_invariants`);
* an object of another stack, of the same kind, on the server from the start, was neither written nor
  deleted;
* Blaxel rejected no request body (every `POST`/`PUT` was valid under the spec: the local API validates
  them as Blaxel does);
* an `up` that failed said why in a sentence (an ownership refusal naming what to do), never silently.

Each sequence draws its face and its kind from :data:`DRAWN`: jobs, a kind that is ready at once (policies)
and one that rolls out (volumes); the program declares any kind (tests/e2e/programs/ownership), and
:data:`FOREIGN` and :data:`OUT_OF_BAND` say what another stack's object of each kind is and what an edit by
hand changes. A short run is in `make test` (two derandomized sequences, of volumes and policies: jobs are
in the long run and in tests/e2e/test_ownership.py); `-m heavy` runs 50 sequences.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings, strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from blaxel_pulumi.core.ownership import OWNER_LABEL
from tests.e2e.blaxel_api import BlaxelApi
from tests.e2e.ownership_support import (
    KINDS,
    PROGRAM,
    TYPES,
    Declared,
    check_invariants,
    declare,
    state_objects,
    stored_objects,
)
from tests.e2e.pulumi_cli import CommandResult, PulumiProject, diagnostics

pytestmark = pytest.mark.e2e

DRAWN = ("volume", "job", "policy")
"""The kinds a sequence draws from (any key of :data:`~tests.e2e.ownership_support.KINDS` may be added): jobs,
one kind that rolls out, one that is ready at once. In this order, the derandomized short run's two sequences
draw volumes (dynamic face) and policies (native face); the short test fails if it drew jobs only."""
REGION = "us-pdx-1"
"""The region of volumes and drives (fixed at creation: the program never changes it)."""
FOREIGN: dict[str, dict[str, Any]] = {
    "job": {"runtime": {"image": "theirs:1", "memory": 1024}},
    "policy": {
        "type": "location",
        "locations": [{"name": "US", "type": "country"}],
        "resourceTypes": ["model"],
    },
    "integration connection": {
        "integration": "openai",
        "config": {"org": "theirs"},
        "secret": {"apiKey": "t"},
    },
    "volume template": {"defaultSize": 1024},
    "volume": {"size": 1024, "region": REGION},
    "drive": {"region": REGION, "permissions": [{"labels": {"team": "theirs"}, "mode": "read"}]},
    "model": {"runtime": {"type": "openai", "model": "gpt-4.1"}},
    "function": {"runtime": {"image": "registry.example.com/theirs:1", "memory": 1024}},
    "agent": {"runtime": {"image": "registry.example.com/theirs:1", "memory": 1024}},
    "sandbox": {"runtime": {"image": "blaxel/base:latest", "memory": 1024}},
}
"""The spec of an object of another stack of each kind, there from the start: never to be written or
deleted."""
OUT_OF_BAND: dict[str, dict[str, Any]] = {
    "job": {"runtime.memory": 3072},
    "policy": {"resourceTypes": ["agent", "model"]},
    "integration connection": {"config.org": "by-hand"},
    "volume template": {"defaultSize": 3072},
    "volume": {"size": 3072},
    "drive": {"permissions": [{"labels": {"team": "data"}, "mode": "read"}]},
    "model": {"runtime.model": "gpt-4.1-mini"},
    "function": {"runtime.memory": 3072},
    "agent": {"runtime.memory": 3072},
    "sandbox": {"runtime.memory": 3072},
}
"""What a change by hand sets in an object's spec, by kind (dotted paths under ``spec``, as the wire names
them): the field the program's `memory` drives."""
REFUSALS = ("holds it", "no longer this resource's", "already exists", "`adopt=True` is still set")
"""What a refused `up` says (see blaxel_pulumi.core.ownership; a rename that would replace a job while
`adopt=True` is set is refused at preview: the replacement would adopt whatever job has the new name)."""
KEYS = ("alpha", "beta")
"""The two resources of the program."""


def _slug(kind: str) -> str:
    """``kind`` as a part of an object's name (``volume template``: ``volume-template``)."""
    return kind.replace(" ", "-")


def _names(key: str, kind: str) -> tuple[str, None]:
    """The explicit names the resource ``key`` may take (never the other's: two resources naming one object
    is a program error, not a routine edit): ``alpha-job``, or an auto-name."""
    return (f"{key}-{_slug(kind)}", None)


def _machine(bin_dir: Path, drawn: list[str]) -> type[RuleBasedStateMachine]:
    """The machine; each sequence appends the kind it drew to ``drawn``."""

    class Edits(RuleBasedStateMachine):
        """One stack, two resources of one kind, one foreign object of that kind; the rules are the edits."""

        def __init__(self) -> None:
            super().__init__()
            self.tmp = Path(tempfile.mkdtemp(prefix="ownership-property-"))
            self.api = BlaxelApi(self.tmp / "jobs.sqlite").start()
            home = self.tmp / "user-home"
            home.mkdir()
            self.project = PulumiProject.from_dir(
                PROGRAM, self.tmp, bin_dir, {**self.api.env, "HOME": str(home)}
            )
            self.project.request_log = self.api
            self.kind = "job"
            """The kind of every resource of this sequence (drawn by :meth:`start`)."""
            self.foreign_name = ""
            self.foreign: dict[str, Any] = {}
            """The object of another stack, as stored at the start."""
            self.jobs: dict[str, Declared] = {}
            self.last: CommandResult | None = None
            self.held: list[dict[str, Any]] = []
            """The resources of the state after the last step."""
            self.prod: PulumiProject | None = None
            """The second stack, once a job was moved to it."""
            self.moved: list[Declared] = []
            """The resources moved to the second stack (its program declares them)."""
            self.orphans: set[str] = set()
            """Objects that `retain_on_delete` kept when their resource left (no resource's: left on
            Blaxel)."""

        @initialize(face=st.sampled_from(sorted(TYPES)), kind=st.sampled_from(DRAWN))
        def start(self, face: str, kind: str) -> None:
            self.kind = kind
            drawn.append(kind)
            self.foreign_name = f"foreign-{_slug(kind)}"
            body = {
                "metadata": {"name": self.foreign_name, "labels": {OWNER_LABEL: "f" * 32 + ".00000000"}},
                "spec": FOREIGN[kind],
            }
            if kind == "job":
                self.api.create_job(body)
            else:
                self.api.create_object(KINDS[kind].api.collection, body)
            self.foreign = self._stored()[self.foreign_name]
            self.jobs = {
                "alpha": Declared("alpha", face=face, kind=kind, name=_names("alpha", kind)[0]),
                "beta": Declared("beta", face=face, kind=kind, image="beta:1"),
            }
            self._up()

        def _stored(self) -> dict[str, dict[str, Any]]:
            """The objects of this sequence's kind on the server, by name."""
            return stored_objects(self.api, self.kind)

        def _state(self, project: PulumiProject) -> list[dict[str, Any]]:
            """The resources of this sequence's kind in ``project``'s state."""
            return state_objects(project)[self.kind]

        def _everywhere(self) -> list[dict[str, Any]]:
            """The resources of both stacks' states."""
            return [r for p in (self.project, *([self.prod] if self.prod else [])) for r in self._state(p)]

        def _up(self, *extra: str) -> None:
            declare(self.project, list(self.jobs.values()))
            before = self._everywhere()
            self.last = self.project.up(*extra, check=False)
            self.held = self._state(self.project)
            # An object that `retain_on_delete` kept when its resource left the state is no resource's.
            now = {r["id"] for r in self._everywhere()}
            self.orphans |= {r["id"] for r in before if r.get("retainOnDelete") and r["id"] not in now}
            self.orphans -= now
            if self.last.returncode == 0:
                self.jobs = {k: replace(j, aliases=()) for k, j in self.jobs.items()}
            else:
                said = " ".join(diagnostics(self.last, "error"))
                assert any(r in said for r in REFUSALS), f"`up` failed without a reason of ours: {said}"

        def _edit(self, key: str, **changes: Any) -> None:
            self.jobs[key] = replace(self.jobs[key], **changes)

        @rule(key=st.sampled_from(KEYS), alias=st.booleans())
        def rename(self, key: str, alias: bool) -> None:
            job = self.jobs[key]
            name = job.resource + "x" if len(job.resource) < 8 else key
            moved = job.moved(self.project.stack, resource=name) if alias else replace(job, resource=name)
            self.jobs[key] = moved
            self._up()

        @rule(key=st.sampled_from(KEYS), parent=st.sampled_from([None, "A", "B"]), alias=st.booleans())
        def move(self, key: str, parent: str | None, alias: bool) -> None:
            job = self.jobs[key]
            self.jobs[key] = (
                job.moved(self.project.stack, parent=parent) if alias else replace(job, parent=parent)
            )
            self._up()

        @rule(key=st.sampled_from(KEYS), pick=st.integers(0, 1))
        def rename_job(self, key: str, pick: int) -> None:
            self._edit(key, name=_names(key, self.kind)[pick])
            self._up()

        @rule(key=st.sampled_from(KEYS))
        def toggle_adopt(self, key: str) -> None:
            self._edit(key, adopt=not self.jobs[key].adopt)
            self._up()

        @rule(key=st.sampled_from(KEYS), image=st.sampled_from(["app:2", "app:3"]))
        def change_image(self, key: str, image: str) -> None:
            self._edit(key, image=image)
            self._up()

        @precondition(lambda self: bool(self.held))
        @rule(data=st.data())
        def out_of_band_edit(self, data: st.DataObject) -> None:
            resource = data.draw(st.sampled_from(self.held))
            name = resource["id"]
            labels = {**(self._stored()[name]["metadata"].get("labels") or {}), "edited": "by-hand"}
            if self.kind == "job":
                self.api.edit_job(name, OUT_OF_BAND["job"], labels=labels)
            else:
                self.api.edit_object(
                    KINDS[self.kind].api.collection, name, OUT_OF_BAND[self.kind], labels=labels
                )
            self._up()

        @rule()
        def refresh(self) -> None:
            result = self.project.refresh(check=False)
            assert result.returncode == 0, " ".join(diagnostics(result, "error"))
            self._up()

        @precondition(lambda self: bool(self.held))
        @rule(data=st.data())
        def replace_one(self, data: st.DataObject) -> None:
            urn = data.draw(st.sampled_from([r["urn"] for r in self.held]))
            self._up("--replace", urn)

        @rule(key=st.sampled_from(KEYS))
        def toggle_retain(self, key: str) -> None:
            self._edit(key, retain=not self.jobs[key].retain)
            self._up()

        @rule(key=st.sampled_from(KEYS))
        def drop_and_declare_again(self, key: str) -> None:
            job = self.jobs.pop(key)
            self._up()
            self.jobs[key] = job
            self._up()

        @precondition(lambda self: not self.moved and len(self.held) == len(self.jobs) == 2)
        @rule(key=st.sampled_from(KEYS))
        def move_to_another_stack(self, key: str) -> None:
            job = self.jobs[key]
            env = dict(self.project.env_extra)
            self.prod = PulumiProject.from_dir(PROGRAM, self.tmp, self.project.bin_dir, env, stack="prod")
            self.prod.request_log = self.api
            urn = job.urn(self.project.stack)
            self.project.run("state", "move", "--source", self.project.stack, "--dest", "prod", urn, "--yes")
            self.moved = [job]
            declare(self.prod, self.moved)
            self.prod.up()
            # Still declared here, as a routine leftover: refused. (With `adopt=True` it would be an explicit
            # adoption of the other stack's object, which adopt means; not a routine edit.)
            self.jobs[key] = replace(job, adopt=None)
            self._up()
            self.jobs[key] = Declared(f"{key}new", face=job.face, kind=job.kind, image="new:1")
            self._up()

        @invariant()
        def objects_stay_with_their_resources(self) -> None:
            if self.last is None:
                return
            check_invariants([self.project, *([self.prod] if self.prod else [])], self.api, sorted(KINDS))
            stored = self._stored().get(self.foreign_name)
            assert stored == self.foreign, f"a {self.kind} of another stack was written: {stored}"
            rejected = [
                r for r in self.last.requests if r["method"] in ("POST", "PUT") and r["status"] in (400, 422)
            ]
            assert rejected == [], f"Blaxel rejected a request body: {rejected}"

        def teardown(self) -> None:
            try:
                if self.last is not None:
                    kept = self.orphans | {r["id"] for r in self._everywhere() if r.get("retainOnDelete")}
                    for project in (self.project, *([self.prod] if self.prod else [])):
                        destroyed = project.destroy(check=False)
                        assert destroyed.returncode == 0, " ".join(diagnostics(destroyed, "error"))
                    # Left: the foreign object, and the objects that `retain_on_delete` kept, no others.
                    assert set(self._stored()) == {self.foreign_name, *kept}
                    assert self._stored()[self.foreign_name] == self.foreign
                    others = {k: sorted(stored_objects(self.api, k)) for k in KINDS if k != self.kind}
                    assert all(not names for names in others.values()), f"objects of other kinds: {others}"
            finally:
                self.api.stop()
                shutil.rmtree(self.tmp, ignore_errors=True)

    return Edits


def _run(bin_dir: Path, examples: int, steps: int) -> list[str]:
    """Run ``examples`` sequences of up to ``steps`` edits; the kinds they drew."""
    drawn: list[str] = []
    run_state_machine_as_test(
        _machine(bin_dir, drawn),
        settings=settings(
            max_examples=examples,
            stateful_step_count=steps,
            deadline=None,
            derandomize=examples <= 2,
            suppress_health_check=list(HealthCheck),
            database=None,
        ),
    )
    return drawn


def test_routine_edits_keep_every_object_with_its_resource(bin_dir: Path) -> None:
    drawn = _run(bin_dir, examples=2, steps=3)
    # Derandomized, the two sequences draw the same kinds at every run: volumes and policies (see DRAWN).
    assert set(drawn) - {"job"}, f"the short run drew jobs only: {drawn}"


@pytest.mark.heavy
@pytest.mark.timeout(4 * 3600)  # 50 sequences of real `pulumi up`s: about 40 minutes on 2 idle cores
def test_routine_edits_keep_every_object_with_its_resource_long(bin_dir: Path) -> None:
    _run(bin_dir, examples=50, steps=6)
