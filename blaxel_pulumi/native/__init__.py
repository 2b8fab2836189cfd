"""The native Pulumi provider of blaxel-pulumi: ``blaxel:index:Job`` for programs in any language.

The same job logic as :class:`~blaxel_pulumi.BlaxelJob` (the dynamic resource), served over the plugin
protocol by the executable ``pulumi-resource-blaxel`` (:mod:`blaxel_pulumi.native.main`). See
``docs/guides/native.md``.
"""

from __future__ import annotations

from blaxel_pulumi.native.schema import JOB_TOKEN, PACKAGE

__all__ = ["JOB_TOKEN", "PACKAGE"]
