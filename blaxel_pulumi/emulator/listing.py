"""``GET /v0/jobs`` query parsing and cursor pagination.

Follows the 2026-08 OpenAPI spec: before ``Blaxel-Version: 2026-04-28`` the response is a bare array of
every job (``status`` is still validated, the other parameters are ignored); from that version on it is
``{data, meta: {hasMore, nextCursor, total}}`` with ``cursor``, ``limit`` (1-200, default 50; out of range
is a 400 here, the service clamps), ``sort`` (``createdAt:desc`` default, ``createdAt:asc``,
``name:asc``, ``name:desc``), ``q`` (substring of name, display name, label keys and values; trimmed,
lowercased, ignored below 2 characters) and ``status`` (comma-separated, case-insensitive). ``total``
counts the workspace's jobs ignoring filters. Cursors are opaque, bound to the workspace and filters
(reusing one with another query is a 400) and stable when jobs are created or deleted between pages.
``anchor`` is not supported (400).
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from blaxel_pulumi.api.models import JobStatus
from blaxel_pulumi.emulator.api_errors import ApiError

__all__ = [
    "DEFAULT_API_VERSION",
    "DEFAULT_LIMIT",
    "MAX_LIMIT",
    "PAGINATED_SINCE",
    "ListQuery",
    "api_version",
    "matches",
    "paginate",
]

DEFAULT_API_VERSION = "2026-04-16"
"""Version assumed when ``Blaxel-Version`` is absent."""
PAGINATED_SINCE = "2026-04-28"
"""First API version whose listings are paginated."""
DEFAULT_LIMIT = 50
"""Page size when ``limit`` is absent."""
MAX_LIMIT = 200
"""Largest accepted ``limit``."""
SORTS = ("createdAt:desc", "createdAt:asc", "name:asc", "name:desc")
"""Accepted values of ``sort``."""

_VERSION = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_STATUSES = frozenset(s.value for s in JobStatus)


def _bad_query(message: str) -> ApiError:
    return ApiError(400, message, error="Invalid query parameter")


def api_version(headers: Mapping[str, str]) -> str:
    """The ``Blaxel-Version`` of a request (``YYYY-MM-DD``), or a 400 if malformed."""
    value = (headers.get("blaxel-version") or "").strip()
    if not value:
        return DEFAULT_API_VERSION
    if not _VERSION.match(value):
        raise ApiError(
            400,
            f"Blaxel-Version {value!r} is invalid: use a date such as {PAGINATED_SINCE}.",
            error="Invalid header",
        )
    return value


@dataclasses.dataclass(frozen=True, kw_only=True)
class ListQuery:
    """A parsed listing request."""

    paginated: bool
    """Whether the response is ``{data, meta}`` (API version 2026-04-28 or later)."""
    limit: int = DEFAULT_LIMIT
    """Page size."""
    sort: str = SORTS[0]
    """Sort order."""
    q: str = ""
    """Normalized search string ("" for none)."""
    statuses: frozenset[str] = frozenset()
    """Statuses to keep (empty for all)."""
    cursor: str | None = None
    """Cursor of the page to return."""

    @classmethod
    def parse(cls, params: Mapping[str, str], version: str) -> ListQuery:
        """Validate query parameters; raise a 400 :class:`ApiError` naming the bad one."""
        statuses: frozenset[str] = frozenset()
        raw_status = params.get("status", "").strip()
        if raw_status:
            wanted = {s.strip().upper() for s in raw_status.split(",") if s.strip()}
            unknown = wanted - _STATUSES
            if unknown:
                known = ", ".join(sorted(_STATUSES))
                raise _bad_query(f"status: unknown value(s) {', '.join(sorted(unknown))}; use {known}.")
            statuses = frozenset() if wanted == _STATUSES else frozenset(wanted)
        if version < PAGINATED_SINCE:
            return cls(paginated=False)
        raw_limit = params.get("limit")
        limit = DEFAULT_LIMIT
        if raw_limit is not None:
            try:
                limit = int(raw_limit)
            except ValueError:
                raise _bad_query(f"limit: {raw_limit!r} is not an integer; use 1-{MAX_LIMIT}.") from None
            if not 1 <= limit <= MAX_LIMIT:
                raise _bad_query(f"limit: {limit} is out of range; use 1-{MAX_LIMIT}.")
        sort = params.get("sort") or SORTS[0]
        if sort not in SORTS:
            raise _bad_query(f"sort: {sort!r} is not supported; use one of {', '.join(SORTS)}.")
        q = params.get("q", "")
        if len(q) > 200:
            raise _bad_query("q: at most 200 characters.")
        q = q.strip().lower()
        if "anchor" in params:
            raise _bad_query("anchor is not supported by the local Blaxel API; page with cursor instead.")
        return cls(
            paginated=True,
            limit=limit,
            sort=sort,
            q=q if len(q) >= 2 else "",
            statuses=statuses,
            cursor=params.get("cursor") or None,
        )

    def fingerprint(self, workspace: str) -> str:
        """Digest of what a cursor is bound to."""
        key = json.dumps([workspace, self.sort, self.q, sorted(self.statuses)])
        return hashlib.sha256(key.encode()).hexdigest()[:16]


def matches(job: Mapping[str, Any], status: str, query: ListQuery) -> bool:
    """Whether a job view passes the ``q`` and ``status`` filters."""
    if query.statuses and status not in query.statuses:
        return False
    if not query.q:
        return True
    metadata = job.get("metadata", {})
    haystack = [metadata.get("name", ""), metadata.get("displayName") or ""]
    for key, value in (metadata.get("labels") or {}).items():
        haystack += [key, value]
    return any(query.q in text.lower() for text in haystack)


def _encode_cursor(key: str, fingerprint: str) -> str:
    raw = json.dumps({"k": key, "f": fingerprint}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str, fingerprint: str) -> str:
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        key = data["k"]
        bound = data["f"]
    except (binascii.Error, ValueError, TypeError, KeyError):
        raise _bad_query("cursor: not a cursor returned by this API; start again without cursor.") from None
    if bound != fingerprint or not isinstance(key, str):
        raise _bad_query(
            "cursor: it belongs to another query (workspace, sort, q or status); start again without cursor."
        )
    return key


def paginate(
    items: Sequence[tuple[int, str, dict[str, Any]]], query: ListQuery, *, workspace: str, total: int
) -> dict[str, Any]:
    """Build one page from ``(seq, name, view)`` items that passed the filters."""
    by_name = query.sort.startswith("name")
    descending = query.sort.endswith("desc")

    def key_of(item: tuple[int, str, dict[str, Any]]) -> str:
        # Creation order is the job's sequence number, zero-padded so that keys compare as strings.
        return item[1] if by_name else f"{item[0]:020d}"

    ordered = sorted(items, key=key_of, reverse=descending)
    fingerprint = query.fingerprint(workspace)
    if query.cursor is not None:
        after = _decode_cursor(query.cursor, fingerprint)
        ordered = [i for i in ordered if (key_of(i) < after if descending else key_of(i) > after)]
    page, rest = ordered[: query.limit], ordered[query.limit :]
    next_cursor = _encode_cursor(key_of(page[-1]), fingerprint) if rest else ""
    return {
        "data": [view for _, _, view in page],
        "meta": {"hasMore": bool(rest), "nextCursor": next_cursor, "total": total},
    }
