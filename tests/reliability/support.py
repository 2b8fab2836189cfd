"""Helpers of the reliability suite: the local Blaxel API's controls, fault mixes, processes, records.

The suite drives the real `pulumi` CLI (through :mod:`tests.e2e.pulumi_cli`) against the local Blaxel API,
in-process or as a subprocess, and reads what happened from the API's request log and stored jobs.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from blaxel_pulumi.emulator.process import EmulatorProcess
from tests.e2e.pulumi_cli import CommandResult, PulumiProject

PROGRAMS = Path(__file__).parent / "programs"
FLEET = PROGRAMS / "fleet"
INPUTS = PROGRAMS / "inputs"
JOB = "pulumi-python:dynamic/blaxel:Job"
WRITES = frozenset({"POST", "PUT", "DELETE"})
REPO_ROOT = Path(__file__).resolve().parents[2]


# --- the local Blaxel API -----------------------------------------------------------------------------------


@dataclass
class LocalApi:
    """A running local Blaxel API (in-process or subprocess) and its control endpoints."""

    url: str
    """Root URL, e.g. ``http://127.0.0.1:8787``."""
    workspace: str = "local"
    key: str = "local-dev-key"

    @property
    def api_url(self) -> str:
        """``BL_API_URL`` of this API."""
        return f"{self.url}/v0"

    def env(self, **overrides: str) -> dict[str, str]:
        """``BL_API_URL``, ``BL_WORKSPACE`` and ``BL_API_KEY`` for pulumi commands."""
        return {
            "BL_API_URL": self.api_url,
            "BL_WORKSPACE": self.workspace,
            "BL_API_KEY": self.key,
            **overrides,
        }

    def _control(self, method: str, path: str, **kwargs: Any) -> Any:
        response = httpx.request(method, f"{self.url}/_emulator{path}", timeout=30, **kwargs)
        response.raise_for_status()
        return response.json()

    def add_faults(self, rules: Sequence[Mapping[str, Any]]) -> None:
        """Install fault rules (see blaxel_pulumi/emulator/faults.py)."""
        self._control("POST", "/faults", json=list(rules))

    def fault_rules(self) -> list[dict[str, Any]]:
        """Installed fault rules with their ``matched``/``fired`` counters."""
        rules: list[dict[str, Any]] = self._control("GET", "/faults")["rules"]
        return rules

    def clear_faults(self) -> None:
        """Remove every fault rule."""
        self._control("DELETE", "/faults")

    def requests(self, *, method: str | None = None) -> list[dict[str, Any]]:
        """The request log (``/v0`` calls only), optionally of one method."""
        params = {"method": method} if method else None
        entries: list[dict[str, Any]] = self._control("GET", "/requests", params=params)
        return entries

    def clear_requests(self) -> None:
        """Empty the request log."""
        self._control("DELETE", "/requests")

    def settings(self, **changes: Any) -> None:
        """Change ``deploy_seconds``, ``delete_seconds`` or ``fail_image_pattern``."""
        self._control("POST", "/settings", json=changes)

    def stored(self, workspace: str | None = None, *, show_secrets: bool = False) -> list[dict[str, Any]]:
        """Stored jobs with their bookkeeping (``name``, ``status``, ``revisions``, ``job``)."""
        params = {"workspace": workspace or self.workspace}
        if show_secrets:
            params["show_secrets"] = "true"
        jobs: list[dict[str, Any]] = self._control("GET", "/jobs", params=params)
        return jobs

    def names(self, workspace: str | None = None) -> list[str]:
        """Names of the stored jobs of a workspace, sorted (duplicates kept, so they would show)."""
        return sorted(j["name"] for j in self.stored(workspace))

    def by_name(self, workspace: str | None = None) -> dict[str, dict[str, Any]]:
        """Stored jobs by name."""
        return {j["name"]: j for j in self.stored(workspace)}

    def create_directly(self, body: Mapping[str, Any], *, key: str | None = None) -> dict[str, Any]:
        """``POST /v0/jobs`` as another tool would (no pulumi involved)."""
        response = httpx.post(
            f"{self.api_url}/jobs",
            json=dict(body),
            headers={"Authorization": f"Bearer {key or self.key}", "X-Blaxel-Workspace": self.workspace},
            timeout=30,
        )
        response.raise_for_status()
        created: dict[str, Any] = response.json()
        return created


def faulted(entries: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Request-log entries a fault rule fired on."""
    return [e for e in entries if e.get("fault")]


def successful_writes(entries: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Request-log entries that changed something: a write answered 2xx (or processed before a fault)."""
    found = []
    for entry in entries:
        if entry["method"] not in WRITES:
            continue
        status = (entry.get("fault") or {}).get("processed_status") or entry.get("status")
        if isinstance(status, int) and 200 <= status < 300:
            found.append(entry)
    return found


def transient_fault_mix(
    rate: float, *, seed: int, post_lost_response: float, slow: bool = False, slow_delay: float = 31
) -> list[dict[str, Any]]:
    """Rules failing about ``rate`` of the ``/v0/jobs`` requests with a mix of transient faults.

    The first two ``POST /jobs`` are always processed and their response dropped (the job exists, the
    client never heard). After that, faults are drawn (seeded): ``post_lost_response`` of the ``POST``
    lose their response, then each of five kinds (429 with a small ``Retry-After``, 500, 502, 503, a
    dropped connection) gets an equal share of ``rate`` (each rule's probability is conditional on the
    earlier ones not firing).
    With ``slow``, a ``GET`` and a processed ``POST`` (once each) hang for ``slow_delay`` seconds first:
    longer than the client's read timeout (30 s by default, or ``blaxel:requestTimeout``).
    """
    kinds: list[dict[str, Any]] = [
        {"kind": "status", "status": 429, "retry_after": 0.3},
        {"kind": "status", "status": 500},
        {"kind": "status", "status": 502},
        {"kind": "status", "status": 503},
        {"kind": "drop"},
    ]
    lost: dict[str, Any] = {"method": "POST", "path": "^/v0/jobs$", "kind": "drop", "after": True}
    rules: list[dict[str, Any]] = [{**lost, "count": 2}]
    if slow:
        rules += [
            {"method": "GET", "path": "^/v0/jobs/", "kind": "slow", "delay": slow_delay, "count": 1},
            {
                "method": "POST",
                "path": "^/v0/jobs$",
                "kind": "slow",
                "delay": slow_delay,
                "count": 1,
                "after": True,
            },
        ]
    rules.append({**lost, "probability": post_lost_response, "seed": seed})
    share = rate / len(kinds)
    left = 1.0
    for index, kind in enumerate(kinds):
        rules.append({**kind, "path": "^/v0/jobs", "probability": share / left, "seed": seed + 1 + index})
        left -= share
    return rules


def describe_faults(entries: Iterable[Mapping[str, Any]]) -> str:
    """``"23 of 81 requests: 429 x4, 500 x5, drop x3, lost POST x6"`` for the faulted log entries."""
    entries = list(entries)
    kinds: dict[str, int] = {}
    for entry in faulted(entries):
        fault = entry["fault"]
        if fault["kind"] == "drop":
            label = f"lost {entry['method']} response" if fault["after"] else "drop"
        elif fault["kind"] == "slow":
            label = "slow>timeout"
        else:
            label = str(entry["status"])
        kinds[label] = kinds.get(label, 0) + 1
    detail = ", ".join(f"{k} x{v}" for k, v in sorted(kinds.items()))
    return f"{sum(kinds.values())}/{len(entries)} req ({detail})"


# --- the local Blaxel API as a subprocess -------------------------------------------------------------------


class RestartableApi:
    """The local Blaxel API as a subprocess (the package's :class:`EmulatorProcess`), restartable on the same
    port; each start gives the running API's :class:`LocalApi`."""

    def __init__(self, process: EmulatorProcess) -> None:
        self.process = process

    @property
    def port(self) -> int:
        """The port of the last start."""
        return self.process.port

    def start(self) -> LocalApi:
        """Start it (on the port of the previous start, if any) and wait until it serves."""
        self.process.start()
        return LocalApi(url=self.process.root_url)

    def stop(self, sig: signal.Signals = signal.SIGTERM) -> int | None:
        """Stop it with ``sig`` and return its exit code."""
        return self.process.stop(sig)


# --- pulumi as a subprocess ---------------------------------------------------------------------------------


def spawn_pulumi(project: PulumiProject, *args: str) -> subprocess.Popen[str]:
    """Start `pulumi <args> --non-interactive --stack S` in its own session (so it can be signalled alone)."""
    argv = [str(project.bin_dir / "pulumi"), *args, "--non-interactive", "--stack", project.stack]
    return subprocess.Popen(
        argv,
        cwd=project.workdir,
        env=project.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def session_processes(session: int) -> list[int]:
    """Pids of the live processes of a session (a pulumi started by :func:`spawn_pulumi` and its plugins)."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[3]) == session and fields[0] != "Z":
            pids.append(int(entry))
    return pids


def kill_session(session: int) -> list[int]:
    """SIGKILL each remaining process of a session this suite started, by pid; return the pids."""
    pids = session_processes(session)
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return pids


def wait_until(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll ``predicate`` every 50 ms; fail with ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(0.05)


# --- state --------------------------------------------------------------------------------------------------


def state_jobs(project: PulumiProject) -> list[str]:
    """Ids (job names) of the BlaxelJob resources in the stack's state, sorted, duplicates kept."""
    return sorted(r["id"] for r in project.resources(JOB))


def pending_operations(project: PulumiProject) -> list[dict[str, Any]]:
    """The state's pending operations (left by an interrupted update)."""
    ops: list[dict[str, Any]] = project.export_stack()["deployment"].get("pending_operations") or []
    return ops


# --- records for the session summary ------------------------------------------------------------------------


@dataclass
class Scenario:
    """One line of the session's reliability table."""

    name: str
    runs: str
    faults: str
    outcome: str
    seconds: float


SCENARIOS: list[Scenario] = []


def record(name: str, *, runs: str, faults: str = "-", outcome: str, seconds: float) -> None:
    """Add a line to the reliability table printed at the end of the session."""
    SCENARIOS.append(Scenario(name, runs, faults, outcome, seconds))


def output_of(results: Iterable[CommandResult]) -> str:
    """stdout and stderr of several commands, together."""
    return "\n".join(r.output for r in results)
