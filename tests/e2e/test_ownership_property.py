"""What a sequence of ordinary program edits does to the jobs, as a property (issue 25, point 10).

Hypothesis draws sequences of edits of a two-job program on the real CLI: rename a resource with and without
an alias, move it into or out of a component with and without one, change its explicit name or switch to an
auto-name, toggle `adopt` and `retain_on_delete`, drop a resource and declare it again, change a job out of
band, refresh, `up --replace`, `pulumi state move` of a job to a second stack (whose `up` follows, and the
first stack's program then declares a new resource in its place); each edit is followed by `up`.
After every step:

* each job resource of the state maps to exactly one job on the server, carrying its owner marker and claim,
  and no two resources hold one job (:func:`~tests.e2e.ownership_support.check_invariants`);
* a job of another stack, on the server from the start, was neither written nor deleted;
* Blaxel rejected no request body (every `POST`/`PUT` was valid under the spec: the local API validates
  them as Blaxel does);
* an `up` that failed said why in a sentence (an ownership refusal naming what to do), never silently.

A short run is in `make test`; `-m heavy` runs 50 sequences. Both faces: each sequence draws its face.
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
from tests.e2e.ownership_support import PROGRAM, TYPES, Declared, check_invariants, declare, state_jobs
from tests.e2e.pulumi_cli import CommandResult, PulumiProject, diagnostics

pytestmark = pytest.mark.e2e

FOREIGN = "foreign-job"
"""A job of another stack, there from the start: never to be written or deleted."""
REFUSALS = ("holds it", "no longer this resource's", "already exists", "`adopt=True` is still set")
"""What a refused `up` says (see blaxel_pulumi.core.ownership; a rename that would replace a job while
`adopt=True` is set is refused at preview: the replacement would adopt whatever job has the new name)."""
NAMES = {"alpha": ("alpha-job", None), "beta": ("beta-job", None)}
"""The explicit names each resource may take (never the other's: two resources naming one job is a
program error, not a routine edit)."""


def _machine(bin_dir: Path) -> type[RuleBasedStateMachine]:
    class Edits(RuleBasedStateMachine):
        """One stack, two job resources, one foreign job; the rules are the edits."""

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
            self.api.create_job(
                {
                    "metadata": {"name": FOREIGN, "labels": {OWNER_LABEL: "f" * 32 + ".00000000"}},
                    "spec": {"runtime": {"image": "theirs:1", "memory": 1024}},
                }
            )
            self.foreign = self.api.job(FOREIGN)
            self.jobs: dict[str, Declared] = {}
            self.last: CommandResult | None = None
            self.held: list[dict[str, Any]] = []
            """The job resources of the state after the last step."""
            self.prod: PulumiProject | None = None
            """The second stack, once a job was moved to it."""
            self.moved: list[Declared] = []
            """The jobs moved to the second stack (its program declares them)."""
            self.orphans: set[str] = set()
            """Jobs that `retain_on_delete` kept when their resource left (no resource's: left on Blaxel)."""

        @initialize(face=st.sampled_from(sorted(TYPES)))
        def start(self, face: str) -> None:
            self.jobs = {
                "alpha": Declared("alpha", face=face, name="alpha-job"),
                "beta": Declared("beta", face=face, image="beta:1"),
            }
            self._up()

        def _everywhere(self) -> list[dict[str, Any]]:
            """The job resources of both stacks' states."""
            return [r for p in (self.project, *([self.prod] if self.prod else [])) for r in state_jobs(p)]

        def _up(self, *extra: str) -> None:
            declare(self.project, list(self.jobs.values()))
            before = self._everywhere()
            self.last = self.project.up(*extra, check=False)
            self.held = state_jobs(self.project)
            # A job that `retain_on_delete` kept when its resource left the state is no resource's.
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

        @rule(key=st.sampled_from(sorted(NAMES)), alias=st.booleans())
        def rename(self, key: str, alias: bool) -> None:
            job = self.jobs[key]
            name = job.resource + "x" if len(job.resource) < 8 else key
            moved = job.moved(self.project.stack, resource=name) if alias else replace(job, resource=name)
            self.jobs[key] = moved
            self._up()

        @rule(
            key=st.sampled_from(sorted(NAMES)), parent=st.sampled_from([None, "A", "B"]), alias=st.booleans()
        )
        def move(self, key: str, parent: str | None, alias: bool) -> None:
            job = self.jobs[key]
            self.jobs[key] = (
                job.moved(self.project.stack, parent=parent) if alias else replace(job, parent=parent)
            )
            self._up()

        @rule(key=st.sampled_from(sorted(NAMES)), pick=st.integers(0, 1))
        def rename_job(self, key: str, pick: int) -> None:
            self._edit(key, name=NAMES[key][pick])
            self._up()

        @rule(key=st.sampled_from(sorted(NAMES)))
        def toggle_adopt(self, key: str) -> None:
            self._edit(key, adopt=not self.jobs[key].adopt)
            self._up()

        @rule(key=st.sampled_from(sorted(NAMES)), image=st.sampled_from(["app:2", "app:3"]))
        def change_image(self, key: str, image: str) -> None:
            self._edit(key, image=image)
            self._up()

        @precondition(lambda self: bool(self.held))
        @rule(data=st.data())
        def out_of_band_edit(self, data: st.DataObject) -> None:
            resource = data.draw(st.sampled_from(self.held))
            job = self.api.job(resource["id"])
            labels = {**(job["metadata"].get("labels") or {}), "edited": "by-hand"}
            self.api.edit_job(resource["id"], {"runtime.memory": 3072}, labels=labels)
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

        @rule(key=st.sampled_from(sorted(NAMES)))
        def toggle_retain(self, key: str) -> None:
            self._edit(key, retain=not self.jobs[key].retain)
            self._up()

        @rule(key=st.sampled_from(sorted(NAMES)))
        def drop_and_declare_again(self, key: str) -> None:
            job = self.jobs.pop(key)
            self._up()
            self.jobs[key] = job
            self._up()

        @precondition(lambda self: not self.moved and len(self.held) == len(self.jobs) == 2)
        @rule(key=st.sampled_from(sorted(NAMES)))
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
            # adoption of the other stack's job, which adopt means; not a routine edit.)
            self.jobs[key] = replace(job, adopt=None)
            self._up()
            self.jobs[key] = Declared(f"{key}new", face=job.face, image="new:1")
            self._up()

        @invariant()
        def jobs_stay_with_their_resources(self) -> None:
            if self.last is None:
                return
            check_invariants([self.project, *([self.prod] if self.prod else [])], self.api)
            assert self.api.job(FOREIGN) == self.foreign, "a job of another stack was written"
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
                    # Left: the foreign job, and the jobs that `retain_on_delete` kept, no others.
                    assert set(self.api.stored_jobs()) == {FOREIGN, *kept}
                    assert self.api.job(FOREIGN) == self.foreign
            finally:
                self.api.stop()
                shutil.rmtree(self.tmp, ignore_errors=True)

    return Edits


def _run(bin_dir: Path, examples: int, steps: int) -> None:
    run_state_machine_as_test(
        _machine(bin_dir),
        settings=settings(
            max_examples=examples,
            stateful_step_count=steps,
            deadline=None,
            derandomize=examples <= 2,
            suppress_health_check=list(HealthCheck),
            database=None,
        ),
    )


def test_routine_edits_keep_every_job_with_its_resource(bin_dir: Path) -> None:
    _run(bin_dir, examples=2, steps=3)


@pytest.mark.heavy
@pytest.mark.timeout(4 * 3600)  # 50 sequences of real `pulumi up`s: about 40 minutes on 2 idle cores
def test_routine_edits_keep_every_job_with_its_resource_long(bin_dir: Path) -> None:
    _run(bin_dir, examples=50, steps=6)
