"""A newer Blaxel: what the service may add to jobs tomorrow, to test that clients keep working.

``EmulatorConfig.server_additions`` is a JSON object in the API's form (``{"metadata": ..., "spec": ...}``)
that the local API treats as a newer server would:

* on create it adds them to the job where the request says nothing: system labels, env vars, fields
  this package does not know (``spec.runtime.gpu``), enum values it does not know
  (``spec.runtime.generation: "mk4"``);
* it accepts the scalar values at those paths in later requests as sent (a newer server knows them), and
  stores what a ``PUT`` sends, as it always does: a ``PUT`` that leaves them out drops them, as a server
  that replaces the whole spec would. It checks one thing of them, as it does of the fields it declares:
  where the addition is an integer, a value that is not one (``1.0``) is a 400 (strict integers).

Lists (``envs``) and maps of user data (``labels``) in the additions are merged item by item and validated
as usual.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from blaxel_pulumi.emulator.api_errors import ApiError

__all__ = ["add_missing", "put_back", "take_known_extras"]


def _leaves(additions: Mapping[str, Any], path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Paths of the scalar values in ``additions`` (not lists, not maps)."""
    found: list[tuple[str, ...]] = []
    for key, value in additions.items():
        if isinstance(value, Mapping):
            found += _leaves(value, (*path, key))
        elif not isinstance(value, list):
            found.append((*path, key))
    return found


def take_known_extras(payload: Any, additions: Mapping[str, Any] | None) -> dict[tuple[str, ...], Any]:
    """Remove from ``payload`` (in place) the values at the scalar paths of ``additions``; return them by
    path, to be put back once the rest is validated."""
    taken: dict[tuple[str, ...], Any] = {}
    if not additions or not isinstance(payload, dict):
        return taken
    for path in _leaves(additions):
        node: Any = payload
        for key in path[:-1]:
            node = node.get(key) if isinstance(node, dict) else None
        if isinstance(node, dict) and path[-1] in node:
            taken[path] = node.pop(path[-1])
            if _is_int(_at(additions, path)) and not _is_int(taken[path]):
                raise ApiError(
                    400, f"{'.'.join(path)}: Input should be a valid integer", error="Invalid request body"
                )
    return taken


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _at(tree: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = tree
    for key in path:
        node = node.get(key) if isinstance(node, Mapping) else None
    return node


def put_back(body: dict[str, Any], taken: Mapping[tuple[str, ...], Any]) -> dict[str, Any]:
    """``body`` with the values of :func:`take_known_extras` at their paths again."""
    for path, value in taken.items():
        node = body
        for key in path[:-1]:
            node = node.setdefault(key, {})
        node[path[-1]] = value
    return body


def add_missing(body: dict[str, Any], additions: Mapping[str, Any] | None) -> dict[str, Any]:
    """``body`` with ``additions`` where it says nothing: map keys it lacks, list items (by ``name``) it
    lacks; what the body sets is kept."""
    if not additions:
        return body
    out = copy.deepcopy(body)
    _merge(out, additions)
    return out


def _merge(node: dict[str, Any], additions: Mapping[str, Any]) -> None:
    for key, value in additions.items():
        if key not in node:
            node[key] = copy.deepcopy(value)
        elif isinstance(node[key], dict) and isinstance(value, Mapping):
            _merge(node[key], value)
        elif isinstance(node[key], list) and isinstance(value, list):
            names = {item.get("name") for item in node[key] if isinstance(item, dict)}
            node[key] += [
                copy.deepcopy(v) for v in value if not isinstance(v, dict) or v.get("name") not in names
            ]
