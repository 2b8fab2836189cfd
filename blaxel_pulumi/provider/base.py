"""The base of the pickled provider classes: a configured provider that also sets up the provider process.

The engine calls ``configure`` on the class a stack's state names (:mod:`blaxel_pulumi.provider`); there, and
only there, the provider process is made to serve more calls at once (see :mod:`blaxel_pulumi.provider.host`).
The operations themselves (:mod:`blaxel_pulumi.core`) are built with the configuration kept here.
"""

from __future__ import annotations

from typing import Any, Protocol

from pulumi.dynamic import CheckResult, ConfigureRequest, CreateResult, DiffResult, ReadResult, UpdateResult

from blaxel_pulumi.core.configured import ConfiguredProvider
from blaxel_pulumi.core.console import warn
from blaxel_pulumi.provider import host

__all__ = ["HostedProvider", "Operations", "OperationsProvider"]


class HostedProvider(ConfiguredProvider):
    """A :class:`~blaxel_pulumi.core.configured.ConfiguredProvider` whose ``configure`` also sizes the
    provider process's pool of calls."""

    def configure(self, req: ConfigureRequest) -> None:
        """Keep the ``blaxel:*`` stack configuration, and let the provider process serve more calls at once
        (``blaxel:providerThreads``, see :func:`~blaxel_pulumi.provider.host.configured_threads`)."""
        super().configure(req)
        threads, problem = host.configured_threads(req.config.get(host.CONFIG_KEY))
        if problem is not None:
            warn(problem)
        host.widen_host_pool(threads)


class Operations(Protocol):
    """What a resource's operations class does (:mod:`blaxel_pulumi.core`): the dynamic provider's calls."""

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """Validate the inputs locally."""

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """Compare the inputs with the last known state."""

    def create(self, props: dict[str, Any]) -> CreateResult:
        """Create the resource's object."""

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """Read the object as it is now."""

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """Bring the object to the new inputs."""

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """Delete the object."""


class OperationsProvider(HostedProvider):
    """A pickled provider class that runs each call on its operations class (built per call with the
    configuration kept by ``configure()``): the class itself imports nothing heavy."""

    def _ops(self) -> Operations:
        """The operations of this provider's resource, with its configuration."""
        raise NotImplementedError

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """Validate every input and the settings locally (no request is sent)."""
        return self._ops().check(_olds, news)

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """Compare the program's inputs with the last known state."""
        return self._ops().diff(_id, olds, news)

    def create(self, props: dict[str, Any]) -> CreateResult:
        """Create the resource's object (see the operations' ``create``)."""
        return self._ops().create(props)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """Read the object as it is now (see the operations' ``read``)."""
        return self._ops().read(id_, props)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """Bring the object to the new inputs (see the operations' ``update``)."""
        return self._ops().update(id_, olds, news)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """Delete the object (see the operations' ``delete``)."""
        self._ops().delete(id_, props)
