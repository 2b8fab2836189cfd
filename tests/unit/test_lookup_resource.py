"""What a lookup (`BlaxelPolicy.get(...)`, ..., `BlaxelJob.get(...)`) hands the engine: a read of the id it
names, with the lookup's marker as its only input, and every property registered as an output.

Pulumi's mocks show the registration only; the read itself is tested against a real server
(tests/provider/test_lookup.py) and through the real CLI (tests/e2e/test_lookups.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pulumi
import pytest

import blaxel_pulumi as blaxel
from blaxel_pulumi.core.object_kinds import OBJECT_RESOURCE_KINDS


class Recorder(pulumi.runtime.Mocks):
    """Records every registration; a read answers the object as if Blaxel had it."""

    def __init__(self) -> None:
        self.registered: list[pulumi.runtime.MockResourceArgs] = []

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str | None, dict[str, Any]]:
        self.registered.append(args)
        return args.resource_id or f"{args.name}-id", {**args.inputs, "name": args.resource_id}

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        return {}, None


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    mocks = Recorder()
    pulumi.runtime.set_mocks(mocks, project="proj", stack="dev", preview=False)
    yield mocks
    asyncio.set_event_loop(None)
    loop.close()


CLASSES = {
    **{f"Blaxel{k.api.model.__name__}": k.api.model.__name__ for k in OBJECT_RESOURCE_KINDS.values()},
    "BlaxelJob": "Job",
}


@pytest.mark.parametrize("class_name", sorted(CLASSES))
@pulumi.runtime.test  # type: ignore[untyped-decorator]
def test_get_reads_the_named_object_and_gives_nothing_else(
    class_name: str, recorder: Recorder
) -> pulumi.Output[None]:
    cls = getattr(blaxel, class_name)
    found = cls.get("existing", "made-elsewhere")
    assert isinstance(found, cls)

    def check(name: Any) -> None:
        [args] = recorder.registered  # no stack identity: a lookup holds nothing
        assert args.typ == f"pulumi-python:dynamic/blaxel:{CLASSES[class_name]}"
        assert args.name == "existing"
        assert args.resource_id == "made-elsewhere"
        given = {k: v for k, v in args.inputs.items() if v is not None and k != "__provider"}
        assert given == {"lookup": True}
        assert name == "made-elsewhere"

    output: pulumi.Output[None] = found.name.apply(check)
    return output
