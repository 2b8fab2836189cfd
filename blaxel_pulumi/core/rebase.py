"""An update starts from the job as Blaxel has it now, and changes only what the program changed.

The Pulumi state remembers the job as it was at the last ``up`` or ``refresh``; since then CI may have
deployed a new image, another tool may have added a label or an env var. A ``PUT`` built from the state
would silently revert all of that. :func:`rebase` builds the properties to send instead, a three-way merge
of what the state remembers (``olds``), what the program says now (``news``) and what Blaxel has now
(``current``), down to each field, map key and keyed list item:

* what the program changed since the state (``news`` differs from ``olds``) is the program's;
* everything else is Blaxel's, as it is now: a field the program did not change, or that the engine hands
  over unchanged because the resource's ``ignoreChanges`` names it, is sent as Blaxel has it, never as the
  state remembers it.

An item the program removed from a keyed list or a map is removed; an item only Blaxel has is kept, except
a secret env var (Blaxel masks its value on read, and the mask must never be sent back).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from blaxel_pulumi.core.normalize import KEYED_LISTS, Path, normalize

__all__ = ["rebase", "rebase_props"]

_ENVS: Path = ("runtime", "envs")


def rebase(olds: Any, news: Any, current: Any, path: Path = ()) -> Any:
    """The value to send at ``path``: ``current`` where ``news`` says what ``olds`` said, the program's
    change merged into ``current`` otherwise (see the module docstring)."""
    if normalize(news, path) == normalize(olds, path):
        return current
    if isinstance(news, Mapping) and isinstance(current, Mapping):
        before = olds if isinstance(olds, Mapping) else {}
        out: dict[str, Any] = {}
        for key in [*news, *(k for k in current if k not in news)]:
            if key in before and key not in news:
                continue  # the program removed it
            value = rebase(before.get(key), news.get(key), current.get(key), (*path, key))
            if value is not None:
                out[key] = value
        return out
    key = KEYED_LISTS.get(path)
    if key is not None and isinstance(news, list) and isinstance(current, list):
        return _rebase_keyed(olds, news, current, path, key)
    return news


def _rebase_keyed(olds: Any, news: list[Any], current: list[Any], path: Path, key: str) -> list[Any]:
    def index(items: Any) -> dict[Any, Any]:
        return {i.get(key): i for i in items or [] if isinstance(i, Mapping) and i.get(key) is not None}

    before, theirs = index(olds), index(current)
    out: list[Any] = []
    for item in news:
        ident = item.get(key) if isinstance(item, Mapping) else None
        if ident is None:
            out.append(item)
            continue
        value = rebase(before.get(ident), item, theirs.get(ident), path)
        if value is not None:
            out.append(value)
    declared = {i.get(key) for i in news if isinstance(i, Mapping)}
    for ident, item in theirs.items():
        if ident in declared or ident in before:
            continue  # the program's, or removed by it
        if path == _ENVS and item.get("secret"):
            continue  # its value is masked: never sent back
        out.append(item)
    return out


def rebase_props(
    olds: Mapping[str, Any], news: Mapping[str, Any], current: Mapping[str, Any], keys: tuple[str, ...]
) -> dict[str, Any]:
    """``news`` with each of ``keys`` (the declared properties) rebased on ``current``."""
    out = dict(news)
    for key in keys:
        out[key] = rebase(olds.get(key), news.get(key), current.get(key), (key,))
    return out
