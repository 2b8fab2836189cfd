"""Routine edits of a program never delete, clobber or share a job (issue 25, points 1, 2, 12 and 13), on
the real CLI, on both faces: a job belongs to the resource as the engine identifies it (stack, type with its
parent chain, name), an update starts from the job as Blaxel has it now, and nothing writes or deletes a job
that another resource or stack holds."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.blaxel_api import BlaxelApi
from tests.e2e.ownership_support import (
    TYPES,
    Declared,
    check_invariants,
    declare,
    holders,
    ownership_project,
    state_jobs,
    writes,
)
from tests.e2e.pulumi_cli import PulumiProject, diagnostics

pytestmark = pytest.mark.e2e

MakeProject = Callable[..., PulumiProject]


@pytest.fixture(params=sorted(TYPES))
def face(request: pytest.FixtureRequest) -> str:
    """The face under test: `dynamic` (`BlaxelJob`) or `native` (`blaxel:index:Job`)."""
    return str(request.param)


@pytest.fixture
def project(make_project: MakeProject, blaxel: BlaxelApi, tmp_path: Path) -> PulumiProject:
    """The `ownership` program against the local API."""
    return ownership_project(make_project, blaxel, tmp_path)


def test_moving_a_job_into_a_component(face: str, project: PulumiProject, blaxel: BlaxelApi) -> None:
    """With an alias nothing changes on Blaxel; without one, an auto-named job is made anew for the moved
    resource (the old one's job goes with it), and an explicitly named one is refused, naming `aliases`."""
    named = Declared("etl", face=face, name="etl-job")
    auto = Declared("auto", face=face)
    declare(project, [named, auto])
    project.up()
    [old_auto_name] = [n for n in blaxel.stored_jobs() if n != "etl-job"]

    declare(project, [named.moved("dev", parent="A"), auto.moved("dev", parent="A")])
    aliased = project.up()
    assert writes(aliased) == []  # the engine moved both resources: Blaxel is not touched
    check_invariants([project], blaxel)

    elsewhere = [
        Declared("etl", face=face, name="etl-job", parent="B"),
        Declared("auto", face=face, parent="B"),
    ]
    declare(project, elsewhere)  # moved again, into another component, without an alias
    refused = project.up(check=False)
    assert refused.returncode != 0
    text = " ".join(diagnostics(refused, "error"))
    assert "another resource of this stack holds it" in text and "`aliases`" in text
    assert "etl-job" in blaxel.stored_jobs()  # nothing was deleted
    check_invariants([project], blaxel)

    declare(project, [elsewhere[1]])  # the auto-named one alone: the moved resource has a job of its own
    project.up()
    names = set(blaxel.stored_jobs())
    assert "etl-job" not in names  # the named one's resource was removed from the program: deleted
    [new_auto_name] = names
    assert new_auto_name != old_auto_name
    check_invariants([project], blaxel)
    project.destroy()
    assert blaxel.stored_jobs() == {}


def test_same_named_children_of_two_components_get_two_jobs(
    face: str, project: PulumiProject, blaxel: BlaxelApi
) -> None:
    declare(
        project,
        [
            Declared("worker", face=face, parent="A", image="a:1"),
            Declared("worker", face=face, parent="B", image="b:1"),
        ],
    )
    project.up()
    jobs = blaxel.stored_jobs()
    assert sorted(j["job"]["spec"]["runtime"]["image"] for j in jobs.values()) == ["a:1", "b:1"]
    check_invariants([project], blaxel)
    project.destroy()
    assert blaxel.stored_jobs() == {}


def test_adopt_left_set_then_the_resource_renamed(
    face: str, project: PulumiProject, blaxel: BlaxelApi
) -> None:
    """The new resource adopts the job; the old one's delete leaves it to it."""
    declare(project, [Declared("etl", face=face, name="etl-job", adopt=True)])
    project.up()
    declare(project, [Declared("etl-renamed", face=face, name="etl-job", adopt=True, image="app:2")])
    project.up()
    assert blaxel.job("etl-job")["spec"]["runtime"]["image"] == "app:2"
    [resource] = state_jobs(project)
    assert resource["urn"].endswith("::etl-renamed")
    check_invariants([project], blaxel)


def test_replace_keeps_exactly_one_job(face: str, project: PulumiProject, blaxel: BlaxelApi) -> None:
    """`pulumi up --replace` creates the new instance before it deletes the old one: the new one takes the
    job over (its own owner marker) with its own claim, and the old one's delete leaves it."""
    job = Declared("etl", face=face, name="etl-job")
    declare(project, [job])
    project.up()
    replaced = project.up("--replace", job.urn("dev"))
    assert "etl-job" in blaxel.stored_jobs()
    assert not [w for w in writes(replaced) if w.startswith("DELETE")]
    check_invariants([project], blaxel)
    project.destroy()
    assert blaxel.stored_jobs() == {}


def test_an_update_keeps_what_ci_deployed(face: str, project: PulumiProject, blaxel: BlaxelApi) -> None:
    """CI deploys `app:9` and renames the job by hand; the program changes the memory, with and without
    `ignore_changes` for the image (nested) and the display name (top level), with and without `--refresh`:
    what the program did not change is never reverted to what the state remembers."""
    job = Declared("etl", face=face, name="etl-job", display="Nightly")
    declare(project, [job])
    project.up()
    assert blaxel.job("etl-job")["metadata"]["displayName"] == "Nightly"

    blaxel.edit_job("etl-job", {"runtime.image": "app:9"}, displayName="By hand")
    declare(project, [Declared("etl", face=face, name="etl-job", display="Nightly", memory=4096)])
    project.up()  # no refresh, no ignore_changes: the program changed the memory only
    stored = blaxel.job("etl-job")
    assert stored["spec"]["runtime"]["image"] == "app:9" and stored["spec"]["runtime"]["memory"] == 4096
    assert stored["metadata"]["displayName"] == "By hand"

    blaxel.edit_job("etl-job", {"runtime.image": "app:10"}, displayName="By hand 2")
    ignoring = Declared(
        "etl",
        face=face,
        name="etl-job",
        display="Nightly",
        memory=8192,
        ignore=("runtime.image", "displayName" if face == "native" else "display_name"),
    )
    declare(project, [ignoring])
    project.up("--refresh")  # refreshed, but ignored: Blaxel's values stay
    stored = blaxel.job("etl-job")
    assert stored["spec"]["runtime"]["image"] == "app:10" and stored["spec"]["runtime"]["memory"] == 8192
    assert stored["metadata"]["displayName"] == "By hand 2"
    check_invariants([project], blaxel)


def test_a_job_another_stack_adopted_is_neither_reverted_nor_deleted(
    make_project: MakeProject, blaxel: BlaxelApi, tmp_path: Path
) -> None:
    """Stack B adopts stack A's job: A's update and destroy are refused with a message saying what to do;
    after `pulumi refresh` the job leaves A's state, and A's destroy leaves it to B."""
    a = ownership_project(make_project, blaxel, tmp_path, stack="a")
    b = ownership_project(make_project, blaxel, tmp_path, stack="b")
    declare(a, [Declared("etl", name="etl-job")])
    a.up()
    declare(b, [Declared("etl", name="etl-job", adopt=True, image="b:1")])
    adopted = b.up()
    assert "job etl-job: adopted from another stack or resource" in adopted.output

    declare(a, [Declared("etl", name="etl-job", image="a:2")])
    refused = a.up(check=False)
    assert refused.returncode != 0
    assert "is no longer this resource's, so it was not changed" in refused.output
    assert blaxel.job("etl-job")["spec"]["runtime"]["image"] == "b:1"
    gone = a.destroy(check=False)
    assert gone.returncode != 0 and "so it was not deleted" in gone.output
    assert "etl-job" in blaxel.stored_jobs()

    a.refresh()
    assert state_jobs(a) == []
    a.destroy()
    assert blaxel.job("etl-job")["spec"]["runtime"]["image"] == "b:1"
    check_invariants([a, b], blaxel)


def test_a_retained_job_is_adopted_again_explicitly(project: PulumiProject, blaxel: BlaxelApi) -> None:
    """`retain_on_delete`, `destroy`, then `up` with the same name: the create says the job is no resource's
    of this stack and how to adopt it (it never says the stack did not create it); `adopt` takes it back."""
    declare(project, [Declared("etl", name="etl-job", retain=True)])
    project.up()
    project.destroy()
    assert "etl-job" in blaxel.stored_jobs()
    declare(project, [Declared("etl", name="etl-job")])
    refused = project.up(check=False)
    text = refused.output
    assert refused.returncode != 0 and "retainOnDelete" in text and "`adopt=True`" in text
    declare(project, [Declared("etl", name="etl-job", adopt=True)])
    project.up()
    check_invariants([project], blaxel)
    assert holders(blaxel)["etl-job"] is not None


def test_a_job_moved_to_another_stack_stays_with_it(
    face: str, make_project: MakeProject, blaxel: BlaxelApi, tmp_path: Path
) -> None:
    """`pulumi state move` of a job from `dev` to `prod` (the program, shared by both, still declares it):
    `prod`'s next `up` writes its own owner marker (a label-only update, no create or delete); `dev`'s next
    `up` then makes no job of its own under that name and never takes it back, and `dev destroy` leaves it."""
    dev = ownership_project(make_project, blaxel, tmp_path, stack="dev")
    prod = ownership_project(make_project, blaxel, tmp_path, stack="prod")
    jobs = [Declared("etl", face=face, name="etl-job"), Declared("auto", face=face)]
    declare(dev, jobs)
    dev.up()
    names = sorted(blaxel.stored_jobs())
    moved = [job.urn("dev") for job in jobs]
    dev.run("state", "move", "--source", "dev", "--dest", "prod", *moved, "--yes")
    assert state_jobs(dev) == [] and len(state_jobs(prod)) == 2

    declare(prod, jobs)
    rehomed = prod.up()
    assert sorted(blaxel.stored_jobs()) == names
    assert sorted(writes(rehomed)) == sorted(f"PUT /v0/jobs/{n}" for n in names)  # the labels only
    check_invariants([prod], blaxel)

    refused = dev.up(check=False)
    assert refused.returncode != 0 and "pulumi state move" in refused.output
    assert [w for w in writes(refused) if not w.startswith("POST")] == []
    assert sorted(blaxel.stored_jobs()) == names
    dev.destroy()
    prod.preview("--expect-no-changes")
    check_invariants([prod], blaxel)
    prod.destroy()
    assert blaxel.stored_jobs() == {}
