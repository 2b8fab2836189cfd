"""The local Blaxel API as a subprocess, and its control API (request log, settings).

It runs in its own process (:mod:`blaxel_pulumi.emulator.process`) so that its CPU time is not charged to
the benchmark driver and the provider talks to it over real loopback HTTP, as it would to Blaxel.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import httpx

from blaxel_pulumi.emulator import DEFAULT_API_KEY, DEFAULT_WORKSPACE
from blaxel_pulumi.emulator.process import EmulatorProcess

API_KEY = DEFAULT_API_KEY
"""The emulator's default key (workspace ``local``)."""
WORKSPACE = DEFAULT_WORKSPACE


class Emulator(EmulatorProcess):
    """The local Blaxel API as a subprocess (:class:`EmulatorProcess`), and a client for its control API."""

    def __init__(self, workdir: Path, deploy_seconds: float = 0.0) -> None:
        """Prepare the server in ``workdir`` with rollouts of ``deploy_seconds``."""
        super().__init__(workdir, args=("--deploy-seconds", str(deploy_seconds)))

    def _control(self, method: str, path: str, body: Any = None) -> Any:
        response = httpx.request(method, f"{self.root_url}/_emulator/{path}", json=body, timeout=30.0)
        response.raise_for_status()
        return response.json()

    def clear_requests(self) -> None:
        """Forget the request log."""
        self._control("DELETE", "requests")

    def requests(self) -> list[dict[str, Any]]:
        """The request log since the last clear."""
        entries: list[dict[str, Any]] = self._control("GET", "requests")
        return entries

    def set_deploy_seconds(self, seconds: float) -> None:
        """Change the rollout duration for later creates and updates."""
        self._control("POST", "settings", {"deploy_seconds": seconds})

    def stored_jobs(self) -> list[dict[str, Any]]:
        """Every job the local API stores (all workspaces), with its bookkeeping."""
        listing: list[dict[str, Any]] = self._control("GET", "jobs")
        return listing

    def stored_objects(self, collection: str) -> list[dict[str, Any]]:
        """Every object of another kind (``collection``: ``/policies``) the local API stores (all
        workspaces)."""
        listing: list[dict[str, Any]] = self._control("GET", collection.lstrip("/"))
        return listing


def classify(entries: list[dict[str, Any]]) -> Counter[str]:
    """Count requests by kind: ``POST``, ``PUT``, ``DELETE``, ``GET poll`` and ``GET``.

    A ``GET poll`` is a GET during a deployment or deletion wait: a GET of a job that this operation already
    ``PUT`` or ``DELETE``-d, or any GET after a successful ``POST`` of this operation (the log has no bodies,
    so a created job's name is not known; the only other GET of a create, the take-over after a 409, comes
    before any successful POST of that job). Every other GET (e.g. a refresh) is a ``GET``. Error answers are
    also counted as ``HTTP <status>``.
    """
    counts: Counter[str] = Counter()
    written: set[str] = set()
    posted = False
    for entry in sorted(entries, key=lambda e: int(e["seq"])):
        method, path = str(entry["method"]), str(entry["path"])
        status = entry.get("status")
        ok = status is not None and 200 <= int(status) < 300
        if method == "GET":
            counts["GET poll" if posted or path in written else "GET"] += 1
        else:
            counts[method] += 1
            if method == "POST" and ok:
                posted = True
            elif method in ("PUT", "DELETE"):
                written.add(path)
        if status is not None and int(status) >= 400:
            counts[f"HTTP {status}"] += 1
    return counts


def classify_by_collection(
    entries: list[dict[str, Any]], collections: Iterable[str]
) -> dict[str, dict[str, int]]:
    """:func:`classify` of the requests of each of ``collections`` apart (``/jobs``,
    ``/integrations/connections``: the longest that the path after ``/v0`` starts with); requests of no
    collection are counted under ``""``."""
    longest_first = sorted(collections, key=len, reverse=True)
    groups: defaultdict[str, list[dict[str, Any]]] = defaultdict(list)
    for entry in entries:
        path = str(entry["path"]).removeprefix("/v0")
        match = (c for c in longest_first if path == c or path.startswith(c.rstrip("/") + "/"))
        groups[next(match, "")].append(entry)
    return {collection: dict(classify(group)) for collection, group in sorted(groups.items())}
