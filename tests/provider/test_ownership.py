"""Who holds a job, through the provider against the local Blaxel API: a create, an update, a delete and a
read never write or delete a job that another resource, another instance of the resource or another stack
holds; an update starts from the job as Blaxel has it now (issue 25, points 1, 2, 12 and 13)."""

from __future__ import annotations

from typing import Any

import pytest

from blaxel_pulumi.core.ownership import OWNER_LABEL, STACK_PART_LENGTH
from blaxel_pulumi.errors import Conflict, DeploymentFailed
from blaxel_pulumi.provider.provider import BlaxelJobProvider
from tests.provider.conftest import Api
from tests.provider.test_provider import created, inputs

OURS = "a" * STACK_PART_LENGTH + "1" * 20
"""An owner marker of this stack."""
SIBLING = "a" * STACK_PART_LENGTH + "2" * 20
"""Another resource of the same stack."""
STRANGER = "b" * STACK_PART_LENGTH + "1" * 20
"""A resource of another stack."""


def _job(provider: BlaxelJobProvider, **props: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"name": "held", "runtime": {"image": "app:1", "memory": 2048}, "owner": OURS}
    return inputs(provider, **{**base, **props})


def _relabel(api: Api, name: str, holder: str) -> None:
    """Write the ownership label out of band (another stack adopting the job, say)."""
    job = api.job(name, show_secrets=False)
    assert job is not None
    api.put(name, {"metadata": {**job["metadata"], "labels": {OWNER_LABEL: holder}}, "spec": job["spec"]})


def test_update_refuses_a_job_another_stack_took_and_changes_nothing(
    provider: BlaxelJobProvider, api: Api
) -> None:
    props = _job(provider)
    outs = created(provider, props)
    _relabel(api, "held", f"{STRANGER}.0badc0de")
    api.clear()
    with pytest.raises(Conflict) as caught:
        provider.update("held", outs, _job(provider, runtime={"image": "app:2", "memory": 2048}))
    message = str(caught.value)
    assert "is no longer this resource's, so it was not changed" in message
    assert f"`{OWNER_LABEL}: {STRANGER}.0badc0de`" in message and "`pulumi refresh`" in message
    assert api.methods() == ["GET /v0/jobs/held"]
    job = api.job("held")
    assert job is not None and job["spec"]["runtime"]["image"] == "app:1"


def test_delete_refuses_a_job_another_stack_holds(provider: BlaxelJobProvider, api: Api) -> None:
    outs = created(provider, _job(provider))
    _relabel(api, "held", STRANGER)
    api.clear()
    with pytest.raises(Conflict, match="so it was not deleted"):
        provider.delete("held", outs)
    assert api.methods() == ["GET /v0/jobs/held"]
    assert api.job("held") is not None


def test_delete_leaves_a_job_that_another_resource_of_the_stack_adopted(
    provider: BlaxelJobProvider, api: Api
) -> None:
    """`adopt=True` left set on a renamed resource: the new resource adopted the job; the old one's delete
    (later in the same `up`) must leave it to it, and succeed."""
    outs = created(provider, _job(provider))
    _relabel(api, "held", f"{SIBLING}.12345678")
    api.clear()
    provider.delete("held", outs)
    assert api.methods() == ["GET /v0/jobs/held"]
    assert api.job("held") is not None


def test_read_drops_a_job_held_elsewhere_and_leaves_it(provider: BlaxelJobProvider, api: Api) -> None:
    outs = created(provider, _job(provider))
    assert provider.read("held", outs).id == "held"  # still ours
    _relabel(api, "held", STRANGER)
    api.clear()
    assert not provider.read("held", outs).id
    assert api.methods() == ["GET /v0/jobs/held"]
    assert api.job("held") is not None


def test_a_replacement_takes_the_job_over_and_the_old_instance_leaves_it(
    provider: BlaxelJobProvider, api: Api
) -> None:
    """`pulumi up --replace` creates before it deletes: the new instance finds the job with its own owner
    marker and takes it over with its own claim; the old instance's delete then leaves it."""
    props = _job(provider)
    old = created(provider, props)
    new = created(provider, props)
    assert new["claim"] != old["claim"]
    provider.delete("held", old)
    job = api.job("held")
    assert job is not None and job["metadata"]["labels"][OWNER_LABEL] == f"{OURS}.{new['claim']}"
    with pytest.raises(Conflict, match="so it was not changed"):  # the old instance writes nothing either
        provider.update("held", old, _job(provider, runtime={"image": "app:2", "memory": 2048}))
    provider.delete("held", new)
    assert api.job("held") is None


def test_a_job_of_a_resource_from_before_claims_is_still_its_own(
    provider: BlaxelJobProvider, api: Api
) -> None:
    """State version 2 stored no claim and its jobs carry the owner marker alone: update and delete work,
    and the update writes the label as it was."""
    api.post(
        {"metadata": {"name": "held", "labels": {OWNER_LABEL: OURS}}, "spec": {"runtime": {"image": "x"}}}
    )
    outs = {**created(provider, _job(provider, adopt=True)), "claim": None}
    _relabel(api, "held", OURS)
    result = provider.update("held", outs, _job(provider, runtime={"image": "app:2", "memory": 2048}))
    job = api.job("held")
    assert job is not None and job["metadata"]["labels"][OWNER_LABEL] == OURS
    assert job["spec"]["runtime"]["image"] == "app:2"
    provider.delete("held", dict(result.outs or {}))
    assert api.job("held") is None


def test_an_existing_resource_keeps_its_owner(provider: BlaxelJobProvider) -> None:
    """A moved resource (an alias) is computed a new owner marker by the program: the stored one stays."""
    olds = _job(provider)
    news = _job(provider, owner=SIBLING, auto_name="other-name-1234567")
    checked = inputs(provider, olds, **{k: v for k, v in news.items() if not k.startswith("_")})
    assert checked["owner"] == OURS


def test_an_update_keeps_what_others_changed_and_the_program_did_not(
    provider: BlaxelJobProvider, api: Api
) -> None:
    """CI deployed `app:9`, another tool added a label, an env var and `maxRetries`, and changed the display
    name; the program changes the memory only. The PUT keeps all of it: it starts from the job as it is."""
    props = _job(
        provider,
        display_name="Nightly",
        labels={"team": "data"},
        runtime={"image": "app:1", "memory": 2048, "envs": [{"name": "MODE", "value": "a"}]},
    )
    outs = created(provider, props)
    job = api.job("held", show_secrets=False)
    assert job is not None
    runtime = {**job["spec"]["runtime"], "image": "app:9", "maxRetries": 7}
    runtime["envs"] = [*runtime["envs"], {"name": "ADDED", "value": "by-ci"}]
    api.put(
        "held",
        {
            "metadata": {
                **job["metadata"],
                "displayName": "Renamed by hand",
                "labels": {**job["metadata"]["labels"], "added": "yes"},
            },
            "spec": {**job["spec"], "runtime": runtime},
        },
    )
    news = _job(
        provider,
        display_name="Nightly",
        labels={"team": "data"},
        runtime={"image": "app:1", "memory": 4096, "envs": [{"name": "MODE", "value": "a"}]},
    )
    api.clear()
    provider.update("held", outs, news)
    assert api.methods()[:2] == ["GET /v0/jobs/held", "PUT /v0/jobs/held"]
    stored = api.job("held", show_secrets=False)
    assert stored is not None
    sent = {"metadata": stored["metadata"], "spec": stored["spec"]}
    assert sent["spec"]["runtime"]["image"] == "app:9"  # nested: not changed by the program
    assert sent["spec"]["runtime"]["memory"] == 4096  # changed by the program
    assert sent["spec"]["runtime"]["maxRetries"] == 7
    assert {e["name"] for e in sent["spec"]["runtime"]["envs"]} == {"MODE", "ADDED"}
    assert sent["metadata"]["displayName"] == "Renamed by hand"  # top level: not changed by the program
    assert sent["metadata"]["labels"]["added"] == "yes" and sent["metadata"]["labels"]["team"] == "data"


def test_an_update_applies_what_the_program_changed_over_what_others_changed(
    provider: BlaxelJobProvider, api: Api
) -> None:
    outs = created(provider, _job(provider, labels={"team": "data", "gone": "soon"}))
    job = api.job("held", show_secrets=False)
    assert job is not None
    api.put(
        "held",
        {
            "metadata": job["metadata"],
            "spec": {**job["spec"], "runtime": {**job["spec"]["runtime"], "image": "app:9"}},
        },
    )
    news = _job(provider, labels={"team": "ml"}, runtime={"image": "app:2", "memory": 2048})
    provider.update("held", outs, news)
    job = api.job("held", show_secrets=False)
    assert job is not None
    assert job["spec"]["runtime"]["image"] == "app:2"  # the program's change wins
    labels = job["metadata"]["labels"]
    assert labels["team"] == "ml" and "gone" not in labels  # a label the program removed is removed


def test_an_adopted_job_is_not_deleted_when_its_deployment_fails(
    provider: BlaxelJobProvider, api: Api
) -> None:
    """The job was not this stack's before the adoption: a failure afterwards never deletes it."""
    api.post({"metadata": {"name": "held"}, "spec": {"runtime": {"image": "theirs", "memory": 2048}}})
    props = _job(provider, adopt=True, runtime={"image": "fail", "memory": 2048})
    with pytest.raises(DeploymentFailed) as caught:
        provider.create(props)
    assert "was not deleted since this stack did not create it" in str(caught.value)
    assert api.job("held") is not None
