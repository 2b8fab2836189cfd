"""The provider's `DiffConfig` as the engine receives it (the gRPC answer of the plugin's servicer): a changed
setting is a change (`DIFF_SOME`), a change of the API the jobs live on replaces the provider (and so, in
the engine, its jobs), the stack identity alone is no change."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
import yaml
from pulumi.provider.experimental.property_value import PropertyValue
from pulumi.runtime.proto import provider_pb2
from pulumi.runtime.rpc import UNKNOWN

from blaxel_pulumi.native.identity import kept_identity
from blaxel_pulumi.native.provider import JobProvider
from blaxel_pulumi.native.server import _CleanServicer
from blaxel_pulumi.native.values import to_values

URN = "urn:pulumi:dev::proj::pulumi:providers:blaxel::default"
OLD_URL = "http://127.0.0.1:4001/v0"
NEW_URL = "http://127.0.0.1:4002/v0"
SETTINGS: dict[str, Any] = {
    "apiUrl": OLD_URL,
    "workspace": "local",
    "apiKey": "old-key",
    "stackIdentity": "0" * 32,
    "version": "0.0.0-test",
}
DiffResponse = provider_pb2.DiffResponse
PropertyDiff = provider_pb2.PropertyDiff


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No BL_* variable and no ~/.blaxel/config.yaml of the machine."""
    for var in ("BL_API_KEY", "BL_WORKSPACE", "BL_API_URL", "BL_ENV"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


def diff_config(olds: dict[str, Any], news: dict[str, Any]) -> provider_pb2.DiffResponse:
    """The plugin's answer to the engine's ``DiffConfig(olds, news)``, over the servicer the plugin serves."""
    servicer = _CleanServicer([], "0.0.0-test", JobProvider("0.0.0-test"), engine_address="")
    request = provider_pb2.DiffRequest(
        urn=URN,
        olds=PropertyValue.marshal_map(to_values(olds)),
        news=PropertyValue.marshal_map(to_values(news)),
    )
    response: provider_pb2.DiffResponse = asyncio.run(servicer.DiffConfig(request, None))
    return response


def test_a_rotated_api_key_updates_the_provider_in_place() -> None:
    diff = diff_config(SETTINGS, {**SETTINGS, "apiKey": "new-key"})

    assert diff.changes == DiffResponse.DIFF_SOME
    assert list(diff.diffs) == ["apiKey"]
    assert list(diff.replaces) == []
    assert diff.detailedDiff["apiKey"].kind == PropertyDiff.UPDATE


def test_a_changed_workspace_updates_the_provider_and_leaves_replacing_to_each_job() -> None:
    diff = diff_config(SETTINGS, {**SETTINGS, "workspace": "other"})

    assert diff.changes == DiffResponse.DIFF_SOME
    assert list(diff.diffs) == ["workspace"]
    assert list(diff.replaces) == []  # a job with its own `workspace` input stays where it is


def test_a_changed_api_url_replaces_the_provider() -> None:
    diff = diff_config(SETTINGS, {**SETTINGS, "apiUrl": NEW_URL})

    assert diff.changes == DiffResponse.DIFF_SOME
    assert list(diff.replaces) == ["apiUrl"]
    assert diff.detailedDiff["apiUrl"].kind == PropertyDiff.UPDATE_REPLACE


def test_a_changed_environment_name_replaces_the_provider() -> None:
    olds = {k: v for k, v in SETTINGS.items() if k != "apiUrl"}
    diff = diff_config(olds, {**olds, "env": "dev"})  # prod (the default) -> dev: another API

    assert diff.changes == DiffResponse.DIFF_SOME
    assert list(diff.replaces) == ["env"]
    assert diff.detailedDiff["env"].kind == PropertyDiff.ADD_REPLACE


def test_the_same_api_written_another_way_is_no_move(monkeypatch: pytest.MonkeyPatch) -> None:
    """The URL the settings resolve to decides, not their text: `apiUrl` set to what `BL_API_URL` said
    before, or the URL of `env`, or with a trailing slash, moves no job."""
    implicit = {k: v for k, v in SETTINGS.items() if k != "apiUrl"}
    cases = [
        ({**implicit, "env": "prod"}, {**implicit, "apiUrl": "https://api.blaxel.ai/v0"}),
        (SETTINGS, {**SETTINGS, "apiUrl": OLD_URL + "/"}),
        (implicit, SETTINGS),  # with BL_API_URL set below
    ]
    for olds, news in cases:
        if olds is implicit:
            monkeypatch.setenv("BL_API_URL", OLD_URL)
        diff = diff_config(olds, news)
        assert diff.changes == DiffResponse.DIFF_SOME, (olds, news)
        assert list(diff.replaces) == [], (olds, news)


def test_a_workspace_of_another_environment_in_the_login_file_replaces_the_provider(tmp_path: Path) -> None:
    login = {"workspaces": [{"name": "local", "env": "prod"}, {"name": "staging", "env": "dev"}]}
    config_file = tmp_path / "home" / ".blaxel" / "config.yaml"
    config_file.parent.mkdir(parents=True)
    config_file.write_text(yaml.safe_dump(login), encoding="utf-8")
    olds = {k: v for k, v in SETTINGS.items() if k != "apiUrl"}

    diff = diff_config(olds, {**olds, "workspace": "staging"})

    assert list(diff.replaces) == ["workspace"]


def test_a_new_stack_identity_updates_the_provider_in_place() -> None:
    """A provider that `pulumi state move` copied into another stack draws an identity there: the engine
    must configure it with the new one (an unchanged provider is configured with its old inputs)."""
    diff = diff_config(SETTINGS, {**SETTINGS, "stackIdentity": "1" * 32})

    assert diff.changes == DiffResponse.DIFF_SOME
    assert list(diff.replaces) == [] and list(diff.diffs) == ["stackIdentity"]


def test_the_identity_stack_recorded_for_the_first_time_is_no_change() -> None:
    news = {**SETTINGS, "stackIdentityOf": "proj/dev"}
    assert diff_config(SETTINGS, news).changes == DiffResponse.DIFF_NONE
    olds = {k: v for k, v in SETTINGS.items() if k != "stackIdentity"}
    assert diff_config(olds, {**news, "stackIdentity": "1" * 32}).changes == DiffResponse.DIFF_NONE


def test_unchanged_settings_are_no_change() -> None:
    assert diff_config(SETTINGS, dict(SETTINGS)).changes == DiffResponse.DIFF_NONE


def test_a_provider_copied_into_another_stack_draws_its_own_identity() -> None:
    """`pulumi state move` copies a moved job's provider, identity included, into the destination stack."""
    dev = "urn:pulumi:dev::proj::pulumi:providers:blaxel::default"
    prod = "urn:pulumi:prod::proj::pulumi:providers:blaxel::default"
    drawn, drawn_for = kept_identity({}, {}, dev)
    assert drawn_for == "proj/dev" and len(drawn) == 32
    stored = {"stackIdentity": drawn, "stackIdentityOf": drawn_for}
    assert kept_identity(stored, {}, dev) == (drawn, "proj/dev")
    moved, moved_for = kept_identity(stored, {}, prod)
    assert moved != drawn and moved_for == "proj/prod"
    assert kept_identity({"stackIdentity": drawn}, {}, prod) == (drawn, "proj/prod")  # recorded from now on


def test_a_setting_added_or_removed_is_an_addition_or_a_deletion_of_it() -> None:
    diff = diff_config(SETTINGS, {**SETTINGS, "requestTimeout": 60})
    assert diff.changes == DiffResponse.DIFF_SOME and list(diff.replaces) == []
    assert diff.detailedDiff["requestTimeout"].kind == PropertyDiff.ADD
    assert diff.detailedDiff["requestTimeout"].inputDiff is True

    removed = diff_config({**SETTINGS, "requestTimeout": 60}, SETTINGS)
    assert removed.detailedDiff["requestTimeout"].kind == PropertyDiff.DELETE
    assert list(removed.replaces) == []

    implicit = {k: v for k, v in SETTINGS.items() if k != "apiUrl"}  # prod, the default: another API
    moved = diff_config(SETTINGS, implicit)
    assert list(moved.replaces) == ["apiUrl"]
    assert moved.detailedDiff["apiUrl"].kind == PropertyDiff.DELETE_REPLACE


def test_settings_stored_before_the_stack_identity_still_register_their_changes() -> None:
    """A provider whose state predates the stack identity: its first new identity is no change, but a
    rotated key in the same update is one."""
    olds = {k: v for k, v in SETTINGS.items() if k != "stackIdentity"}
    diff = diff_config(olds, {**SETTINGS, "apiKey": "new-key"})

    assert diff.changes == DiffResponse.DIFF_SOME
    assert list(diff.diffs) == ["apiKey"] and list(diff.replaces) == []


def test_every_locating_setting_changed_at_once_replaces_the_provider() -> None:
    olds = {**SETTINGS, "env": "prod"}
    news = {**SETTINGS, "apiUrl": NEW_URL, "workspace": "other", "env": "dev"}

    diff = diff_config(olds, news)

    assert sorted(diff.replaces) == ["apiUrl", "env", "workspace"]


def test_a_setting_not_known_yet_in_a_preview_decides_by_the_api_url_and_environment_given() -> None:
    """An output of another resource is unknown during a preview: a workspace not known yet, under the
    same `apiUrl`, moves no job; an API URL or environment not known yet counts as a move."""
    unknown_workspace = diff_config(SETTINGS, {**SETTINGS, "workspace": UNKNOWN})
    assert unknown_workspace.changes == DiffResponse.DIFF_SOME
    assert list(unknown_workspace.replaces) == []

    unknown_url = diff_config(SETTINGS, {**SETTINGS, "apiUrl": UNKNOWN})
    assert list(unknown_url.replaces) == ["apiUrl"]

    implicit = {k: v for k, v in SETTINGS.items() if k != "apiUrl"}
    unknown_env = diff_config({**implicit, "env": "prod"}, {**implicit, "env": UNKNOWN})
    assert list(unknown_env.replaces) == ["env"]
