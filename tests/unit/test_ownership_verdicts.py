"""Every ownership decision, as core/ownership takes it: the verdict (proceed, leave, refuse) and its one
wording, for each kind of holder a job can have."""

from __future__ import annotations

import pytest

from blaxel_pulumi.core import ownership
from blaxel_pulumi.core.ownership import OWNER_LABEL, Verdict

IDENTITY = "0123456789abcdef" * 2
JOB = "pulumi-python:dynamic/blaxel:Job"
MINE = ownership.owner_marker(IDENTITY, JOB, "etl")
SIBLING = ownership.owner_marker(IDENTITY, f"acme:Etl${JOB}", "etl")  # another resource of this stack
STRANGER = ownership.owner_marker("f" * 32, JOB, "etl")  # a resource of another stack
CLAIM, OTHER_CLAIM = "0a1b2c3d", "99999999"


def labels(owner: str | None, claim: str | None = CLAIM) -> dict[str, str]:
    return {"team": "data", **({OWNER_LABEL: ownership.label_value(owner, claim)} if owner else {})}


def test_a_taken_name_is_taken_over_only_with_this_resources_marker() -> None:
    own = ownership.on_name_taken(labels(MINE, OTHER_CLAIM), MINE, "etl", "ws")
    assert own == Verdict(
        "proceed",
        "job etl: found with this resource's owner marker (made by an interrupted run, or the instance this "
        "one replaces); taking it over",
    )
    for holder in (SIBLING, STRANGER, None):
        verdict = ownership.on_name_taken(labels(holder), MINE, "etl", "ws")
        holder_of = ownership.holder_of(labels(holder))
        assert verdict == Verdict("refuse", ownership.create_conflict("etl", "ws", holder_of, MINE))
    no_owner = ownership.on_name_taken(labels(MINE), None, "etl", "ws")
    assert no_owner.decision == "refuse"
    assert no_owner.message == ownership.create_conflict("etl", "ws", ownership.holder_of(labels(MINE)), None)


def test_an_adoption_warns_only_when_another_resource_held_the_job() -> None:
    taken = ownership.on_adopt(labels(STRANGER), MINE, "etl")
    assert taken == Verdict("proceed", ownership.adopted_from("etl", ownership.holder_of(labels(STRANGER))))
    assert taken.message is not None and taken.message.startswith("job etl: adopted from another stack")
    assert ownership.on_adopt(labels(MINE), MINE, "etl") == Verdict("proceed")
    assert ownership.on_adopt(labels(None), MINE, "etl") == Verdict("proceed")
    assert ownership.on_adopt(None, MINE, "etl") == Verdict("proceed")


def test_a_read_keeps_the_job_of_this_instance_and_lets_any_other_go() -> None:
    assert ownership.on_read(labels(MINE), MINE, CLAIM, "etl") == Verdict("proceed")
    assert ownership.on_read(labels(MINE), MINE, None, "etl") == Verdict("proceed")  # stored before claims
    for owner, claim in ((MINE, OTHER_CLAIM), (SIBLING, CLAIM), (STRANGER, CLAIM), (None, None)):
        holder = ownership.holder_of(labels(owner, claim))
        assert ownership.on_read(labels(owner, claim), MINE, CLAIM, "etl") == Verdict(
            "leave",
            f"job etl: another resource or stack holds it now ({holder.describe()}): it leaves this stack's "
            "state and stays as it is on Blaxel.",
        )


def test_an_update_is_refused_on_a_job_this_instance_does_not_hold() -> None:
    assert ownership.on_write(labels(MINE), MINE, CLAIM, "changed", "etl", "ws") == Verdict("proceed")
    for owner, claim in ((MINE, OTHER_CLAIM), (SIBLING, CLAIM), (STRANGER, CLAIM), (None, None)):
        holder = ownership.holder_of(labels(owner, claim))
        verdict = ownership.on_write(labels(owner, claim), MINE, CLAIM, "changed", "etl", "ws")
        assert verdict == Verdict("refuse", ownership.held_elsewhere("changed", "etl", "ws", holder))
        assert verdict.message is not None and "so it was not changed" in verdict.message


@pytest.mark.parametrize(
    ("owner", "claim", "decision"),
    [
        (MINE, CLAIM, "proceed"),
        (MINE, OTHER_CLAIM, "leave"),  # a replacement of this resource holds it now
        (SIBLING, CLAIM, "leave"),  # another resource of this stack adopted it
        (STRANGER, CLAIM, "refuse"),
        (None, None, "refuse"),
    ],
)
def test_a_delete_leaves_a_job_to_its_holder_in_this_stack_and_refuses_any_other(
    owner: str | None, claim: str | None, decision: str
) -> None:
    verdict = ownership.on_delete(labels(owner, claim), MINE, CLAIM, "etl", "ws")
    holder = ownership.holder_of(labels(owner, claim))
    assert verdict.decision == decision
    if decision == "proceed":
        assert verdict.message is None
    elif decision == "leave":
        assert verdict.message == (
            f"job etl: not deleted: another resource of this stack holds it now ({holder.describe()}); it "
            "stays with that resource."
        )
    else:
        assert verdict.message == ownership.held_elsewhere("deleted", "etl", "ws", holder)


def test_a_resource_stored_without_a_marker_deletes_the_job_of_its_name() -> None:
    verdict = ownership.on_delete(labels(STRANGER), None, None, "etl", "ws")
    assert verdict.decision == "proceed"  # a 0.1.0 resource stored no owner: it holds any job of its name


def test_what_an_adoption_left_reads_whole() -> None:
    assert ownership.adopted_left("etl", "ws") == (
        "The job 'etl' in workspace 'ws' was adopted (its settings are now the program's) but is not in the "
        "Pulumi state, and it was not deleted since this stack did not create it. Fix the cause and run "
        "`pulumi up` again (the adoption is retried), or remove `adopt` to leave the job alone."
    )


def test_a_job_found_after_a_failed_create_is_the_creates_only_with_the_same_label() -> None:
    sent = labels(MINE)
    judge = ownership.found_after_create(sent, "etl", "ws")
    assert judge(labels(MINE), "timeout") is None
    assert judge(labels(MINE, OTHER_CLAIM), "timeout") == (
        f"Job 'etl' exists in workspace 'ws' and belongs to someone else (its `{OWNER_LABEL}` label "
        "differs). Choose another name, or take the existing job over on purpose (adopt or import it)."
    )
    unlabelled = ownership.found_after_create({"team": "data"}, "etl", "ws")
    assert unlabelled(labels(MINE), "500") == (
        "Job 'etl' exists in workspace 'ws', but the create request failed (500) and, without a "
        f"`{OWNER_LABEL}` label on the job, there is no telling whether that request made it. Check it with "
        "`bl get job etl`. Choose another name, or take the existing job over on purpose (adopt or import "
        "it)."
    )


def test_the_owner_label_is_written_and_taken_out_here() -> None:
    assert ownership.labels_with_holder({"team": "data"}, MINE, CLAIM) == labels(MINE)
    assert ownership.labels_with_holder({"team": "data"}, MINE, None) == {"team": "data", OWNER_LABEL: MINE}
    assert ownership.labels_with_holder(None, None, CLAIM) == {}
    kept, holder = ownership.split_holder(labels(MINE))
    assert kept == {"team": "data"} and holder == ownership.Holder(MINE, CLAIM)
    assert ownership.split_holder(None) == ({}, ownership.Holder(None))
    assert ownership.reserved_label_problem({OWNER_LABEL: "x"}) == (
        f"labels: `{OWNER_LABEL}` is reserved for blaxel-pulumi's ownership marker; use another label key."
    )
    assert ownership.reserved_label_problem({"team": "data"}) is None
