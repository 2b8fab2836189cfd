"""Normal forms of properties, so that diffs see real changes only.

* ``None``, empty lists and empty maps are the same as an absent key.
* Lists whose items have an identity are compared as sets keyed by it (envs by name, ports by target,
  triggers by id, volumes by name); lists of plain strings that are sets (policies, repositories) are sorted.
* :func:`project` takes what Blaxel reports and keeps only the parts the program declared, so server
  defaults (a port's protocol, ``enabled: true``), labels and list items added by Blaxel or another tool
  never show as a change, while a declared field that was changed outside Pulumi does. What is left out is
  kept elsewhere (see :mod:`blaxel_pulumi.api.unmanaged`).
"""

from __future__ import annotations

import json
from typing import Any

from pulumi.output import Unknown

from blaxel_pulumi.api.wire import LIST_KEYS, SET_LISTS as MODEL_SET_LISTS

__all__ = ["contains_unknown", "normalize", "project"]

Path = tuple[str, ...]

KEYED_LISTS: dict[Path, str] = LIST_KEYS
"""Lists whose order does not matter, and the key that identifies an item."""

SET_LISTS: frozenset[Path] = MODEL_SET_LISTS
"""Lists of strings whose order does not matter."""

LEAF_MAPS: frozenset[Path] = frozenset({("labels",), ("secret_env_values",), ("trigger_callback_secrets",)})
"""Maps compared as a whole (their keys are user data, not schema fields)."""

PROJECTED_MAPS: frozenset[Path] = frozenset({("labels",)})
"""Maps of user data of which only the keys the program declares are its own (others were added outside)."""


def contains_unknown(value: Any) -> bool:
    """Whether ``value`` is, or contains, a value Pulumi does not know yet (preview)."""
    if isinstance(value, Unknown):
        return True
    if isinstance(value, dict):
        return any(contains_unknown(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(contains_unknown(v) for v in value)
    return False


def _sort_key(key: str | None) -> Any:
    def sort_key(item: Any) -> tuple[str, str]:
        ident = item.get(key) if key is not None and isinstance(item, dict) else None
        return (str(ident) if ident is not None else "", json.dumps(item, sort_keys=True, default=str))

    return sort_key


def _empty(value: Any) -> bool:
    return value is None or value == [] or value == {}


def normalize(value: Any, path: Path = (), *, ordered: bool = False) -> Any:
    """The normal form of a property value found at ``path`` (a tuple of keys from the top): empty values
    dropped, maps by sorted key, and lists whose order does not matter sorted, so that two values compare
    equal exactly when they mean the same. With ``ordered``, lists keep their order (what is stored: the
    program's order, so that the engine, which compares lists by position, shows one changed item as one)."""
    if isinstance(value, dict):
        if path in LEAF_MAPS:
            return {str(k): value[k] for k in sorted(value)} or None
        out = {}
        for key in sorted(value):
            item = normalize(value[key], (*path, key), ordered=ordered)
            if not _empty(item):
                out[key] = item
        return out or None
    if isinstance(value, list | tuple):
        items = [normalize(v, path, ordered=ordered) for v in value]
        items = [i for i in items if i is not None]
        if ordered:
            return items or None
        if path in SET_LISTS:
            return sorted(items, key=str) or None
        if path in KEYED_LISTS:
            return sorted(items, key=_sort_key(KEYED_LISTS[path])) or None
        return items or None
    return value


def project(server: Any, template: Any, path: Path = ()) -> Any:
    """The parts of ``server`` (Blaxel's view) that ``template`` (the declared properties) has.

    Items of keyed lists are matched by key, and come in the template's order (the program's); an item only
    Blaxel has was added outside the program and is left out, like a label whose key the program does not
    declare. Lists of strings that are sets keep the template's order too, Blaxel's extra items after it.
    """
    if template is None or server is None:
        return server if template is not None else None
    if isinstance(template, dict) and path in PROJECTED_MAPS:
        if not isinstance(server, dict):
            return server
        return {k: v for k, v in server.items() if k in template}
    if isinstance(template, dict) and path not in LEAF_MAPS:
        if not isinstance(server, dict):
            return server
        return {k: project(server.get(k), t, (*path, k)) for k, t in template.items()}
    if isinstance(template, list) and path in KEYED_LISTS and isinstance(server, list):
        key = KEYED_LISTS[path]
        seen = {item.get(key): item for item in server if isinstance(item, dict)}
        return [
            project(seen[t.get(key)], t, path) for t in template if isinstance(t, dict) and t.get(key) in seen
        ]
    if isinstance(template, list) and path in SET_LISTS and isinstance(server, list):
        return [t for t in template if t in server] + [s for s in server if s not in template]
    return server
