"""The operations of the local Blaxel API on every kind but jobs, independent of HTTP: one service per kind.

Every kind of the spec has the same routes (``GET``/``POST`` on its collection, ``GET``/``PUT``/``DELETE``
on ``{collection}/{name}``) and the same shape (``metadata``, ``spec``), so one service serves them all,
declared by the kind's :class:`~blaxel_pulumi.api.kinds.ApiKind`. Behaviour where the real service is not
documented, as for jobs (see :mod:`.jobs`):

* Bodies are validated strictly with the kind's wire model; unknown and read-only fields are ignored.
* The server fills ``metadata.createdAt/updatedAt`` (RFC 3339 UTC, milliseconds), ``createdBy/updatedBy``
  (the key's principal name) and ``workspace``; no spec default is filled in.
* A kind that is ready at once (its model has no ``status``: policies, integration connections, volume
  templates) is answered as stored. A kind with a ``status`` (agents, functions, models, sandboxes, volumes,
  drives) rolls out as a job does (see :mod:`.lifecycle`): each create, and each update that changes the
  spec, starts a rollout of the run-time settings' ``deploy_seconds``, which fails when the spec's
  ``runtime.image`` matches ``fail_image_pattern``; ``status`` and ``events`` say where it is.
* A ``PUT`` that changes a field Blaxel fixes at creation (those the spec calls immutable: the
  ``replace_on_change`` markers of the generated models, such as a volume's ``spec.region``) is refused with
  400, and the object is left as it was.
* ``DELETE`` removes the object at once and answers it as it was (drives: ``{message, name}``, as the spec
  says).
* Values of fields marked ``secret`` are stored as sent and answered as ``"***"`` (each value of a map).
* ``GET`` on the collection answers every object of the workspace: from API version 2026-04-28, as a
  cursor-paginated ``{data, meta}`` page for the kinds whose listing the spec gives so (see
  :data:`PAGINATED`), with the job listing's parameters (:mod:`.listing`); otherwise a bare array, newest
  first.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from blaxel_pulumi.api.kinds import ApiKind
from blaxel_pulumi.api.spec_models import Metadata
from blaxel_pulumi.api.wire import SECRET_MASK, marker, submodel
from blaxel_pulumi.emulator.api_errors import ApiError
from blaxel_pulumi.emulator.auth import Principal
from blaxel_pulumi.emulator.lifecycle import Rollout, failure_for_image, rfc3339
from blaxel_pulumi.emulator.listing import ListQuery, matches, paginate
from blaxel_pulumi.emulator.runtime_settings import RuntimeSettings
from blaxel_pulumi.emulator.store import Store
from blaxel_pulumi.emulator.validation import parse_object

__all__ = ["ObjectService", "masked"]


_USER_METADATA = tuple(
    field.alias or name for name, field in Metadata.model_fields.items() if not marker(field, "read_only")
)
"""Metadata a request sets (the wire names of the spec's ``Metadata`` fields that are not read-only)."""
PAGINATED = frozenset({"/policies", "/volumes", "/drives", "/models", "/functions", "/agents", "/sandboxes"})
"""The collections whose listing the spec (2026-08) answers as a ``{data, meta}`` page from API version
2026-04-28 (``PolicyList``, ``VolumeList``, ...); integration connections and volume templates stay arrays."""
DELETE_ANSWERS_MESSAGE = frozenset({"/drives"})
"""The collections whose ``DELETE`` the spec answers with ``{message, name}`` instead of the object."""
_ROLLOUT = "_rollout"
"""Where a stored body keeps its current rollout (never answered)."""


def masked(value: Any, model: type[BaseModel]) -> Any:
    """``value`` (wire form of ``model``) with the values of every field marked ``secret`` masked."""
    if not isinstance(value, dict):
        return value
    out = dict(value)
    for name, field in model.model_fields.items():
        key = field.alias or name
        if key not in out:
            continue
        if marker(field, "secret"):
            item = out[key]
            out[key] = dict.fromkeys(item, SECRET_MASK) if isinstance(item, dict) else SECRET_MASK
            continue
        sub, is_list = submodel(field.annotation)
        if sub is not None:
            item = out[key]
            out[key] = (
                [masked(v, sub) for v in item] if is_list and isinstance(item, list) else masked(item, sub)
            )
    return out


def immutable_paths(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """The wire paths (``("spec", "region")``) of the fields under ``model``'s ``spec`` that a ``PUT`` cannot
    change: those marked ``replace_on_change`` (a list's items are not walked: no such field is in one)."""
    found: list[tuple[str, ...]] = []
    for name, field in model.model_fields.items():
        path = (*prefix, field.alias or name)
        if not prefix and path != ("spec",):
            continue
        if prefix and marker(field, "replace_on_change"):
            found.append(path)
            continue
        sub, is_list = submodel(field.annotation)
        if sub is not None and not is_list and sub is not model:
            found += immutable_paths(sub, path)
    return found


def _at(body: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        body = body.get(key) if isinstance(body, dict) else None
    return body


def _shown(value: Any) -> str:
    return "none" if value in (None, {}, []) else repr(value)


class ObjectService:
    """Create, read, update, delete and list the objects of one kind in the caller's workspace."""

    def __init__(
        self,
        store: Store,
        kind: ApiKind[Any],
        settings: RuntimeSettings,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._store = store
        self._kind = kind
        self._settings = settings
        self._table_kind = kind.collection.strip("/")
        self._clock = clock
        self._rolls_out = "status" in kind.model.model_fields
        self._immutable = immutable_paths(kind.model)

    @property
    def kind(self) -> ApiKind[Any]:
        """The kind it serves."""
        return self._kind

    def _not_found(self, who: Principal, name: str) -> ApiError:
        return ApiError(
            404,
            f"{self._kind.title} {name!r} was not found in workspace {who.workspace!r}.",
            error="Resource not found",
        )

    def _view(self, body: dict[str, Any], reveal: bool) -> dict[str, Any]:
        view = copy.deepcopy(body)
        rollout = view.pop(_ROLLOUT, None)
        if isinstance(rollout, dict):
            current = Rollout(**rollout)
            now = self._clock()
            view["status"] = current.status_at(now)
            view["events"] = current.events_at(now)
        return view if reveal else dict(masked(view, self._kind.model))

    def _rollout(
        self, spec: dict[str, Any], now: float, previous: dict[str, Any] | None
    ) -> dict[str, Any] | None:
        """The rollout a create or an update starts (None: the kind has none, or the spec is unchanged)."""
        if not self._rolls_out:
            return None
        if previous is not None and previous.get("spec") == spec and isinstance(previous.get(_ROLLOUT), dict):
            return dict(previous[_ROLLOUT])
        settings = self._settings.current()
        runtime = spec.get("runtime")
        image = runtime.get("image") if isinstance(runtime, dict) else None
        return {
            "revision": f"rev-{int(now * 1000) % 100_000_000:08d}",
            "started": now,
            "seconds": settings.deploy_seconds,
            "failure": failure_for_image(image if isinstance(image, str) else None, settings.pattern),
            "image": image if isinstance(image, str) else None,
        }

    def _metadata(
        self, sent: dict[str, Any], who: Principal, now: float, previous: dict[str, Any] | None
    ) -> dict[str, Any]:
        stamp = rfc3339(now)
        metadata = {k: sent[k] for k in _USER_METADATA if k in sent}
        metadata.update(
            createdAt=previous["createdAt"] if previous else stamp,
            updatedAt=stamp,
            createdBy=previous["createdBy"] if previous else who.name,
            updatedBy=who.name,
            workspace=who.workspace,
        )
        return metadata

    def create(self, who: Principal, payload: Any, *, show_secrets: bool = False) -> dict[str, Any]:
        """``POST /{collection}``: store a new object (409 if the name is taken)."""
        body = parse_object(payload, self._kind.model)
        name = body["metadata"]["name"]
        with self._store.write() as tx:
            now = self._clock()
            if tx.get_object(self._table_kind, who.workspace, name) is not None:
                raise ApiError(
                    409,
                    f"{self._kind.title} {name!r} in workspace {who.workspace!r} already exists: update it "
                    f"with PUT {self._kind.path(name)} or choose another name.",
                    error="Resource already exists",
                )
            stored = {**body, "metadata": self._metadata(body["metadata"], who, now, None)}
            rollout = self._rollout(body.get("spec") or {}, now, None)
            if rollout is not None:
                stored[_ROLLOUT] = rollout
            tx.put_object(self._table_kind, who.workspace, name, stored)
        return self._view(stored, show_secrets and who.admin)

    def get(self, who: Principal, name: str, *, show_secrets: bool = False) -> dict[str, Any]:
        """``GET /{collection}/{name}``."""
        with self._store.read() as tx:
            stored = tx.get_object(self._table_kind, who.workspace, name)
        if stored is None:
            raise self._not_found(who, name)
        return self._view(stored, show_secrets and who.admin)

    def update(
        self, who: Principal, name: str, payload: Any, *, show_secrets: bool = False
    ) -> dict[str, Any]:
        """``PUT /{collection}/{name}``: replace metadata and spec (404 if missing)."""
        body = parse_object(payload, self._kind.model)
        sent_name = body["metadata"]["name"]
        if sent_name != name:
            raise ApiError(
                400,
                f"metadata.name: {sent_name!r} differs from the {self._kind.word} in the path ({name!r}); "
                f"a {self._kind.word} cannot be renamed, create a new one instead.",
                error="Invalid request body",
            )
        with self._store.write() as tx:
            now = self._clock()
            previous = tx.get_object(self._table_kind, who.workspace, name)
            if previous is None:
                raise self._not_found(who, name)
            self._refuse_immutable_change(previous, body)
            stored = {**body, "metadata": self._metadata(body["metadata"], who, now, previous["metadata"])}
            rollout = self._rollout(body.get("spec") or {}, now, previous)
            if rollout is not None:
                stored[_ROLLOUT] = rollout
            tx.put_object(self._table_kind, who.workspace, name, stored)
        return self._view(stored, show_secrets and who.admin)

    def _refuse_immutable_change(self, previous: dict[str, Any], body: dict[str, Any]) -> None:
        """Refuse (400) an update that changes a field fixed at creation (absent and empty are the same)."""
        for path in self._immutable:
            before, after = _at(previous, path), _at(body, path)
            if before in (None, {}, []) and after in (None, {}, []):
                continue
            if before != after:
                word = self._kind.word
                raise ApiError(
                    400,
                    f"{'.'.join(path)}: {_shown(after)} differs from the {word}'s ({_shown(before)}); it "
                    f"cannot be changed after creation: delete the {word} and create a new one instead.",
                    error="Invalid request body",
                )

    def delete(self, who: Principal, name: str, *, show_secrets: bool = False) -> dict[str, Any]:
        """``DELETE /{collection}/{name}``: remove the object; answer it as it was."""
        with self._store.write() as tx:
            stored = tx.get_object(self._table_kind, who.workspace, name)
            if stored is None:
                raise self._not_found(who, name)
            tx.remove_object(self._table_kind, who.workspace, name)
        if self._kind.collection in DELETE_ANSWERS_MESSAGE:  # the spec: `{message, name}`, not the object
            return {"message": f"{self._kind.title} deleted successfully", "name": name}
        return self._view(stored, show_secrets and who.admin)

    def list_objects(self, who: Principal, query: ListQuery, *, show_secrets: bool = False) -> Any:
        """``GET /{collection}``: a page (see :data:`PAGINATED`) or every object of the workspace, newest
        first."""
        with self._store.read() as tx:
            bodies = tx.list_objects(self._table_kind, who.workspace)
        views = [self._view(body, show_secrets and who.admin) for body in bodies]
        if not (query.paginated and self._kind.collection in PAGINATED):
            return views[::-1]
        kept = [
            (seq, str(view["metadata"]["name"]), view)
            for seq, view in enumerate(views)
            if matches(view, str(view.get("status") or ""), query)
        ]
        return paginate(kept, query, workspace=who.workspace, total=len(views))

    def stored(self, workspace: str | None) -> list[dict[str, Any]]:
        """Every stored object (of ``workspace`` if given) as answered, secrets in clear: for the control
        API."""
        with self._store.read() as tx:
            bodies = tx.list_objects(self._table_kind, workspace)
        return [self._view(body, True) for body in bodies]
