"""The state version and its upgrade steps (`blaxel_pulumi.core.state`), over states of released versions.

`data/state_0.1.0.json` is a real state written by blaxel-pulumi 0.1.0 (see its `how`): the pickled providers
as stored, and the inputs and outputs of two jobs. The upgrade test (tests/e2e/test_upgrade.py) checks the
same on the real CLI; these tests pin the mechanism and give each new step a place for its own test.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import dill
import pytest

from blaxel_pulumi.core.state import (
    STATE_VERSION,
    UPGRADES,
    VERSION_KEY,
    Part,
    StateVersionError,
    Upgrade,
    stamp,
    upgrade,
    version_of,
)
from blaxel_pulumi.provider import BlaxelJobProvider
from blaxel_pulumi.provider.ready import JobsReadyProvider

RELEASE_0_1_0 = json.loads((Path(__file__).parent / "data" / "state_0.1.0.json").read_text(encoding="utf-8"))
JOB = "pulumi-python:dynamic/blaxel:Job"
JOBS_READY = "pulumi-python:dynamic/blaxel:JobsReady"


def _released(name: str, part: str) -> dict[str, Any]:
    props: dict[str, Any] = RELEASE_0_1_0["resources"][name][part]
    return {**props, "__provider": RELEASE_0_1_0["providers"][JOB]}


# -- the pickled providers of 0.1.0 load, as the current classes --------------------------------------------


@pytest.mark.parametrize(
    ("type_token", "cls", "module"),
    [
        (JOB, BlaxelJobProvider, "blaxel_pulumi.provider.provider"),
        (JOBS_READY, JobsReadyProvider, "blaxel_pulumi.provider.ready"),
    ],
)
def test_a_provider_pickled_by_0_1_0_loads_as_the_current_class(
    type_token: str, cls: type[Any], module: str
) -> None:
    blob = base64.b64decode(RELEASE_0_1_0["providers"][type_token])  # as pulumi.dynamic's get_provider does
    assert module.encode() in blob  # a reference by module path: this path is kept for good

    provider = dill.loads(blob)

    assert type(provider) is cls
    assert provider.__dict__ == {}


# -- version_of / stamp ----------------------------------------------------------------------------------


def test_a_state_without_a_version_is_version_1() -> None:
    assert version_of(_released("full", "outputs")) == 1
    assert version_of(_released("full", "inputs")) == 1


def test_the_recorded_version_is_read_also_as_the_float_the_engine_may_give() -> None:
    assert version_of({VERSION_KEY: 3}) == 3
    assert version_of({VERSION_KEY: 3.0}) == 3


@pytest.mark.parametrize("bad", ["2", 0, -1, 1.5, True, [1]])
def test_an_invalid_version_is_an_error_that_says_what_to_do(bad: Any) -> None:
    with pytest.raises(StateVersionError, match=r"invalid state version.*pulumi refresh"):
        version_of({VERSION_KEY: bad})


def test_stamp_records_the_current_version_in_a_copy() -> None:
    props = {"name": "a"}
    assert stamp(props) == {"name": "a", VERSION_KEY: STATE_VERSION}
    assert props == {"name": "a"}


# -- upgrade -------------------------------------------------------------------------------------------


def test_every_version_before_the_current_one_has_exactly_one_step() -> None:
    assert STATE_VERSION >= 1
    assert sorted(UPGRADES) == list(range(1, STATE_VERSION))


@pytest.mark.parametrize("name", ["full", "auto-named"])
@pytest.mark.parametrize("part", ["inputs", "outputs"])
def test_a_0_1_0_state_is_brought_to_the_current_version_without_being_mutated(name: str, part: Part) -> None:
    props = _released(name, part)
    before = json.loads(json.dumps(props))

    upgraded = upgrade(props, part)

    assert props == before
    assert upgraded[VERSION_KEY] == STATE_VERSION
    assert upgraded["__provider"] == props["__provider"]
    assert upgrade(upgraded, part) == upgraded  # a current state goes through unchanged


def test_nothing_stored_stays_nothing() -> None:
    assert upgrade({}, "inputs") == {}
    assert upgrade({}, "outputs") == {}


def _step(tag: str) -> Upgrade:
    def step(props: dict[str, Any], part: Part) -> dict[str, Any]:
        return {**props, "steps": [*props.get("steps", []), f"{tag} ({part})"]}

    return step


def test_steps_run_in_order_from_the_stored_version() -> None:
    steps = {1: _step("1->2"), 2: _step("2->3")}

    assert upgrade({"name": "a"}, "outputs", steps=steps, current=3) == {
        "name": "a",
        "steps": ["1->2 (outputs)", "2->3 (outputs)"],
        VERSION_KEY: 3,
    }
    assert upgrade({"name": "a", VERSION_KEY: 2}, "inputs", steps=steps, current=3) == {
        "name": "a",
        "steps": ["2->3 (inputs)"],
        VERSION_KEY: 3,
    }
    assert upgrade({"name": "a", VERSION_KEY: 3}, "inputs", steps=steps, current=3) == {
        "name": "a",
        VERSION_KEY: 3,
    }


def test_a_step_that_moves_a_key_sees_a_copy() -> None:
    def rename_owner(props: dict[str, Any], _part: Part) -> dict[str, Any]:
        props["ownership"] = props.pop("owner", None)
        return props

    old = _released("full", "outputs")
    upgraded = upgrade(old, "outputs", steps={1: rename_owner}, current=2)

    assert upgraded["ownership"] == old["owner"] and "owner" not in upgraded
    assert "owner" in old


def test_a_state_written_by_a_newer_release_is_refused_with_the_fix() -> None:
    with pytest.raises(StateVersionError, match=r"state version 3, written by a newer blaxel-pulumi"):
        upgrade({"name": "a", VERSION_KEY: 3}, "outputs", steps={1: _step("1->2")}, current=2)


def test_a_missing_step_is_reported_as_a_bug() -> None:
    with pytest.raises(StateVersionError, match=r"no upgrade step from state version 1 to 2"):
        upgrade({"name": "a"}, "outputs", steps={}, current=2)


# -- what the provider makes of a 0.1.0 state --------------------------------------------------------------


@pytest.mark.parametrize("name", ["full", "auto-named"])
def test_the_provider_sees_no_change_between_a_0_1_0_state_and_the_same_inputs(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BL_API_KEY", "k")  # check verifies the settings too (nothing is sent)
    monkeypatch.setenv("BL_WORKSPACE", "local")
    provider = BlaxelJobProvider()
    old_inputs = _released(name, "inputs")
    checked = provider.check(old_inputs, {k: v for k, v in old_inputs.items() if k != VERSION_KEY})
    assert checked.failures == []
    assert checked.inputs[VERSION_KEY] == STATE_VERSION

    diff = provider.diff(name, _released(name, "outputs"), checked.inputs)

    assert (diff.changes, diff.replaces) == (False, [])


def test_the_provider_refuses_a_newer_state_at_diff_time() -> None:
    provider = BlaxelJobProvider()
    newer = {**_released("full", "outputs"), VERSION_KEY: STATE_VERSION + 1}
    with pytest.raises(StateVersionError):
        provider.diff("full", newer, _released("full", "inputs"))


# -- version 1 -> 2: labels split in two, server_fields, adopt_name -----------------------------------------


@pytest.mark.parametrize("name", ["full", "auto-named"])
def test_v1_outputs_become_v2_with_every_label_as_effective_labels(name: str) -> None:
    props = _released(name, "outputs")
    upgraded = upgrade(props, "outputs")
    assert upgraded["effective_labels"] == props.get("labels")
    assert upgraded.get("labels") == props.get("labels")  # narrowed by the next read only
    assert upgraded["server_fields"] is None  # unknown until the next read: an update sends what 0.1.0 sent
    assert upgraded["adopt_name"] is None
    assert upgraded["owner"] == props["owner"]  # the marker the job was created with is kept
    assert upgraded["auto_name"] == props.get("auto_name")


def test_v1_inputs_become_v2_without_output_only_keys() -> None:
    upgraded = upgrade(_released("full", "inputs"), "inputs")
    assert upgraded.get("adopt_name") is None
    assert "effective_labels" not in upgraded
    assert "server_fields" not in upgraded
