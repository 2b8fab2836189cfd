"""Manage Blaxel batch jobs as infrastructure as code with Pulumi."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from blaxel_pulumi._version import __version__

if TYPE_CHECKING:
    from blaxel_pulumi.args import (
        BlaxelJobArgs,
        BlaxelJobArgsDict,
        EnvVarArgs,
        EnvVarArgsDict,
        GithubRunnerArgs,
        GithubRunnerArgsDict,
        JobRuntimeArgs,
        JobRuntimeArgsDict,
        PortArgs,
        PortArgsDict,
        RevisionArgs,
        RevisionArgsDict,
        TriggerArgs,
        TriggerArgsDict,
        TriggerConfigurationArgs,
        TriggerConfigurationArgsDict,
        VolumeArgs,
        VolumeArgsDict,
    )
    from blaxel_pulumi.client import BlaxelClient
    from blaxel_pulumi.errors import (
        BlaxelAPIError,
        BlaxelConfigError,
        BlaxelConnectionError,
        BlaxelError,
        BlaxelProtocolError,
        BlaxelTimeoutError,
        Conflict,
        DeploymentError,
        DeploymentFailed,
        DeploymentTimeout,
        Forbidden,
        InvalidRequest,
        MethodNotAllowed,
        NotFound,
        RateLimited,
        ServerError,
        Unauthorized,
    )
    from blaxel_pulumi.execution import BlaxelJobExecution
    from blaxel_pulumi.execution_errors import ExecutionError, ExecutionFailed, ExecutionTimeout
    from blaxel_pulumi.job import BlaxelJob
    from blaxel_pulumi.ready import BlaxelJobsReady
    from blaxel_pulumi.retry import RetryPolicy
    from blaxel_pulumi.settings import Settings, resolve_settings

_EXPORTS = {
    "BlaxelAPIError": "blaxel_pulumi.errors",
    "BlaxelClient": "blaxel_pulumi.client",
    "BlaxelConfigError": "blaxel_pulumi.errors",
    "BlaxelConnectionError": "blaxel_pulumi.errors",
    "BlaxelError": "blaxel_pulumi.errors",
    "BlaxelJob": "blaxel_pulumi.job",
    "BlaxelJobArgs": "blaxel_pulumi.args",
    "BlaxelJobArgsDict": "blaxel_pulumi.args",
    "BlaxelJobExecution": "blaxel_pulumi.execution",
    "BlaxelJobsReady": "blaxel_pulumi.ready",
    "BlaxelProtocolError": "blaxel_pulumi.errors",
    "BlaxelTimeoutError": "blaxel_pulumi.errors",
    "Conflict": "blaxel_pulumi.errors",
    "DeploymentError": "blaxel_pulumi.errors",
    "DeploymentFailed": "blaxel_pulumi.errors",
    "DeploymentTimeout": "blaxel_pulumi.errors",
    "EnvVarArgs": "blaxel_pulumi.args",
    "ExecutionError": "blaxel_pulumi.execution_errors",
    "ExecutionFailed": "blaxel_pulumi.execution_errors",
    "ExecutionTimeout": "blaxel_pulumi.execution_errors",
    "EnvVarArgsDict": "blaxel_pulumi.args",
    "Forbidden": "blaxel_pulumi.errors",
    "GithubRunnerArgs": "blaxel_pulumi.args",
    "GithubRunnerArgsDict": "blaxel_pulumi.args",
    "InvalidRequest": "blaxel_pulumi.errors",
    "JobRuntimeArgs": "blaxel_pulumi.args",
    "JobRuntimeArgsDict": "blaxel_pulumi.args",
    "MethodNotAllowed": "blaxel_pulumi.errors",
    "NotFound": "blaxel_pulumi.errors",
    "PortArgs": "blaxel_pulumi.args",
    "PortArgsDict": "blaxel_pulumi.args",
    "RateLimited": "blaxel_pulumi.errors",
    "RetryPolicy": "blaxel_pulumi.retry",
    "RevisionArgs": "blaxel_pulumi.args",
    "RevisionArgsDict": "blaxel_pulumi.args",
    "ServerError": "blaxel_pulumi.errors",
    "Settings": "blaxel_pulumi.settings",
    "TriggerArgs": "blaxel_pulumi.args",
    "TriggerArgsDict": "blaxel_pulumi.args",
    "TriggerConfigurationArgs": "blaxel_pulumi.args",
    "TriggerConfigurationArgsDict": "blaxel_pulumi.args",
    "Unauthorized": "blaxel_pulumi.errors",
    "VolumeArgs": "blaxel_pulumi.args",
    "VolumeArgsDict": "blaxel_pulumi.args",
    "resolve_settings": "blaxel_pulumi.settings",
}
"""Where each public name lives: imported on first use, so `blaxel_pulumi.emulator` starts without pulumi."""


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'blaxel_pulumi' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "BlaxelAPIError",
    "BlaxelClient",
    "BlaxelConfigError",
    "BlaxelConnectionError",
    "BlaxelError",
    "BlaxelJob",
    "BlaxelJobArgs",
    "BlaxelJobArgsDict",
    "BlaxelJobExecution",
    "BlaxelJobsReady",
    "BlaxelProtocolError",
    "BlaxelTimeoutError",
    "Conflict",
    "DeploymentError",
    "DeploymentFailed",
    "DeploymentTimeout",
    "EnvVarArgs",
    "EnvVarArgsDict",
    "ExecutionError",
    "ExecutionFailed",
    "ExecutionTimeout",
    "Forbidden",
    "GithubRunnerArgs",
    "GithubRunnerArgsDict",
    "InvalidRequest",
    "JobRuntimeArgs",
    "JobRuntimeArgsDict",
    "MethodNotAllowed",
    "NotFound",
    "PortArgs",
    "PortArgsDict",
    "RateLimited",
    "RetryPolicy",
    "RevisionArgs",
    "RevisionArgsDict",
    "ServerError",
    "Settings",
    "TriggerArgs",
    "TriggerArgsDict",
    "TriggerConfigurationArgs",
    "TriggerConfigurationArgsDict",
    "Unauthorized",
    "VolumeArgs",
    "VolumeArgsDict",
    "__version__",
    "resolve_settings",
]
