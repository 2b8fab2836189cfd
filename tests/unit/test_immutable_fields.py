"""Fields Blaxel does not let an update change replace the object (the ``replace_on_change`` markers of the
generated models, each with its source in ``scripts/gen_models.py``), and the diff says so; every other
field stays an update."""

from __future__ import annotations

from typing import Any

import pytest

from blaxel_pulumi.api.spec_models import DriveSpec, SandboxRuntime, VolumeSpec
from blaxel_pulumi.api.wire import marker
from blaxel_pulumi.core.object_kinds import OBJECT_RESOURCE_KINDS, ObjectOperations
from blaxel_pulumi.errors import BlaxelConfigError


def test_the_markers_are_on_the_fields_the_spec_calls_immutable() -> None:
    assert marker(VolumeSpec.model_fields["region"], "replace_on_change")
    assert marker(DriveSpec.model_fields["region"], "replace_on_change")
    assert marker(SandboxRuntime.model_fields["extra_args"], "replace_on_change")
    # The spec: a volume's size "can be increased after creation"; a drive's permissions are updated by
    # Blaxel's SDK; a volume's template has no source saying it is fixed.
    for info in (
        VolumeSpec.model_fields["size"],
        VolumeSpec.model_fields["template"],
        DriveSpec.model_fields["permissions"],
        SandboxRuntime.model_fields["image"],
    ):
        assert not marker(info, "replace_on_change")


def test_each_kind_replaces_on_its_name_its_workspace_and_the_fields_fixed_at_creation() -> None:
    replacing = {w: (k.replace_keys, k.replace_paths) for w, k in OBJECT_RESOURCE_KINDS.items()}
    assert replacing == {
        "policy": (("name", "workspace"), ()),
        "integration connection": (("name", "workspace"), ()),
        "volume template": (("name", "workspace"), ()),
        "volume": (("name", "region", "workspace"), ()),
        "drive": (("name", "region", "workspace"), ()),
        "model": (("name", "workspace"), ()),
        "function": (("name", "workspace"), ()),
        "agent": (("name", "workspace"), ()),
        "sandbox": (("name", "workspace"), ("runtime.extra_args",)),
    }


def _diff(word: str, olds: dict[str, Any], news: dict[str, Any]) -> Any:
    base = {"name": "data", "workspace": "w"}
    return ObjectOperations.of(word, {}).diff("data", {**base, **olds}, {**base, **news})


@pytest.mark.parametrize("word", ["volume", "drive"])
def test_a_new_region_replaces_the_object_deleting_it_first(word: str) -> None:
    result = _diff(word, {"region": "us-pdx-1"}, {"region": "eu-lon-1"})
    assert (result.changes, result.replaces, result.delete_before_replace) == (True, ["region"], True)
    assert _diff(word, {"region": "us-pdx-1"}, {"region": "us-pdx-1"}).changes is False


def test_a_removed_region_replaces_too_and_a_new_name_creates_first() -> None:
    assert _diff("volume", {"region": "us-pdx-1"}, {}).replaces == ["region"]
    renamed = _diff("volume", {"region": "us-pdx-1"}, {"region": "eu-lon-1", "name": "other"})
    assert (renamed.replaces, renamed.delete_before_replace) == (["name", "region"], False)


def test_a_bigger_volume_is_an_update() -> None:
    result = _diff("volume", {"region": "us-pdx-1", "size": 1024}, {"region": "us-pdx-1", "size": 2048})
    assert (result.changes, result.replaces) == (True, [])


def test_a_sandbox_kernel_change_replaces_it_and_a_memory_change_updates_it() -> None:
    before = {"runtime": {"image": "blaxel/base-image:latest", "extra_args": {"tun": "enabled"}}}
    kernel = {"runtime": {"image": "blaxel/base-image:latest", "extra_args": {"tun": "disabled"}}}
    result = _diff("sandbox", before, kernel)
    assert (result.replaces, result.delete_before_replace) == (["runtime"], True)
    added = _diff("sandbox", {"runtime": {"image": "blaxel/base-image:latest"}}, before)
    assert added.replaces == ["runtime"]
    memory = {"runtime": {**before["runtime"], "memory": 4096}}
    assert _diff("sandbox", before, memory).replaces == []


def test_adopt_still_set_names_the_kind_that_would_be_replaced() -> None:
    with pytest.raises(BlaxelConfigError) as refused:
        _diff("volume", {"region": "us-pdx-1"}, {"region": "eu-lon-1", "adopt": True})
    assert str(refused.value) == (
        "Changing `region` replaces volume 'data', and `adopt=True` is still set: the replacement would "
        "take over whatever volume already has the new name. Remove `adopt=True` from the resource "
        "(adoption happens at a resource's first create only), then run again."
    )
