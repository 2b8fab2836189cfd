"""The dynamic provider of `BlaxelPolicy`: the class every stack's state of a policy refers to.

Every `BlaxelPolicy` stores its provider pickled by reference, as the path
``blaxel_pulumi.provider.policy.BlaxelPolicyProvider``: that path stays importable and unpicklable for good.
The program imports this module to pickle the provider, so it imports nothing heavy: each call builds a
:class:`~blaxel_pulumi.core.policy_kind.PolicyOperations` with the stack configuration kept by
``configure()`` and runs the method of the same name there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pulumi.dynamic import CheckResult, CreateResult, DiffResult, ReadResult, UpdateResult

from blaxel_pulumi.provider.base import HostedProvider

if TYPE_CHECKING:
    from blaxel_pulumi.core.policy_kind import PolicyOperations

__all__ = ["BlaxelPolicyProvider"]


class BlaxelPolicyProvider(HostedProvider):
    """Manages one Blaxel policy per resource through Blaxel's REST API."""

    def _ops(self) -> PolicyOperations:
        from blaxel_pulumi.core.policy_kind import PolicyOperations

        return PolicyOperations.with_config(self._config)

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """Validate every input and the settings locally; fill in the auto-name."""
        return self._ops().check(_olds, news)

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """Compare the program's inputs with the last known state of the policy."""
        return self._ops().diff(_id, olds, news)

    def create(self, props: dict[str, Any]) -> CreateResult:
        """POST the policy (or adopt it, or take over its own from an interrupted run)."""
        return self._ops().create(props)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """GET the policy; one that no longer exists is removed from the state (404)."""
        return self._ops().read(id_, props)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """PUT the policy when a declared field changed."""
        return self._ops().update(id_, olds, news)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """DELETE the policy; one already gone is fine."""
        self._ops().delete(id_, props)
