"""Where a change is: the property paths (``runtime.envs[2].value``) of what differs between a job's stored
outputs and its new inputs, and Pulumi's property path syntax read back (for ``replace_on_changes``).

Values are compared in their normal forms (:mod:`blaxel_pulumi.core.normalize`); items of keyed lists
(envs by name, ports by target, triggers by id, volumes by name) are matched by their key, and named by their
index in the program's list (an item that is gone, by its index in the stored one). Both faces use the same
walk: the native face names properties in camelCase (its detailed diff), the dynamic face as the program
writes them (snake_case, to match ``replace_on_changes``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, Literal

from blaxel_pulumi.core.normalize import KEYED_LISTS, LEAF_MAPS, SET_LISTS, contains_unknown, normalize

__all__ = ["Kind", "PathError", "changed_paths", "matches", "parse_path"]

Kind = Literal["add", "delete", "update"]
"""What happened at a path: set where it was empty, emptied, or changed."""

Segment = str | int
_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class PathError(ValueError):
    """A property path that Pulumi's syntax does not allow."""


def _empty(value: Any) -> bool:
    return value is None or value == [] or value == {}


def _name(text: str, key: Any, user_key: bool, schema_name: Callable[[str], str]) -> str:
    if not user_key:
        key = schema_name(str(key))
        return f"{text}.{key}" if text else key
    key = str(key)
    if _PLAIN_KEY.match(key):
        return f"{text}.{key}" if text else key
    return f'{text}["{key}"]'


def _walk(
    old: Any,
    new: Any,
    path: tuple[str, ...],
    text: str,
    out: dict[str, Kind],
    schema_name: Callable[[str], str],
) -> None:
    if contains_unknown(new):
        out[text] = "update"
        return
    if normalize(old, path) == normalize(new, path):
        return
    if _empty(old) or _empty(new):
        out[text] = "add" if _empty(old) else "delete"
        return
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        leaf = path in LEAF_MAPS
        for key in [*new, *(k for k in old if k not in new)]:
            _walk(
                old.get(key),
                new.get(key),
                path if leaf else (*path, str(key)),
                _name(text, key, leaf, schema_name),
                out,
                schema_name,
            )
        return
    if isinstance(old, list) and isinstance(new, list) and path in KEYED_LISTS:
        key = KEYED_LISTS[path]
        before = {item.get(key): (i, item) for i, item in enumerate(old) if isinstance(item, Mapping)}
        seen = set()
        for index, item in enumerate(new):
            ident = item.get(key) if isinstance(item, Mapping) else None
            seen.add(ident)
            _walk(before.get(ident, (0, None))[1], item, path, f"{text}[{index}]", out, schema_name)
        for ident, (index, _) in before.items():
            if ident not in seen:
                out[f"{text}[{index}]"] = "delete"
        return
    if isinstance(old, list) and isinstance(new, list) and path not in SET_LISTS:
        for index in range(max(len(old), len(new))):
            _walk(
                old[index] if index < len(old) else None,
                new[index] if index < len(new) else None,
                path,
                f"{text}[{index}]",
                out,
                schema_name,
            )
        return
    out[text] = "update"


def _same(name: str) -> str:
    return name


def changed_paths(key: str, old: Any, new: Any, schema_name: Callable[[str], str] = _same) -> dict[str, Kind]:
    """``{path: kind}`` of every change inside the top-level property ``key`` between its stored value
    ``old`` and its new input ``new`` (empty when they are equal). ``schema_name`` names the schema's
    properties (the native face's camelCase); keys of user maps (labels) are kept as they are."""
    out: dict[str, Kind] = {}
    _walk(old, new, (key,), schema_name(key), out, schema_name)
    return out


def parse_path(text: str) -> tuple[Segment, ...]:
    """Pulumi's property path syntax (``runtime.image``, ``runtime.envs[0].value``, ``labels["a.b"]``,
    ``triggers[*]``, ``*``) as a tuple of keys and indexes; raises :class:`PathError` when it is not one."""
    segments: list[Segment] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "[":
            end = text.find("]", i)
            if text.startswith('["', i):
                close = text.find('"]', i + 2)
                if close < 0:
                    raise PathError(f'`{text}`: a `["` has no closing `"]`')
                segments.append(text[i + 2 : close])
                i = close + 2
                continue
            inner = text[i + 1 : end] if end > 0 else ""
            if inner == "*":
                segments.append("*")
            elif inner.isdigit():
                segments.append(int(inner))
            else:
                raise PathError(f"`{text}`: an index is a number, `*` or a quoted key in brackets")
            i = end + 1
            continue
        if char == ".":
            if not segments or i + 1 >= len(text):
                raise PathError(f"`{text}`: a `.` must separate two keys")
            i += 1
            continue
        end = i
        while end < len(text) and text[end] not in ".[":
            end += 1
        segments.append(text[i:end])
        i = end
    if not segments:
        raise PathError("an empty path")
    return tuple(segments)


def matches(pattern: tuple[Segment, ...], path: tuple[Segment, ...]) -> bool:
    """Whether ``pattern`` (a ``replace_on_changes`` entry) covers ``path`` (a changed property): it is a
    prefix of it, ``*`` standing for any one key or index (the engine's ``PropertyPath.Contains``)."""
    if len(path) < len(pattern):
        return False
    return all(p == "*" or p == q for p, q in zip(pattern, path, strict=False))
