"""A trivial dynamic resource, in an importable module so that it pickles by reference."""

from __future__ import annotations

from typing import Any

import pulumi
from pulumi.dynamic import CreateResult, DiffResult, ResourceProvider, UpdateResult


class EchoProvider(ResourceProvider):
    """Stores its inputs as outputs; no side effects."""

    def create(self, props: dict[str, Any]) -> CreateResult:
        return CreateResult(id_=f"echo-{props['value']}", outs={"value": props["value"]})

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        return DiffResult(changes=olds.get("value") != news.get("value"))

    def update(self, _id: str, _olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        return UpdateResult(outs={"value": news["value"]})


class Echo(pulumi.dynamic.Resource, module="smoke", name="Echo"):
    """A resource whose output `value` echoes its input."""

    value: pulumi.Output[str]

    def __init__(
        self, name: str, value: pulumi.Input[str], opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__(EchoProvider(), name, {"value": value}, opts)
