"""The goals of issue 14, each computed from the run's figures and printed beside its goal: PASS or FAIL.

Each goal row has the figure the issue names (``raw``); where that figure also counts something the provider
cannot change (the engine's own time, the machine's parallelism), rows marked ``context`` beside it isolate
what the provider does, and ``note`` says what is in the way. A row is never re-defined to pass.
"""

from __future__ import annotations

import math
from typing import Any

from bench import native
from bench.lifecycle import OPERATIONS

LABELS = dict(OPERATIONS)
OVERHEAD_SIZES = (1, 10, 50)
LARGE = 200
LINEAR_FROM = 50
RATIO_GOAL = 1.10
WAIT_GOAL = 2.0
BARRIER_GOAL = 1.3
STATE_GOAL = 1.10
PER_JOB_GOAL_MS = 2.0
LINEAR_TOLERANCE = 0.20
NATIVE_WAIT_GOAL = native.GOAL


def _row(figure: str, measured: str, goal: str, passed: bool | None, note: str = "") -> dict[str, Any]:
    status = "REPORTED" if passed is None else ("PASS" if passed else "FAIL")
    return {"figure": figure, "measured": measured, "goal": goal, "status": status, "note": note}


def _median(summary: dict[str, Any], size: int, op: str, kind: str) -> float:
    value: float = summary[str(size)][op][kind]["median"]
    return value


def _overhead(summary: dict[str, Any]) -> list[dict[str, Any]]:
    sizes = [s for s in OVERHEAD_SIZES if str(s) in summary]
    if not sizes:
        return []
    cells = [(summary[str(s)][op]["ratio"], op, s) for s in sizes for op, _ in OPERATIONS]
    worst, best = max(cells), min(cells)
    failing = sum(1 for ratio, _op, _s in cells if ratio > RATIO_GOAL)
    return [
        _row(
            f"ours / no-op, every operation, N = {', '.join(map(str, sizes))}",
            f"{best[0]:.2f}-{worst[0]:.2f} (worst: {LABELS[worst[1]]}, N = {worst[2]}; "
            f"{failing} of {len(cells)} above {RATIO_GOAL:.2f})",
            f"<= {RATIO_GOAL:.2f}",
            worst[0] <= RATIO_GOAL,
            "see Provider start-up: the provider process imports pydantic, the models and (for a call that "
            "sends a request) httpx, which the no-op provider does not",
        )
    ]


def _concurrency(results: dict[str, Any]) -> list[dict[str, Any]]:
    summary = results.get("summary", {}).get("concurrency")
    conc = results.get("concurrency")
    if not summary or not conc:
        return []
    deploy, jobs = conc["deploy_seconds"], conc["jobs"]
    ref = summary.get("reference", {}).get("up_seconds", {}).get("median", math.nan)

    def up(key: str) -> float:
        value: float = summary.get(key, {}).get("up_seconds", {}).get("median", math.nan)
        return value

    rows = []
    parallel = conc["engine_default_parallel"]
    if "default" in summary:
        rows.append(
            _row(
                f"{jobs} jobs, D = {deploy:g} s, the default program (each job waits), `up` / D",
                f"{up('default') / deploy:.2f}",
                f"<= {WAIT_GOAL:.1f}",
                up("default") / deploy <= WAIT_GOAL,
                f"engine default --parallel = 4 x nproc = {parallel}: {jobs} waits run in "
                f"{math.ceil(jobs / parallel)} waves of the engine's steps, so `up` >= the D = 0 `up` "
                f"({ref:.2f} s) + {math.ceil(jobs / parallel)} x D",
            )
        )
        rows.append(
            _row(
                "  context: the wait alone, (`up` - `up` at D = 0) / D",
                f"{(up('default') - ref) / deploy:.2f}",
                "-",
                None,
            )
        )
    if "parallel16" in summary:
        rows.append(
            _row(
                "  the same with `--parallel 16` (or PULUMI_PARALLEL=16), `up` / D",
                f"{up('parallel16') / deploy:.2f} (wait alone: {(up('parallel16') - ref) / deploy:.2f})",
                f"<= {WAIT_GOAL:.1f}",
                up("parallel16") / deploy <= WAIT_GOAL,
            )
        )
    if "sdk4" in summary:
        rows.append(
            _row(
                "  context: the SDK's 4 threads (as before), `--parallel 16`, `up` / D",
                f"{up('sdk4') / deploy:.2f}",
                "-",
                None,
            )
        )
    if "barrier" in summary:
        rows.append(
            _row(
                "the same with `BlaxelJobsReady`, `up` / D",
                f"{up('barrier') / deploy:.2f}",
                f"<= {BARRIER_GOAL:.1f}",
                up("barrier") / deploy <= BARRIER_GOAL,
                f"cannot pass with D = {deploy:g} s here: the `up` of the same jobs with no wait at all "
                f"(D = 0) already takes {ref:.2f} s = {ref / deploy:.2f} x D",
            )
        )
        rows.append(
            _row(
                "  context: the wait alone, (`up` - `up` at D = 0) / D",
                f"{(up('barrier') - ref) / deploy:.2f}",
                "-",
                None,
            )
        )
    return rows


def _state(results: dict[str, Any]) -> list[dict[str, Any]]:
    measured = results.get("state_updates")
    if not measured:
        return []
    ours, noop = measured["ours"], measured["noop"]
    rows = []
    for moment, label in (
        ("after_create", "after create"),
        ("after_updates", f"after {measured['updates']} updates"),
    ):
        a, b = ours[moment]["export_bytes_per_job"], noop[moment]["export_bytes_per_job"]
        rows.append(
            _row(
                f"state bytes per job / no-op, {label} (N = {measured['count']})",
                f"{a / b:.3f} ({a:,.0f} / {b:,.0f} B)",
                f"<= {STATE_GOAL:.2f}",
                a / b <= STATE_GOAL,
            )
        )
    return rows


def _per_job_ms(summary: dict[str, Any], op: str, kind: str, low: int, high: int) -> float:
    return (_median(summary, high, op, kind) - _median(summary, low, op, kind)) / (high - low) * 1000


def _large(results: dict[str, Any]) -> list[dict[str, Any]]:
    summary = results["summary"]["lifecycle"]
    sizes = sorted(int(s) for s in summary)
    if LARGE not in sizes or len(sizes) < 2:
        return []
    low = sizes[0]
    extra = {
        op: _per_job_ms(summary, op, "ours", low, LARGE) - _per_job_ms(summary, op, "noop", low, LARGE)
        for op, _ in OPERATIONS
    }
    worst = max(extra, key=lambda op: extra[op])
    rows = [
        _row(
            f"N = {LARGE}: every operation's cost per job, ours - no-op (slope N = {low} to {LARGE})",
            ", ".join(f"{LABELS[op]} {ms:.1f}" for op, ms in extra.items()) + " ms",
            f"<= {PER_JOB_GOAL_MS:g} ms",
            extra[worst] <= PER_JOB_GOAL_MS,
            "the no-op provider's process keeps the SDK's 4 threads while ours serves 32 calls at once, so "
            "with the engine's 8 parallel steps the no-op's creates and updates queue in its pool (a "
            "negative difference); the local Blaxel API (Python, SQLite) runs on the same 2 CPUs, so ours "
            "also pays the server's side of each request",
        )
    ]
    if LINEAR_FROM in sizes:
        ratios = {}
        noop_ratios = {}
        for op, _ in OPERATIONS:
            ratios[op] = _per_job_ms(summary, op, "ours", low, LARGE) / _per_job_ms(
                summary, op, "ours", low, LINEAR_FROM
            )
            noop_ratios[op] = _per_job_ms(summary, op, "noop", low, LARGE) / _per_job_ms(
                summary, op, "noop", low, LINEAR_FROM
            )
        off = max(ratios.values(), key=lambda r: abs(r - 1))
        rows.append(
            _row(
                f"  linear: ours' cost per job at N = {LARGE} / at N = {LINEAR_FROM} (each from N = {low})",
                ", ".join(f"{LABELS[op]} {r:.2f}" for op, r in ratios.items()),
                f"within {LINEAR_TOLERANCE:.0%} (0.80-1.20)",
                abs(off - 1) <= LINEAR_TOLERANCE,
                "no-op's, for the engine's own: "
                + ", ".join(f"{LABELS[op]} {r:.2f}" for op, r in noop_ratios.items()),
            )
        )
    rss = [
        r["peak_rss_mib"]
        for r in results["lifecycle"]["records"]
        if r.get("size") == LARGE and not r["warmup"] and r.get("peak_rss_mib")
    ]
    if rss:
        by_kind = {}
        for kind in ("ours", "noop"):
            values = [
                r["peak_rss_mib"].get("provider")
                for r in results["lifecycle"]["records"]
                if r.get("size") == LARGE
                and not r["warmup"]
                and r.get("provider") == kind
                and r.get("peak_rss_mib")
            ]
            values = [v for v in values if v is not None]
            by_kind[kind] = max(values) if values else math.nan
        rows.append(
            _row(
                f"peak RSS of the provider process at N = {LARGE}",
                f"{by_kind['ours']:.0f} MiB (no-op provider: {by_kind['noop']:.0f} MiB)",
                "reported",
                None,
            )
        )
    return rows


def _native(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Issue 15's figures for the native provider (``bench/native.py``): concurrency against its goal, and
    its overhead against the same no-op floor."""
    summary = results.get("native", {}).get("summary", {})
    deploy = results.get("native", {}).get("concurrency", {}).get("deploy_seconds", 2.0)
    rows = []
    conc = summary.get("concurrency", {})
    reference = conc.get("reference", {}).get("up_seconds_median")
    reference_note = (
        f"the `up` of the same jobs with nothing to wait for (D = 0) alone takes {reference:.2f} s = "
        f"{reference / deploy:.2f} x D, so the goal cannot pass with D = {deploy:g} s here; the wait "
        "itself is the figure in brackets"
        if isinstance(reference, float)
        else "see the native section"
    )
    for key, label in (("default", "engine default --parallel"), ("parallel16", "`--parallel 16`")):
        if key in conc:
            figures = conc[key]
            rows.append(
                _row(
                    f"native provider: 16 jobs, D = 2 s, each waiting, {label}, `up` / D",
                    f"{figures['up_over_deploy']:.2f} (wait alone: {figures['waiting_over_deploy']:.2f})",
                    f"<= {NATIVE_WAIT_GOAL}",
                    figures["up_over_deploy"] <= NATIVE_WAIT_GOAL,
                    reference_note,
                )
            )
    ratios = [
        ratio
        for ops in summary.get("overhead", {}).values()
        for cell in ops.values()
        if (ratio := cell.get("native_over_noop")) is not None
    ]
    if ratios:
        rows.append(
            _row(
                "native provider / no-op, every operation, N = 1, 10",
                f"{min(ratios):.2f}-{max(ratios):.2f}",
                "reported",
                None,
            )
        )
    return rows


def evaluate(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Every goal row the run has figures for, in the issue's order, then issue 15's native rows."""
    summary = results["summary"]["lifecycle"]
    return [
        *_overhead(summary),
        *_concurrency(results),
        *_state(results),
        *_large(results),
        *_native(results),
    ]
