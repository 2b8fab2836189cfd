"""The public surface: what ``blaxel_pulumi`` exports, and that every public item is documented."""

from __future__ import annotations

import dataclasses
import inspect
from types import ModuleType

import pytest

import blaxel_pulumi
from blaxel_pulumi import errors
from blaxel_pulumi.api import client, messages, retry, settings, transport

API_LAYER = [errors, messages, settings, retry, transport, client]

EXPECTED_EXPORTS = {
    "BlaxelAPIError",
    "BlaxelClient",
    "BlaxelConfigError",
    "BlaxelConnectionError",
    "BlaxelError",
    "BlaxelProtocolError",
    "BlaxelTimeoutError",
    "Conflict",
    "DeploymentError",
    "DeploymentFailed",
    "DeploymentTimeout",
    "Forbidden",
    "InvalidRequest",
    "MethodNotAllowed",
    "NotFound",
    "RateLimited",
    "RetryPolicy",
    "ServerError",
    "Settings",
    "Unauthorized",
    "__version__",
    "resolve_settings",
}


def test_package_exports_the_api_layer() -> None:
    assert set(blaxel_pulumi.__all__) >= EXPECTED_EXPORTS
    assert len(blaxel_pulumi.__all__) == len(set(blaxel_pulumi.__all__))
    for name in blaxel_pulumi.__all__:
        assert hasattr(blaxel_pulumi, name), name


@pytest.mark.parametrize("module", [blaxel_pulumi, *API_LAYER], ids=lambda m: m.__name__)
def test_all_is_sorted_and_importable(module: ModuleType) -> None:
    names = module.__all__
    constants = [n for n in names if n.isupper()]
    assert names[: len(constants)] == sorted(constants)
    for name in names:
        assert hasattr(module, name), f"{module.__name__}.{name}"


@pytest.mark.parametrize("module", API_LAYER, ids=lambda m: m.__name__)
def test_every_public_item_has_a_docstring(module: ModuleType) -> None:
    assert module.__doc__
    missing = []
    for name in module.__all__:
        item = getattr(module, name)
        if not (inspect.isclass(item) or inspect.isfunction(item)):
            continue
        if not inspect.getdoc(item):
            missing.append(name)
        if inspect.isclass(item):
            # Dunder methods count when written by hand (dataclasses and protocols generate their own).
            generated = dataclasses.is_dataclass(item) or getattr(item, "_is_protocol", False)
            dunders = () if generated else ("__init__", "__enter__", "__exit__", "__repr__")
            for attr, member in vars(item).items():
                if attr.startswith("_") and attr not in dunders:
                    continue
                target = member.fget if isinstance(member, property) else member
                if isinstance(target, classmethod):
                    target = target.__func__
                if inspect.isfunction(target) and not target.__doc__:
                    missing.append(f"{name}.{attr}")
    assert not missing, f"undocumented in {module.__name__}: {missing}"


def test_version_is_kept() -> None:
    from blaxel_pulumi._version import __version__

    assert blaxel_pulumi.__version__ == __version__
