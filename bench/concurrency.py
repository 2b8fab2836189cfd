"""Concurrency: `pulumi up` of N jobs whose rollouts take D seconds, under several set-ups.

The Python dynamic-provider process (``python -m pulumi.dynamic``) serves its gRPC calls from
``ThreadPoolExecutor(max_workers=4)``; a ``create`` that waits for its deployment holds one of its threads for
about D seconds. The providers of this package widen that pool on their first call (32 threads by default,
``blaxel_pulumi/provider/host.py``), so the limit becomes the engine's own ``--parallel`` (4 x nproc by
default: 8 on 2 CPUs). The request log shows how many deployment waits actually overlapped.

Variants (rotated in order from one repeat to the next):

* ``reference``: the default set-up with D = 0 (rollouts settle in the POST response): engine and provider
  cost without any waiting.
* ``default``: wait for deployment, engine default parallelism.
* ``parallel16``: the same with ``--parallel 16``.
* ``sdk4``: ``--parallel 16`` with ``BLAXEL_PULUMI_PROVIDER_THREADS=4``: the SDK's own 4 threads, i.e. the
  behaviour before the pool was widened (0.1.0 and the unreleased versions before issue 14).
* ``nowait``: ``wait_for_deployment=False``: a lower bound, nothing waits.
* ``barrier``: ``wait_for_deployment=False`` on the jobs plus one ``blaxel_pulumi.BlaxelJobsReady`` resource
  that polls every job until DEPLOYED in a single call (engine default parallelism).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bench.emulator import Emulator, classify
from bench.machine import nproc
from bench.workspace import DESTROY, UP, Workspace
from tests.e2e.pulumi_cli import REPO_ROOT

PROGRAM = REPO_ROOT / "bench" / "programs" / "jobs"
SDK_WORKERS = 4
"""``max_workers`` of the dynamic-provider process's gRPC thread pool (pulumi/dynamic/__main__.py)."""
THREADS_ENV = "BLAXEL_PULUMI_PROVIDER_THREADS"


@dataclass(frozen=True)
class Variant:
    """One set-up of the concurrency benchmark."""

    key: str
    label: str
    config: dict[str, str] = field(default_factory=dict)
    flags: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict)
    deploy_seconds: float | None = None
    """Rollout duration for this variant when it is not the benchmark's D."""


VARIANTS = (
    Variant("reference", "no wait needed (D = 0), default", deploy_seconds=0.0),
    Variant("default", "wait (default program), engine default --parallel"),
    Variant("parallel16", "wait (default program), --parallel 16", flags=("--parallel", "16")),
    Variant(
        "sdk4",
        f"wait, the SDK's 4 threads ({THREADS_ENV}=4: as before), --parallel 16",
        flags=("--parallel", "16"),
        env={THREADS_ENV: str(SDK_WORKERS)},
    ),
    Variant("nowait", "wait_for_deployment=False (lower bound)", config={"wait": "false"}),
    Variant(
        "barrier",
        "wait_for_deployment=False + BlaxelJobsReady, engine default --parallel",
        config={"wait": "false", "barrier": "true"},
    ),
)
QUICK_VARIANTS = ("reference", "default", "parallel16", "barrier")


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
    started = time.perf_counter()
    records: list[dict[str, Any]] = []
    for repeat in range(repeats):
        shift = repeat % len(chosen)
        for variant in chosen[shift:] + chosen[:shift]:
            stack = workspace.stack(
                PROGRAM, f"c{repeat}-{variant.key}", {"count": str(jobs), **variant.config}, variant.env
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
        "sdk_workers": SDK_WORKERS,
        "engine_default_parallel": 4 * nproc(),
        "expected_waves_default": math.ceil(jobs / (4 * nproc())),
        "variants": [
            {"key": v.key, "label": v.label, "flags": list(v.flags), "config": v.config, "env": v.env}
            for v in chosen
        ],
        "records": records,
        "seconds": time.perf_counter() - started,
    }
