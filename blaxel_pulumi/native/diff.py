"""The detailed diff of the native face: which nested property changed (``runtime.envs[2].value``).

The decision (a change or not, an update or a replacement) is the shared one, taken by ``BlaxelJob``'s
provider; this module only names where the change is, for the top-level properties that decision found
changed. Values are compared in their normal forms (:mod:`blaxel_pulumi.provider.normalize`); items of keyed
lists (envs by name, ports by target, triggers by id, volumes by name) are matched by their key, and named by
their index in the program's list (an item that is gone, by its index in the stored one).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from pulumi.provider.experimental.provider import PropertyDiff, PropertyDiffKind

from blaxel_pulumi.native.names import camel
from blaxel_pulumi.provider.normalize import KEYED_LISTS, LEAF_MAPS, SET_LISTS, contains_unknown, normalize

__all__ = ["detailed_diff"]

Path = tuple[str, ...]
_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _empty(value: Any) -> bool:
    return value is None or value == [] or value == {}


def _name(text: str, key: Any, user_key: bool) -> str:
    if not user_key:
        key = camel(str(key))
        return f"{text}.{key}" if text else key
    key = str(key)
    if _PLAIN_KEY.match(key):
        return f"{text}.{key}" if text else key
    return f'{text}["{key}"]'


def _walk(old: Any, new: Any, path: Path, text: str, out: dict[str, PropertyDiffKind]) -> None:
    if contains_unknown(new):
        out[text] = PropertyDiffKind.UPDATE
        return
    if normalize(old, path) == normalize(new, path):
        return
    if _empty(old) or _empty(new):
        out[text] = PropertyDiffKind.ADD if _empty(old) else PropertyDiffKind.DELETE
        return
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        leaf = path in LEAF_MAPS
        for key in [*new, *(k for k in old if k not in new)]:
            _walk(
                old.get(key), new.get(key), path if leaf else (*path, str(key)), _name(text, key, leaf), out
            )
        return
    if isinstance(old, list) and isinstance(new, list) and path in KEYED_LISTS:
        key = KEYED_LISTS[path]
        before = {item.get(key): (i, item) for i, item in enumerate(old) if isinstance(item, Mapping)}
        seen = set()
        for index, item in enumerate(new):
            ident = item.get(key) if isinstance(item, Mapping) else None
            seen.add(ident)
            _walk(before.get(ident, (0, None))[1], item, path, f"{text}[{index}]", out)
        for ident, (index, _) in before.items():
            if ident not in seen:
                out[f"{text}[{index}]"] = PropertyDiffKind.DELETE
        return
    if isinstance(old, list) and isinstance(new, list) and path not in SET_LISTS:
        for index in range(max(len(old), len(new))):
            _walk(
                old[index] if index < len(old) else None,
                new[index] if index < len(new) else None,
                path,
                f"{text}[{index}]",
                out,
            )
        return
    out[text] = PropertyDiffKind.UPDATE


_REPLACE = {
    PropertyDiffKind.ADD: PropertyDiffKind.ADD_REPLACE,
    PropertyDiffKind.DELETE: PropertyDiffKind.DELETE_REPLACE,
    PropertyDiffKind.UPDATE: PropertyDiffKind.UPDATE_REPLACE,
}


def detailed_diff(
    olds: Mapping[str, Any], news: Mapping[str, Any], changed: Iterable[str], replaces: Iterable[str]
) -> dict[str, PropertyDiff]:
    """``{schema path: PropertyDiff}`` for the top-level (snake_case) properties ``changed`` and
    ``replaces``, between the stored outputs ``olds`` and the new inputs ``news``."""
    replacing = set(replaces)
    out: dict[str, PropertyDiff] = {}
    for key in dict.fromkeys([*replacing, *changed]):
        found: dict[str, PropertyDiffKind] = {}
        if key == "secret_env_values":  # a secret: named as a whole, never by env
            found[camel(key)] = PropertyDiffKind.UPDATE
        else:
            _walk(olds.get(key), news.get(key), (key,), camel(key), found)
        if not found:
            found[camel(key)] = PropertyDiffKind.UPDATE
        for path, kind in found.items():
            out[path] = PropertyDiff(_REPLACE[kind] if key in replacing else kind, input_diff=False)
    return out
