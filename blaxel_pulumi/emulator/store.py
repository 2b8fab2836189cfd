"""SQLite persistence of the local Blaxel API (stdlib ``sqlite3``).

One file holds every workspace's jobs and their revisions, so jobs survive a restart on the same file.
The database runs in WAL mode; each thread gets its own connection (closed once the thread is gone);
every write is one ``BEGIN IMMEDIATE`` transaction, serialized inside the process by a lock (and across
processes by SQLite itself), so concurrent requests can neither interleave a read-modify-write nor lose
a write.
Reads run in a deferred transaction and see one consistent snapshot.

Schema (``PRAGMA user_version = 3``):

* ``jobs``: ``seq`` (creation order, never reused), ``workspace``, ``name``, ``body`` (JSON
  ``{metadata, spec}`` with the server-filled metadata; secret values in clear), ``status`` (the status
  the current rollout settles in, or ``DELETING``), ``revision`` (current), ``created_at``/``updated_at``
  (RFC 3339), ``delete_started``/``delete_seconds`` (set while ``DELETING``).
* ``revisions``: one row per rollout (see :mod:`.lifecycle`): id, spec JSON, author, start, duration,
  failure message, superseded time.
* ``objects``: the objects of every other kind (see :mod:`.objects`): ``kind`` (its collection, such as
  ``policies``), ``workspace``, ``name``, ``body`` (JSON ``{metadata, spec, ...}`` as served, secret values
  in clear).
* ``executions``: one row per job execution (see :mod:`.executions`): workspace, job, id, body JSON
  (``{tasks, env, memory, createdBy}``, env values in clear), start, duration, timeout, cancel time.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from blaxel_pulumi.emulator.lifecycle import Rollout

__all__ = ["SCHEMA_VERSION", "JobRow", "RevisionRow", "Store", "StoreError", "Transaction"]

SCHEMA_VERSION = 3
"""Version of the database layout, kept in ``PRAGMA user_version`` (1: no ``executions`` table, 2: no
``objects`` table; opening an older file adds what it lacks)."""
BUSY_TIMEOUT_MS = 30_000
"""How long a connection waits for another process's write lock."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    workspace TEXT NOT NULL,
    name TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL,
    revision TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    delete_started REAL,
    delete_seconds REAL,
    UNIQUE (workspace, name)
);
CREATE TABLE IF NOT EXISTS revisions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    workspace TEXT NOT NULL,
    name TEXT NOT NULL,
    id TEXT NOT NULL,
    spec TEXT NOT NULL,
    image TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    started REAL NOT NULL,
    seconds REAL NOT NULL,
    failure TEXT,
    superseded REAL,
    UNIQUE (workspace, name, id)
);
CREATE INDEX IF NOT EXISTS revisions_by_job ON revisions (workspace, name, seq);
CREATE TABLE IF NOT EXISTS executions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    workspace TEXT NOT NULL,
    job TEXT NOT NULL,
    id TEXT NOT NULL,
    body TEXT NOT NULL,
    created REAL NOT NULL,
    seconds REAL NOT NULL,
    timeout REAL,
    cancelled REAL,
    UNIQUE (workspace, job, id)
);
CREATE TABLE IF NOT EXISTS objects (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    workspace TEXT NOT NULL,
    name TEXT NOT NULL,
    body TEXT NOT NULL,
    UNIQUE (kind, workspace, name)
);
"""

# Jobs whose deletion delay has elapsed are gone, even before purge_gone() removes their rows.
_SELECT_JOB = (
    "SELECT * FROM jobs WHERE workspace = ? AND name = ?"
    " AND (delete_started IS NULL OR delete_started + delete_seconds > ?)"
)
_SELECT_ALL_JOBS = (
    "SELECT * FROM jobs WHERE (delete_started IS NULL OR delete_started + delete_seconds > ?) ORDER BY seq"
)
_SELECT_WORKSPACE_JOBS = (
    "SELECT * FROM jobs WHERE workspace = ?"
    " AND (delete_started IS NULL OR delete_started + delete_seconds > ?) ORDER BY seq"
)


class StoreError(RuntimeError):
    """The database cannot be used (incompatible layout, unreadable file)."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class JobRow:
    """A stored job."""

    seq: int
    """Creation order (0 until inserted)."""
    workspace: str
    """Workspace of the job."""
    name: str
    """``metadata.name``."""
    body: dict[str, Any]
    """``{metadata, spec}`` as stored (server-filled metadata included, secrets in clear)."""
    status: str
    """Status the current rollout settles in (``DEPLOYED``/``FAILED``), or ``DELETING``."""
    revision: str
    """Id of the current revision."""
    created_at: str
    """``metadata.createdAt``."""
    updated_at: str
    """``metadata.updatedAt``."""
    delete_started: float | None = None
    """POSIX time the deletion started, while ``DELETING``."""
    delete_seconds: float | None = None
    """Duration of the deletion, while ``DELETING``."""

    @property
    def deleting(self) -> bool:
        """Whether the job is being deleted."""
        return self.delete_started is not None


@dataclasses.dataclass(frozen=True, kw_only=True)
class RevisionRow:
    """A stored revision and its rollout."""

    rollout: Rollout
    """The deployment of this revision."""
    spec: dict[str, Any]
    """The spec the revision deploys."""
    created_at: str
    """RFC 3339 creation time."""
    created_by: str
    """Principal that created it."""
    seq: int = 0
    """Creation order."""


def _job(row: sqlite3.Row) -> JobRow:
    return JobRow(
        seq=row["seq"],
        workspace=row["workspace"],
        name=row["name"],
        body=json.loads(row["body"]),
        status=row["status"],
        revision=row["revision"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        delete_started=row["delete_started"],
        delete_seconds=row["delete_seconds"],
    )


def _revision(row: sqlite3.Row) -> RevisionRow:
    return RevisionRow(
        seq=row["seq"],
        rollout=Rollout(
            revision=row["id"],
            started=row["started"],
            seconds=row["seconds"],
            failure=row["failure"],
            superseded=row["superseded"],
            image=row["image"],
        ),
        spec=json.loads(row["spec"]),
        created_at=row["created_at"],
        created_by=row["created_by"],
    )


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), sort_keys=True)


class Transaction:
    """Typed queries over one open transaction; obtained from :meth:`Store.read` or :meth:`Store.write`."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    @property
    def connection(self) -> sqlite3.Connection:
        """The connection of this transaction (for the queries of other tables' modules)."""
        return self._conn

    def get_job(self, workspace: str, name: str, now: float) -> JobRow | None:
        """The job, or ``None`` if absent or already gone after its deletion delay."""
        row = self._conn.execute(_SELECT_JOB, (workspace, name, now)).fetchone()
        return None if row is None else _job(row)

    def list_jobs(self, workspace: str | None, now: float) -> list[JobRow]:
        """Jobs of ``workspace`` (all workspaces if ``None``) in creation order, without gone ones."""
        if workspace is None:
            rows = self._conn.execute(_SELECT_ALL_JOBS, (now,)).fetchall()
        else:
            rows = self._conn.execute(_SELECT_WORKSPACE_JOBS, (workspace, now)).fetchall()
        return [_job(r) for r in rows]

    def insert_job(self, job: JobRow) -> JobRow:
        """Insert a new job (its ``seq`` is assigned here) and return it."""
        cursor = self._conn.execute(
            "INSERT INTO jobs (workspace, name, body, status, revision, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                job.workspace,
                job.name,
                _dumps(job.body),
                job.status,
                job.revision,
                job.created_at,
                job.updated_at,
            ),
        )
        assert cursor.lastrowid is not None
        return dataclasses.replace(job, seq=cursor.lastrowid)

    def update_job(self, job: JobRow) -> None:
        """Overwrite the stored body, status, revision and deletion state of ``job``."""
        self._conn.execute(
            "UPDATE jobs SET body = ?, status = ?, revision = ?, updated_at = ?, delete_started = ?,"
            " delete_seconds = ? WHERE workspace = ? AND name = ?",
            (
                _dumps(job.body),
                job.status,
                job.revision,
                job.updated_at,
                job.delete_started,
                job.delete_seconds,
                job.workspace,
                job.name,
            ),
        )

    def remove_job(self, workspace: str, name: str) -> None:
        """Delete the job and its revisions for good."""
        self._conn.execute("DELETE FROM jobs WHERE workspace = ? AND name = ?", (workspace, name))
        self._conn.execute("DELETE FROM revisions WHERE workspace = ? AND name = ?", (workspace, name))

    def purge_gone(self, now: float) -> int:
        """Remove jobs whose deletion delay has elapsed; return how many."""
        gone = self._conn.execute(
            "SELECT workspace, name FROM jobs WHERE delete_started IS NOT NULL"
            " AND delete_started + delete_seconds <= ?",
            (now,),
        ).fetchall()
        for row in gone:
            self.remove_job(row["workspace"], row["name"])
        return len(gone)

    def revisions(self, workspace: str, name: str) -> list[RevisionRow]:
        """Revisions of a job, oldest first."""
        rows = self._conn.execute(
            "SELECT * FROM revisions WHERE workspace = ? AND name = ? ORDER BY seq", (workspace, name)
        ).fetchall()
        return [_revision(r) for r in rows]

    def revisions_by_job(self, workspace: str | None) -> dict[tuple[str, str], list[RevisionRow]]:
        """Revisions of every job of ``workspace`` (all if ``None``), keyed by ``(workspace, name)``."""
        if workspace is None:
            rows = self._conn.execute("SELECT * FROM revisions ORDER BY seq").fetchall()
        else:
            rows = self._conn.execute(
                "SELECT * FROM revisions WHERE workspace = ? ORDER BY seq", (workspace,)
            ).fetchall()
        out: dict[tuple[str, str], list[RevisionRow]] = {}
        for row in rows:
            out.setdefault((row["workspace"], row["name"]), []).append(_revision(row))
        return out

    def get_object(self, kind: str, workspace: str, name: str) -> dict[str, Any] | None:
        """The stored body of object ``name`` of ``kind``, or None."""
        row = self._conn.execute(
            "SELECT body FROM objects WHERE kind = ? AND workspace = ? AND name = ?", (kind, workspace, name)
        ).fetchone()
        return None if row is None else dict(json.loads(row["body"]))

    def list_objects(self, kind: str, workspace: str | None) -> list[dict[str, Any]]:
        """The stored bodies of every object of ``kind`` in ``workspace`` (all if ``None``), oldest first."""
        if workspace is None:
            rows = self._conn.execute("SELECT body FROM objects WHERE kind = ? ORDER BY seq", (kind,))
        else:
            rows = self._conn.execute(
                "SELECT body FROM objects WHERE kind = ? AND workspace = ? ORDER BY seq", (kind, workspace)
            )
        return [dict(json.loads(row["body"])) for row in rows.fetchall()]

    def put_object(self, kind: str, workspace: str, name: str, body: dict[str, Any]) -> None:
        """Store ``body`` as object ``name`` of ``kind`` (created, or overwritten)."""
        self._conn.execute(
            "INSERT INTO objects (kind, workspace, name, body) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (kind, workspace, name) DO UPDATE SET body = excluded.body",
            (kind, workspace, name, _dumps(body)),
        )

    def remove_object(self, kind: str, workspace: str, name: str) -> None:
        """Delete object ``name`` of ``kind`` for good."""
        self._conn.execute(
            "DELETE FROM objects WHERE kind = ? AND workspace = ? AND name = ?", (kind, workspace, name)
        )

    def add_revision(self, workspace: str, name: str, revision: RevisionRow) -> None:
        """Record a new revision; the previous one, if still current, is marked superseded."""
        rollout = revision.rollout
        self._conn.execute(
            "UPDATE revisions SET superseded = ? WHERE workspace = ? AND name = ? AND superseded IS NULL",
            (rollout.started, workspace, name),
        )
        self._conn.execute(
            "INSERT INTO revisions (workspace, name, id, spec, image, created_at, created_by, started,"
            " seconds, failure) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                workspace,
                name,
                rollout.revision,
                _dumps(revision.spec),
                rollout.image,
                revision.created_at,
                revision.created_by,
                rollout.started,
                rollout.seconds,
                rollout.failure,
            ),
        )


class Store:
    """The SQLite database of the local API; thread-safe."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        """Path of the database file."""
        self._local = threading.local()
        self._write_lock = threading.Lock()
        self._connections: list[tuple[threading.Thread, sqlite3.Connection]] = []
        self._connections_lock = threading.Lock()
        self._closed = False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = self._connection()
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, 1, 2, SCHEMA_VERSION):
                raise StoreError(
                    f"The database {str(self.path)!r} has layout version {version}, this emulator uses "
                    f"{SCHEMA_VERSION}: use another --db file."
                )
            conn.execute("PRAGMA journal_mode = WAL")
            with self._write_lock:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    for statement in _SCHEMA.split(";"):
                        if statement.strip():
                            conn.execute(statement)
                    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                    conn.execute("COMMIT")
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
        except sqlite3.DatabaseError as exc:
            self.close()
            raise StoreError(f"Could not open the database {str(self.path)!r}: {exc}.") from exc
        except BaseException:
            self.close()
            raise

    def _connection(self) -> sqlite3.Connection:
        if self._closed:
            raise StoreError("The store is closed.")
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
            conn.row_factory = sqlite3.Row
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA synchronous = NORMAL")
            self._local.conn = conn
            with self._connections_lock:
                # Worker threads come and go (the thread pool retires idle ones): close the connections
                # of finished threads so that a long-running server does not accumulate them.
                alive = []
                for thread, other in self._connections:
                    if thread.is_alive():
                        alive.append((thread, other))
                    else:
                        with contextlib.suppress(sqlite3.Error):
                            other.close()
                self._connections = [*alive, (threading.current_thread(), conn)]
        return conn

    @contextlib.contextmanager
    def read(self) -> Iterator[Transaction]:
        """A read-only transaction: one consistent snapshot of the database."""
        conn = self._connection()
        conn.execute("BEGIN")
        try:
            yield Transaction(conn)
        finally:
            conn.execute("COMMIT")

    @contextlib.contextmanager
    def write(self) -> Iterator[Transaction]:
        """A write transaction (``BEGIN IMMEDIATE``), committed on success and rolled back on error."""
        conn = self._connection()
        with self._write_lock:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield Transaction(conn)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def close(self) -> None:
        """Close every connection opened by this store."""
        self._closed = True
        with self._connections_lock:
            connections, self._connections = self._connections, []
        for _, conn in connections:
            with contextlib.suppress(sqlite3.Error):
                conn.close()
