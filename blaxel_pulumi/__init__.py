"""Manage Blaxel batch jobs as infrastructure as code with Pulumi.

The public names are declared once, by the imports under ``TYPE_CHECKING`` below (``X as X``: an explicit
re-export). Type checkers read them there; at run time ``__all__`` and the lazy imports are derived from
them, and each name is imported from its module on first use, so ``blaxel_pulumi.emulator`` starts without
pulumi.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from blaxel_pulumi._version import __version__ as __version__

if TYPE_CHECKING:
    from blaxel_pulumi.api.client import BlaxelClient as BlaxelClient
    from blaxel_pulumi.api.retry import RetryPolicy as RetryPolicy
    from blaxel_pulumi.api.settings import Settings as Settings, resolve_settings as resolve_settings
    from blaxel_pulumi.dynamic.args import (
        BlaxelJobArgs as BlaxelJobArgs,
        BlaxelJobArgsDict as BlaxelJobArgsDict,
        EnvVarArgs as EnvVarArgs,
        EnvVarArgsDict as EnvVarArgsDict,
        GithubRunnerArgs as GithubRunnerArgs,
        GithubRunnerArgsDict as GithubRunnerArgsDict,
        JobRuntimeArgs as JobRuntimeArgs,
        JobRuntimeArgsDict as JobRuntimeArgsDict,
        PortArgs as PortArgs,
        PortArgsDict as PortArgsDict,
        RevisionArgs as RevisionArgs,
        RevisionArgsDict as RevisionArgsDict,
        TriggerArgs as TriggerArgs,
        TriggerArgsDict as TriggerArgsDict,
        TriggerConfigurationArgs as TriggerConfigurationArgs,
        TriggerConfigurationArgsDict as TriggerConfigurationArgsDict,
        VolumeArgs as VolumeArgs,
        VolumeArgsDict as VolumeArgsDict,
    )
    from blaxel_pulumi.dynamic.job import BlaxelJob as BlaxelJob
    from blaxel_pulumi.dynamic.job_execution import BlaxelJobExecution as BlaxelJobExecution
    from blaxel_pulumi.dynamic.jobs_ready import BlaxelJobsReady as BlaxelJobsReady
    from blaxel_pulumi.dynamic.kinds import (
        BlaxelAgent as BlaxelAgent,
        BlaxelDrive as BlaxelDrive,
        BlaxelFunction as BlaxelFunction,
        BlaxelIntegrationConnection as BlaxelIntegrationConnection,
        BlaxelModel as BlaxelModel,
        BlaxelPolicy as BlaxelPolicy,
        BlaxelSandbox as BlaxelSandbox,
        BlaxelVolume as BlaxelVolume,
        BlaxelVolumeTemplate as BlaxelVolumeTemplate,
    )
    from blaxel_pulumi.errors import (
        BlaxelAPIError as BlaxelAPIError,
        BlaxelConfigError as BlaxelConfigError,
        BlaxelConnectionError as BlaxelConnectionError,
        BlaxelError as BlaxelError,
        BlaxelProtocolError as BlaxelProtocolError,
        BlaxelTimeoutError as BlaxelTimeoutError,
        Conflict as Conflict,
        DeploymentError as DeploymentError,
        DeploymentFailed as DeploymentFailed,
        DeploymentTimeout as DeploymentTimeout,
        ExecutionError as ExecutionError,
        ExecutionFailed as ExecutionFailed,
        ExecutionTimeout as ExecutionTimeout,
        Forbidden as Forbidden,
        InvalidRequest as InvalidRequest,
        MethodNotAllowed as MethodNotAllowed,
        NotFound as NotFound,
        RateLimited as RateLimited,
        ServerError as ServerError,
        Unauthorized as Unauthorized,
    )


def _declared_exports() -> dict[str, str]:
    """Each name imported under ``if TYPE_CHECKING:`` in this file, mapped to the module it comes from."""
    tree = ast.parse(Path(__file__).read_text(encoding="utf-8"))
    block = next(
        node for node in tree.body if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
    )
    return {
        alias.name: str(node.module)
        for node in block.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }


_EXPORTS = _declared_exports()
"""Where each public name lives, read from the imports above."""


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'blaxel_pulumi' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = sorted(["__version__", *_EXPORTS])
