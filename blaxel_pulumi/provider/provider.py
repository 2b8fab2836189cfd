"""The dynamic provider of `BlaxelJob`: the class every stack's state refers to.

Every `BlaxelJob` stores its provider pickled by reference, as the path
``blaxel_pulumi.provider.provider.BlaxelJobProvider``: that path stays importable and unpicklable for good.
The program imports this module to pickle the provider, so it imports nothing heavy: each call builds a
:class:`~blaxel_pulumi.core.job_operations.JobOperations` with the stack configuration kept by ``configure()``
and runs the method of the same name there (validation with pydantic; httpx only for calls that send a
request).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from blaxel_pulumi.provider.base import OperationsProvider

if TYPE_CHECKING:
    from blaxel_pulumi.api.settings import Settings
    from blaxel_pulumi.core.job_operations import JobOperations

__all__ = ["BlaxelJobProvider"]


class BlaxelJobProvider(OperationsProvider):
    """Manages one Blaxel batch job per resource through Blaxel's REST API."""

    def _ops(self) -> JobOperations:
        from blaxel_pulumi.core.job_operations import JobOperations

        return JobOperations.with_config(self._config)

    def _settings(self, props: Mapping[str, Any]) -> Settings:
        return self.settings(props.get("workspace"))

    def configured_workspace(self) -> str | None:
        """The workspace the settings name (stack config, environment, config file), or None."""
        return self._ops().configured_workspace()

    def changes(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> tuple[list[str], list[str]]:
        """The properties that changed and those whose change replaces the job (both faces use it)."""
        return self._ops().changes(olds, news)

    def keeps_name(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> bool:
        """Whether a replacement would make a job of the same name in the same workspace (then the old one
        is deleted first)."""
        return self._ops().keeps_name(olds, news)
