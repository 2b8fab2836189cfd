"""The local Blaxel API as a subprocess, and its control API (request log, settings).

It runs in its own process (``python -m blaxel_pulumi.emulator``) so that its CPU time is not charged to the
benchmark driver and the provider talks to it over real loopback HTTP, as it would to Blaxel.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

API_KEY = "local-dev-key"
"""The emulator's default key (workspace ``local``)."""
WORKSPACE = "local"
STARTUP_TIMEOUT = 30.0
"""Seconds to wait for the ready file."""


@dataclass
class Emulator:
    """A running ``python -m blaxel_pulumi.emulator --port 0`` and a client for its control API."""

    workdir: Path
    deploy_seconds: float = 0.0
    process: subprocess.Popen[bytes] | None = None
    root_url: str = ""
    api_url: str = ""

    def start(self) -> Emulator:
        """Start the server and wait until it accepts connections."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        ready = self.workdir / "emulator-ready.json"
        ready.unlink(missing_ok=True)
        log = (self.workdir / "emulator.log").open("wb")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "blaxel_pulumi.emulator",
                "--port",
                "0",
                "--db",
                str(self.workdir / "emulator.sqlite"),
                "--ready-file",
                str(ready),
                "--deploy-seconds",
                str(self.deploy_seconds),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not ready.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(
                    "the local Blaxel API did not start: "
                    + (self.workdir / "emulator.log").read_text(encoding="utf-8", errors="replace")[-2000:]
                )
            time.sleep(0.05)
        info = json.loads(ready.read_text(encoding="utf-8"))
        self.root_url, self.api_url = info["root_url"], info["url"]
        return self

    def stop(self) -> None:
        """Terminate the server (SIGTERM, then SIGKILL after 10 s)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def environment(self) -> dict[str, str]:
        """``BL_API_URL``, ``BL_WORKSPACE``, ``BL_API_KEY`` for the provider."""
        return {"BL_API_URL": self.api_url, "BL_WORKSPACE": WORKSPACE, "BL_API_KEY": API_KEY}

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
