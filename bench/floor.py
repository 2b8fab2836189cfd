"""The floor of the HTTP work: a plain httpx script doing N creates then N deletes, in sequence.

Run as ``python -m bench.floor --api-url URL --count N --prefix P``; prints ``{"create_seconds",
"delete_seconds", "requests"}`` as JSON. :func:`run_floor` runs it as a subprocess and adds the process's
wall time (interpreter start-up and ``import httpx`` included), which is what a script would cost.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from typing import Any

import httpx

from bench.emulator import API_KEY, WORKSPACE
from tests.e2e.pulumi_cli import REPO_ROOT

IMAGE = "blaxel/bench-worker:1.0"
"""The image of every benchmark job."""


def create_and_delete(api_url: str, count: int, prefix: str) -> dict[str, Any]:
    """POST ``count`` jobs, then DELETE them; time each phase."""
    headers = {"Authorization": f"Bearer {API_KEY}", "X-Blaxel-Workspace": WORKSPACE}
    names = [f"{prefix}-{i}" for i in range(count)]
    with httpx.Client(base_url=api_url, headers=headers, timeout=30.0) as client:
        started = time.perf_counter()
        for name in names:
            body = {
                "metadata": {"name": name, "labels": {"bench": "floor"}},
                "spec": {"runtime": {"image": IMAGE, "memory": 2048}},
            }
            client.post("/jobs", json=body).raise_for_status()
        created = time.perf_counter()
        for name in names:
            client.delete(f"/jobs/{name}").raise_for_status()
        deleted = time.perf_counter()
    return {
        "create_seconds": created - started,
        "delete_seconds": deleted - created,
        "requests": {"POST": count, "DELETE": count},
    }


def run_floor(api_url: str, count: int, prefix: str, env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Run this module as a subprocess: its JSON result plus ``process_seconds``, the process's wall time."""
    started = time.perf_counter()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.floor",
            "--api-url",
            api_url,
            "--count",
            str(count),
            "--prefix",
            prefix,
        ],
        cwd=REPO_ROOT,
        env=dict(env) if env is not None else None,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    result: dict[str, Any] = json.loads(proc.stdout)
    result["process_seconds"] = time.perf_counter() - started
    return result


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m bench.floor --api-url URL --count N --prefix P``."""
    parser = argparse.ArgumentParser(prog="python -m bench.floor", description=__doc__)
    parser.add_argument("--api-url", required=True)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--prefix", required=True)
    args = parser.parse_args(argv)
    print(json.dumps(create_and_delete(args.api_url, args.count, args.prefix)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
