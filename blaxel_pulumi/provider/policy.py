"""The dynamic provider of `BlaxelPolicy`: the class every stack's state of a policy refers to.

Every `BlaxelPolicy` stores its provider pickled by reference, as the path
``blaxel_pulumi.provider.policy.BlaxelPolicyProvider``: that path stays importable and unpicklable for good.
The program imports this module to pickle the provider, so it imports nothing heavy: each call builds a
:class:`~blaxel_pulumi.core.policy_kind.PolicyOperations` with the stack configuration kept by
``configure()`` and runs the method of the same name there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from blaxel_pulumi.provider.base import OperationsProvider

if TYPE_CHECKING:
    from blaxel_pulumi.core.policy_kind import PolicyOperations

__all__ = ["BlaxelPolicyProvider"]


class BlaxelPolicyProvider(OperationsProvider):
    """Manages one Blaxel policy per resource through Blaxel's REST API."""

    def _ops(self) -> PolicyOperations:
        from blaxel_pulumi.core.policy_kind import PolicyOperations

        return PolicyOperations.with_config(self._config)
