"""The detailed diff of both faces: which nested property changed (``runtime.envs[2].value``).

The decision (a change or not, an update or a replacement) is the shared one, taken by ``BlaxelJob``'s
provider; this module only names where the change is, for the top-level properties that decision found
changed, with the shared walk of :mod:`blaxel_pulumi.core.paths` (in camelCase). The engine applies the
resource option ``replaceOnChanges`` to these paths.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from pulumi.dynamic import DiffResult
from pulumi.provider.experimental.provider import PropertyDiff, PropertyDiffKind

if TYPE_CHECKING:
    from blaxel_pulumi.core.paths import Kind

__all__ = ["DetailedDiffResult", "detailed_diff"]

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
    name: Callable[[str], str] | None = None,
) -> dict[str, PropertyDiff]:
    """``{schema path: PropertyDiff}`` for the top-level (snake_case) properties ``changed`` and
    ``replaces``, between the stored outputs ``olds`` and the new inputs ``news``. ``name`` spells a
    property of the schema: camelCase (the default) for the native face, as it is (``str``) for
    ``BlaxelJob``'s, whose provider answers with the same detail (see :class:`DetailedDiffResult`).

    The walk and the names are imported here: the provider host's glue imports this module for
    :class:`DetailedDiffResult` alone, in a program's process too, where pydantic is never loaded."""
    from blaxel_pulumi.core.paths import changed_paths
    from blaxel_pulumi.core.property_names import camel

    name = name or camel
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


class DetailedDiffResult(DiffResult):
    """A dynamic provider's diff that also names where the changes are, as a native provider's does: the
    host's answer carries them once :func:`~blaxel_pulumi.provider.host.detailed_diffs` is in place
    (elsewhere they are ignored)."""

    def __init__(
        self,
        *,
        changes: bool,
        replaces: list[str],
        delete_before_replace: bool,
        diffs: list[str],
        detailed_diff: dict[str, PropertyDiff],
    ) -> None:
        """``diffs``: the top-level properties that changed; ``detailed_diff``: ``{property path: kind}``
        of each change (every path starts with one of ``diffs``, each of ``diffs`` has one)."""
        super().__init__(
            changes=changes, replaces=replaces, stables=[], delete_before_replace=delete_before_replace
        )
        self.diffs = diffs
        """The top-level properties that changed (the response's ``diffs``)."""
        self.detailed_diff = detailed_diff
        """``{property path: PropertyDiff}`` (the response's ``detailedDiff``)."""
