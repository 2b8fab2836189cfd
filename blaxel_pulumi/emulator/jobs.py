"""The job operations of the local Blaxel API, independent of HTTP.

Each method takes the authenticated :class:`~.auth.Principal`, runs in one database transaction and
returns the JSON the endpoint answers. Behaviour where the real service is not documented:

* The server fills ``metadata.createdAt/updatedAt`` (RFC 3339 UTC, milliseconds), ``createdBy/updatedBy``
  (the key's principal name), ``workspace``, ``url`` and ``plan``; no spec default is filled in.
* A ``PUT`` starts a new revision and rollout when the spec changed, or when the current rollout
  ``FAILED`` (a retry); a metadata-only ``PUT`` keeps the revision and its status.
* ``PUT``/``POST`` on a job that is ``DELETING``: 409. ``DELETE`` on a ``DELETING`` job: 200, same job.
  ``DELETE`` cancels the job's unfinished executions (see :mod:`.executions`); their history stays.
* Secret env values are stored as sent and answered as ``"***"``, unless ``show_secrets=true`` and the
  key is a workspace admin (a non-admin asking gets masked values, not an error). A client that sends
  ``"***"`` back stores ``"***"``.
* Every ``http-async`` trigger gets a generated ``configuration.callbackSecret`` (read-only; client values
  are ignored), kept across updates while the trigger keeps its ``id`` (or, without an id, its position)
  and its type. ``http`` and ``cron`` triggers get none.
* ``events`` lists the deployment events of every revision (at most the last 50), then ``DELETING``.
"""

from __future__ import annotations

import copy
import dataclasses
import secrets
import time
from collections.abc import Callable, Iterable
from typing import Any

from blaxel_pulumi.api.models import Metadata
from blaxel_pulumi.api.wire import marker
from blaxel_pulumi.emulator.api_errors import ApiError
from blaxel_pulumi.emulator.auth import Principal
from blaxel_pulumi.emulator.config import EmulatorConfig
from blaxel_pulumi.emulator.evolution import add_missing, put_back, take_known_extras
from blaxel_pulumi.emulator.lifecycle import Rollout, deletion_event, failure_for_image, rfc3339
from blaxel_pulumi.emulator.listing import ListQuery, matches, paginate
from blaxel_pulumi.emulator.runtime_settings import RuntimeSettings
from blaxel_pulumi.emulator.store import JobRow, RevisionRow, Store, Transaction
from blaxel_pulumi.emulator.validation import parse_job

__all__ = ["MAX_EVENTS", "SECRET_MASK", "JobService", "mask_secrets"]

SECRET_MASK = "***"  # noqa: S105 - the mask, not a password
"""Value shown in place of a secret env value."""
MAX_EVENTS = 50
"""Most events returned with a job (the newest ones)."""

_USER_METADATA = tuple(
    field.alias or name for name, field in Metadata.model_fields.items() if not marker(field, "read_only")
)
"""Metadata a request sets (the wire names of the fields that are not read-only)."""


def mask_secrets(job: dict[str, Any]) -> dict[str, Any]:
    """Replace secret env values of a job view in place by :data:`SECRET_MASK`; return it."""
    runtime = (job.get("spec") or {}).get("runtime") or {}
    for env in runtime.get("envs") or []:
        if env.get("secret") and env.get("value") is not None:
            env["value"] = SECRET_MASK
    return job


def _trigger_key(trigger: dict[str, Any], index: int) -> str:
    trigger_id = trigger.get("id")
    return trigger_id if isinstance(trigger_id, str) else f"#{index}"


def with_callback_secrets(spec: dict[str, Any], previous: dict[str, Any] | None) -> dict[str, Any]:
    """Give every ``http-async`` trigger a callback secret, reusing the previous one of the same trigger."""
    triggers = spec.get("triggers")
    if not triggers:
        return spec
    old = {_trigger_key(t, i): t for i, t in enumerate((previous or {}).get("triggers") or [])}
    filled = []
    for index, trigger in enumerate(triggers):
        trigger = copy.deepcopy(trigger)
        if trigger.get("type") == "http-async":
            before = old.get(_trigger_key(trigger, index)) or {}
            secret = (before.get("configuration") or {}).get("callbackSecret")
            if before.get("type") != "http-async" or not secret:
                secret = secrets.token_urlsafe(32)
            trigger["configuration"] = {**(trigger.get("configuration") or {}), "callbackSecret": secret}
        filled.append(trigger)
    return {**spec, "triggers": filled}


def _image(spec: dict[str, Any]) -> str | None:
    image = (spec.get("runtime") or {}).get("image")
    return image if isinstance(image, str) else None


class JobService:
    """Create, read, update, delete and list jobs of the caller's workspace."""

    def __init__(
        self,
        store: Store,
        settings: RuntimeSettings,
        config: EmulatorConfig,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._store = store
        self._settings = settings
        self._config = config
        self._clock = clock

    # -- views -------------------------------------------------------------------------------------

    def _view(self, row: JobRow, revisions: list[RevisionRow], now: float, reveal: bool) -> dict[str, Any]:
        body = copy.deepcopy(row.body)
        current = next((r.rollout for r in revisions if r.rollout.revision == row.revision), None)
        if row.deleting:
            status = "DELETING"
        elif current is not None:
            status = current.status_at(now)
        else:
            status = row.status
        events = [event for revision in revisions for event in revision.rollout.events_at(now)]
        if row.delete_started is not None:
            events.append(deletion_event(row.delete_started, row.revision))
        view = {
            "metadata": body["metadata"],
            "spec": body["spec"],
            "events": events[-MAX_EVENTS:],
            "status": status,
        }
        return view if reveal else mask_secrets(view)

    @staticmethod
    def _revision_views(revisions: list[RevisionRow], now: float) -> list[dict[str, Any]]:
        statuses = [r.rollout.status_at(now) for r in revisions]
        deployed = [i for i, status in enumerate(statuses) if status == "DEPLOYED"]
        active = deployed[-1] if deployed else None
        previous = deployed[-2] if len(deployed) > 1 else None
        views = [
            {
                "id": revision.rollout.revision,
                "createdAt": revision.created_at,
                "createdBy": revision.created_by,
                "status": statuses[i],
                "active": i == active,
                "previousActive": i == previous,
                "canary": False,
                "trafficPercent": 100 if i == active else 0,
            }
            for i, revision in enumerate(revisions)
        ]
        return views[::-1]

    def _metadata(
        self, sent: dict[str, Any], who: Principal, now: float, previous: dict[str, Any] | None
    ) -> dict[str, Any]:
        stamp = rfc3339(now)
        newer = tuple((self._config.server_additions or {}).get("metadata") or ())  # a newer Blaxel's fields
        metadata = {k: sent[k] for k in (*_USER_METADATA, *newer) if k in sent}
        metadata.update(
            createdAt=previous["createdAt"] if previous else stamp,
            updatedAt=stamp,
            createdBy=previous["createdBy"] if previous else who.name,
            updatedBy=who.name,
            plan=self._config.plan,
            url=self._config.run_url_template.format(workspace=who.workspace, name=sent["name"]),
            workspace=who.workspace,
        )
        return metadata

    def _new_revision(
        self, who: Principal, spec: dict[str, Any], now: float, taken: Iterable[str]
    ) -> RevisionRow:
        settings = self._settings.current()
        taken = set(taken)
        revision_id = f"rev-{secrets.token_hex(4)}"
        while revision_id in taken:  # pragma: no cover - 1 in 4 billion
            revision_id = f"rev-{secrets.token_hex(4)}"
        image = _image(spec)
        rollout = Rollout(
            revision=revision_id,
            started=now,
            seconds=settings.deploy_seconds,
            failure=failure_for_image(image, settings.pattern),
            image=image,
        )
        return RevisionRow(rollout=rollout, spec=spec, created_at=rfc3339(now), created_by=who.name)

    @staticmethod
    def _existing(tx: Transaction, who: Principal, name: str, now: float) -> JobRow:
        row = tx.get_job(who.workspace, name, now)
        if row is None:
            raise ApiError(
                404, f"Job {name!r} was not found in workspace {who.workspace!r}.", error="Resource not found"
            )
        return row

    def _parse(self, payload: Any) -> dict[str, Any]:
        """Validate a request body; what a newer Blaxel knows (``server_additions``) is kept as sent."""
        if isinstance(payload, dict):
            payload = copy.deepcopy(payload)
        taken = take_known_extras(payload, self._config.server_additions)
        return put_back(parse_job(payload), taken)

    # -- operations --------------------------------------------------------------------------------

    def create(self, who: Principal, payload: Any, *, show_secrets: bool = False) -> dict[str, Any]:
        """``POST /jobs``: create a job and start its first rollout (409 if the name is taken)."""
        body = add_missing(self._parse(payload), self._config.server_additions)
        name = body["metadata"]["name"]
        with self._store.write() as tx:
            now = self._clock()  # read under the write lock: timestamps follow the order of writes
            tx.purge_gone(now)
            existing = tx.get_job(who.workspace, name, now)
            if existing is not None:
                detail = (
                    "is being deleted; create it again once GET returns 404"
                    if existing.deleting
                    else f"already exists: update it with PUT /jobs/{name} or choose another name"
                )
                raise ApiError(
                    409,
                    f"Job {name!r} in workspace {who.workspace!r} {detail}.",
                    error="Resource already exists",
                )
            spec = with_callback_secrets(body["spec"], None)
            revision = self._new_revision(who, spec, now, ())
            metadata = self._metadata(body["metadata"], who, now, None)
            row = tx.insert_job(
                JobRow(
                    seq=0,
                    workspace=who.workspace,
                    name=name,
                    body={"metadata": metadata, "spec": spec},
                    status=revision.rollout.final_status,
                    revision=revision.rollout.revision,
                    created_at=metadata["createdAt"],
                    updated_at=metadata["updatedAt"],
                )
            )
            tx.add_revision(who.workspace, name, revision)
        return self._view(row, [revision], now, show_secrets and who.admin)

    def get(self, who: Principal, name: str, *, show_secrets: bool = False) -> dict[str, Any]:
        """``GET /jobs/{name}``."""
        now = self._clock()
        with self._store.read() as tx:
            row = self._existing(tx, who, name, now)
            revisions = tx.revisions(who.workspace, name)
        return self._view(row, revisions, now, show_secrets and who.admin)

    def update(
        self, who: Principal, name: str, payload: Any, *, show_secrets: bool = False
    ) -> dict[str, Any]:
        """``PUT /jobs/{name}``: replace metadata and spec (404 if missing, 409 while deleting)."""
        body = self._parse(payload)
        sent_name = body["metadata"]["name"]
        if sent_name != name:
            raise ApiError(
                400,
                f"metadata.name: {sent_name!r} differs from the job in the path ({name!r}); a job cannot be "
                "renamed, create a new one instead.",
                error="Invalid request body",
            )
        with self._store.write() as tx:
            now = self._clock()  # read under the write lock: timestamps follow the order of writes
            tx.purge_gone(now)
            row = self._existing(tx, who, name, now)
            if row.deleting:
                raise ApiError(
                    409,
                    f"Job {name!r} in workspace {who.workspace!r} is being deleted and cannot be updated; "
                    "create it again once GET returns 404.",
                    error="Resource is being deleted",
                )
            revisions = tx.revisions(who.workspace, name)
            current = next((r.rollout for r in revisions if r.rollout.revision == row.revision), None)
            old_spec = row.body["spec"]
            spec = with_callback_secrets(body["spec"], old_spec)
            failed = current is not None and current.status_at(now) == "FAILED"
            metadata = self._metadata(body["metadata"], who, now, row.body["metadata"])
            row = dataclasses.replace(
                row, body={"metadata": metadata, "spec": spec}, updated_at=metadata["updatedAt"]
            )
            if spec != old_spec or failed or current is None:
                revision = self._new_revision(who, spec, now, (r.rollout.revision for r in revisions))
                tx.add_revision(who.workspace, name, revision)
                row = dataclasses.replace(
                    row, status=revision.rollout.final_status, revision=revision.rollout.revision
                )
                revisions = tx.revisions(who.workspace, name)
            tx.update_job(row)
        return self._view(row, revisions, now, show_secrets and who.admin)

    def delete(self, who: Principal, name: str, *, show_secrets: bool = False) -> dict[str, Any]:
        """``DELETE /jobs/{name}``: answer the job as ``DELETING``; it is gone after the deletion delay."""
        with self._store.write() as tx:
            now = self._clock()  # read under the write lock: timestamps follow the order of writes
            tx.purge_gone(now)
            row = self._existing(tx, who, name, now)
            revisions = tx.revisions(who.workspace, name)
            if not row.deleting:
                # Deleting a job cancels its unfinished executions (their history stays).
                tx.connection.execute(
                    "UPDATE executions SET cancelled = ? WHERE workspace = ? AND job = ?"
                    " AND cancelled IS NULL AND created + seconds > ?",
                    (now, who.workspace, name, now),
                )
                seconds = self._settings.current().delete_seconds
                row = dataclasses.replace(row, status="DELETING", delete_started=now, delete_seconds=seconds)
                if seconds <= 0:
                    tx.remove_job(who.workspace, name)
                else:
                    tx.update_job(row)
        return self._view(row, revisions, now, show_secrets and who.admin)

    def list_jobs(self, who: Principal, query: ListQuery, *, show_secrets: bool = False) -> Any:
        """``GET /jobs``: a bare list (old API versions) or a ``{data, meta}`` page."""
        now = self._clock()
        reveal = show_secrets and who.admin
        with self._store.read() as tx:
            rows = tx.list_jobs(who.workspace, now)
            revisions = tx.revisions_by_job(who.workspace)
        views = [
            (row, self._view(row, revisions.get((row.workspace, row.name), []), now, reveal)) for row in rows
        ]
        if not query.paginated:
            return [view for _, view in reversed(views)]
        kept = [(row.seq, row.name, view) for row, view in views if matches(view, view["status"], query)]
        return paginate(kept, query, workspace=who.workspace, total=len(rows))

    def revisions(self, who: Principal, name: str) -> list[dict[str, Any]]:
        """``GET /jobs/{name}/revisions``: newest first."""
        now = self._clock()
        with self._store.read() as tx:
            self._existing(tx, who, name, now)
            revisions = tx.revisions(who.workspace, name)
        return self._revision_views(revisions, now)

    def stored_jobs(self, workspace: str | None, *, show_secrets: bool = False) -> list[dict[str, Any]]:
        """Every stored job (of ``workspace`` if given) with its bookkeeping, for the control API."""
        now = self._clock()
        with self._store.read() as tx:
            rows = tx.list_jobs(workspace, now)
            revisions = tx.revisions_by_job(workspace)
        out = []
        for row in rows:
            job_revisions = revisions.get((row.workspace, row.name), [])
            view = self._view(row, job_revisions, now, show_secrets)
            out.append(
                {
                    "workspace": row.workspace,
                    "name": row.name,
                    "seq": row.seq,
                    "status": view["status"],
                    "revision": row.revision,
                    "revisions": len(job_revisions),
                    "createdAt": row.created_at,
                    "updatedAt": row.updated_at,
                    "deleting": row.deleting,
                    "job": view,
                }
            )
        return out
