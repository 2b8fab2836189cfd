"""Concurrency: `pulumi up` of N jobs whose rollouts take D seconds, under several set-ups.

The Python dynamic-provider process (``python -m pulumi.dynamic``) serves its gRPC calls from
``ThreadPoolExecutor(max_workers=4)``; a ``create`` that waits for its deployment holds one of those four
threads for about D seconds, so N creates run in ceil(N / 4) waves. Each variant below is one way to
(not) get around that; the request log shows how many deployment waits actually overlapped.

Variants (rotated in order from one repeat to the next):

* ``reference``: the default set-up with D = 0 (rollouts settle in the POST response): engine and provider
  cost without any waiting.
* ``default``: wait for deployment, engine default parallelism (``4 x GOMAXPROCS``, 8 on 2 CPUs).
* ``parallel16``: the same with ``--parallel 16``.
* ``nowait``: ``wait_for_deployment=False``: a lower bound, nothing waits.
* ``barrier``: ``wait_for_deployment=False`` on the jobs plus one ``blaxel_pulumi.BlaxelJobsReady`` resource
  that polls every job until DEPLOYED in a single call. Supported APIs only.
* ``types2``: every other job declared under a second resource type (same provider class), ``--parallel 16``:
  every ``pulumi-python:dynamic/...`` type is served by the same default provider, hence the same process.
* ``shards4``: the jobs spread over 4 explicit ``pulumi-python`` provider instances (4 provider processes),
  ``--parallel 16``. Supported APIs, but see the caveats in the README.
* ``patched32`` / ``patched32-default-parallel``: UNSUPPORTED experiment, never for the product: the provider
  process is started through a ``PULUMI_PYTHON_CMD`` wrapper that raises ``max_workers`` to 32; with
  ``--parallel 16`` and with the engine's default parallelism.
"""

from __future__ import annotations

import math
import stat
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.emulator import Emulator, classify
from bench.machine import nproc
from bench.workspace import DESTROY, UP, Workspace
from tests.e2e.pulumi_cli import REPO_ROOT

PROGRAM = REPO_ROOT / "bench" / "programs" / "jobs"
DYNAMIC_PROVIDER_WORKERS = 4
"""``max_workers`` of the dynamic-provider process's gRPC thread pool (pulumi/dynamic/__main__.py)."""
PATCHED_WORKERS = 32

_WRAPPER = """#!/bin/sh
# UNSUPPORTED benchmark experiment (bench/concurrency.py): start the dynamic-provider process with a wider
# gRPC thread pool. Everything else is passed to the virtualenv's python unchanged.
if [ "$1" = "-u" ] && [ "$2" = "-m" ] && [ "$3" = "pulumi.dynamic" ]; then
  shift 3
  exec "$BENCH_PYTHON" -u -c '
import concurrent.futures, os, runpy, sys
_Base = concurrent.futures.ThreadPoolExecutor
class _Wide(_Base):
    def __init__(self, max_workers=None, *args, **kwargs):
        super().__init__(int(os.environ["BENCH_DYNAMIC_MAX_WORKERS"]), *args, **kwargs)
concurrent.futures.ThreadPoolExecutor = _Wide
sys.argv[0] = "pulumi.dynamic"
runpy.run_module("pulumi.dynamic", run_name="__main__", alter_sys=True)
' "$@"
fi
exec "$BENCH_PYTHON" "$@"
"""


@dataclass(frozen=True)
class Variant:
    """One set-up of the concurrency benchmark."""

    key: str
    label: str
    config: dict[str, str] = field(default_factory=dict)
    flags: tuple[str, ...] = ()
    patched: bool = False
    deploy_seconds: float | None = None
    """Rollout duration for this variant when it is not the benchmark's D."""
    supported: bool = True


VARIANTS = (
    Variant("reference", "no wait needed (D = 0), default", deploy_seconds=0.0),
    Variant("default", "wait (default), engine default --parallel"),
    Variant("parallel16", "wait, --parallel 16", flags=("--parallel", "16")),
    Variant("nowait", "wait_for_deployment=False (lower bound)", config={"wait": "false"}),
    Variant(
        "barrier",
        "wait_for_deployment=False + BlaxelJobsReady (one call polls all jobs)",
        config={"wait": "false", "barrier": "true"},
    ),
    Variant(
        "types2",
        "wait, jobs split over 2 resource types, --parallel 16",
        {"types": "2"},
        ("--parallel", "16"),
    ),
    Variant(
        "shards4", "wait, 4 explicit provider instances, --parallel 16", {"shards": "4"}, ("--parallel", "16")
    ),
    Variant(
        "patched32",
        "UNSUPPORTED patch: max_workers=32, --parallel 16",
        flags=("--parallel", "16"),
        patched=True,
        supported=False,
    ),
    Variant(
        "patched32-default-parallel",
        "UNSUPPORTED patch: max_workers=32, engine default --parallel",
        patched=True,
        supported=False,
    ),
)
QUICK_VARIANTS = ("reference", "default", "parallel16", "nowait")


def _timestamp(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def overlap(entries: list[dict[str, Any]]) -> dict[str, Any]:
    """From the request log of one `up`: the most deployment waits in progress at once (a job's wait spans
    its first to its last GET), and the time from the first to the last request."""
    windows: dict[str, list[float]] = {}
    times = [_timestamp(str(e["time"])) for e in entries]
    for entry, moment in zip(entries, times, strict=True):
        if entry["method"] == "GET":
            window = windows.setdefault(str(entry["path"]), [moment, moment])
            window[0], window[1] = min(window[0], moment), max(window[1], moment)
    events = sorted([(w[0], 1) for w in windows.values()] + [(w[1], -1) for w in windows.values()])
    peak = current = 0
    for _moment, step in events:
        current += step
        peak = max(peak, current)
    return {"peak_concurrent_waits": peak, "http_span_seconds": (max(times) - min(times)) if times else 0.0}


def _wrapper(directory: Path) -> Path:
    path = directory / "patched-python"
    path.write_text(_WRAPPER, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def run(
    workspace: Workspace,
    emulator: Emulator,
    *,
    jobs: int,
    deploy_seconds: float,
    repeats: int,
    variants: tuple[str, ...],
    log: Callable[[str], None],
) -> dict[str, Any]:
    """Each selected variant ``repeats`` times: `pulumi up` creating ``jobs`` jobs (timed), then destroy."""
    chosen = [v for v in VARIANTS if v.key in variants]
    wrapper = _wrapper(workspace.root)
    patched_env = {
        "PULUMI_PYTHON_CMD": str(wrapper),
        "BENCH_PYTHON": sys.executable,
        "BENCH_DYNAMIC_MAX_WORKERS": str(PATCHED_WORKERS),
    }
    started = time.perf_counter()
    records: list[dict[str, Any]] = []
    for repeat in range(repeats):
        shift = repeat % len(chosen)
        for variant in chosen[shift:] + chosen[:shift]:
            env = patched_env if variant.patched else {}
            stack = workspace.stack(
                PROGRAM, f"c{repeat}-{variant.key}", {"count": str(jobs), **variant.config}, env
            )
            emulator.set_deploy_seconds(
                deploy_seconds if variant.deploy_seconds is None else variant.deploy_seconds
            )
            emulator.clear_requests()
            result = stack.run(*UP, *variant.flags)
            entries = emulator.requests()
            emulator.set_deploy_seconds(deploy_seconds)
            destroyed = stack.run(*DESTROY, *variant.flags)
            record = {
                "repeat": repeat,
                "variant": variant.key,
                "seconds": result.seconds,
                "destroy_seconds": destroyed.seconds,
                "requests": dict(classify(entries)),
                **overlap(entries),
            }
            records.append(record)
            log(
                f"  {variant.key:<27} up {result.seconds:6.2f}s"
                f"  peak waits {record['peak_concurrent_waits']:>2}"
                f"  requests {record['requests']}"
            )
    return {
        "jobs": jobs,
        "deploy_seconds": deploy_seconds,
        "dynamic_provider_workers": DYNAMIC_PROVIDER_WORKERS,
        "expected_waves_default": math.ceil(jobs / DYNAMIC_PROVIDER_WORKERS),
        "engine_default_parallel": 4 * nproc(),
        "variants": [
            {
                "key": v.key,
                "label": v.label,
                "supported": v.supported,
                "flags": list(v.flags),
                "config": v.config,
            }
            for v in chosen
        ],
        "records": records,
        "seconds": time.perf_counter() - started,
    }
