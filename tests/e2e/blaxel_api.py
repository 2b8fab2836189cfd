"""The local Blaxel API as the end-to-end tests see it: a real HTTP server per test, read back over HTTP.

`BlaxelApi` wraps one in-process `EmulatorServer` (temporary SQLite file, rollouts settled at once) and
reads it the way a test needs:

* the environment a Pulumi project gets (`BL_API_URL`, `BL_WORKSPACE`, `BL_API_KEY`);
* the request log of `/v0` (`GET|DELETE /_emulator/requests`): as a whole, counted by method and path,
  cleared between steps, or around each CLI command (it is the harness's `RequestLogReader`, so each
  `CommandResult.requests` holds what that one command sent);
* the jobs the server holds (`GET /_emulator/jobs?show_secrets=true`) and what the public API lists;
* the objects of the other kinds the server holds (`GET /_emulator/{collection}`);
* the public API itself, for changes made "outside Pulumi" (out-of-band updates, deletes, jobs to adopt), of
  jobs and of the other kinds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol

import httpx

from blaxel_pulumi.emulator import DEFAULT_API_KEY, DEFAULT_WORKSPACE, ApiKey, EmulatorConfig, EmulatorServer
from tests.e2e.pulumi_cli import PulumiProject

__all__ = [
    "JOB",
    "WRITE_METHODS",
    "BlaxelApi",
    "ExampleProject",
    "StartBlaxel",
    "by_method",
    "count",
    "summary",
    "writes",
]

JOB = "pulumi-python:dynamic/blaxel:Job"
"""Type token of `BlaxelJob` resources in engine events and state."""

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
"""Methods that change something on the server."""

TIMEOUT = 10.0
"""Seconds any call of a test to the local API may take."""


def count(requests: Iterable[Mapping[str, Any]], method: str | None = None, path: str | None = None) -> int:
    """How many of ``requests`` have ``method`` and a path matching the regular expression ``path``
    (anchored at both ends: ``/v0/jobs`` does not match ``/v0/jobs/x``)."""
    pattern = re.compile(path) if path is not None else None
    return sum(
        1
        for r in requests
        if (method is None or r["method"] == method)
        and (pattern is None or pattern.fullmatch(r["path"]) is not None)
    )


def by_method(requests: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """``{"GET": 2, "PUT": 1}``: how many of ``requests`` each method has."""
    counts: dict[str, int] = {}
    for request in requests:
        counts[request["method"]] = counts.get(request["method"], 0) + 1
    return counts


def writes(requests: Iterable[Mapping[str, Any]]) -> list[str]:
    """``["POST /v0/jobs", ...]``: the requests that change something, in order."""
    return [f"{r['method']} {r['path']}" for r in requests if r["method"] in WRITE_METHODS]


def summary(requests: Iterable[Mapping[str, Any]]) -> list[str]:
    """``["POST /v0/jobs -> 200", ...]``: every request in order, for assertions and failure messages."""
    return [f"{r['method']} {r['path']} -> {r['status']}" for r in requests]


class BlaxelApi:
    """One local Blaxel API for one test: start it, point projects at it, read what it saw and holds."""

    def __init__(
        self,
        db_path: Path,
        *,
        extra_keys: Sequence[ApiKey] = (),
        deploy_seconds: float = 0.0,
    ) -> None:
        """Configure (not start) a server on ``db_path`` accepting `local-dev-key` (admin of `local`) and
        ``extra_keys``."""
        self.db_path = db_path
        """The SQLite file of the server (it holds secret values as sent: leave it out of secret searches)."""
        self.key = DEFAULT_API_KEY
        """The key the tests themselves use (admin of the workspace: may read secret values)."""
        self.workspace = DEFAULT_WORKSPACE
        """The workspace of every job in these tests."""
        keys = (ApiKey(key=self.key, workspace=self.workspace, admin=True), *extra_keys)
        self.server = EmulatorServer(
            EmulatorConfig(db_path=db_path, deploy_seconds=deploy_seconds, keys=keys)
        )
        self._control: httpx.Client | None = None
        self._public: httpx.Client | None = None
        self._last_seq = 0

    def start(self) -> BlaxelApi:
        """Start the server (returns once it accepts connections)."""
        self.server.start()
        self._control = httpx.Client(base_url=f"{self.server.url}/_emulator", timeout=TIMEOUT)
        self._public = httpx.Client(
            base_url=self.server.api_url,
            headers={"Authorization": f"Bearer {self.key}", "X-Blaxel-Workspace": self.workspace},
            timeout=TIMEOUT,
        )
        return self

    def stop(self) -> None:
        """Close the clients and stop the server."""
        for client in (self._control, self._public):
            if client is not None:
                client.close()
        self.server.stop()

    def __enter__(self) -> BlaxelApi:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def control(self) -> httpx.Client:
        """Client of the control API (`/_emulator/`)."""
        assert self._control is not None, "the local Blaxel API is not started"
        return self._control

    @property
    def public(self) -> httpx.Client:
        """Client of the public API (`/v0`), authenticated with :attr:`key`; its calls are logged too."""
        assert self._public is not None, "the local Blaxel API is not started"
        return self._public

    @property
    def env(self) -> dict[str, str]:
        """What a Pulumi project needs to use this server: `BL_API_URL`, `BL_WORKSPACE`, `BL_API_KEY`."""
        return {"BL_API_URL": self.server.api_url, "BL_WORKSPACE": self.workspace, "BL_API_KEY": self.key}

    # -- the request log -----------------------------------------------------------------------------

    def requests(self, method: str | None = None, path: str | None = None) -> list[dict[str, Any]]:
        """The request log of `/v0` (the control API is never logged), oldest first, optionally filtered
        by method and by a path regular expression (see :func:`count`)."""
        response = self.control.get("/requests")
        response.raise_for_status()
        entries: list[dict[str, Any]] = response.json()
        if entries:
            self._last_seq = max(self._last_seq, max(e["seq"] for e in entries))
        pattern = re.compile(path) if path is not None else None
        return [
            e
            for e in entries
            if (method is None or e["method"] == method)
            and (pattern is None or pattern.fullmatch(e["path"]) is not None)
        ]

    def count(self, method: str | None = None, path: str | None = None) -> int:
        """How many logged requests have ``method`` and a path matching ``path``."""
        return len(self.requests(method, path))

    def clear_requests(self) -> None:
        """Empty the request log (numbering goes on), e.g. between the steps of a test."""
        self.mark()
        self.control.delete("/requests").raise_for_status()

    def mark(self) -> int:
        """A position in the log: :meth:`since` returns what is logged after it."""
        response = self.control.get("/requests", params={"since": self._last_seq})
        response.raise_for_status()
        for entry in response.json():
            self._last_seq = max(self._last_seq, entry["seq"])
        return self._last_seq

    def since(self, mark: int) -> list[dict[str, Any]]:
        """The requests logged after :meth:`mark` returned ``mark``, oldest first."""
        response = self.control.get("/requests", params={"since": mark})
        response.raise_for_status()
        entries: list[dict[str, Any]] = response.json()
        for entry in entries:
            self._last_seq = max(self._last_seq, entry["seq"])
        return entries

    # -- the jobs ------------------------------------------------------------------------------------

    def stored_jobs(self) -> dict[str, dict[str, Any]]:
        """The jobs the server holds in the workspace, by name, secret values shown: ``{name: {"status",
        "deleting", "revision", "revisions", "job": {"metadata", "spec", "events", "status"}}}``."""
        response = self.control.get("/jobs", params={"workspace": self.workspace, "show_secrets": "true"})
        response.raise_for_status()
        return {entry["name"]: entry for entry in response.json()}

    def job(self, name: str) -> dict[str, Any]:
        """The job ``name`` as stored (``{"metadata", "spec", "events", "status"}``), secret values shown."""
        stored = self.stored_jobs()
        assert name in stored, f"job {name!r} is not on the server; it has {sorted(stored)}"
        job: dict[str, Any] = stored[name]["job"]
        return job

    def listed_names(self) -> list[str]:
        """Names of the jobs `GET /v0/jobs` lists (what any client of the workspace sees)."""
        response = self.public.get("/jobs")
        response.raise_for_status()
        body = response.json()
        jobs = body["data"] if isinstance(body, dict) else body
        return sorted(job["metadata"]["name"] for job in jobs)

    def stored_objects(self, collection: str) -> dict[str, dict[str, Any]]:
        """The objects of another kind (``collection``: ``/policies``) the server holds in the workspace, by
        name, as stored (secret values shown)."""
        response = self.control.get(collection, params={"workspace": self.workspace})
        response.raise_for_status()
        return {body["metadata"]["name"]: body for body in response.json()}

    # -- changes made outside Pulumi -------------------------------------------------------------------

    def create_job(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """`POST /v0/jobs` (as another tool would)."""
        response = self.public.post("/jobs", json=body)
        assert response.status_code == 200, response.text
        job: dict[str, Any] = response.json()
        return job

    def put_job(self, name: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """`PUT /v0/jobs/{name}` (as another tool would)."""
        response = self.public.put(f"/jobs/{name}", json=body)
        assert response.status_code == 200, response.text
        job: dict[str, Any] = response.json()
        return job

    def edit_job(self, name: str, spec_changes: Mapping[str, Any], **metadata_changes: Any) -> dict[str, Any]:
        """Change a job out of band: read it (secrets shown), apply the changes, `PUT` it back.

        ``spec_changes`` maps a dotted path under ``spec`` (``"runtime.memory"``) to its new value;
        ``metadata_changes`` replace top-level metadata fields (``labels={...}``).
        """
        job = self.job(name)
        spec = job["spec"]
        for dotted, value in spec_changes.items():
            *parents, leaf = dotted.split(".")
            node = spec
            for part in parents:
                node = node.setdefault(part, {})
            node[leaf] = value
        metadata = {**job["metadata"], **metadata_changes}
        return self.put_job(name, {"metadata": metadata, "spec": spec})

    def create_object(self, collection: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """`POST /v0{collection}` (as another tool would) for an object of another kind (``/policies``)."""
        response = self.public.post(collection, json=body)
        assert response.status_code == 200, response.text
        created: dict[str, Any] = response.json()
        return created

    def edit_object(
        self, collection: str, name: str, spec_changes: Mapping[str, Any], **metadata_changes: Any
    ) -> dict[str, Any]:
        """Change an object of another kind out of band, as :meth:`edit_job` does a job: read it as stored,
        apply ``spec_changes`` (dotted paths under ``spec``) and ``metadata_changes``, `PUT` it back."""
        stored = self.stored_objects(collection)
        assert name in stored, f"{name!r} is not in {collection}; it has {sorted(stored)}"
        spec = stored[name].get("spec") or {}
        for dotted, value in spec_changes.items():
            *parents, leaf = dotted.split(".")
            node = spec
            for part in parents:
                node = node.setdefault(part, {})
            node[leaf] = value
        metadata = {**stored[name]["metadata"], **metadata_changes}
        response = self.public.put(f"{collection}/{name}", json={"metadata": metadata, "spec": spec})
        assert response.status_code == 200, response.text
        edited: dict[str, Any] = response.json()
        return edited

    def delete_job(self, name: str) -> None:
        """`DELETE /v0/jobs/{name}` (as another tool would)."""
        response = self.public.delete(f"/jobs/{name}")
        assert response.status_code == 200, response.text


class StartBlaxel(Protocol):
    """Signature of the `start_blaxel` fixture (tests/e2e/conftest.py)."""

    def __call__(self, *, extra_keys: Sequence[ApiKey] = ()) -> BlaxelApi: ...


class ExampleProject(Protocol):
    """Signature of the `example_project` fixture (tests/e2e/conftest.py)."""

    def __call__(
        self,
        example: str,
        api: BlaxelApi,
        *,
        config: Mapping[str, str] = ...,
        secrets: Mapping[str, str] = ...,
        env: Mapping[str, str] | None = None,
    ) -> PulumiProject: ...
