"""What changed and what it replaces (core/job_changes), decided without a server: which secret env var a
`replace_on_changes` path covers, and when a replacement keeps the job's name (the old job goes first)."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.output import Unknown

from blaxel_pulumi.core import job_changes
from blaxel_pulumi.errors import BlaxelConfigError

UNKNOWN: Any = Unknown()  # type: ignore[no-untyped-call]
API_URL = "https://api.blaxel.ai/v0"


class Place:
    """The stack's configuration as the operations hold it."""

    def __init__(
        self, workspace: str | None = "ws", api_url: str | None = "https://api.blaxel.ai/v0"
    ) -> None:
        self.workspace, self.api_url = workspace, api_url

    def configured_workspace(self) -> str | None:
        return self.workspace

    def configured_api_url(self) -> str | None:
        return self.api_url


ENVS = [
    {"name": "MODE", "value": "batch"},
    {"name": "TOKEN", "secret": True},
    {"name": "PASSWORD", "secret": True},
]
STORED: dict[str, Any] = {
    "name": "etl",
    "runtime": {"image": "etl:1", "envs": ENVS},
    "secret_env_values": {"TOKEN": "t-1", "PASSWORD": "p-1"},
}


def _with(paths: list[str], **secrets: Any) -> dict[str, Any]:
    return {**STORED, "secret_env_values": {**STORED["secret_env_values"], **secrets}, "replace_paths": paths}


@pytest.mark.parametrize(
    ("paths", "secrets", "replaced"),
    [
        (["runtime.envs[1].value"], {"TOKEN": "t-2"}, ["runtime"]),  # TOKEN is envs[1]
        (["runtime.envs[2].value"], {"TOKEN": "t-2"}, []),  # PASSWORD did not change
        (["runtime.envs[0].value"], {"TOKEN": "t-2"}, []),  # MODE is not a secret
        (["runtime.envs[2].value"], {"PASSWORD": UNKNOWN}, ["runtime"]),  # known later: may change
        (["runtime.envs[1].value"], {}, []),  # nothing changed
        (["runtime.envs[*].value"], {"PASSWORD": "p-2"}, ["runtime"]),
    ],
)
def test_a_changed_secret_value_is_a_change_of_its_env_var_value(
    paths: list[str], secrets: dict[str, Any], replaced: list[str]
) -> None:
    changed, replaces = job_changes.changes(STORED, _with(paths, **secrets), Place())
    assert ("secret_env_values" in changed) is bool(secrets)
    assert replaces == replaced


def test_a_secret_value_added_or_removed_is_a_change_of_its_env_var() -> None:
    added = {**_with(["runtime.envs[1].value"]), "secret_env_values": {"PASSWORD": "p-1"}}
    assert job_changes.changes(STORED, added, Place())[1] == ["runtime"]  # TOKEN's value went away


@pytest.mark.parametrize(
    ("news", "place", "keeps"),
    [
        ({"name": "etl"}, Place(), True),
        ({"name": "etl", "workspace": "ws"}, Place(), True),
        ({"name": "other"}, Place(), False),  # a new name: both can exist, the new one first
        ({"name": "etl", "workspace": "ws-2"}, Place(), False),  # another workspace: no clash
        ({"name": "etl"}, Place(workspace="ws-2"), False),  # the configured workspace moved
        ({"name": UNKNOWN}, Place(), False),
        ({"name": "etl", "workspace": UNKNOWN}, Place(), False),
        ({}, Place(), False),
    ],
)
def test_a_replacement_keeps_the_name_only_in_the_same_workspace(
    news: dict[str, Any], place: Place, keeps: bool
) -> None:
    olds = {"name": "etl", "workspace": "ws"}
    assert job_changes.keeps_name(olds, news, place) is keeps


def test_a_job_on_another_api_than_the_configured_one_has_moved() -> None:
    stored = {"api_url": "https://old.example/v0"}
    assert job_changes.moved(stored, Place()) is True
    assert job_changes.moved({"api_url": "https://api.blaxel.ai/v0"}, Place()) is False
    assert job_changes.moved({}, Place()) is False  # recorded by no release before: taken as here
    assert job_changes.moved(stored, Place(api_url=None)) is False  # an invalid URL: check reports it
    assert job_changes.changes({**STORED, **stored}, STORED, Place())[1] == [job_changes.API_URL_KEY]


@pytest.mark.parametrize(
    ("news", "rehomed"),
    [
        ({"owner": "b" * 32, "owner_stack": "proj/prod"}, True),  # `pulumi state move` to prod
        ({"owner": "b" * 32, "owner_stack": "proj/dev"}, False),  # an import: the next declared change
        ({"owner": "a" * 32, "owner_stack": "proj/prod"}, False),  # the same marker
        ({"owner": None, "owner_stack": "proj/prod"}, False),
        ({"owner": UNKNOWN, "owner_stack": "proj/prod"}, False),
    ],
)
def test_a_resource_moved_to_another_stack_writes_its_new_marker(news: dict[str, Any], rehomed: bool) -> None:
    olds = {**STORED, "owner": "a" * 32, "owner_stack": "proj/dev"}
    assert job_changes.rehomed(olds, {**STORED, **news}) is rehomed
    changed, replaces = job_changes.changes(olds, {**STORED, **news}, Place())
    assert ("owner" in changed) is rehomed and replaces == []
    assert job_changes.rehomed({**STORED, "owner": None}, {**STORED, **news}) is False  # nothing to move from


def test_a_replacement_while_adopt_is_set_is_refused_before_anything_is_sent() -> None:
    with pytest.raises(BlaxelConfigError) as info:
        job_changes.changes(STORED, {**STORED, "name": "other", "adopt": True}, Place())
    assert str(info.value) == (
        "Changing `name` replaces job 'etl', and `adopt=True` is still set: the replacement would take over "
        "whatever job already has the new name. Remove `adopt=True` from the resource (adoption happens at a "
        "resource's first create only), then run again."
    )
    assert job_changes.changes(STORED, {**STORED, "name": "other", "adopt": False}, Place())[1] == ["name"]


def test_only_what_changed_is_listed() -> None:
    news = {**STORED, "runtime": {**STORED["runtime"], "image": "etl:2"}, "wait_for_deployment": False}
    changed, replaces = job_changes.changes(STORED, news, Place())
    assert changed == ["runtime", "wait_for_deployment"] and replaces == []
    assert job_changes.changes(STORED, dict(STORED), Place()) == ([], [])
    assert job_changes.changes(STORED, {**STORED, "display_name": UNKNOWN}, Place())[0] == ["display_name"]


def test_a_path_check_rejects_does_not_hide_the_valid_paths_after_it() -> None:
    """`check` reports an invalid `replace_on_changes` path; the diff skips it and applies the others."""
    news = {
        **STORED,
        "runtime": {"image": "etl:2", "envs": ENVS},
        "replace_paths": ["runtime.[[", "runtime.image"],
    }
    assert job_changes.changes(STORED, news, Place()) == (["runtime"], ["runtime"])


def test_a_runtime_not_known_yet_with_a_changed_secret_is_a_change_of_both() -> None:
    """In a preview the whole `runtime` can be unknown: which env var holds the changed secret is not known,
    and the diff says both changed (it must not fail looking for the env vars)."""
    news = {**_with(["runtime.envs[*].value"], TOKEN="t-2"), "runtime": UNKNOWN}
    changed, _ = job_changes.changes(STORED, news, Place())
    assert changed == ["runtime", "secret_env_values"]


def test_secret_values_not_known_yet_may_change_every_secret_env_var() -> None:
    """A preview where the secret values are unknown as a whole (they come from another resource's output):
    each secret env var may change, as when one value is unknown; a plain env var may not."""
    unknown = {**_with(["runtime.envs[*].value"]), "secret_env_values": UNKNOWN}
    assert job_changes.changes(STORED, unknown, Place()) == (["secret_env_values"], ["runtime"])
    plain_only = {**_with(["runtime.envs[0].value"]), "secret_env_values": UNKNOWN}
    assert job_changes.changes(STORED, plain_only, Place()) == (["secret_env_values"], [])
