"""The parts of `pulumi.provider.experimental` the native provider relies on (an experimental interface: this
test fails when a pulumi release moves it, before a user's `pulumi up` does)."""

from __future__ import annotations

import inspect

from pulumi.provider.experimental import provider as p
from pulumi.provider.experimental.property_value import Computed, PropertyValue
from pulumi.provider.experimental.server import ProviderServicer
from pulumi.runtime.proto import engine_pb2, engine_pb2_grpc, provider_pb2_grpc

from blaxel_pulumi.native.provider import JobProvider
from blaxel_pulumi.native.server import _RPCS


def _params(obj: object) -> list[str]:
    return [n for n in inspect.signature(obj).parameters if n != "self"]  # type: ignore[arg-type]


def test_request_and_response_classes_have_the_fields_used() -> None:
    assert _params(p.CheckRequest.__init__) == ["urn", "old_inputs", "new_inputs", "random_seed"]
    assert _params(p.DiffRequest.__init__) == [
        "urn",
        "resource_id",
        "old_state",
        "new_inputs",
        "ignore_changes",
    ]
    assert _params(p.CreateRequest.__init__) == ["urn", "properties", "timeout", "preview"]
    assert _params(p.ReadRequest.__init__) == ["urn", "resource_id", "properties", "inputs"]
    assert _params(p.UpdateRequest.__init__)[:4] == ["urn", "resource_id", "olds", "news"]
    assert "preview" in _params(p.UpdateRequest.__init__)
    assert _params(p.DeleteRequest.__init__) == ["urn", "resource_id", "properties", "timeout"]
    assert _params(p.ConfigureRequest.__init__) == ["variables", "args", "accept_secrets", "accept_resources"]
    assert set(_params(p.DiffResponse.__init__)) >= {"changes", "replaces", "diffs", "detailed_diff"}
    assert _params(p.PropertyDiff.__init__) == ["kind", "input_diff"]
    assert {k.name for k in p.PropertyDiffKind} >= {"ADD", "DELETE", "UPDATE", "UPDATE_REPLACE"}
    assert _params(p.CheckFailure.__init__) == ["property", "reason"]


def test_every_method_the_provider_overrides_exists_and_is_async() -> None:
    overridden = [
        n
        for n, v in vars(JobProvider).items()
        if inspect.iscoroutinefunction(v)
        and not n.startswith("_")
        and "__mutmut_" not in n  # the copies `make mutation` adds to the class
    ]
    assert sorted(overridden) == sorted(
        [
            "get_schema",
            "check_config",
            "diff_config",
            "configure",
            "check",
            "diff",
            "invoke",
            "create",
            "read",
            "update",
            "delete",
        ]
    )
    for name in overridden:
        assert inspect.iscoroutinefunction(getattr(p.Provider, name)), name


def test_the_servicer_and_protocol_pieces_exist() -> None:
    for rpc in _RPCS:
        assert inspect.iscoroutinefunction(getattr(ProviderServicer, rpc)), rpc
    assert _params(ProviderServicer.__init__) == ["args", "version", "provider", "engine_address"]
    assert callable(provider_pb2_grpc.add_ResourceProviderServicer_to_server)
    assert callable(engine_pb2_grpc.EngineStub)
    assert engine_pb2.LogRequest(severity=engine_pb2.INFO, message="m", urn="u")
    assert isinstance(PropertyValue(Computed()).value, Computed)
    assert PropertyValue("x").with_secret(True).contains_secret()
