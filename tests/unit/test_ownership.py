"""The ownership room: owner markers identify a resource as the engine does, holders parse from the label,
and the decisions say whose a job is."""

from __future__ import annotations

import hashlib
import re

from blaxel_pulumi.core import ownership
from blaxel_pulumi.core.ownership import OWNER_LABEL, Holder, holder_of, holds

IDENTITY = "0123456789abcdef" * 2
JOB = "pulumi-python:dynamic/blaxel:Job"


def test_the_qualified_type_follows_the_parent_chain_as_the_urn_does() -> None:
    assert ownership.qualified_type(JOB) == JOB
    assert ownership.qualified_type(JOB, "urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev") == JOB
    assert ownership.qualified_type(JOB, "urn:pulumi:dev::proj::acme:Etl::etl") == f"acme:Etl${JOB}"
    nested = "urn:pulumi:dev::proj::acme:Platform$acme:Etl::etl"
    assert ownership.qualified_type(JOB, nested) == f"acme:Platform$acme:Etl${JOB}"
    assert ownership.urn_parts(f"urn:pulumi:dev::proj::acme:Etl${JOB}::worker") == (
        f"acme:Etl${JOB}",
        "worker",
    )


def test_two_resources_of_one_name_under_two_components_are_two_owners_with_two_names() -> None:
    a, b = f"acme:A${JOB}", f"acme:B${JOB}"
    assert ownership.owner_marker(IDENTITY, a, "worker") != ownership.owner_marker(IDENTITY, b, "worker")
    assert ownership.auto_name("worker", IDENTITY, a) != ownership.auto_name("worker", IDENTITY, b)
    assert ownership.owner_marker(IDENTITY, a, "worker") != ownership.owner_marker(IDENTITY, a, "other")


def test_an_owner_marker_starts_with_its_stack_part() -> None:
    mine = ownership.owner_marker(IDENTITY, JOB, "etl")
    sibling = ownership.owner_marker(IDENTITY, f"acme:Etl${JOB}", "etl")
    stranger = ownership.owner_marker("f" * 32, JOB, "etl")
    assert re.fullmatch(r"[0-9a-f]{32}", mine)
    assert Holder(sibling).same_stack(mine) and not Holder(stranger).same_stack(mine)
    assert not Holder(None).same_stack(mine) and not Holder("short").same_stack(mine)


def test_an_auto_name_is_a_valid_job_name() -> None:
    name = ownership.auto_name("My ETL Job!" * 10, IDENTITY, JOB)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name) and len(name) <= 49


def test_the_holder_parses_from_the_label() -> None:
    assert holder_of(None) == Holder(None)
    assert holder_of({OWNER_LABEL: "abc"}) == Holder("abc")
    assert holder_of({OWNER_LABEL: "abc.0badc0de"}) == Holder("abc", "0badc0de")
    assert holder_of({OWNER_LABEL: "team.name"}) == Holder("team.name")  # not a claim: kept whole
    assert ownership.label_value("abc", None) == "abc" and ownership.label_value("abc", "12") == "abc.12"


def test_who_holds_a_job() -> None:
    assert holds(Holder("abc", "1"), "abc", "1")
    assert not holds(Holder("abc", "2"), "abc", "1")  # another instance (a replacement) took it over
    assert holds(Holder("abc", "2"), "abc", None)  # stored before claims: any instance of its owner
    assert not holds(Holder("xyz", "1"), "abc", "1") and not holds(Holder(None), "abc", None)
    assert holds(Holder("xyz"), None, None)  # stored without an owner (never written by this package)


def test_each_decision_says_whose_the_job_is_and_what_to_do() -> None:
    mine = ownership.owner_marker(IDENTITY, JOB, "etl")
    sibling = Holder(ownership.owner_marker(IDENTITY, f"acme:Etl${JOB}", "etl"), "12345678")
    moved = ownership.create_conflict("etl", "prod", sibling, mine)
    assert "another resource of this stack holds it" in moved and "`aliases`" in moved
    other = ownership.create_conflict("etl", "prod", Holder("f" * 32), mine)
    assert (
        "no resource of this stack holds it" in other
        and "`adopt=True`" in other
        and "retainOnDelete" in other
    )
    alien = ownership.create_conflict("etl", "prod", Holder(None), mine)
    assert "was not created by blaxel-pulumi" in alien
    refused = ownership.held_elsewhere("deleted", "etl", "prod", Holder("f" * 32, "0badc0de"))
    assert "so it was not deleted" in refused and f"`{OWNER_LABEL}: {'f' * 32}.0badc0de`" in refused


def test_the_owner_marker_depends_on_the_stack_identity() -> None:
    assert ownership.owner_marker(IDENTITY, JOB, "etl") != ownership.owner_marker("f" * 32, JOB, "etl")
    assert ownership.auto_name("etl", IDENTITY, JOB) != ownership.auto_name("etl", "f" * 32, JOB)


def test_markers_and_names_have_their_documented_form() -> None:
    """Golden values, computed here from the documented recipe: a change of recipe renames or disowns the
    jobs of every stack, so it must be on purpose."""

    def sha(*parts: str) -> str:
        return hashlib.sha256("/".join(parts).encode()).hexdigest()

    assert ownership.digest(IDENTITY, "a", "b") == sha(IDENTITY, "a", "b")
    qualified = f"acme:Etl${JOB}"
    assert ownership.owner_marker(IDENTITY, qualified, "etl") == (
        sha(IDENTITY, "stack")[:12] + sha(IDENTITY, qualified, "etl")[:20]
    )
    assert (
        ownership.auto_name("My ETL!", IDENTITY, qualified)
        == f"my-etl-{sha(IDENTITY, 'name', qualified, 'My ETL!')[:7]}"
    )
    long = ownership.auto_name("x" * 60, IDENTITY, JOB)
    assert long == "x" * 41 + "-" + sha(IDENTITY, "name", JOB, "x" * 60)[:7] and len(long) == 49
    assert ownership.auto_name("--", IDENTITY, JOB).startswith("job-")
    assert ownership.urn_parts("not-a-urn") == ("", "not-a-urn")
    assert ownership.urn_parts("urn:pulumi:s::p::t::a::b") == ("t", "a::b")  # a name may hold `::`
    assert ownership.qualified_type(JOB, "urn:pulumi:s::p") == JOB
    assert holder_of({OWNER_LABEL: ""}) == Holder(None) and holder_of({OWNER_LABEL: 7}) == Holder(None)
    assert Holder("abc", "12").describe() == f"`{OWNER_LABEL}: abc.12`"
    assert Holder(None).describe() == "no ownership label"


def test_the_refusals_read_whole() -> None:
    """Each message asserted whole, as a user reads it."""
    mine = "a" * 12 + "1" * 20
    sibling = ownership.create_conflict("etl", "prod", Holder("a" * 12 + "2" * 20, "12345678"), mine)
    assert sibling == (
        "A job named 'etl' already exists in workspace 'prod' and another resource of this stack holds it "
        f"(`{OWNER_LABEL}: {'a' * 12 + '2' * 20}.12345678`). If this resource is that one, moved or renamed "
        "(into or out of a component, a new name or type), declare where it was with the `aliases` resource "
        "option, so that the engine moves it instead of creating it again; if it is another resource, give "
        "it another `name`. Nothing was changed."
    )
    adopt = (
        "To manage it with this resource, set `adopt=True` (`adopt: true`) on it (its settings are replaced "
        "by the program's; adoption happens at the resource's first create only) or `pulumi import` it; "
        "otherwise choose another `name`."
    )
    assert ownership.create_conflict("etl", "prod", Holder(None), mine) == (
        "A job named 'etl' already exists in workspace 'prod' and was not created by blaxel-pulumi (it has "
        f"no `{OWNER_LABEL}` label). {adopt}"
    )
    assert ownership.create_conflict("etl", "prod", Holder("b" * 32), mine) == (
        "A job named 'etl' already exists in workspace 'prod' and no resource of this stack holds it "
        f"(`{OWNER_LABEL}: {'b' * 32}`): another stack made it (or took it with `pulumi state move`: then "
        "remove the resource from this stack's program), or it was kept by `retainOnDelete` / a `pulumi "
        "state delete` (a resource keeps a job only while its state holds it). " + adopt
    )
    assert ownership.create_conflict("etl", "prod", Holder("b" * 32), None).startswith(
        "A job named 'etl' already exists in workspace 'prod' and no resource of this stack holds it"
    )
    assert ownership.held_elsewhere("changed", "etl", "prod", Holder("b" * 32, "0badc0de")) == (
        "Job 'etl' in workspace 'prod' is no longer this resource's, so it was not changed: its ownership "
        f"label is now `{OWNER_LABEL}: {'b' * 32}.0badc0de`. Another stack or resource adopted or took it "
        "over, or it was deleted and made again by someone else. Run `pulumi refresh`: it drops the job from "
        "this stack's state and leaves it as it is; then `pulumi up` says how to adopt it, if this resource "
        "should manage it again."
    )


def test_a_resource_keeps_its_marker_unless_it_moved_to_another_stack() -> None:
    """Aliases, a new way of computing markers and a job imported from the other face of the same stack keep
    the stored marker; `pulumi state move` into another stack takes that stack's; a resource stored before
    its stack was recorded keeps its marker and records the stack."""
    dev, prod = (ownership.owner_marker(identity, "t", "etl") for identity in ("a" * 32, "b" * 32))
    renamed = ownership.owner_marker("a" * 32, "t", "renamed")
    assert ownership.kept_owner(dev, "p/dev", renamed, "p/dev") == (dev, "p/dev")
    assert ownership.kept_owner(dev, "p/dev", prod, "p/dev") == (dev, "p/dev")  # the other face's identity
    assert ownership.kept_owner(dev, "p/dev", prod, "p/prod") == (prod, "p/prod")
    assert ownership.kept_owner(dev, None, prod, "p/prod") == (dev, "p/prod")
    assert ownership.kept_owner("c" * 20, None, prod, "p/dev") == ("c" * 20, "p/dev")
    assert ownership.kept_owner(dev, "p/dev", None, "p/prod") == (dev, "p/dev")  # not known yet


def test_an_adoption_from_another_holder_says_what_it_means() -> None:
    assert ownership.adopted_from("etl", Holder("b" * 32, "0badc0de")) == (
        f"job etl: adopted from another stack or resource (`{OWNER_LABEL}: {'b' * 32}.0badc0de`): from now "
        "on that one can neither change nor delete it (its next `pulumi refresh` drops it). If this was not "
        "meant, remove `adopt=True` from this resource, and give the job back with `adopt=True` on the other "
        "resource."
    )
