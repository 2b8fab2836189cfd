"""The calls of :class:`~blaxel_pulumi.api.client.BlaxelClient` for every kind of object (a mixin: same
connection pool, same retries and redaction): get, create, update, delete and list, typed errors, safe
creates. Kinds are declared in :mod:`blaxel_pulumi.api.kinds`.

Retries (see :class:`~blaxel_pulumi.api.retry.RetryPolicy`) cover connection errors, timeouts, 408, 429 and
5xx, never 409 or another 4xx. ``GET``, ``PUT`` and ``DELETE`` are idempotent and simply retried.
A create (``POST`` on the kind's collection) is not, so a create whose outcome is unknown (timeout after
sending, connection dropped, 5xx) is followed by a ``GET`` of the object: if it does not exist the ``POST``
is sent again; if it exists and the caller's judge says this create made it (e.g. by its owner label: the
client knows nothing of owners, see :func:`blaxel_pulumi.core.ownership.found_after_create`), it is the
result of the create; otherwise the create fails with :class:`~blaxel_pulumi.errors.Conflict`. A ``POST``
that never left (connection refused), a 408, a 429, or a 503 with ``Retry-After`` (the server declined to
act) is retried directly. Attempts are bounded per call, and so is the time from the first attempt to the
last retry; the ``GET`` of a create has its own attempts but shares the create's time budget.

A success whose body cannot be read (empty, a proxy's HTML page, not an object, larger than
:data:`~blaxel_pulumi.api.transport.MAX_RESPONSE_BYTES`) means Blaxel carried out the request but its answer
was lost: a ``POST`` is then checked with a ``GET`` like a create whose outcome is unknown (the object is
returned when it is this create's own; when it does not exist, the create fails without posting again),
and a ``PUT`` or ``DELETE`` returns the object as a ``GET`` reads it afterwards.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from typing import Any, Protocol, TypeVar

import httpx
from pydantic import BaseModel

from blaxel_pulumi.api.kinds import ApiKind
from blaxel_pulumi.api.messages import protocol_error, redact
from blaxel_pulumi.api.settings import Settings
from blaxel_pulumi.api.transport import AttemptFailure, Budget, Session
from blaxel_pulumi.api.wire import SECRET_MASK, masked_secret_envs, request_body
from blaxel_pulumi.errors import BlaxelConfigError, BlaxelError, BlaxelProtocolError, Conflict, NotFound

__all__ = ["DEFAULT_LIST_LIMIT", "MAX_LIST_LIMIT", "FoundAfterCreate", "ObjectCalls"]


class FoundAfterCreate(Protocol):
    """The ``judge`` of :meth:`BlaxelClient.create_job`: whether the job found after a failed create request
    is that create's result."""

    def __call__(self, labels: Mapping[str, Any] | None, reason: str) -> str | None:
        """None when the job found (its ``labels``) after a create request failed with ``reason`` is that
        create's result; else why the create fails (the 409's message)."""


DEFAULT_LIST_LIMIT = 100
"""Jobs per page of :meth:`BlaxelClient.list_jobs`."""
MAX_LIST_LIMIT = 200
"""The largest page Blaxel serves."""

_logger = logging.getLogger("blaxel_pulumi")
_O = TypeVar("_O", bound=BaseModel)


def _name_of(obj: BaseModel) -> str:
    """The name of an object of any kind (``metadata.name``)."""
    name: str = obj.metadata.name  # type: ignore[attr-defined]
    return name


def _labels_of(obj: BaseModel) -> Mapping[str, Any] | None:
    """The labels of an object of any kind (``metadata.labels``)."""
    labels: Mapping[str, Any] | None = obj.metadata.labels  # type: ignore[attr-defined]
    return labels


def _refuse_masked(kind: ApiKind[Any], name: str, body: dict[str, Any]) -> dict[str, Any]:
    """``body``, unless it would send the mask Blaxel answers for a secret value as the value (the last line
    of defence: ``check`` refuses such inputs at preview, and an update never copies the mask)."""
    masked = masked_secret_envs(body)
    if masked:
        names = ", ".join(f"`{n}`" for n in masked)
        raise BlaxelConfigError(
            f"{kind.title} '{name}' was not sent: the secret env var(s) {names} would be sent with the value "
            f"`{SECRET_MASK}`, the mask Blaxel answers in place of secret values, and that would replace the "
            "value it has. Give each one its value in the program (e.g. from `pulumi config set "
            "--secret`), then run again."
        )
    return body


def _secret_values(obj: BaseModel) -> list[str]:
    """The values of the secret env vars ``obj`` sends (``spec.runtime.envs``, where its kind has them)."""
    runtime = getattr(getattr(obj, "spec", None), "runtime", None)
    envs = getattr(runtime, "envs", None)
    return [e.value for e in envs or [] if e.secret and e.value]


class ObjectCalls:
    """The calls for every kind, mixed into :class:`~blaxel_pulumi.api.client.BlaxelClient`."""

    _session: Session
    """The connection pool, retries and redaction of the client (set by :class:`BlaxelClient`)."""
    _settings: Settings
    """The settings of the client (set by :class:`BlaxelClient`)."""

    # --- the API, for every kind (see :mod:`blaxel_pulumi.api.kinds`) ------------------------------------

    def get(
        self, kind: ApiKind[_O], name: str, *, show_secrets: bool = False, within: float | None = None
    ) -> _O:
        """Return the ``kind`` object ``name``; with ``show_secrets`` the server includes secret values
        (workspace admins).

        ``within`` caps the seconds spent retrying (a wait's remaining time), so that a wait's deadline is
        not exceeded by the retries of its last poll.

        Raises:
            NotFound: The object does not exist.
        """
        budget = Budget(self._session.retry, within=within) if within is not None else None
        return self._get(kind, name, show_secrets=show_secrets, budget=budget)

    def create(self, kind: ApiKind[_O], obj: _O, *, judge: FoundAfterCreate | None = None) -> _O:
        """Create ``obj`` (``POST`` on the kind's collection) and return it as Blaxel stored it.

        A create whose outcome is unknown, or whose success cannot be read, is checked with a ``GET`` (see
        the module docstring): the object found is returned only when ``judge(its labels, why the request
        failed)`` says this create made it (None); otherwise ``judge``'s sentence is the 409's message.
        Without ``judge``, an object found is never this create's.

        Raises:
            Conflict: An object of that name already exists (and is not this create's own).
        """
        name = _name_of(obj)
        body = _refuse_masked(kind, name, request_body(obj))
        self._session.secrets.update(_secret_values(obj))
        budget = Budget(self._session.retry)
        ambiguous: AttemptFailure | None = None
        path = kind.collection
        while True:
            outcome = self._session.attempt(budget, "POST", path, body=body, job_name=name)
            if isinstance(outcome, httpx.Response):
                try:
                    return self._parse(kind, outcome, "POST", path)
                except BlaxelProtocolError as exc:  # Blaxel acted, but its answer cannot be read
                    outcome = AttemptFailure(
                        exc, False, True, None, f"unreadable {outcome.status_code} answer"
                    )
            if isinstance(outcome.error, Conflict) and ambiguous is not None:
                # An earlier attempt whose outcome was unknown may have created the object after all.
                existing = self._check_create(kind, name, budget, outcome)
                if existing is None:
                    raise outcome.error
                return self._judged(kind, existing, ambiguous, judge)
            if outcome.maybe_applied:
                ambiguous = outcome
                existing = self._check_create(kind, name, budget, outcome)
                if existing is not None:
                    return self._judged(kind, existing, outcome, judge)
                if not outcome.retryable:
                    outcome.error.append_detail(
                        f"{kind.title} '{name}' does not exist in workspace '{self._settings.workspace}' "
                        f"(checked with GET {kind.path(name)}), so nothing was created."
                    )
            if not outcome.retryable:
                raise outcome.error
            self._session.wait_or_give_up(budget, outcome, "POST", path)

    def update(self, kind: ApiKind[_O], name: str, obj: _O, *, body: Mapping[str, Any] | None = None) -> _O:
        """Replace the ``kind`` object ``name`` with ``obj`` (``PUT``).

        ``body`` is the request body when it holds more than ``obj``'s fields (the caller's finished body,
        e.g. with what the object has beyond them, see :mod:`blaxel_pulumi.api.unmanaged`); by default,
        ``obj``'s own. When the ``PUT`` succeeds but its answer cannot be read, the object is read back with
        a ``GET``.

        Raises:
            ValueError: ``obj``'s name is not ``name`` (an object cannot be renamed; replace it).
            NotFound: The object does not exist.
        """
        if _name_of(obj) != name:
            raise ValueError(
                f"Cannot rename {kind.word} '{name}' to '{_name_of(obj)}': names are immutable; replace the "
                f"{kind.word}."
            )
        self._session.secrets.update(_secret_values(obj))
        body = _refuse_masked(kind, name, dict(body) if body is not None else request_body(obj))
        path = kind.path(name)
        try:
            response = self._session.call("PUT", path, body=body, job_name=name)
            return self._parse(kind, response, "PUT", path)
        except BlaxelProtocolError as exc:  # Blaxel acted, but its answer cannot be read
            return self._read_back(kind, name, exc)

    def delete(self, kind: ApiKind[_O], name: str) -> _O:
        """Delete the ``kind`` object ``name`` and return it (a kind that rolls out answers ``DELETING``).

        When the ``DELETE`` succeeds but its answer cannot be read, the object is read back with a ``GET``.

        Raises:
            NotFound: The object does not exist; after a retried attempt this means it is gone, so callers
                that delete should treat ``NotFound`` as success.
        """
        path = kind.path(name)
        try:
            return self._parse(kind, self._session.call("DELETE", path, job_name=name), "DELETE", path)
        except BlaxelProtocolError as exc:  # Blaxel acted, but its answer cannot be read
            return self._read_back(kind, name, exc)

    def list(
        self, kind: ApiKind[_O], *, limit: int = DEFAULT_LIST_LIMIT, query: str | None = None
    ) -> Iterator[_O]:
        """Yield every ``kind`` object of the workspace, fetching pages of ``limit`` lazily while iterating.

        ``query`` filters by substring of name, display name and labels (API version 2026-04-28 and later).
        A bare list (older API versions) is accepted as the whole listing.

        Raises:
            ValueError: ``limit`` is not between 1 and :data:`MAX_LIST_LIMIT`.
        """
        if not 1 <= limit <= MAX_LIST_LIMIT:
            raise ValueError(f"limit must be between 1 and {MAX_LIST_LIMIT}, got {limit}.")
        return self._iter(kind, limit, query)

    # --- internals -----------------------------------------------------------------------------------

    def _iter(self, kind: ApiKind[_O], limit: int, query: str | None) -> Iterator[_O]:
        params: dict[str, str] = {"limit": str(limit)}
        if query:
            params["q"] = query
        seen: set[str] = set()
        path = kind.collection
        while True:
            response = self._session.call("GET", path, params=params)
            data = self._json(response, "GET", path)
            if isinstance(data, list):
                yield from (self._listed_object(kind, item, response) for item in data)
                return
            if not isinstance(data, dict) or "data" not in data:
                raise protocol_error(
                    "GET",
                    path,
                    response.status_code,
                    response.headers,
                    f"the body is not a {kind.word} listing",
                )
            items = data["data"] if isinstance(data["data"], list) else []
            yield from (self._listed_object(kind, item, response) for item in items)
            meta = data.get("meta")
            meta = meta if isinstance(meta, dict) else {}
            cursor = meta.get("nextCursor")
            if not meta.get("hasMore") or not isinstance(cursor, str) or not cursor:
                return
            if cursor in seen:
                raise protocol_error(
                    "GET", path, response.status_code, response.headers, "the listing repeats a cursor"
                )
            seen.add(cursor)
            params["cursor"] = cursor

    def _scrubbed(self, obj: _O) -> _O:
        """``obj`` with every known secret value removed from its events (they may quote the environment)."""
        for event in getattr(obj, "events", None) or []:
            for field in ("message", "type", "status"):
                text = getattr(event, field)
                if isinstance(text, str):
                    setattr(event, field, redact(text, self._session.secrets))
        return obj

    def _listed_object(self, kind: ApiKind[_O], item: Any, response: httpx.Response) -> _O:
        try:
            return self._scrubbed(kind.read(item))
        except ValueError as exc:
            raise protocol_error(
                "GET",
                kind.collection,
                response.status_code,
                response.headers,
                f"a listed item is not a {kind.word} ({exc})",
            ) from None

    def _get(self, kind: ApiKind[_O], name: str, *, show_secrets: bool = False, budget: Budget | None) -> _O:
        path = kind.path(name)
        params = {"show_secrets": "true"} if show_secrets else None
        response = self._session.call("GET", path, params=params, job_name=name, budget=budget)
        return self._parse(kind, response, "GET", path)

    def _check_create(
        self, kind: ApiKind[_O], name: str, budget: Budget, failure: AttemptFailure
    ) -> _O | None:
        """After a create with an unknown outcome, return the object if it exists, else ``None``."""
        _logger.debug(
            "POST %s for %s %r may have reached Blaxel (%s); checking whether it exists",
            kind.collection,
            kind.word,
            name,
            failure.reason,
        )
        try:
            return self._get(kind, name, budget=Budget(budget.policy, started=budget.started))
        except NotFound:
            return None
        except BlaxelError as exc:
            failure.error.append_detail(
                f"Could not check whether {kind.word} '{name}' was created anyway: {exc}"
            )
            raise failure.error from exc

    def _read_back(self, kind: ApiKind[_O], name: str, unreadable: BlaxelProtocolError) -> _O:
        """After a ``PUT`` or ``DELETE`` that succeeded with an unreadable body, the object as it is now.

        Raises:
            NotFound: The object does not exist (after a ``DELETE``: it is gone).
            BlaxelProtocolError: ``unreadable``, when the object could not be read either.
        """
        _logger.debug(
            "%s %s succeeded but its answer could not be read; reading %s %r",
            unreadable.method,
            unreadable.path,
            kind.word,
            name,
        )
        try:
            return self._get(kind, name, budget=None)
        except NotFound:
            raise
        except BlaxelError as exc:
            unreadable.append_detail(
                f"Blaxel carried out the {unreadable.method}, but {kind.word} '{name}' could not be read "
                f"back: {exc}"
            )
            raise unreadable from exc

    def _judged(
        self, kind: ApiKind[_O], existing: _O, failure: AttemptFailure, judge: FoundAfterCreate | None
    ) -> _O:
        """Return ``existing`` if ``judge`` says the failed create made it, else raise :class:`Conflict`."""
        name = _name_of(existing)
        where = f"{kind.title} '{name}' exists in workspace '{self._settings.workspace}'"
        if getattr(existing, "status", None) == "DELETING":
            why: str | None = f"{where} and is being deleted. Wait until it is gone and run again."
        elif judge is None:
            why = (
                f"{where}, but the create request failed ({failure.reason}), and whether that request "
                f"made it is not known. Check it with `bl get {kind.word} {name}`."
            )
        else:
            why = judge(_labels_of(existing), failure.reason)
        if why is None:
            _logger.debug("%s %r was created by the interrupted request; using it", kind.title, name)
            return existing
        raise Conflict(why, status=409, method="POST", path=kind.collection)

    def _json(self, response: httpx.Response, method: str, path: str) -> Any:
        try:
            return response.json()
        except ValueError:
            kind = response.headers.get("content-type") or "no Content-Type"
            raise protocol_error(
                method, path, response.status_code, response.headers, f"the body is not JSON ({kind})"
            ) from None

    def _parse(self, kind: ApiKind[_O], response: httpx.Response, method: str, path: str) -> _O:
        """The object in a response, read leniently (see :meth:`~blaxel_pulumi.api.kinds.ApiKind.read`)."""
        data = self._json(response, method, path)
        try:
            return self._scrubbed(kind.read(data))
        except ValueError as exc:
            raise protocol_error(
                method, path, response.status_code, response.headers, f"the body is not a {kind.word} ({exc})"
            ) from None
