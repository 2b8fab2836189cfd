"""The detailed diff of both faces: which nested property changed (``runtime.envs[2].value``).

The decision (a change or not, an update or a replacement) is the shared one, taken by ``BlaxelJob``'s
provider; this module only names where the change is, for the top-level properties that decision found
changed, with the shared walk of :mod:`blaxel_pulumi.core.paths` (in camelCase). The engine applies the
resource option ``replaceOnChanges`` to these paths.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from pulumi.provider.experimental.provider import PropertyDiff, PropertyDiffKind

from blaxel_pulumi.core.paths import Kind, changed_paths
from blaxel_pulumi.core.property_names import camel

__all__ = ["detailed_diff"]

_KINDS: dict[Kind, PropertyDiffKind] = {
    "add": PropertyDiffKind.ADD,
    "delete": PropertyDiffKind.DELETE,
    "update": PropertyDiffKind.UPDATE,
}


_REPLACE = {
    PropertyDiffKind.ADD: PropertyDiffKind.ADD_REPLACE,
    PropertyDiffKind.DELETE: PropertyDiffKind.DELETE_REPLACE,
    PropertyDiffKind.UPDATE: PropertyDiffKind.UPDATE_REPLACE,
}


def detailed_diff(
    olds: Mapping[str, Any],
    news: Mapping[str, Any],
    changed: Iterable[str],
    replaces: Iterable[str],
    name: Callable[[str], str] = camel,
) -> dict[str, PropertyDiff]:
    """``{schema path: PropertyDiff}`` for the top-level (snake_case) properties ``changed`` and
    ``replaces``, between the stored outputs ``olds`` and the new inputs ``news``. ``name`` spells a
    property of the schema: camelCase (the default) for the native face, as it is (``str``) for
    ``BlaxelJob``'s, whose provider answers with the same detail (see
    :class:`~blaxel_pulumi.core.diff_result.DetailedDiffResult`)."""
    replacing = set(replaces)
    out: dict[str, PropertyDiff] = {}
    for key in dict.fromkeys([*replacing, *changed]):
        found: dict[str, PropertyDiffKind] = {}
        if key == "secret_env_values":  # a secret: named as a whole, never by env
            found[name(key)] = PropertyDiffKind.UPDATE
        else:
            paths = changed_paths(key, olds.get(key), news.get(key), name)
            found.update({path: _KINDS[kind] for path, kind in paths.items()})
        if not found:
            found[name(key)] = PropertyDiffKind.UPDATE
        for path, kind in found.items():
            out[path] = PropertyDiff(_REPLACE[kind] if key in replacing else kind, input_diff=False)
    return out
