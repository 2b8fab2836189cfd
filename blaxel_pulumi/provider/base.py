"""The base of the pickled provider classes: a configured provider that also sets up the provider process.

The engine calls ``configure`` on the class a stack's state names (:mod:`blaxel_pulumi.provider`); there, and
only there, the provider process is made to serve more calls at once (see :mod:`blaxel_pulumi.provider.host`).
The operations themselves (:mod:`blaxel_pulumi.core`) are built with the configuration kept here.
"""

from __future__ import annotations

from pulumi.dynamic import ConfigureRequest

from blaxel_pulumi.core.configured import ConfiguredProvider
from blaxel_pulumi.core.console import warn
from blaxel_pulumi.provider import host

__all__ = ["HostedProvider"]


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
