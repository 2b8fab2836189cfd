"""What a job has beyond what the program manages, kept so that an update never resets it.

Blaxel may report more than the program declares: fields this version of the package does not know (a
field Blaxel adds tomorrow), labels, env vars or other list items added by Blaxel or by another tool, server
defaults of fields the program leaves out. The program is authoritative for what it declares (and for what
it declared at the last update: removing a label from the program removes it from the job); everything else
is *unmanaged*: never shown as a change, kept in the ``server_fields`` output in the API's own form, and
merged back into every ``PUT`` body so that a server that replaces the whole spec on ``PUT`` loses nothing.

Two exceptions, both secrets: the value of a secret env var, managed or not (Blaxel masks it on read, and
sending the mask back would overwrite it), and read-only fields (callback secrets among them) are never kept
here.
"""

from __future__ import annotations

from typing import Any

from blaxel_pulumi.api.models import Job
from blaxel_pulumi.api.wire import LIST_KEYS, request_body, wire_dump

__all__ = ["body_keeping_unmanaged", "merge_unmanaged", "unmanaged"]

_WIRE_KEYED: dict[tuple[str, ...], str] = {("spec", *path): key for path, key in LIST_KEYS.items()}
"""Keyed lists by their path in the wire job (their keys are one word: the same in snake and camel case)."""
_ENVS = ("spec", "runtime", "envs")


def _residual(server: Any, managed: Any, path: tuple[str, ...]) -> Any:
    """The parts of ``server`` that ``managed`` does not cover (None when there are none)."""
    if isinstance(server, dict) and isinstance(managed, dict):
        out = {}
        for key, value in server.items():
            rest = _residual(value, managed[key], (*path, key)) if key in managed else value
            if rest not in (None, {}, []):
                out[key] = rest
        return out or None
    if isinstance(server, list) and isinstance(managed, list) and (key := _WIRE_KEYED.get(path)):
        declared = {item.get(key): item for item in managed if isinstance(item, dict)}
        out_items = []
        for item in server:
            if not isinstance(item, dict) or item.get(key) not in declared:
                if not (path == _ENVS and isinstance(item, dict) and item.get("secret")):
                    out_items.append(item)
                continue
            rest = _residual(item, declared[item[key]], path)
            if path == _ENVS and isinstance(rest, dict) and (item.get("secret") or rest.get("secret")):
                rest.pop("value", None)  # masked on read: the program's value (or none) stands
            if rest:
                out_items.append({key: item[key], **rest})
        return out_items or None
    return None  # a value the program manages: the program's own


def unmanaged(job: Job, managed: Job, *before: Job) -> dict[str, Any] | None:
    """What ``job`` (as Blaxel reports it) has beyond ``managed`` (what the program declares) and beyond
    each of ``before`` (what the program declared until now: what it removed since is not kept), in wire
    form: ``{"metadata": {...}, "spec": {...}}`` with only the unmanaged parts; None when there is nothing."""
    server = wire_dump(job, read_only=False)
    rest: dict[str, Any] = {}
    for part in ("metadata", "spec"):
        value = server.get(part)
        for declared in (managed, *before):
            if not value:
                break
            value = _residual(value, wire_dump(declared, read_only=False).get(part) or {}, (part,))
        if value:
            rest[part] = value
    return rest or None


def merge_unmanaged(body: dict[str, Any], rest: Any, path: tuple[str, ...] = ()) -> dict[str, Any]:
    """``body`` (a request built from the program) with the unmanaged parts ``rest`` added where the
    program says nothing; the program's own values always win."""
    merged: dict[str, Any] = _merge(body, rest, path)
    return merged


def _merge(body: Any, rest: Any, path: tuple[str, ...]) -> Any:
    if rest is None:
        return body
    if isinstance(body, dict) and isinstance(rest, dict):
        out = dict(body)
        for key, value in rest.items():
            out[key] = _merge(body[key], value, (*path, key)) if key in body else value
        return out
    if isinstance(body, list) and isinstance(rest, list) and (key := _WIRE_KEYED.get(path)):
        items = list(body)
        index = {item.get(key): i for i, item in enumerate(items) if isinstance(item, dict)}
        for extra in rest:
            ident = extra.get(key) if isinstance(extra, dict) else None
            if ident in index:
                items[index[ident]] = _merge(items[index[ident]], extra, path)
            else:
                items.append(extra)
        return items
    return body


def body_keeping_unmanaged(job: Job, server: Job, *before: Job) -> dict[str, Any]:
    """The ``PUT`` body of ``job``: its fields, and what the job on the server has beyond them (kept, so that
    the update does not reset it; see :func:`unmanaged`)."""
    return merge_unmanaged(request_body(job), unmanaged(server, job, *before))
